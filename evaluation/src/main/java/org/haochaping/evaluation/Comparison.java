package org.haochaping.evaluation;

import java.util.List;

/**
 * What changed from one revision to another: every subject whose score, grade, rank or coefficient
 * differs, or who is in only one of them (the missing side's fields are null).
 */
public record Comparison(EvaluationRun from, EvaluationRun to, List<Change> changes) {

    public record Change(SubjectType type, String subjectId, String subjectName, String hallId,
                         Double scoreBefore, Double scoreAfter, String gradeBefore, String gradeAfter,
                         Integer rankBefore, Integer rankAfter, Double coefficientBefore, Double coefficientAfter) {}

    public boolean same() {
        return changes.isEmpty();
    }
}
