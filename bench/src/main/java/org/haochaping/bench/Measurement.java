package org.haochaping.bench;

/**
 * One timed measurement of the bench.
 *
 * @param key     stable id in the JSON report
 * @param label   what the text table shows
 * @param records how many records the timed work handled
 * @param seconds how long it took
 */
public record Measurement(String key, String label, long records, double seconds) {

    public Measurement {
        if (records < 0 || !(seconds > 0)) {
            throw new IllegalArgumentException(key + ": need records >= 0 and seconds > 0, got " + records + ", "
                    + seconds);
        }
    }

    public static Measurement ofNanos(String key, String label, long records, long nanos) {
        return new Measurement(key, label, records, Math.max(1, nanos) / 1e9);
    }

    public double rate() {
        return records / seconds;
    }

    /** This rate divided by the baseline's: 0.5 means half as fast as the baseline. */
    public double ratioTo(Measurement baseline) {
        return rate() / baseline.rate();
    }
}
