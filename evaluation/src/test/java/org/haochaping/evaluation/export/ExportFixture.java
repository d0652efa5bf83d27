package org.haochaping.evaluation.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haochaping.evaluation.Approval;
import org.haochaping.evaluation.AuditEntry;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.FairnessFlag;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.evaluation.SubjectType;
import org.haochaping.model.evaluation.ScoreResult.Deduction;

/**
 * October 2026 in two halls, as a run would have stored it: the exports only print what they are given,
 * so the numbers need not be recomputed here, only be distinct enough to find in the output.
 *
 * <pre>
 * hall-01  clerk k-01 王芳    rank 1 良好 1.10  raw 95.20 adjusted 95.06, 差评 2 × 1 = 2.00 off → 93.06
 *          clerk k-02 李,明   rank 2 合格 1.00  raw 91.11 adjusted 91.52, 整改超期 1 × 2 + 未按期回访 1 × 1 = 3.00 off → 88.52
 *          clerk k-03 赵小    unranked (3 active) raw 100.00 adjusted 96.05 → 96.05, coefficient 1.00
 *          counter c-01 (红旗窗口, rank 1), counter c-02 (rank 2)
 * hall:02  clerk k-04 陈静    rank 1 合格 1.00  raw 90.00 adjusted 89.50, 差评 3 × 1 = 3.00 off → 86.50
 *          counter c-21 (红旗窗口, rank 1)
 * audit    r-0001 本人自评 k-03, r-0002 申诉成立 k-01, r-0003 同一评价人短时集中评价 k-01, r-0004 评价器连按 k-04
 * </pre>
 */
final class ExportFixture {

    static final String POLICY_HASH = "3f9a1c2b7d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccdd";
    static final String RESULTS_HASH = "9e8d7c6b5a4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9";
    /** 2026-11-01 09:00 in Shanghai */
    static final Instant CREATED = Instant.parse("2026-11-01T01:00:00Z");
    /** 2026-11-02 10:00 in Shanghai */
    static final Instant APPROVED_AT = Instant.parse("2026-11-02T02:00:00Z");

    private ExportFixture() {}

    static final SubjectResult K01 = clerk("k-01", "王芳", "hall-01", "c-01",
            Map.of("evaluator", 180L, "qr", 20L, "default", 10L), List.of(1L, 1L, 4L, 24L, 180L), 200, 10, 200, 2,
            95.20, 95.06, List.of(new Deduction("差评（未经申诉撤销）", 2, 2.00)), 93.06, 1, "良好", 1.1,
            "本月计分评价 200 条（另有默认评价 10 条，单独列示，不计分），平均 9.52 分（百分制 95.2）；最终 93.06 分，排名第 1/2，等级 良好，绩效系数 1.1。");
    static final SubjectResult K02 = clerk("k-02", "李,明", "hall-01", "c-02",
            Map.of("evaluator", 40L, "sms", 5L), List.of(0L, 0L, 3L, 12L, 30L), 45, 0, 45, 0,
            91.11, 91.52, List.of(new Deduction("整改超期", 1, 2.00), new Deduction("未按期回访", 1, 1.00)), 88.52, 2,
            "合格", 1.0, "本月计分评价 45 条；最终 88.52 分，排名第 2/2，等级 合格，绩效系数 1。");
    static final SubjectResult K03 = clerk("k-03", "赵小", "hall-01", "c-03",
            Map.of("qr", 3L), List.of(0L, 0L, 0L, 0L, 3L), 3, 0, 3, 1,
            100.00, 96.05, List.of(), 96.05, null, null, 1.0,
            "本月计分评价 3 条；最终 96.05 分。主动评价不足 30 条，不参与排名和评级，绩效系数按 1 计。");
    static final SubjectResult K04 = clerk("k-04", "陈静", "hall:02", "c-21",
            Map.of("kiosk", 60L, "phone", 2L, "default", 5L), List.of(2L, 1L, 4L, 10L, 50L), 62, 5, 62, 1,
            90.00, 89.50, List.of(new Deduction("差评（未经申诉撤销）", 3, 3.00)), 86.50, 1, "合格", 1.0,
            "本月计分评价 62 条；最终 86.5 分，排名第 1/1，等级 合格，绩效系数 1。");
    static final SubjectResult C01 = counter("c-01", "hall-01", Map.of("evaluator", 180L, "qr", 20L, "default", 10L),
            List.of(1L, 1L, 4L, 24L, 180L), 200, 10, 200, 2, 95.20, 95.06, List.of(), 95.06, 1, "优秀", true);
    static final SubjectResult C02 = counter("c-02", "hall-01", Map.of("evaluator", 40L, "sms", 5L),
            List.of(0L, 0L, 3L, 12L, 30L), 45, 0, 45, 0, 91.11, 91.52, List.of(new Deduction("整改超期", 1, 2.00)), 89.52, 2,
            "合格", false);
    static final SubjectResult C21 = counter("c-21", "hall:02", Map.of("kiosk", 60L, "phone", 2L, "default", 5L),
            List.of(2L, 1L, 4L, 10L, 50L), 62, 5, 62, 1, 90.00, 89.50, List.of(), 89.50, 1, "合格", true);

    static final List<AuditEntry> AUDIT = List.of(
            // 10:15:30 in Shanghai
            new AuditEntry("r-0001", FairnessFlag.SELF_RATING, "评价人手机与本人登记的手机相同", "hall-01", "c-03", "k-03",
                    "qr", 5, false, Instant.parse("2026-10-03T02:15:30Z"), "138****0001", ""),
            new AuditEntry("r-0002", FairnessFlag.APPEAL_UPHELD, "工单 wo-17 申诉成立", "hall-01", "c-01", "k-01",
                    "evaluator", 1, false, Instant.parse("2026-10-05T06:00:00Z"), "", "tab-01"),
            // 23:59:59 in Shanghai, still 20 October there
            new AuditEntry("r-0003", FairnessFlag.RATER_BURST, "60 分钟内第 4 条", "hall-01", "c-01", "k-01",
                    "qr", 5, false, Instant.parse("2026-10-20T15:59:59Z"), "139****0002", "phone-x"),
            new AuditEntry("r-0004", FairnessFlag.SPAM, "评价器连按：同一评价器 3 秒内第 2 次", "hall:02", "c-21", "k-04",
                    "evaluator", 5, true, Instant.parse("2026-10-31T15:30:00Z"), "", "tab-21"));

    /** Revision 2, approved by zhang on 2 November. Counted 210 + 45 + 3 + 67 = 325 ratings, 4 left out. */
    static Evaluation approved() {
        EvaluationRun run = run("2026-10-r2", 2, null, "");
        return evaluation(run.withApproval(new Approval("2026-10", "2026-10-r2", 2, RESULTS_HASH, "zhang", APPROVED_AT)));
    }

    /** Revision 3, not approved, compared with the approved revision 2. */
    static Evaluation draft() {
        return evaluation(run("2026-10-r3", 3, 2, "与第 2 版（已核定）相比：1 名人员、1 个窗口的结果不同"));
    }

    /** The same clerk under another name, e.g. one a roster typed with markup. */
    static SubjectResult renamed(SubjectResult r, String name) {
        return new SubjectResult(r.type(), r.subjectId(), name, r.hallId(), r.counterId(), r.ratingsByChannel(),
                r.levels(), r.activeRatings(), r.defaultRatings(), r.countedRatings(), r.excludedRatings(), r.rawScore(),
                r.adjustedScore(), r.deductions(), r.finalScore(), r.ranked(), r.rank(), r.grade(), r.payCoefficient(),
                r.redFlag(), r.explanation());
    }

    /** The evaluation with {@code clerk} in place of the clerk with the same id. */
    static Evaluation with(Evaluation e, SubjectResult clerk) {
        return new Evaluation(e.run(), e.policyYaml(), e.results().stream()
                .map(r -> r.type() == clerk.type() && r.subjectId().equals(clerk.subjectId()) ? clerk : r).toList(),
                e.audit());
    }

    private static EvaluationRun run(String runId, int revision, Integer compared, String summary) {
        return new EvaluationRun(runId, "2026-10", revision, "builtin-1", POLICY_HASH, "li", CREATED, RESULTS_HASH,
                325, 4, 4, 3, compared, compared != null, summary, Optional.empty());
    }

    private static Evaluation evaluation(EvaluationRun run) {
        // the order a run stores: clerks first, each kind by hall, then rank, unranked last
        return new Evaluation(run, "version: \"builtin-1\"\n", List.of(K01, K02, K03, K04, C01, C02, C21), AUDIT);
    }

    private static SubjectResult clerk(String id, String name, String hall, String counter, Map<String, Long> channels,
                                       List<Long> levels, long active, long defaults, long counted, long excluded,
                                       Double raw, double adjusted, List<Deduction> deductions, double fin, Integer rank,
                                       String grade, double coefficient, String explanation) {
        return new SubjectResult(SubjectType.CLERK, id, name, hall, counter, channels, levels, active, defaults, counted,
                excluded, raw, adjusted, deductions, fin, rank != null, rank, grade, coefficient, false, explanation);
    }

    private static SubjectResult counter(String id, String hall, Map<String, Long> channels, List<Long> levels,
                                         long active, long defaults, long counted, long excluded, Double raw,
                                         double adjusted, List<Deduction> deductions, double fin, Integer rank,
                                         String grade, boolean redFlag) {
        return new SubjectResult(SubjectType.COUNTER, id, "", hall, id, channels, levels, active, defaults, counted,
                excluded, raw, adjusted, deductions, fin, rank != null, rank, grade, 1.0, redFlag,
                "窗口 " + id + " 本月最终 " + fin + " 分。");
    }
}
