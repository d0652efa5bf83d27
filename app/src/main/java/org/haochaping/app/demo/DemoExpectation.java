package org.haochaping.app.demo;

/**
 * What one demo run must leave in ClickHouse, counted from its {@link DemoScenario} before anything is
 * sent. Duplicates (spam presses, QR after the evaluator) are counted here as sent; whether the edge
 * refused them (409) or the stream job flagged them is only known from the edge's answers.
 *
 * @param cases cases completed
 * @param evaluator ratings from the counter evaluator
 * @param qr ratings by QR code (form and JSON together)
 * @param sms SMS replies that parse to a level
 * @param defaults default ratings: unrated cases whose rating window ended
 * @param invitations SMS invitations issued
 * @param smsSent invitations sent: those whose rating window is still open (the others expired unsent)
 * @param smsDeadLetters SMS replies that cannot become ratings: unparseable, or from a phone never invited
 * @param duplicates deliberate second ratings sent through the edge (spam presses and QR duplicates): the
 *                   edge refuses them with 409 where it knows the case was rated, else the job flags them
 * @param smsDuplicates SMS replies to cases already rated by QR: only the stream job can see, and flags them
 * @param invalid deliberately invalid evaluator requests
 * @param unrated cases left without any rating (not even a default yet)
 * @param badRatings cases whose counted rating is a 差评 (level 1 or 2): each opens a work order (defaults
 *                   are never 差评: the default level is 3 to 5)
 */
public record DemoExpectation(long cases, long evaluator, long qr, long sms, long defaults, long invitations,
                              long smsSent, long smsDeadLetters, long duplicates, long smsDuplicates, long invalid,
                              long unrated, long badRatings) {

    public static DemoExpectation of(DemoScenario scenario) {
        long evaluator = 0;
        long qr = 0;
        long sms = 0;
        long defaults = 0;
        long invitations = 0;
        long sent = 0;
        long deadLetters = 2; // the replies from the phone that was never invited: "5" (unmatched) and the last one
        long duplicates = 0;
        long smsDuplicates = 0;
        long invalid = 0;
        long unrated = 0;
        long bad = 0;
        for (DemoScenario.DemoCase c : scenario.cases()) {
            if (c.countedLevel() > 0 && c.countedLevel() <= 2) {
                bad++;
            }
            switch (c.outcome()) {
                case EVALUATOR -> evaluator++;
                case QR_FORM, QR_TOKEN -> qr++;
                case UNRATED -> {
                    if (c.smsRated()) {
                        sms++;
                    } else if (c.defaulted()) {
                        defaults++;
                    } else {
                        unrated++;
                    }
                }
            }
            if (c.smsDeadLetter()) {
                deadLetters++;
            }
            if (c.smsDuplicate()) {
                smsDuplicates++;
            }
            if (c.invited()) {
                invitations++;
                if (c.windowEnd().isAfter(scenario.to())) {
                    sent++;
                }
            }
            if (c.spamPress()) {
                duplicates++;
            }
            if (c.qrDuplicate()) {
                duplicates++;
            }
            if (c.invalidFirst() != null) {
                invalid++;
            }
        }
        return new DemoExpectation(scenario.cases().size(), evaluator, qr, sms, defaults, invitations, sent, deadLetters,
                duplicates, smsDuplicates, invalid, unrated, bad);
    }

    /** Ratings citizens gave (主动评价). */
    public long active() {
        return evaluator + qr + sms;
    }

    /** Invitations whose rating window ended before the SMS sender saw them: recorded expired, not sent. */
    public long smsExpired() {
        return invitations - smsSent;
    }

    /** Every row the run adds to {@code ratings}. */
    public long stored() {
        return active() + defaults;
    }
}
