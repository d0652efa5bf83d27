package org.haochaping.evaluation;

import java.util.List;
import java.util.Map;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * One clerk's or counter's evaluated month in a run (a row of evaluation_results). Scores on the 100-point
 * scale, 2 decimals, exactly as {@link org.haochaping.model.evaluation.MonthlyScoring} computed them.
 *
 * @param subjectName the clerk's name from the staff roster (empty when not registered); for a counter, empty
 * @param counterId for a clerk: the counter of most of the month's ratings; for a counter: its id
 * @param ratingsByChannel channel wire name → ratings counted (active and default, after exclusions)
 * @param levels ratings per level after exclusions, index 0 = level 1 … index 4 = level 5
 * @param excludedRatings this subject's ratings of the month left out by the audit
 * @param rank null when not ranked
 * @param grade empty when not ranked
 * @param redFlag a counter among the month's 红旗窗口 of its hall (always false for clerks)
 */
public record SubjectResult(SubjectType type, String subjectId, String subjectName, String hallId,
                            String counterId, Map<String, Long> ratingsByChannel, List<Long> levels,
                            long activeRatings, long defaultRatings, long countedRatings, long excludedRatings,
                            Double rawScore, double adjustedScore, List<ScoreResult.Deduction> deductions,
                            double finalScore, boolean ranked, Integer rank, String grade, double payCoefficient,
                            boolean redFlag, String explanation) {

    public SubjectResult {
        ratingsByChannel = Map.copyOf(ratingsByChannel);
        levels = List.copyOf(levels);
        deductions = List.copyOf(deductions);
        grade = grade == null ? "" : grade;
        subjectName = subjectName == null ? "" : subjectName;
    }
}
