package org.haochaping.evaluation.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.model.Channel;
import org.haochaping.model.Level;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * How every export words and formats the same facts, so the XLSX, the CSV and the explanations never
 * disagree: times in the halls' zone, scores with 2 decimals, Chinese names of channels and levels.
 */
final class ExportText {

    /**
     * The halls' zone (rules.timeZone). An Evaluation does not carry it, and the month boundaries it was run
     * over are Asia/Shanghai by the contract, so the exports print times in the same zone.
     */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String UNRANKED_GRADE = "不参与评级";
    static final String APPROVED = "已核定";
    static final String NOT_APPROVED = "未核定";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private ExportText() {}

    /** 2026-10 → 2026年10月 */
    static String month(EvaluationRun run) {
        return org.haochaping.evaluation.EvaluationMonth.chinese(run.month());
    }

    /** 第 3 版（2026-10-r3） */
    static String revision(EvaluationRun run) {
        return "第 " + run.revision() + " 版（" + run.runId() + "）";
    }

    /** 已核定（zhang 于 2026-11-02 10:00 核定） or 未核定（草稿） */
    static String approvalState(EvaluationRun run) {
        return run.approval().map(a -> APPROVED + "（" + a.approvedBy() + " 于 " + minute(a.approvedAt()) + " 核定）")
                .orElse(NOT_APPROVED + "（草稿）");
    }

    /** li 于 2026-11-01 09:00 生成 */
    static String created(EvaluationRun run) {
        return run.createdBy() + " 于 " + minute(run.createdAt()) + " 生成";
    }

    /** The first 12 hex digits: enough to tell policy files apart on paper. */
    static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12);
    }

    static String minute(Instant t) {
        return MINUTE.format(t.atZone(ZONE));
    }

    static String second(Instant t) {
        return SECOND.format(t.atZone(ZONE));
    }

    /** 2 decimals, half up, as the scoring rounded: 91.1 → 91.10 */
    static String decimal(double x) {
        return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** The grade, or 不参与评级 for someone with too few active ratings. */
    static String grade(SubjectResult r) {
        return r.ranked() ? r.grade() : UNRANKED_GRADE;
    }

    static double deductedPoints(SubjectResult r) {
        return r.deductions().stream().mapToDouble(ScoreResult.Deduction::points).sum();
    }

    /** 差评（未经申诉撤销）2 次，扣 2.00 分 */
    static String deduction(ScoreResult.Deduction d) {
        return d.reason() + " " + d.count() + " 次，扣 " + decimal(d.points()) + " 分";
    }

    /** All of a subject's deductions in one text; empty when none. */
    static String deductions(SubjectResult r) {
        return r.deductions().stream().map(ExportText::deduction).collect(Collectors.joining("；"));
    }

    /** The Chinese name of a channel; an unknown wire name (a newer stream job) is shown as it is. */
    static String channel(String wireName) {
        Channel c = Channel.fromWireName(wireName);
        return c == null ? wireName : c.chineseName();
    }

    /** Channels in the order of {@link Channel}'s declaration, unknown ones after them by name. */
    static List<String> channelsIn(List<SubjectResult> results) {
        List<String> wireNames = new ArrayList<>(results.stream().flatMap(r -> r.ratingsByChannel().keySet().stream())
                .distinct().toList());
        wireNames.sort(Comparator.comparingInt((String w) -> {
            Channel c = Channel.fromWireName(w);
            return c == null ? Integer.MAX_VALUE : c.ordinal();
        }).thenComparing(w -> w));
        return wireNames;
    }

    static long ratings(SubjectResult r, String channelWireName) {
        return r.ratingsByChannel().getOrDefault(channelWireName, 0L);
    }

    /** Levels from the best down (5 … 1), the order the hall's own reports use. */
    static final List<Level> LEVELS_BEST_FIRST = List.of(Level.VERY_SATISFIED, Level.SATISFIED,
            Level.BASICALLY_SATISFIED, Level.DISSATISFIED, Level.VERY_DISSATISFIED);

    static long ratings(SubjectResult r, Level level) {
        return r.levels().get(level.value() - 1);
    }

    /** 非常满意 for 5; the number itself for anything outside 1..5. */
    static String level(int level) {
        return Level.isValid(level) ? Level.of(level).chineseName() : Integer.toString(level);
    }

    /** Keys of a channel → count map in display order, for a single subject. */
    static List<Map.Entry<String, Long>> channelCounts(SubjectResult r) {
        return channelsIn(List.of(r)).stream().map(w -> Map.entry(w, ratings(r, w))).toList();
    }
}
