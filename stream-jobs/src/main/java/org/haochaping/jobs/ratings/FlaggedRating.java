package org.haochaping.jobs.ratings;

import org.haochaping.model.Rating;

/**
 * A rating that was received but is not counted, kept for audit in {@code flagged_ratings}.
 *
 * @param flag {@link #SPAM}, {@link #DUPLICATE} or {@link #FOLLOWUP_NOT_ALLOWED}
 * @param detail why, for the supervisor reading the audit table
 */
public record FlaggedRating(Rating rating, String flag, String detail) {
    /** Repeated presses on one evaluator for the same case within the spam interval. */
    public static final String SPAM = "spam";
    /** A second rating of one (case, assess number): 一事一评. */
    public static final String DUPLICATE = "duplicate";
    /** A 追评 (assess number 2) without a 差评 before it. */
    public static final String FOLLOWUP_NOT_ALLOWED = "followup_not_allowed";
}
