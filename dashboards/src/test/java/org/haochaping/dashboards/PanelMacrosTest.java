package org.haochaping.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haochaping.dashboards.PanelMacros.Context;
import org.haochaping.dashboards.PanelMacros.MacroException;
import org.haochaping.dashboards.PanelMacros.Selection;
import org.haochaping.dashboards.PanelMacros.TimeRange;
import org.junit.jupiter.api.Test;

class PanelMacrosTest {

    /** 2026-11-12T00:00:00Z .. 2026-11-22T06:30:15.250Z */
    private static final TimeRange RANGE = new TimeRange(Instant.ofEpochSecond(1_794_441_600L),
            Instant.ofEpochMilli(1_795_329_015_250L));
    private static final String FROM = "toDateTime(1794441600)";
    private static final String TO = "toDateTime(1795329015)";
    private static final Map<String, Selection> VARIABLES = Map.of(
            "hall", Selection.all(List.of("hall-1", "hall-2")),
            "clerk", Selection.of("clerk-7"),
            "channel", Selection.of("qr", "sms"),
            "month", Selection.single("2026-11"),
            "dept", Selection.all(List.of("d1", "d2"), "__all__"),
            "none", Selection.of());

    private static String expand(String sql) {
        return expand(sql, Duration.ofMinutes(5));
    }

    private static String expand(String sql, Duration interval) {
        return PanelMacros.expand(sql, new Context(RANGE, interval, VARIABLES));
    }

    @Test
    void aTodayOverrideIsTheWholeLocalDayOfTheRangesEnd() {
        // the range ends at 14:30 in Shanghai on 2026-11-22: that day runs from 16:00Z the day before
        assertThat(RANGE.overriddenBy("now/d", ZoneId.of("Asia/Shanghai"))).isEqualTo(new TimeRange(
                Instant.parse("2026-11-21T16:00:00Z"), Instant.parse("2026-11-22T15:59:59.999Z")));
        assertThat(RANGE.overriddenBy("now/d", ZoneOffset.UTC)).isEqualTo(new TimeRange(
                Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-22T23:59:59.999Z")));
    }

    @Test
    void anIntervalOverrideEndsAtTheRangesEnd() {
        Instant now = RANGE.to();
        assertThat(RANGE.overriddenBy("24h", ZoneOffset.UTC)).isEqualTo(new TimeRange(now.minus(Duration.ofHours(24)), now));
        assertThat(RANGE.overriddenBy("now-7d", ZoneOffset.UTC)).isEqualTo(new TimeRange(now.minus(Duration.ofDays(7)), now));
        assertThat(RANGE.overriddenBy("1y", ZoneOffset.UTC)).isEqualTo(new TimeRange(now.minus(Duration.ofDays(365)), now));
    }

    @Test
    void anOverrideThisClassCannotFollowIsAnError() {
        assertThatThrownBy(() -> RANGE.overriddenBy("now/w", ZoneOffset.UTC))
                .isInstanceOf(MacroException.class).hasMessageContaining("'now/w'");
    }

    @Test
    void timeFilterComparesTheColumnWithTheRangeInWholeSeconds() {
        assertThat(expand("SELECT count() FROM ratings WHERE $__timeFilter(rated_at) AND level <= 2"))
                .isEqualTo("SELECT count() FROM ratings WHERE rated_at >= " + FROM + " AND rated_at <= " + TO
                        + " AND level <= 2");
    }

    @Test
    void aMacroArgumentMayBeAnExpressionWithItsOwnParenthesesAndSpaces() {
        assertThat(expand("WHERE $__timeFilter( toDateTime(rated_at, 'UTC') )"))
                .isEqualTo("WHERE toDateTime(rated_at, 'UTC') >= " + FROM + " AND toDateTime(rated_at, 'UTC') <= " + TO);
    }

    @Test
    void theMillisecondFormsAreOtherMacrosNotTheSecondOnesFollowedByUnderscoreMs() {
        assertThat(expand("$__timeFilter_ms(t) $__fromTime_ms $__toTime_ms"))
                .isEqualTo("t >= fromUnixTimestamp64Milli(1794441600000) AND t <= fromUnixTimestamp64Milli(1795329015250)"
                        + " fromUnixTimestamp64Milli(1794441600000) fromUnixTimestamp64Milli(1795329015250)");
    }

    @Test
    void fromTimeAndToTimeWorkWithAndWithoutParentheses() {
        assertThat(expand("SELECT $__fromTime, dateDiff('day', $__fromTime, $__toTime)"))
                .isEqualTo("SELECT " + FROM + ", dateDiff('day', " + FROM + ", " + TO + ")");
        assertThat(expand("SELECT $__toTime(), $__toTime()")).isEqualTo("SELECT " + TO + ", " + TO);
    }

    @Test
    void theBareFormBeforeTheCalledOneLeavesItsParenthesesBehindAsThePluginDoes() {
        // sqlutil replaces each match's text everywhere in the order the matches occur: the bare $__fromTime first
        // also replaces the start of a later $__fromTime(), whose () stays; the other way round both expand
        assertThat(expand("SELECT $__fromTime, $__fromTime()")).isEqualTo("SELECT " + FROM + ", " + FROM + "()");
        assertThat(expand("SELECT $__fromTime(), $__fromTime")).isEqualTo("SELECT " + FROM + ", " + FROM);
    }

    @Test
    void aParenthesisAfterASpaceIsNotTheMacrosArguments() {
        // sqlutil takes arguments only from a parenthesis right after the name
        assertThat(expand("WHERE opened_at < $__toTime AND (status = 'open')"))
                .isEqualTo("WHERE opened_at < " + TO + " AND (status = 'open')");
    }

    @Test
    void dateFilterAndDateTimeFilterUseDatesOfTheRangeInUtc() {
        assertThat(expand("$__dateFilter(d)")).isEqualTo("d >= toDate('2026-11-12') AND d <= toDate('2026-11-22')");
        assertThat(expand("$__dt(d, t)")).isEqualTo("(d >= toDate('2026-11-12') AND d <= toDate('2026-11-22')) AND (t >= "
                + FROM + " AND t <= " + TO + ")");
    }

    @Test
    void timeIntervalBucketsByThePanelsIntervalInSeconds() {
        assertThat(expand("SELECT $__timeInterval(window_start) AS time"))
                .isEqualTo("SELECT toStartOfInterval(toDateTime(window_start), INTERVAL 300 second) AS time");
        assertThat(expand("SELECT $__timeInterval_ms(rated_at) AS time"))
                .isEqualTo("SELECT toStartOfInterval(toDateTime64(rated_at, 3), INTERVAL 300000 millisecond) AS time");
    }

    @Test
    void intervalSecondsIsWholeSecondsAndAtLeastOne() {
        assertThat(expand("count() / $__interval_s")).isEqualTo("count() / 300");
        assertThat(expand("count() / $__interval_s", Duration.ofMillis(2_500))).isEqualTo("count() / 2");
        assertThat(expand("count() / $__interval_s", Duration.ofMillis(200))).isEqualTo("count() / 1");
        assertThat(expand("$__timeInterval(t)", Duration.ofMillis(200)))
                .isEqualTo("toStartOfInterval(toDateTime(t), INTERVAL 1 second)");
    }

    @Test
    void everyOccurrenceIsExpanded() {
        assertThat(expand("$__timeFilter(a) OR $__timeFilter(b) OR $__timeFilter(a)")).isEqualTo(
                "a >= " + FROM + " AND a <= " + TO + " OR b >= " + FROM + " AND b <= " + TO + " OR a >= " + FROM
                        + " AND a <= " + TO);
    }

    @Test
    void aWrongNumberOfArgumentsOrAMissingParenthesisIsAnError() {
        assertThatThrownBy(() -> expand("WHERE $__timeFilter(a, b)")).isInstanceOf(MacroException.class)
                .hasMessage("$__timeFilter: unexpected number of arguments: expected 1 argument, received 2");
        assertThatThrownBy(() -> expand("WHERE $__timeFilter")).isInstanceOf(MacroException.class)
                .hasMessage("$__timeFilter: unexpected number of arguments: expected 1 argument, received 0");
        assertThatThrownBy(() -> expand("$__dt(d)")).isInstanceOf(MacroException.class)
                .hasMessage("$__dt: unexpected number of arguments: expected 2 arguments, received 1");
        assertThatThrownBy(() -> expand("WHERE $__timeFilter(toDate(a)")).isInstanceOf(MacroException.class)
                .hasMessageStartingWith("$__timeFilter: missing closing bracket");
    }

    @Test
    void unknownMacrosAndSimilarNamesAreLeftForClickHouseToReject() {
        assertThat(expand("$__timeFilterEpoch(t) $__timeGroup(t, '1m') $__fromTimeX"))
                .isEqualTo("$__timeFilterEpoch(t) $__timeGroup(t, '1m') $__fromTimeX");
    }

    @Test
    void conditionalAllIsOneEqualsOneWhenAllIsSelectedBeforeTheVariableIsPutIn() {
        assertThat(expand("WHERE $__conditionalAll(hall_id IN ($hall), $hall) AND $__timeFilter(rated_at)"))
                .isEqualTo("WHERE 1=1 AND rated_at >= " + FROM + " AND rated_at <= " + TO);
    }

    @Test
    void conditionalAllKeepsTheConditionForAConcreteSelection() {
        assertThat(expand("WHERE $__conditionalAll(channel IN ($channel), $channel) AND $__conditionalAll(clerk_id IN ($clerk),$clerk)"))
                .isEqualTo("WHERE channel IN ('qr','sms') AND clerk_id IN ('clerk-7')");
    }

    @Test
    void conditionalAllIsOneEqualsOneForAnEmptySelection() {
        assertThat(expand("WHERE $__conditionalAll(x IN ($none), $none)")).isEqualTo("WHERE 1=1");
    }

    @Test
    void conditionalAllSplitsOnlyAtItsOwnCommasAndHandlesNesting() {
        assertThat(expand("WHERE $__conditionalAll(has(arrayMap(t -> lower(t), tag_codes), 'a'), $clerk)"))
                .isEqualTo("WHERE has(arrayMap(t -> lower(t), tag_codes), 'a')");
        assertThat(expand("WHERE $__conditionalAll(x IN (SELECT y FROM t WHERE $__conditionalAll(y IN ($hall), $hall)), $clerk)"))
                .isEqualTo("WHERE x IN (SELECT y FROM t WHERE 1=1)");
    }

    @Test
    void conditionalAllWithAnUnknownVariableOrBracedNameKeepsTheCondition() {
        // the plugin finds the variable by the name after '$': ${hall} is no name it knows
        assertThat(expand("WHERE $__conditionalAll(hall_id IN (${hall}), ${hall})"))
                .isEqualTo("WHERE hall_id IN ('hall-1','hall-2')");
        assertThat(expand("WHERE $__conditionalAll(a = 1, $nope)")).isEqualTo("WHERE a = 1");
    }

    @Test
    void conditionalAllNeedsExactlyTwoArguments() {
        assertThatThrownBy(() -> expand("WHERE $__conditionalAll(a = 1)")).isInstanceOf(MacroException.class)
                .hasMessageStartingWith("$__conditionalAll takes a condition and a variable, got 1 arguments");
        assertThatThrownBy(() -> expand("WHERE $__conditionalAll(a = 1, $hall")).isInstanceOf(MacroException.class)
                .hasMessageStartingWith("$__conditionalAll: no closing parenthesis");
    }

    @Test
    void listsAreQuotedAndSingleValuesPutInAsTheyAre() {
        assertThat(expand("hall_id IN ($hall) AND clerk_id IN ($clerk) AND month = '$month'"))
                .isEqualTo("hall_id IN ('hall-1','hall-2') AND clerk_id IN ('clerk-7') AND month = '2026-11'");
    }

    @Test
    void everyVariableSyntaxIsPutIn() {
        assertThat(expand("${month} [[month]] ${clerk:csv} [[channel:pipe]] ${channel:singlequote}"))
                .isEqualTo("2026-11 2026-11 clerk-7 qr|sms 'qr','sms'");
    }

    @Test
    void formatsQuoteAndEscape() {
        Selection quoted = Selection.of("a'b", "c");
        assertThat(PanelMacros.format(quoted, "singlequote")).isEqualTo("'a\\'b','c'");
        assertThat(PanelMacros.format(quoted, "sqlstring")).isEqualTo("'a''b','c'");
        assertThat(PanelMacros.format(quoted, "doublequote")).isEqualTo("\"a'b\",\"c\"");
        assertThat(PanelMacros.format(Selection.single("x"), "singlequote")).isEqualTo("'x'");
        assertThat(PanelMacros.format(Selection.single("x"), null)).isEqualTo("x");
        assertThatThrownBy(() -> PanelMacros.format(quoted, "lucene")).isInstanceOf(MacroException.class);
    }

    @Test
    void allWithACustomAllValuePutsItInUnformatted() {
        assertThat(expand("dept_code IN ($dept) ${dept:singlequote} ${dept:text}")).isEqualTo("dept_code IN (__all__) __all__ All");
    }

    @Test
    void allWithNoOptionsIsAnEmptyString() {
        assertThat(PanelMacros.format(Selection.all(List.of()), null)).isEqualTo("''");
    }

    @Test
    void namesThatAreNoVariableStayAsTheyAre() {
        assertThat(expand("SELECT '$hall_id', $unknown, match(p, '^1[3-9]\\\\d{9}$')"))
                .isEqualTo("SELECT '$hall_id', $unknown, match(p, '^1[3-9]\\\\d{9}$')");
    }

    @Test
    void builtInVariablesAreTheRangeAndTheInterval() {
        assertThat(expand("$__from $__to $__interval $__interval_ms ${__range_s} $__range", Duration.ofSeconds(90)))
                .isEqualTo("1794441600000 1795329015250 1m 90000 887415 10d");
    }

    @Test
    void secondsToHmsKeepsTheLargestUnit() {
        assertThat(PanelMacros.secondsToHms(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(PanelMacros.secondsToHms(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(PanelMacros.secondsToHms(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(PanelMacros.secondsToHms(Duration.ofDays(400))).isEqualTo("1y");
    }

    @Test
    void theIntervalIsTheRangeOverTheDataPointsRoundedOnGrafanasLadderWithAFloor() {
        TimeRange day = new TimeRange(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(1)));
        // 86.4 s per point → 1 m; 43.2 s → 30 s; 10 days / 1000 = 864 s → 15 m
        assertThat(PanelMacros.interval(day, 1000, Optional.empty())).isEqualTo(Duration.ofMinutes(1));
        assertThat(PanelMacros.interval(day, 2000, Optional.empty())).isEqualTo(Duration.ofSeconds(30));
        assertThat(PanelMacros.interval(new TimeRange(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(10))), 1000,
                Optional.empty())).isEqualTo(Duration.ofMinutes(15));
        assertThat(PanelMacros.interval(day, 1000, Optional.of(Duration.ofMinutes(5)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(PanelMacros.interval(new TimeRange(Instant.EPOCH, Instant.EPOCH), 1000, Optional.empty()))
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void roundIntervalFollowsTheLadderAtItsEdges() {
        assertThat(PanelMacros.roundInterval(9.9)).isEqualTo(1);
        assertThat(PanelMacros.roundInterval(89_999)).isEqualTo(60_000);
        assertThat(PanelMacros.roundInterval(90_000)).isEqualTo(120_000);
        assertThat(PanelMacros.roundInterval(86_399_999)).isEqualTo(43_200_000);
        assertThat(PanelMacros.roundInterval(604_799_999)).isEqualTo(86_400_000);
        assertThat(PanelMacros.roundInterval(4e9)).isEqualTo(31_536_000_000L);
    }

    @Test
    void intervalsParseAsGrafanaWritesThem() {
        assertThat(PanelMacros.parseInterval("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(PanelMacros.parseInterval(">30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PanelMacros.parseInterval("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(PanelMacros.parseInterval("1w")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> PanelMacros.parseInterval("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWholePanelQueryExpandsAsThePluginSendsIt() {
        String raw = """
                SELECT $__timeInterval(window_start) AS time, sum(ratings) * 60 / $__interval_s AS 每分钟评价数
                FROM counter_scores
                WHERE $__timeFilter(window_start) AND hall_id IN (${hall:singlequote})
                  AND $__conditionalAll(counter_id IN ($clerk), $clerk)
                GROUP BY time ORDER BY time""";
        assertThat(expand(raw, Duration.ofMinutes(15))).isEqualTo("""
                SELECT toStartOfInterval(toDateTime(window_start), INTERVAL 900 second) AS time, sum(ratings) * 60 / 900 AS 每分钟评价数
                FROM counter_scores
                WHERE window_start >= toDateTime(1794441600) AND window_start <= toDateTime(1795329015) AND hall_id IN ('hall-1','hall-2')
                  AND counter_id IN ('clerk-7')
                GROUP BY time ORDER BY time""");
    }

    @Test
    void aSingleValueVariableHasExactlyOneValue() {
        assertThatThrownBy(() -> new Selection(List.of("a", "b"), false, false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
