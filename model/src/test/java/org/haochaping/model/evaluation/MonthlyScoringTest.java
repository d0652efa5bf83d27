package org.haochaping.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expected number here was worked out by hand (the arithmetic is in the comments). */
class MonthlyScoringTest {

    static final String POLICY = """
            version: "2026-10"
            points: {5: 10, 4: 8, 3: 6, 2: 3, 1: 0}
            countDefaults: false
            priorStrength: 20
            minActiveRatings: 10
            deductions: {perBadRating: 1, perOverdueRectification: 2, perMissedFollowUp: 1}
            grades:
              - {name: 优秀, minScore: 95, payCoefficient: 1.2}
              - {name: 良好, minScore: 90, payCoefficient: 1.1}
              - {name: 合格, minScore: 80, payCoefficient: 1.0}
              - {name: 不合格, minScore: 0, payCoefficient: 0.8}
            fairness: {selfRatings: true, raterBurstMax: 3, raterBurstMinutes: 60, deviceBurstMax: 6, deviceBurstMinutes: 10}
            redFlagCounters: 1
            unrankedPayCoefficient: 1.0
            """;

    private final EvaluationPolicy policy = EvaluationPolicy.parse(POLICY);

    /** K-A: 3 perfect ratings. K-B: 150×10 + 50×8 = 1900 over 200 (9.5), 5 defaults. K-C: 18×10 + 2×3 = 186 over 20. */
    private static List<ScoreInput> hall(long cBad, long cActive, double cPoints) {
        return List.of(
                new ScoreInput("K-A", 3, 30, 0, 0, 0, 0, 0),
                new ScoreInput("K-B", 200, 1900, 5, 30, 0, 0, 0),
                new ScoreInput("K-C", cActive, cPoints, 0, 0, cBad, 1, 0));
    }

    @Test
    void smallSamplesArePulledTowardTheHallAndNeedEnoughRatingsToBeRanked() {
        // hall mean = 2116 / 223 = 9.48879; 20 × mean = 189.7758
        List<ScoreResult> r = MonthlyScoring.score(policy, hall(2, 20, 186));

        ScoreResult b = r.get(0);
        assertThat(b.subjectId()).isEqualTo("K-B");
        assertThat(b.rawScore()).isEqualTo(95.0);
        assertThat(b.adjustedScore()).isEqualTo(94.99); // 10 × (1900 + 189.7758) / 220 = 94.9898
        assertThat(b.finalScore()).isEqualTo(94.99);
        assertThat(b.rank()).isEqualTo(1);
        assertThat(b.grade()).isEqualTo("良好");
        assertThat(b.payCoefficient()).isEqualTo(1.1);
        assertThat(b.countedRatings()).as("defaults shown apart, not counted").isEqualTo(200);
        assertThat(b.defaultRatings()).isEqualTo(5);

        ScoreResult c = r.get(1);
        assertThat(c.subjectId()).isEqualTo("K-C");
        assertThat(c.rawScore()).isEqualTo(93.0);
        assertThat(c.adjustedScore()).isEqualTo(93.94); // 10 × (186 + 189.7758) / 40 = 93.9439
        assertThat(c.deductions()).containsExactly(new ScoreResult.Deduction("差评（未经申诉撤销）", 2, 2.0),
                new ScoreResult.Deduction("整改超期", 1, 2.0));
        assertThat(c.finalScore()).isEqualTo(89.94);
        assertThat(c.rank()).isEqualTo(2);
        assertThat(c.grade()).isEqualTo("合格");
        assertThat(c.payCoefficient()).isEqualTo(1.0);

        ScoreResult a = r.get(2);
        assertThat(a.subjectId()).isEqualTo("K-A");
        assertThat(a.rawScore()).isEqualTo(100.0);
        assertThat(a.adjustedScore()).isEqualTo(95.55); // 10 × (30 + 189.7758) / 23 = 95.5547
        assertThat(a.ranked()).as("3 perfect ratings do not rank above 200 averaging 9.5").isFalse();
        assertThat(a.rank()).isNull();
        assertThat(a.grade()).isNull();
        assertThat(a.payCoefficient()).isEqualTo(1.0);
        assertThat(a.explanation()).contains("主动评价不足 10 条，不参与排名和评级");
    }

    @Test
    void anUpheldAppealChangesTheScoreByExactlyTheExpectedAmount() {
        double before = MonthlyScoring.score(policy, hall(2, 20, 186)).get(1).finalScore();
        // one of K-C's two 差评 (level 2, 3 points) is upheld on appeal: 19 ratings, 183 points, 1 差评 left.
        // hall mean = 2113 / 222 = 9.51802; adjusted = 10 × (183 + 190.3604) / 39 = 95.7334 → 95.73;
        // deductions 1 + 2 = 3 → 92.73
        List<ScoreResult> after = MonthlyScoring.score(policy, hall(1, 19, 183));
        ScoreResult c = after.stream().filter(x -> x.subjectId().equals("K-C")).findFirst().orElseThrow();
        assertThat(c.finalScore()).isEqualTo(92.73);
        assertThat(c.finalScore() - before).isCloseTo(2.79, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.grade()).isEqualTo("良好");
        // the hall mean moved too: K-B = 10 × (1900 + 190.3604) / 220 = 95.0164 → 95.02, now 优秀
        assertThat(after.get(0).finalScore()).isEqualTo(95.02);
        assertThat(after.get(0).grade()).isEqualTo("优秀");
    }

    @Test
    void theExplanationReadsLikeTheArithmetic() {
        ScoreResult c = MonthlyScoring.score(policy, hall(2, 20, 186)).get(1);
        assertThat(c.explanation()).isEqualTo("本月计分评价 20 条，平均 9.3 分（百分制 93）；按大厅平均 9.49 分、先验强度 20 条"
                + "修正后为 93.94 分；差评（未经申诉撤销） 2 次，扣 2 分；整改超期 1 次，扣 2 分；最终 89.94 分，"
                + "排名第 2/2，等级 合格，绩效系数 1。");
    }

    @Test
    void gradesByRankQuotaNeverExceedAQuota() {
        // 7 ranked: 优秀 20% → floor(1.4) = rank 1; 良好 +30% = 50% → floor(3.5) = ranks 2..3;
        // 合格 +40% = 90% → floor(6.3) = ranks 4..6; 不合格 the rest = rank 7
        EvaluationPolicy byQuota = EvaluationPolicy.parse(POLICY.replace("gradeBy: score\n", "")
                .replace("grades:", "gradeBy: quota\ngrades:")
                .replace("minScore: 95, payCoefficient", "minScore: 0, quotaPercent: 20, payCoefficient")
                .replace("minScore: 90, payCoefficient", "minScore: 0, quotaPercent: 30, payCoefficient")
                .replace("minScore: 80, payCoefficient", "minScore: 0, quotaPercent: 40, payCoefficient"));
        List<ScoreInput> seven = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(new ScoreInput("K-" + i, 100, 1000 - 10 * i, 0, 0, 0, 0, 0)); // averages 10, 9.9, … 9.4
        }
        List<String> grades = MonthlyScoring.score(byQuota, seven).stream().map(ScoreResult::grade).toList();
        assertThat(grades).containsExactly("优秀", "良好", "良好", "合格", "合格", "合格", "不合格");
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY.replace("grades:", "gradeBy: quota\ngrades:")))
                .hasMessageContaining("'grades.0.quotaPercent' must be between 0 and 100 when gradeBy is quota");
    }

    @Test
    void thePolicyIsCheckedAndHashed() {
        assertThat(policy.contentHash()).hasSize(64);
        assertThat(EvaluationPolicy.parse(POLICY + "\n# a comment\n").contentHash())
                .as("the hash covers the file's bytes").isNotEqualTo(policy.contentHash());
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY.replace("minScore: 90", "minScore: 99")))
                .hasMessageContaining("'grades' must go from the best band down");
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY.replace("5: 10,", "5: 11,")))
                .hasMessageContaining("'points.5' must be between 0 and 10");
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY + "contentHash: abc\n"))
                .hasMessageContaining("'contentHash' is computed from the file");
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY.replace("minScore: 0,", "minScore: 10,")))
                .hasMessageContaining("the last band must start at 0");
        assertThatThrownBy(() -> EvaluationPolicy.parse(POLICY.replace("raterBurstMax: 3", "raterBurstMax: 0")))
                .hasMessageContaining("'fairness': burst limits and their minutes must be at least 1");
        assertThat(policy.yaml()).isEqualTo(POLICY);
        EvaluationPolicy builtIn = EvaluationPolicy.builtIn();
        assertThat(builtIn.version()).isEqualTo("builtin-1");
        assertThat(builtIn.grades()).extracting(EvaluationPolicy.Grade::name).containsExactly("优秀", "良好", "合格", "不合格");
        assertThat(builtIn.gradeBy()).isEqualTo(EvaluationPolicy.GradeBy.score);
    }
}
