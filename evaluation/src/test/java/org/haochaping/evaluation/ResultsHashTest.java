package org.haochaping.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.haochaping.model.evaluation.ScoreResult;
import org.junit.jupiter.api.Test;

class ResultsHashTest {

    private static SubjectResult result(String id, double score, Map<String, Long> channels) {
        return new SubjectResult(SubjectType.CLERK, id, "张三", "H1", "C1", channels, List.of(0L, 0L, 0L, 1L, 2L), 3, 0,
                3, 1, 93.33, score, List.of(new ScoreResult.Deduction("整改超期", 1, 2.0)), score - 2, true, 1, "良好", 1.1,
                false, "说明");
    }

    private static AuditEntry audit(String ratingId, FairnessFlag flag) {
        return new AuditEntry(ratingId, flag, "原因", "H1", "C1", "K1", "qr", 5, false,
                Instant.parse("2026-10-05T01:00:00.123Z"), "138****0001", "");
    }

    @Test
    void theOrderRowsComeBackInDoesNotMatterButEveryValueDoes() {
        SubjectResult k1 = result("K1", 91.5, Map.of("qr", 2L, "sms", 1L));
        SubjectResult k2 = result("K2", 88.0, Map.of("qr", 3L));
        AuditEntry a = audit("r1", FairnessFlag.SELF_RATING);
        AuditEntry b = audit("r2", FairnessFlag.RATER_BURST);
        String hash = ResultsHash.of(List.of(k1, k2), List.of(a, b));

        assertThat(hash).hasSize(64).matches("[0-9a-f]+");
        assertThat(ResultsHash.of(List.of(k2, result("K1", 91.5, Map.of("sms", 1L, "qr", 2L))), List.of(b, a)))
                .isEqualTo(hash);

        assertThat(ResultsHash.of(List.of(k1, result("K2", 88.01, Map.of("qr", 3L))), List.of(a, b)))
                .isNotEqualTo(hash);
        assertThat(ResultsHash.of(List.of(k1, k2), List.of(a, audit("r2", FairnessFlag.DEVICE_BURST))))
                .isNotEqualTo(hash);
        assertThat(ResultsHash.of(List.of(k1, k2), List.of(a))).as("a missing audit row").isNotEqualTo(hash);
        assertThat(ResultsHash.of(List.of(k1, k2, k2), List.of(a, b))).as("a duplicated row").isNotEqualTo(hash);
        assertThat(ResultsHash.of(List.of(k1), List.of(a, b))).isNotEqualTo(hash);
    }
}
