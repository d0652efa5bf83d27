package org.haochaping.evaluation;

/**
 * The double an evaluation wrote, from the one ClickHouse gives back. ClickHouse before 26.7 parses the text of a
 * Float64 in an input format with a fast algorithm that can land one or two units in the last place off: "6.94"
 * is stored as 6.9399999999999995 (ClickHouse issue #60146; {@code precise_float_parsing} only covers
 * {@code toFloat64(String)} there). The results hash is taken over the doubles as computed, so a revision read
 * back would no longer match its own hash. Every double of a result is a short decimal (scores rounded to two
 * places, coefficients from the policy), and a double one or two units off prints as 17 digits: of the stored value
 * and its neighbours within two units, the one with the shortest decimal form is the one that was written.
 */
final class StoredDoubles {

    private static final int UNITS = 2;

    private StoredDoubles() {}

    static double asWritten(double stored) {
        if (Double.isNaN(stored) || Double.isInfinite(stored)) {
            return stored;
        }
        double best = stored;
        int shortest = Double.toString(stored).length();
        double below = stored;
        double above = stored;
        for (int i = 0; i < UNITS; i++) {
            below = Math.nextDown(below);
            above = Math.nextUp(above);
            for (double candidate : new double[] {below, above}) {
                int length = Double.toString(candidate).length();
                if (length < shortest) {
                    best = candidate;
                    shortest = length;
                }
            }
        }
        return best;
    }
}
