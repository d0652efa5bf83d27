package org.haochaping.model.evaluation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the clerks (or counters) of one hall for one month under an {@link EvaluationPolicy}.
 *
 * <ul>
 *   <li>Raw score: the average points of the counted ratings ×10 (active ratings, plus default ratings
 *       only when the policy counts them).</li>
 *   <li>Adjusted score: a small sample is pulled toward the hall's average, as if the clerk also had
 *       {@code priorStrength} ratings at the hall average: 10 × (points + k × hallMean) / (n + k). Three
 *       perfect ratings say little; two hundred at 9.5 say a lot.</li>
 *   <li>Deductions per 差评 not overturned, per overdue rectification and per missed follow-up; the final
 *       score is the adjusted score less them, never below 0.</li>
 *   <li>Only subjects with at least {@code minActiveRatings} active ratings are ranked and graded; the
 *       others get {@code unrankedPayCoefficient} and are told why.</li>
 * </ul>
 * Grades go by score thresholds or by rank quotas ({@link EvaluationPolicy#gradeBy}). Scores are rounded to
 * 2 decimals before ranking, so the ranking is the one the published numbers show;
 * ties go to the subject with more counted ratings, then by id.
 */
public final class MonthlyScoring {

    private MonthlyScoring() {}

    public static List<ScoreResult> score(EvaluationPolicy policy, List<ScoreInput> hall) {
        double hallPoints = 0;
        long hallRatings = 0;
        for (ScoreInput in : hall) {
            hallPoints += countedPoints(policy, in);
            hallRatings += counted(policy, in);
        }
        double hallMean = hallRatings == 0 ? 0 : hallPoints / hallRatings;
        double k = policy.priorStrength();

        List<ScoreResult> unranked = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
        for (ScoreInput in : hall) {
            long n = counted(policy, in);
            double points = countedPoints(policy, in);
            Double raw = n == 0 ? null : round(10 * points / n);
            double adjusted = n + k == 0 ? 0 : round(10 * (points + k * hallMean) / (n + k));
            List<ScoreResult.Deduction> deductions = deductions(policy.deductions(), in);
            double off = deductions.stream().mapToDouble(ScoreResult.Deduction::points).sum();
            double fin = round(Math.max(0, adjusted - off));
            scored.add(new Scored(in, n, raw, adjusted, deductions, fin));
        }
        List<Scored> ranked = scored.stream().filter(s -> s.in.activeRatings() >= policy.minActiveRatings())
                .sorted(Comparator.comparingDouble((Scored s) -> -s.fin).thenComparingLong(s -> -s.n)
                        .thenComparing(s -> s.in.subjectId()))
                .toList();
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            ranks.put(ranked.get(i).in.subjectId(), i + 1);
        }
        List<ScoreResult> results = new ArrayList<>();
        for (Scored s : scored) {
            Integer rank = ranks.get(s.in.subjectId());
            EvaluationPolicy.Grade grade = rank == null ? null : policy.gradeBy() == EvaluationPolicy.GradeBy.quota
                    ? gradeByQuota(policy.grades(), rank, ranked.size()) : policy.gradeOf(s.fin);
            double coefficient = grade == null ? policy.unrankedPayCoefficient() : grade.payCoefficient();
            results.add(new ScoreResult(s.in.subjectId(), s.n, s.in.activeRatings(), s.in.defaultRatings(), s.raw,
                    s.adjusted, s.deductions, s.fin, rank != null, rank, grade == null ? null : grade.name(),
                    coefficient, explain(policy, s, hallMean, rank, ranked.size(), grade, coefficient)));
        }
        results.sort(Comparator.comparing((ScoreResult r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank())
                .thenComparing(ScoreResult::subjectId));
        return results;
    }

    /**
     * The band of the rank-th (1-based) of {@code rankedCount}: band i ends at floor(cumulative share ×
     * rankedCount), so no band holds more than its quota; the last band takes the rest.
     */
    static EvaluationPolicy.Grade gradeByQuota(List<EvaluationPolicy.Grade> grades, int rank, int rankedCount) {
        double cumulative = 0;
        for (int i = 0; i < grades.size() - 1; i++) {
            cumulative += grades.get(i).quotaPercent();
            long lastRankOfBand = (long) Math.floor(cumulative * rankedCount / 100.0 + 1e-9);
            if (rank <= lastRankOfBand) {
                return grades.get(i);
            }
        }
        return grades.get(grades.size() - 1);
    }

    private record Scored(ScoreInput in, long n, Double raw, double adjusted, List<ScoreResult.Deduction> deductions,
                          double fin) {}

    private static long counted(EvaluationPolicy p, ScoreInput in) {
        return in.activeRatings() + (p.countDefaults() ? in.defaultRatings() : 0);
    }

    private static double countedPoints(EvaluationPolicy p, ScoreInput in) {
        return in.activePoints() + (p.countDefaults() ? in.defaultPoints() : 0);
    }

    private static List<ScoreResult.Deduction> deductions(EvaluationPolicy.Deductions d, ScoreInput in) {
        List<ScoreResult.Deduction> list = new ArrayList<>();
        add(list, "差评（未经申诉撤销）", in.badNotOverturned(), d.perBadRating());
        add(list, "整改超期", in.overdueRectifications(), d.perOverdueRectification());
        add(list, "未按期回访", in.missedFollowUps(), d.perMissedFollowUp());
        return List.copyOf(list);
    }

    private static void add(List<ScoreResult.Deduction> list, String reason, long count, double each) {
        if (count > 0 && each > 0) {
            list.add(new ScoreResult.Deduction(reason, count, round(count * each)));
        }
    }

    private static String explain(EvaluationPolicy p, Scored s, double hallMean, Integer rank, int rankedCount,
                                  EvaluationPolicy.Grade grade, double coefficient) {
        StringBuilder b = new StringBuilder();
        ScoreInput in = s.in;
        if (s.n == 0) {
            b.append("本月没有计分的评价");
        } else {
            b.append("本月计分评价 ").append(s.n).append(" 条");
            if (!p.countDefaults() && in.defaultRatings() > 0) {
                b.append("（另有默认评价 ").append(in.defaultRatings()).append(" 条，单独列示，不计分）");
            }
            b.append("，平均 ").append(fmt(s.raw / 10)).append(" 分（百分制 ").append(fmt(s.raw)).append("）");
        }
        b.append("；按大厅平均 ").append(fmt(hallMean)).append(" 分、先验强度 ").append(fmt(p.priorStrength()))
                .append(" 条修正后为 ").append(fmt(s.adjusted)).append(" 分");
        for (ScoreResult.Deduction d : s.deductions) {
            b.append("；").append(d.reason()).append(" ").append(d.count()).append(" 次，扣 ").append(fmt(d.points()))
                    .append(" 分");
        }
        b.append("；最终 ").append(fmt(s.fin)).append(" 分");
        if (rank == null) {
            b.append("。主动评价不足 ").append(p.minActiveRatings()).append(" 条，不参与排名和评级，绩效系数按 ")
                    .append(fmt(coefficient)).append(" 计。");
        } else {
            b.append("，排名第 ").append(rank).append("/").append(rankedCount).append("，等级 ").append(grade.name())
                    .append("，绩效系数 ").append(fmt(coefficient)).append("。");
        }
        return b.toString();
    }

    static double round(double x) {
        return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static String fmt(double x) {
        return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
