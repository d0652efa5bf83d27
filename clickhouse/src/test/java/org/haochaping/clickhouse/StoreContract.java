package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link ClickHouseStore} backend must do, case by case: every store operation the system uses, with the
 * values it reads back. The behaviour is {@link ChdbStore}'s, which the rest of the code was written against; a
 * backend passes when it behaves the same. Subclasses give the store: open, migrated, on one server, in a
 * database whose tables these tests empty.
 */
abstract class StoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATED_AT = "2026-10-08 08:30:10.123";
    private static final long RATED_AT_MILLIS = Instant.parse("2026-10-08T08:30:10.123Z").toEpochMilli();
    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");

    /** The store under test: open and migrated. Called before each test. */
    protected abstract ClickHouseStore store();

    /** The database the store was opened with. */
    protected abstract String expectedDatabase();

    private ClickHouseStore store;

    @BeforeEach
    void emptyTheTables() {
        store = store();
        EmbeddedTestStore.truncateTables(store);
    }

    /** A JSONEachRow row from alternating column names and values, written by Jackson as the sinks do. */
    static String row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rating(String id, int level, Object... more) {
        List<Object> columns = new ArrayList<>(List.of("rating_id", id, "project_no", "P-" + id, "level", level,
                "hall_id", "H1", "counter_id", "W1", "clerk_id", "C1", "rated_at", RATED_AT));
        columns.addAll(Arrays.asList(more));
        return row(columns.toArray());
    }

    private static String minute(long ratings, long level1, long version) {
        return row("hall_id", "H1", "clerk_id", "C1", "window_start", "2026-10-08 08:30:00", "ratings", ratings,
                "level_1", level1, "level_5", ratings - level1, "score_sum", (ratings - level1) * 10,
                "bad_count", level1, "version", version);
    }

    @Test
    void statementsRunInTheStoresDatabase() {
        assertThat(store.database()).isEqualTo(expectedDatabase());
        assertThat(store.query("SELECT currentDatabase() AS db")).containsExactly(Map.of("db", expectedDatabase()));
        store.execute("CREATE TABLE IF NOT EXISTS contract_scratch (id UInt32, note String) ENGINE = MergeTree ORDER BY id");
        try {
            assertThat(store.queryLong("SELECT count() FROM system.tables WHERE database = "
                    + Sql.literal(expectedDatabase()) + " AND name = 'contract_scratch'")).isEqualTo(1);
            store.execute("INSERT INTO contract_scratch VALUES (1, 'by execute')");
            store.execute("ALTER TABLE contract_scratch ADD COLUMN IF NOT EXISTS extra UInt8 DEFAULT 7");
            assertThat(store.query("SELECT id, note, extra FROM contract_scratch"))
                    .containsExactly(Map.of("id", 1L, "note", "by execute", "extra", 7L));
        } finally {
            store.execute("DROP TABLE IF EXISTS contract_scratch");
        }
        assertThat(store.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() "
                + "AND name = 'contract_scratch'")).isZero();
        assertThatThrownBy(() -> store.execute(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.query("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textComesBackExactlyAsInserted() {
        String comment = "窗口'王'说\"稍等\"，等了 40 分钟\n第二行\t制表 \\ 反斜杠 / 斜杠 😀 \u00e9";
        store.insertJsonEachRow("ratings", List.of(rating("r1", 1, "comment", comment, "channel", "pad"),
                rating("r2", 5, "comment", "")));
        assertThat(store.query("SELECT rating_id, comment, channel FROM ratings ORDER BY rating_id")).containsExactly(
                Map.of("rating_id", "r1", "comment", comment, "channel", "pad"),
                Map.of("rating_id", "r2", "comment", "", "channel", ""));
        assertThat(store.queryLong("SELECT count() FROM ratings WHERE comment = " + Sql.literal(comment))).isEqualTo(1);
    }

    @Test
    void arraysComeBackAsListsAndTuplesAsListsOrMaps() {
        store.insertJsonEachRow("ratings", List.of(rating("r1", 2, "tag_codes", List.of("B01", "B07")),
                rating("r2", 5, "tag_codes", List.of())));
        assertThat(store.query("SELECT tag_codes FROM ratings ORDER BY rating_id")).containsExactly(
                Map.of("tag_codes", List.of("B01", "B07")), Map.of("tag_codes", List.of()));
        assertThat(store.query("SELECT [[1, 2], [3]] AS nested, (1, 'a') AS pair, "
                + "CAST((1, 'b') AS Tuple(x UInt8, y String)) AS named, [(2, 'c')] AS pairs")).containsExactly(
                Map.of("nested", List.of(List.of(1L, 2L), List.of(3L)), "pair", List.of(1L, "a"),
                        "named", Map.of("x", 1L, "y", "b"), "pairs", List.of(List.of(2L, "c"))));
    }

    @Test
    void nullableColumnsHoldNullAndMissingColumnsTheirDefault() {
        store.insertJsonEachRow("cases", List.of(
                row("project_no", "P1", "status", "open", "accepted_at", null, "completed_at", RATED_AT, "version", 1),
                row("project_no", "P2", "status", "open", "version", 1)));
        store.insertJsonEachRow("sms_invitations", List.of(row("invitation_id", "I1", "project_no", "P1")));
        assertThat(store.query("SELECT project_no, accepted_at, completed_at, rating_level, item_name FROM cases "
                + "ORDER BY project_no")).containsExactly(
                mapOf("project_no", "P1", "accepted_at", null, "completed_at", RATED_AT, "rating_level", 0L,
                        "item_name", ""),
                mapOf("project_no", "P2", "accepted_at", null, "completed_at", null, "rating_level", 0L,
                        "item_name", ""));
        assertThat(store.query("SELECT assess_number, expires_at FROM sms_invitations"))
                .containsExactly(Map.of("assess_number", 1L, "expires_at", "1970-01-01 00:00:00.000"));
        assertThat(store.query("SELECT NULL AS n, CAST(NULL AS Nullable(String)) AS s")).containsExactly(mapOf("n", null,
                "s", null));
    }

    /** Map.of refuses null values. */
    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void timesKeepTheirMillisecondsAndAcceptTheFormsTheWritersUse() {
        store.insertJsonEachRow("ratings", List.of(
                rating("r1", 5),
                rating("r2", 5, "rated_at", "2026-10-08T08:30:10.123Z"))); // an Instant's toString
        store.insertJsonEachRow("clerk_minute_scores", List.of(row("hall_id", "H1", "clerk_id", "C1",
                "window_start", Instant.parse("2026-10-08T08:30:00Z").getEpochSecond(), "version", 1))); // seconds
        assertThat(store.query("SELECT rating_id, rated_at, toUnixTimestamp64Milli(rated_at) AS ms FROM ratings "
                + "ORDER BY rating_id")).containsExactly(
                Map.of("rating_id", "r1", "rated_at", RATED_AT, "ms", RATED_AT_MILLIS),
                Map.of("rating_id", "r2", "rated_at", RATED_AT, "ms", RATED_AT_MILLIS));
        assertThat(store.query("SELECT window_start, toDate(window_start) AS day FROM clerk_minute_scores"))
                .containsExactly(Map.of("window_start", "2026-10-08 08:30:00", "day", "2026-10-08"));
        assertThat(store.query("SELECT toDateTime64(" + Sql.literal(RATED_AT) + ", 3, 'UTC') AS t"))
                .containsExactly(Map.of("t", RATED_AT));
    }

    @Test
    void integersAreLongsAndBigIntegersBeyondLong() {
        store.insertJsonEachRow("clerk_minute_scores", List.of(row("hall_id", "H1", "clerk_id", "C1",
                "window_start", "2026-10-08 08:30:00", "ratings", 3, "version", UINT64_MAX)));
        assertThat(store.query("SELECT ratings, version FROM clerk_minute_scores"))
                .containsExactly(Map.of("ratings", 3L, "version", UINT64_MAX));
        assertThat(store.query("SELECT toUInt8(7) AS u8, toInt32(-5) AS i32, toInt64(-9223372036854775808) AS i64min, "
                + "toUInt64(9223372036854775807) AS u64, toUInt64(9223372036854775808) AS beyond, "
                + "toInt128('-170141183460469231731687303715884105728') AS i128")).containsExactly(mapOf(
                "u8", 7L, "i32", -5L, "i64min", Long.MIN_VALUE, "u64", Long.MAX_VALUE,
                "beyond", new BigInteger("9223372036854775808"),
                "i128", new BigInteger("-170141183460469231731687303715884105728")));
    }

    @Test
    void floatsAreDoublesUnlessWholeAndNanIsNull() {
        assertThat(store.query("SELECT 4.25 AS f, toFloat64(1) AS whole, toFloat32(0.5) AS f32, "
                + "toDecimal64(12.345, 3) AS dec, nan AS not_a_number, -inf AS minus_inf, true AS yes, false AS no"))
                .containsExactly(mapOf("f", 4.25, "whole", 1L, "f32", 0.5, "dec", 12.345, "not_a_number", null,
                        "minus_inf", null, "yes", true, "no", false));
    }

    @Test
    void mapsComeBackAsMapsOfLongs() {
        store.insertJsonEachRow("evaluation_results", List.of(
                row("run_id", "run-1", "subject_type", "clerk", "subject_id", "C1",
                        "ratings_by_channel", Map.of("pad", 3, "sms", 2, "web", 0), "raw_score", null,
                        "final_score", 91.5, "rank", 1),
                row("run_id", "run-1", "subject_type", "clerk", "subject_id", "C2", "ratings_by_channel", Map.of(),
                        "raw_score", 88.25, "final_score", 88, "rank", null)));
        List<Map<String, Object>> rows = store.query("SELECT subject_id, ratings_by_channel, raw_score, final_score, "
                + "rank FROM evaluation_results ORDER BY subject_id");
        assertThat(rows).containsExactly(
                mapOf("subject_id", "C1", "ratings_by_channel", Map.of("pad", 3L, "sms", 2L, "web", 0L),
                        "raw_score", null, "final_score", 91.5, "rank", 1L),
                mapOf("subject_id", "C2", "ratings_by_channel", Map.of(), "raw_score", 88.25, "final_score", 88L,
                        "rank", null));
        assertThat(rows.get(0).get("ratings_by_channel")).isInstanceOf(Map.class);
        assertThat(store.query("SELECT ratings_by_channel['sms'] AS sms FROM evaluation_results WHERE subject_id = 'C1'"))
                .containsExactly(Map.of("sms", 2L));
    }

    @Test
    void rowsKeepTheQuerysColumnOrderAndAnEmptyResultIsEmpty() {
        List<Map<String, Object>> rows = store.query("SELECT 'c' AS c, 'a' AS a, 'b' AS b");
        assertThat(rows.get(0).keySet()).containsExactly("c", "a", "b");
        assertThat(store.query("SELECT 1 AS x WHERE 0")).isEmpty();
        assertThat(store.query("SELECT rating_id FROM ratings")).isEmpty();
    }

    @Test
    void queryLongAndQueryDoubleReadTheFirstValue() {
        store.insertJsonEachRow("ratings", List.of(rating("r1", 5), rating("r2", 4), rating("r3", 1)));
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL")).isEqualTo(3);
        assertThat(store.queryLong("SELECT toUInt64(sum(level)) FROM ratings")).isEqualTo(10);
        assertThat(store.queryDouble("SELECT avg(level) FROM ratings")).isEqualTo(10.0 / 3);
        assertThat(store.queryDouble("SELECT count() FROM ratings")).isEqualTo(3.0);
        assertThatThrownBy(() -> store.queryLong("SELECT toUInt64(18446744073709551615)"))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> store.queryLong("SELECT 1 WHERE 0")).isInstanceOf(ClickHouseException.class)
                .hasMessage("query returned no rows: SELECT 1 WHERE 0");
    }

    @Test
    void anInsertIsVisibleWhenItReturnsAndAnEmptyOneDoesNothing() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(rating("r" + i, 1 + i % 5, "comment", "第 " + i + " 条"));
        }
        store.insertJsonEachRow("ratings", rows);
        assertThat(store.queryLong("SELECT count() FROM ratings")).isEqualTo(2_000);
        assertThat(store.queryLong("SELECT sum(level) FROM ratings")).isEqualTo(6_000);
        store.insertJsonEachRow("ratings", List.of());
        store.insertJsonEachRow("ratings", List.of(rating("extra", 3, "not_a_column", "ignored")));
        assertThat(store.queryLong("SELECT count() FROM ratings")).isEqualTo(2_001);
        assertThatThrownBy(() -> store.insertJsonEachRow("ratings; DROP TABLE ratings", List.of("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneInsertMayCoverMoreDaysThanClickHousesDefaultPartitionLimit() {
        // ratings have one partition per day; ClickHouse refuses a block over more than 100 partitions by default
        List<String> rows = new ArrayList<>();
        for (int day = 0; day < 150; day++) {
            rows.add(rating("r" + day, 5, "rated_at", java.time.LocalDate.of(2026, 6, 1).plusDays(day) + " 08:00:00.000"));
        }
        store.insertJsonEachRow("ratings", rows);
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL")).isEqualTo(150);
        assertThat(store.queryLong("SELECT uniqExact(toDate(rated_at)) FROM ratings")).isEqualTo(150);
    }

    @Test
    void finalKeepsOneRowPerKeyAndTheViewsLeaveExcludedRatingsOut() {
        // no version column: the row inserted last replaces; a version column: the highest version wins, in any order
        store.insertJsonEachRow("ratings", List.of(rating("r1", 1, "comment", "first")));
        store.insertJsonEachRow("ratings", List.of(rating("r1", 5, "comment", "replayed"), rating("r2", 2)));
        store.insertJsonEachRow("clerk_minute_scores", List.of(minute(3, 1, 3)));
        store.insertJsonEachRow("clerk_minute_scores", List.of(minute(2, 1, 2)));
        assertThat(store.queryLong("SELECT count() FROM ratings")).isEqualTo(3);
        assertThat(store.query("SELECT rating_id, level, comment FROM ratings FINAL ORDER BY rating_id")).containsExactly(
                Map.of("rating_id", "r1", "level", 5L, "comment", "replayed"),
                Map.of("rating_id", "r2", "level", 2L, "comment", ""));
        String scores = "SELECT sum(ratings) AS ratings, sum(level_1) AS level_1, sum(level_5) AS level_5, "
                + "sum(score_sum) AS score_sum, sum(bad_count) AS bad_count FROM clerk_scores WHERE clerk_id = 'C1'";
        assertThat(store.query(scores)).containsExactly(
                Map.of("ratings", 3L, "level_1", 1L, "level_5", 2L, "score_sum", 20L, "bad_count", 1L));

        store.insertJsonEachRow("score_exclusions", List.of(row("rating_id", "r2", "work_order_id", "WO-1",
                "hall_id", "H1", "counter_id", "W1", "clerk_id", "C1", "level", 1, "points", 0, "is_default", 0,
                "rated_at", RATED_AT, "window_start", "2026-10-08 08:30:00", "reason", "appeal_upheld")));
        assertThat(store.query(scores)).containsExactly(
                Map.of("ratings", 2L, "level_1", 0L, "level_5", 2L, "score_sum", 20L, "bad_count", 0L));
        assertThat(store.query("SELECT rating_id FROM counted_ratings ORDER BY rating_id"))
                .containsExactly(Map.of("rating_id", "r1"));
    }

    @Test
    void failuresAreClickHouseExceptionsWithClickHousesText() {
        assertThatThrownBy(() -> store.query("SELECT * FROM no_such_table"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageStartingWith("Code: 60. DB::Exception: ")
                .hasMessageContaining("no_such_table").hasMessageContaining("(UNKNOWN_TABLE)")
                .hasMessageEndingWith("[statement: SELECT * FROM no_such_table]")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(60));
        assertThatThrownBy(() -> store.execute("CREATE TABEL x (a UInt8) ENGINE = Memory"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("(SYNTAX_ERROR)")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(62));
        assertThatThrownBy(() -> store.insertJsonEachRow("ratings", List.of(row("rating_id", "r1", "level", "five"))))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("DB::Exception")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isPositive());
        assertThatThrownBy(() -> store.insertJsonEachRow("no_such_table", List.of(row("a", 1))))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("no_such_table")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(60));
        assertThat(store.queryLong("SELECT count() FROM ratings")).isZero();
    }

    @Test
    void aFailureAfterTheFirstRowsIsAnExceptionNotAShortResult() {
        // about 4 MB of rows before the failing block: a streaming server has long sent its 200 by then
        assertThatThrownBy(() -> store.query(
                "SELECT number, throwIf(number = 500000, 'contract: failed mid-result') AS x FROM numbers(600000)"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("contract: failed mid-result")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(395));
        // and nothing of it reaches the next statement (chDB 26.5 handed the rows out with the next result)
        assertThat(store.query("SELECT 'next' AS n")).containsExactly(Map.of("n", "next"));
    }
}
