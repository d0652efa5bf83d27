package org.haochaping.evaluation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A calendar month in the hall's time zone (rules.timeZone, Asia/Shanghai): the ratings of October are
 * those rated from 1 October 00:00 to 1 November 00:00 local time.
 */
public record EvaluationMonth(YearMonth month, ZoneId zone) {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("uuuu-MM");

    public EvaluationMonth {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(zone, "zone");
    }

    /** @throws IllegalArgumentException with a Chinese message when {@code text} is not YYYY-MM */
    public static EvaluationMonth parse(String text, ZoneId zone) {
        if (text == null || !text.matches("\\d{4}-\\d{2}")) {
            throw new IllegalArgumentException("月份格式应为 YYYY-MM（例如 2026-10），收到：" + text);
        }
        try {
            return new EvaluationMonth(YearMonth.parse(text, LABEL), zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("月份格式应为 YYYY-MM（例如 2026-10），收到：" + text);
        }
    }

    /** The month that holds {@code instant} in {@code zone}. */
    public static EvaluationMonth of(Instant instant, ZoneId zone) {
        return new EvaluationMonth(YearMonth.from(instant.atZone(zone)), zone);
    }

    /** First instant of the month (inclusive). */
    public Instant start() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** First instant of the next month (exclusive). */
    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    /** YYYY-MM, as stored and as the CLI and API take it. */
    public String label() {
        return month.format(LABEL);
    }

    /** 2026年10月 */
    public String chinese() {
        return chinese(month);
    }

    /** A stored month label (YYYY-MM, as in evaluation_runs) in Chinese: 2026-10 → 2026年10月. */
    public static String chinese(String label) {
        return chinese(YearMonth.parse(label, LABEL));
    }

    private static String chinese(YearMonth m) {
        return m.getYear() + "年" + m.getMonthValue() + "月";
    }
}
