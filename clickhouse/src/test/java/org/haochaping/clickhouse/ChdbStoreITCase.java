package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChdbStoreITCase {

    private ChdbStore store;

    @BeforeEach
    void emptyTables() {
        store = EmbeddedTestStore.truncateAll();
    }

    static String rating(String id, int level, String comment) {
        return "{\"rating_id\":\"" + id + "\",\"project_no\":\"P-" + id + "\",\"assess_number\":1,\"channel\":\"pad\","
                + "\"level\":" + level + ",\"tag_codes\":[\"T01\",\"T07\"],\"comment\":\"" + comment + "\","
                + "\"hall_id\":\"H1\",\"counter_id\":\"C03\",\"clerk_id\":\"E" + (id.hashCode() & 7) + "\","
                + "\"dept_code\":\"D1\",\"item_code\":\"I1\",\"area_code\":\"310101\","
                + "\"rated_at\":\"2026-05-01 08:00:00.123\",\"received_at\":\"2026-05-01 08:00:01.000\","
                + "\"rater_phone_hash\":\"9f86d081884c7d65\",\"rater_phone_masked\":\"138****1234\","
                + "\"device_id\":\"dev-1\",\"is_default\":0}";
    }

    static String minute(String clerk, long ratings, long level5, long version) {
        return "{\"hall_id\":\"H1\",\"clerk_id\":\"" + clerk + "\",\"window_start\":\"2026-05-01 08:00:00\","
                + "\"ratings\":" + ratings + ",\"level_1\":0,\"level_2\":0,\"level_3\":0,\"level_4\":" + (ratings - level5)
                + ",\"level_5\":" + level5 + ",\"score_sum\":" + (ratings * 8 + level5 * 2) + ",\"bad_count\":0,"
                + "\"default_count\":0,\"version\":" + version + ",\"updated_at\":\"2026-05-01 08:00:59.000\"}";
    }

    @Test
    void tenThousandRowsInOneInsertAreAllThere() {
        List<String> rows = new ArrayList<>();
        long levelSum = 0;
        for (int i = 0; i < 10_000; i++) {
            int level = 1 + i % 5;
            levelSum += level;
            rows.add(rating("r-" + i, level, "办件很快，服务热情 #" + i));
        }
        long start = System.nanoTime();
        store.insertJsonEachRow("ratings", rows);
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf("chDB: inserted 10,000 rating rows in one JSONEachRow insert in %d ms (%.0f rows/s)%n",
                micros / 1_000, 10_000 * 1e6 / micros);

        assertThat(store.queryLong("SELECT count() FROM ratings")).isEqualTo(10_000);
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL")).isEqualTo(10_000);
        assertThat(store.queryLong("SELECT uniqExact(rating_id) FROM ratings")).isEqualTo(10_000);
        assertThat(store.queryLong("SELECT sum(level) FROM ratings")).isEqualTo(levelSum).isEqualTo(30_000);
        assertThat(store.query("SELECT comment, tag_codes FROM ratings WHERE rating_id = 'r-9999'"))
                .containsExactly(Map.of("comment", "办件很快，服务热情 #9999", "tag_codes", List.of("T01", "T07")));
    }

    @Test
    void theSameRatingTwiceIsOneRatingWithFinal() {
        store.insertJsonEachRow("ratings", List.of(rating("dup-1", 5, "first delivery")));
        store.insertJsonEachRow("ratings", List.of(rating("dup-1", 5, "replayed delivery"), rating("other", 4, "x")));

        assertThat(store.queryLong("SELECT count() FROM ratings FINAL WHERE rating_id = 'dup-1'")).isEqualTo(1);
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL")).isEqualTo(2);
        // without a version column the last inserted row wins
        assertThat(store.query("SELECT comment FROM ratings FINAL WHERE rating_id = 'dup-1'"))
                .containsExactly(Map.of("comment", "replayed delivery"));
    }

    @Test
    void aMinuteRowKeepsItsHighestVersionWhateverTheArrivalOrder() {
        store.insertJsonEachRow("clerk_minute_scores", List.of(minute("E1", 3, 1, 3)));
        store.insertJsonEachRow("clerk_minute_scores", List.of(minute("E1", 5, 4, 5)));
        store.insertJsonEachRow("clerk_minute_scores", List.of(minute("E1", 4, 2, 4))); // a late, older firing

        assertThat(store.query("SELECT ratings, level_4, level_5, score_sum, version FROM clerk_minute_scores FINAL"))
                .containsExactly(Map.of("ratings", 5L, "level_4", 1L, "level_5", 4L, "score_sum", 48L, "version", 5L));
        assertThat(store.queryLong("SELECT argMax(level_5, version) FROM clerk_minute_scores "
                + "WHERE hall_id = 'H1' AND clerk_id = 'E1'")).isEqualTo(4);
    }

    @Test
    void resultsAreJavaNumbersInColumnOrder() {
        List<Map<String, Object>> rows = store.query("SELECT toUInt64(42) AS u64, toInt32(-7) AS i32, toUInt8(200) AS u8, "
                + "toUInt64(18446744073709551615) AS max_u64, 2.5 AS f, toDecimal64(1.25, 2) AS d, [toUInt64(1), 2] AS arr, "
                + "'好差评' AS s, toDateTime64('2026-05-01 08:00:00.123', 3, 'UTC') AS t");
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.keySet()).containsExactly("u64", "i32", "u8", "max_u64", "f", "d", "arr", "s", "t");
        assertThat(row.get("u64")).isEqualTo(42L);
        assertThat(row.get("i32")).isEqualTo(-7L);
        assertThat(row.get("u8")).isEqualTo(200L);
        assertThat(row.get("max_u64")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(row.get("f")).isEqualTo(2.5);
        assertThat(row.get("d")).isEqualTo(1.25);
        assertThat(row.get("arr")).isEqualTo(List.of(1L, 2L));
        assertThat(row.get("s")).isEqualTo("好差评");
        assertThat(row.get("t")).isEqualTo("2026-05-01 08:00:00.123");

        assertThat(store.queryLong("SELECT count() FROM numbers(1234)")).isEqualTo(1234);
        assertThat(store.queryDouble("SELECT avg(number) FROM numbers(4)")).isEqualTo(1.5);
        assertThat(store.query("SELECT number FROM numbers(3) WHERE number > 5")).isEmpty();
    }

    @Test
    void badSqlFailsWithClickHousesMessageAndTheStoreCarriesOn() {
        assertThatThrownBy(() -> store.query("SELECT * FROM no_such_table"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageStartingWith("Code: 60. DB::Exception: Unknown table expression identifier 'no_such_table'")
                .hasMessageContaining("(UNKNOWN_TABLE)")
                .hasMessageEndingWith("[statement: SELECT * FROM no_such_table]")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(60));
        assertThatThrownBy(() -> store.execute("CREAT TABLE x (a UInt8) ENGINE = Memory"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("Syntax error")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(62));
        assertThatThrownBy(() -> store.insertJsonEachRow("ratings", List.of("{\"rating_id\":\"x\",\"level\":\"high\"}")))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("level")
                .hasMessageContaining("INSERT INTO ratings FORMAT JSONEachRow (1 rows, first: {\"rating_id\":\"x\"");
        assertThat(store.queryLong("SELECT count() FROM ratings")).isZero();
        assertThat(store.queryLong("SELECT 1")).isEqualTo(1);
    }

    @Test
    void insertsAreSynchronousAnd64BitIntegersUnquoted() {
        assertThat(store.query("SELECT toUInt8(getSetting('async_insert')) AS async_insert, "
                + "toUInt8(getSetting('output_format_json_quote_64bit_integers')) AS quote_64bit"))
                .containsExactly(Map.of("async_insert", 0L, "quote_64bit", 0L));
    }

    @Test
    void dropSyncIsRefusedBecauseItCrashesChdb() {
        store.execute("CREATE TABLE IF NOT EXISTS drop_me (a UInt8) ENGINE = MergeTree ORDER BY a");
        assertThatThrownBy(() -> store.execute("DROP TABLE IF EXISTS drop_me SYNC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop without SYNC");
        assertThatThrownBy(() -> store.execute("  drop table drop_me\n  sync ;"))
                .isInstanceOf(IllegalArgumentException.class);
        store.execute("DROP TABLE drop_me");
        assertThat(store.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() "
                + "AND name = 'drop_me'")).isZero();
    }

    @Test
    void unqualifiedNamesResolveToTheStoresDatabase() {
        assertThat(store.database()).isEqualTo(EmbeddedTestStore.DATABASE);
        assertThat(store.query("SELECT currentDatabase() AS db")).containsExactly(Map.of("db", "hcp_test"));
        assertThat(store.queryLong("SELECT count() FROM system.tables WHERE database = 'hcp_test' "
                + "AND name IN ('ratings', 'clerk_minute_scores', 'counter_minute_scores', 'dead_letters', "
                + "'schema_migrations')")).isEqualTo(5);
    }

    @Test
    void anEmptyBatchDoesNothingAndRowsMayOmitColumns() {
        store.insertJsonEachRow("dead_letters", List.of());
        store.insertJsonEachRow("dead_letters", List.of("{\"dead_letter_id\":\"k/0/1\",\"reason\":\"bad json\"}"));
        assertThat(store.query("SELECT dead_letter_id, source, payload, reason FROM dead_letters"))
                .containsExactly(Map.of("dead_letter_id", "k/0/1", "source", "", "payload", "", "reason", "bad json"));
    }

    @Test
    void oneProcessHasOneChdbConnection() {
        assertThat(ChdbStore.shared(EmbeddedTestStore.dataDir(), store.library(), EmbeddedTestStore.DATABASE))
                .isSameAs(store);
        assertThat(ChdbStore.current()).containsSame(store);
        Path other = EmbeddedTestStore.dataRoot().resolve("another-folder");
        assertThatThrownBy(() -> ChdbStore.shared(other, store.library(), EmbeddedTestStore.DATABASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open on " + EmbeddedTestStore.dataDir())
                .hasMessageContaining("one connection per process")
                .hasMessageContaining(other.toString());
        assertThatThrownBy(() -> ChdbStore.shared(EmbeddedTestStore.dataDir(), store.library(), "other_db"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database 'hcp_test'");
        assertThat(store.isOpen()).isTrue();
    }
}
