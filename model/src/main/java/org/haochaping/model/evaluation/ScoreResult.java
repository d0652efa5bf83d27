package org.haochaping.model.evaluation;

import java.util.List;

/**
 * One clerk's (or counter's) evaluated month, 100-point scale, rounded to 2 decimals.
 *
 * @param rawScore the plain average of the counted ratings ×10; null without any
 * @param adjustedScore the average pulled toward the hall's by the policy's prior strength
 * @param ranked whether there were enough active ratings to be ranked and graded
 * @param rank 1 = best among the ranked; null when not ranked
 * @param grade null when not ranked
 * @param explanation in Chinese, for the clerk
 */
public record ScoreResult(String subjectId, long countedRatings, long activeRatings, long defaultRatings,
                          Double rawScore, double adjustedScore, List<Deduction> deductions, double finalScore,
                          boolean ranked, Integer rank, String grade, double payCoefficient, String explanation) {

    /** Points taken off, with the reason in Chinese. */
    public record Deduction(String reason, long count, double points) {}
}
