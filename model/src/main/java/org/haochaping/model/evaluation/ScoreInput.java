package org.haochaping.model.evaluation;

/**
 * One clerk's (or counter's) month, as the evaluation reads it from the stored ratings and work orders.
 * Points are on the policy's 10-point scale; ratings excluded by upheld appeals or flagged as unfair are
 * not in here at all.
 *
 * @param activeRatings ratings the citizen gave (not default)
 * @param activePoints their points summed
 * @param defaultRatings default ratings (counted only when the policy says so)
 * @param badNotOverturned 差评 whose appeal was not upheld (or never filed)
 * @param overdueRectifications work orders not rectified by their deadline
 * @param missedFollowUps work orders whose follow-up was not made by its deadline
 */
public record ScoreInput(String subjectId, long activeRatings, double activePoints, long defaultRatings,
                         double defaultPoints, long badNotOverturned, long overdueRectifications,
                         long missedFollowUps) {}
