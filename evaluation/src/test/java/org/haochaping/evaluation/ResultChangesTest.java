package org.haochaping.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultChangesTest {

    private static final EvaluationRun REVISION_2 = new EvaluationRun("2026-10-r2", "2026-10", 2, "v", "p", "li",
            Instant.parse("2026-11-01T02:00:00Z"), "h", 10, 0, 1, 1, 1, false, "", Optional.empty());

    private static SubjectResult result(SubjectType type, String id, double score, Integer rank, String grade,
                                        double coefficient, long counted) {
        return new SubjectResult(type, id, "", "H1", type == SubjectType.COUNTER ? id : "C1", Map.of(),
                List.of(0L, 0L, 0L, 0L, counted), counted, 0, counted, 0, 100.0, score, List.of(), score, rank != null,
                rank, grade, coefficient, false, "");
    }

    @Test
    void listsChangedAddedAndRemovedSubjectsButNotOtherwiseDifferentOnes() {
        List<SubjectResult> before = List.of(
                result(SubjectType.CLERK, "K1", 90.0, 1, "良好", 1.1, 10),
                result(SubjectType.CLERK, "K2", 80.0, 2, "合格", 1.0, 10),
                result(SubjectType.CLERK, "K3", 70.0, 3, "合格", 1.0, 10),
                result(SubjectType.COUNTER, "C1", 85.0, 1, "良好", 1.1, 30));
        List<SubjectResult> after = List.of(
                result(SubjectType.CLERK, "K1", 90.0, 1, "良好", 1.1, 11), // another count, same outcome: not listed
                result(SubjectType.CLERK, "K2", 80.5, 2, "合格", 1.0, 10),
                result(SubjectType.CLERK, "K4", 60.0, null, "", 1.0, 1),
                result(SubjectType.COUNTER, "C1", 85.0, 1, "良好", 1.1, 31));

        assertThat(ResultChanges.between(before, after)).containsExactly(
                new Comparison.Change(SubjectType.CLERK, "K2", "", "H1", 80.0, 80.5, "合格", "合格", 2, 2, 1.0, 1.0),
                new Comparison.Change(SubjectType.CLERK, "K3", "", "H1", 70.0, null, "合格", null, 3, null, 1.0, null),
                new Comparison.Change(SubjectType.CLERK, "K4", "", "H1", null, 60.0, null, "", null, null, null, 1.0));
    }

    @Test
    void theSummarySaysWhatDiffers() {
        Comparison.Change clerk = new Comparison.Change(SubjectType.CLERK, "K2", "", "H1", 1.0, 2.0, "", "", null,
                null, 1.0, 1.0);
        Comparison.Change counter = new Comparison.Change(SubjectType.COUNTER, "C1", "", "H1", 1.0, 2.0, "", "", null,
                null, 1.0, 1.0);
        assertThat(ResultChanges.summary(REVISION_2, true, false, List.of())).isEqualTo("与第 2 版（已核定）相比：结果相同");
        assertThat(ResultChanges.summary(REVISION_2, false, true, List.of(counter)))
                .isEqualTo("与第 2 版相比：1 个窗口的结果不同");
        assertThat(ResultChanges.summary(REVISION_2, false, true, List.of(clerk, clerk, counter)))
                .isEqualTo("与第 2 版相比：2 名人员、1 个窗口的结果不同");
        assertThat(ResultChanges.summary(REVISION_2, false, true, List.of()))
                .isEqualTo("与第 2 版相比：各人员和窗口的分数、等级、排名、系数相同，评价计数、说明或审计明细不同");
    }
}
