package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsITCase {

    private static final String EXTRA = "org/haochaping/clickhouse/testmigrations/extra";

    private ChdbStore store;

    @BeforeEach
    void open() {
        store = EmbeddedTestStore.truncateAll();
    }

    private List<Map<String, Object>> columns(String table) {
        return store.query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = "
                + Sql.literal(table) + " ORDER BY position");
    }

    private static Map<String, Object> column(String name, String type) {
        return Map.of("name", name, "type", type);
    }

    @Test
    void eachMigrationIsAppliedOnceAndRecorded() {
        for (String table : List.of("clerk_scores", "counter_scores", "counted_ratings", "work_orders",
                "work_order_events", "work_order_commands", "alerts", "alert_deliveries", "score_exclusions",
                "ratings", "clerk_minute_scores", "counter_minute_scores", "dead_letters",
                "cases", "flagged_ratings", "sms_invitations", "sms_sends", "staff", "evaluation_runs",
                "evaluation_results", "evaluation_flags", "evaluation_approvals", "catalogue", "schema_migrations", "extra_a",
                "ratings_by_day", "clerk_minute_scores_by_day", "counter_minute_scores_by_day")) {
            store.execute("DROP TABLE IF EXISTS " + table);
        }
        try {
            assertThat(Migrations.apply(store)).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(Migrations.apply(store)).isEmpty();

            List<Migrations.Migration> shipped = Migrations.load(Migrations.FOLDER);
            assertThat(store.query("SELECT version, name, checksum, dateDiff('second', applied_at, now64(3)) < 60 AS recent "
                    + "FROM schema_migrations ORDER BY version")).containsExactly(
                    Map.of("version", 1L, "name", "ratings_scores_dead_letters", "checksum", shipped.get(0).checksum(),
                            "recent", 1L),
                    Map.of("version", 2L, "name", "cases_flags_sms", "checksum", shipped.get(1).checksum(),
                            "recent", 1L),
                    Map.of("version", 3L, "name", "work_orders_alerts", "checksum", shipped.get(2).checksum(),
                            "recent", 1L),
                    Map.of("version", 4L, "name", "evaluations", "checksum", shipped.get(3).checksum(),
                            "recent", 1L),
                    Map.of("version", 5L, "name", "catalogue", "checksum", shipped.get(4).checksum(),
                            "recent", 1L),
                    Map.of("version", 6L, "name", "day_partitions", "checksum", shipped.get(5).checksum(),
                            "recent", 1L));

            // later files apply in version order whatever the index order, and only once
            assertThat(Migrations.apply(store, EXTRA)).containsExactly(901, 902);
            assertThat(Migrations.apply(store, EXTRA)).isEmpty();
            assertThat(Migrations.apply(store)).isEmpty();
            assertThat(store.query("SELECT version FROM schema_migrations ORDER BY version"))
                    .containsExactly(Map.of("version", 1L), Map.of("version", 2L), Map.of("version", 3L),
                            Map.of("version", 4L), Map.of("version", 5L), Map.of("version", 6L), Map.of("version", 901L),
                            Map.of("version", 902L));
            assertThat(store.query("SELECT a, b FROM extra_a")).containsExactly(Map.of("a", 1L, "b", "from V902"));
        } finally {
            store.execute("DROP TABLE IF EXISTS extra_a");
            store.execute("DELETE FROM schema_migrations WHERE version >= 900");
        }
        assertThat(store.queryLong("SELECT count() FROM schema_migrations")).isEqualTo(6);
    }

    @Test
    void theTablesHaveTheExpectedColumnsAndEngines() {
        assertThat(columns("ratings")).containsExactly(
                column("rating_id", "String"), column("project_no", "String"), column("assess_number", "UInt8"),
                column("channel", "LowCardinality(String)"), column("level", "UInt8"),
                column("tag_codes", "Array(LowCardinality(String))"), column("comment", "String"),
                column("hall_id", "LowCardinality(String)"), column("counter_id", "LowCardinality(String)"),
                column("clerk_id", "LowCardinality(String)"), column("dept_code", "LowCardinality(String)"),
                column("item_code", "LowCardinality(String)"), column("area_code", "LowCardinality(String)"),
                column("rated_at", "DateTime64(3, 'UTC')"), column("received_at", "DateTime64(3, 'UTC')"),
                column("rater_phone_hash", "String"), column("rater_phone_masked", "String"),
                column("device_id", "LowCardinality(String)"), column("is_default", "UInt8"));
        List<Map<String, Object>> minute = List.of(column("hall_id", "LowCardinality(String)"),
                column("clerk_id", "LowCardinality(String)"),
                column("window_start", "DateTime('UTC')"), column("ratings", "UInt64"), column("level_1", "UInt64"),
                column("level_2", "UInt64"), column("level_3", "UInt64"), column("level_4", "UInt64"),
                column("level_5", "UInt64"), column("score_sum", "UInt64"), column("bad_count", "UInt64"),
                column("default_count", "UInt64"), column("default_score_sum", "UInt64"), column("version", "UInt64"),
                column("updated_at", "DateTime64(3, 'UTC')"));
        assertThat(columns("clerk_minute_scores")).isEqualTo(minute);
        assertThat(columns("counter_minute_scores")).extracting(c -> c.get("name")).containsExactly("hall_id",
                "counter_id", "window_start", "ratings", "level_1", "level_2", "level_3", "level_4", "level_5",
                "score_sum", "bad_count", "default_count", "default_score_sum", "version", "updated_at");
        assertThat(columns("dead_letters")).containsExactly(column("dead_letter_id", "String"),
                column("source", "LowCardinality(String)"), column("payload", "String"), column("reason", "String"),
                column("occurred_at", "DateTime64(3, 'UTC')"));
        assertThat(columns("schema_migrations")).containsExactly(column("version", "UInt32"),
                column("name", "String"), column("checksum", "String"), column("applied_at", "DateTime64(3, 'UTC')"));

        // one partition per day (V006): FINAL merges only the days with more than one part
        assertThat(store.query("SELECT name, engine, partition_key, sorting_key FROM system.tables "
                + "WHERE database = currentDatabase() AND name IN ('ratings', 'clerk_minute_scores', "
                + "'counter_minute_scores', 'dead_letters') ORDER BY name")).containsExactly(
                Map.of("name", "clerk_minute_scores", "engine", "ReplacingMergeTree",
                        "partition_key", "toYYYYMMDD(window_start)", "sorting_key", "hall_id, clerk_id, window_start"),
                Map.of("name", "counter_minute_scores", "engine", "ReplacingMergeTree",
                        "partition_key", "toYYYYMMDD(window_start)", "sorting_key", "hall_id, counter_id, window_start"),
                Map.of("name", "dead_letters", "engine", "ReplacingMergeTree", "partition_key", "",
                        "sorting_key", "dead_letter_id"),
                Map.of("name", "ratings", "engine", "ReplacingMergeTree", "partition_key", "toYYYYMMDD(rated_at)",
                        "sorting_key", "hall_id, rated_at, rating_id"));
        assertThat(store.query("SELECT name, engine_full LIKE 'ReplacingMergeTree%' AS replacing, sorting_key "
                + "FROM system.tables WHERE database = currentDatabase() "
                + "AND name IN ('cases', 'flagged_ratings', 'sms_invitations', 'sms_sends') ORDER BY name")).containsExactly(
                Map.of("name", "cases", "replacing", 1L, "sorting_key", "project_no"),
                Map.of("name", "flagged_ratings", "replacing", 1L, "sorting_key", "rating_id"),
                Map.of("name", "sms_invitations", "replacing", 1L, "sorting_key", "invitation_id"),
                Map.of("name", "sms_sends", "replacing", 1L, "sorting_key", "invitation_id"));
        // phones only as hash and mask: no column of the new tables could hold one in clear
        assertThat(store.query("SELECT name FROM system.columns WHERE database = currentDatabase() "
                + "AND table IN ('cases', 'flagged_ratings', 'sms_invitations', 'sms_sends') AND name LIKE '%phone%' "
                + "AND name NOT LIKE '%_hash' AND name NOT LIKE '%_masked'")).isEmpty();
    }

    @Test
    void workOrderTablesAreReplaceableAndHoldNoPhoneInClear() {
        assertThat(store.query("SELECT name, engine_full LIKE 'ReplacingMergeTree%' AS replacing, sorting_key "
                + "FROM system.tables WHERE database = currentDatabase() AND name IN ('work_orders', "
                + "'work_order_events', 'work_order_commands', 'alerts', 'alert_deliveries', 'score_exclusions') "
                + "ORDER BY name")).containsExactly(
                Map.of("name", "alert_deliveries", "replacing", 1L, "sorting_key", "alert_id"),
                Map.of("name", "alerts", "replacing", 1L, "sorting_key", "alert_id"),
                Map.of("name", "score_exclusions", "replacing", 1L, "sorting_key", "rating_id"),
                Map.of("name", "work_order_commands", "replacing", 1L, "sorting_key", "command_id"),
                Map.of("name", "work_order_events", "replacing", 1L, "sorting_key", "work_order_id, event_id"),
                Map.of("name", "work_orders", "replacing", 1L, "sorting_key", "work_order_id"));
        assertThat(store.query("SELECT name FROM system.columns WHERE database = currentDatabase() "
                + "AND table LIKE 'work_order%' AND name LIKE '%phone%' "
                + "AND name NOT LIKE '%_hash' AND name NOT LIKE '%_masked'")).isEmpty();
    }

    @Test
    void evaluationRowsAreNeverReplacedAndHoldNoPhoneInClear() {
        // an approved revision must not change: its rows live in plain MergeTree tables, which never merge
        // one row into another; only the staff roster keeps the newest row per clerk
        assertThat(store.query("SELECT name, engine, sorting_key FROM system.tables WHERE database = currentDatabase() "
                + "AND (name LIKE 'evaluation%' OR name = 'staff') ORDER BY name")).containsExactly(
                Map.of("name", "evaluation_approvals", "engine", "MergeTree", "sorting_key", "month, approved_at, run_id"),
                Map.of("name", "evaluation_flags", "engine", "MergeTree", "sorting_key", "run_id, rating_id"),
                Map.of("name", "evaluation_results", "engine", "MergeTree",
                        "sorting_key", "run_id, subject_type, hall_id, subject_id"),
                Map.of("name", "evaluation_runs", "engine", "MergeTree", "sorting_key", "month, revision, run_id"),
                Map.of("name", "staff", "engine", "ReplacingMergeTree", "sorting_key", "clerk_id"));
        assertThat(store.query("SELECT name FROM system.columns WHERE database = currentDatabase() "
                + "AND (table LIKE 'evaluation%' OR table = 'staff') AND name LIKE '%phone%' "
                + "AND name NOT LIKE '%_hash' AND name NOT LIKE '%_masked'")).isEmpty();
    }

    @Test
    void theScoresViewsLeaveExcludedRatingsOut() {
        try {
            store.insertJsonEachRow("clerk_minute_scores", List.of(
                    "{\"hall_id\":\"H1\",\"clerk_id\":\"C1\",\"window_start\":\"2026-10-08 08:30:00\",\"ratings\":3,"
                            + "\"level_1\":1,\"level_5\":2,\"score_sum\":20,\"bad_count\":1,\"version\":3}"));
            store.insertJsonEachRow("counter_minute_scores", List.of(
                    "{\"hall_id\":\"H1\",\"counter_id\":\"W1\",\"window_start\":\"2026-10-08 08:30:00\",\"ratings\":3,"
                            + "\"level_1\":1,\"level_5\":2,\"score_sum\":20,\"bad_count\":1,\"version\":3}"));
            // the views hold contributions (minute rows and negative rows of excluded ratings): readers sum them
            String view = "SELECT sum(ratings) AS ratings, sum(level_1) AS level_1, sum(level_5) AS level_5, "
                    + "sum(score_sum) AS score_sum, sum(bad_count) AS bad_count FROM %s WHERE hall_id = 'H1'";
            assertThat(store.query(view.formatted("clerk_scores"))).containsExactly(
                    Map.of("ratings", 3L, "level_1", 1L, "level_5", 2L, "score_sum", 20L, "bad_count", 1L));
            store.insertJsonEachRow("score_exclusions", List.of(
                    "{\"rating_id\":\"r1\",\"work_order_id\":\"P1\",\"hall_id\":\"H1\",\"counter_id\":\"W1\","
                            + "\"clerk_id\":\"C1\",\"level\":1,\"points\":0,\"is_default\":0,"
                            + "\"rated_at\":\"2026-10-08 08:30:10.000\",\"window_start\":\"2026-10-08 08:30:00\","
                            + "\"reason\":\"appeal_upheld\",\"excluded_at\":\"2026-10-09 01:00:00.000\"}"));
            Map<String, Object> withoutTheAppealed =
                    Map.of("ratings", 2L, "level_1", 0L, "level_5", 2L, "score_sum", 20L, "bad_count", 0L);
            assertThat(store.query(view.formatted("clerk_scores"))).containsExactly(withoutTheAppealed);
            assertThat(store.query(view.formatted("counter_scores"))).containsExactly(withoutTheAppealed);
        } finally {
            store.execute("TRUNCATE TABLE clerk_minute_scores");
            store.execute("TRUNCATE TABLE counter_minute_scores");
            store.execute("TRUNCATE TABLE score_exclusions");
        }
    }

    @Test
    void theDayPartitionRebuildKeepsEveryRowAndCanRunAgain() {
        List<Migrations.Migration> shipped = Migrations.load(Migrations.FOLDER);
        Migrations.Migration rebuild = shipped.get(5);
        assertThat(rebuild.name()).isEqualTo("day_partitions");
        try {
            // the V005 ratings table with rows of two days, as an upgrade finds it
            store.execute("DROP TABLE ratings");
            store.execute(shipped.get(0).statements().get(0));
            assertThat(store.query("SELECT sorting_key FROM system.tables WHERE database = currentDatabase() "
                    + "AND name = 'ratings'")).containsExactly(Map.of("sorting_key", "rating_id"));
            store.insertJsonEachRow("ratings", List.of(
                    "{\"rating_id\":\"r1\",\"hall_id\":\"H1\",\"level\":5,\"tag_codes\":[\"t1\"],"
                            + "\"rated_at\":\"2026-10-08 08:30:10.000\"}",
                    "{\"rating_id\":\"r2\",\"hall_id\":\"H2\",\"level\":1,\"rated_at\":\"2026-10-09 02:00:00.000\"}"));
            store.insertJsonEachRow("clerk_minute_scores", List.of(
                    "{\"hall_id\":\"H1\",\"clerk_id\":\"C1\",\"window_start\":\"2026-10-08 08:30:00\",\"ratings\":1,"
                            + "\"version\":1}"));
            // applied, then applied again from its start, as after a run that stopped half-way
            for (int run = 0; run < 2; run++) {
                rebuild.statements().forEach(store::execute);
                assertThat(store.query("SELECT rating_id, hall_id, level, tag_codes FROM ratings FINAL ORDER BY rating_id"))
                        .containsExactly(Map.of("rating_id", "r1", "hall_id", "H1", "level", 5L, "tag_codes", List.of("t1")),
                                Map.of("rating_id", "r2", "hall_id", "H2", "level", 1L, "tag_codes", List.of()));
                assertThat(store.query("SELECT partition FROM system.parts WHERE database = currentDatabase() "
                        + "AND table = 'ratings' AND active GROUP BY partition ORDER BY partition"))
                        .containsExactly(Map.of("partition", "20261008"), Map.of("partition", "20261009"));
                assertThat(store.queryLong("SELECT sum(ratings) FROM clerk_scores WHERE clerk_id = 'C1'")).isEqualTo(1);
                assertThat(store.queryLong("SELECT count() FROM counted_ratings")).isEqualTo(2);
                assertThat(store.query("SELECT name FROM system.tables WHERE database = currentDatabase() "
                        + "AND (name LIKE '%_by_day' OR name LIKE '%_before_v006')")).isEmpty();
            }
        } finally {
            store.execute("TRUNCATE TABLE ratings");
            store.execute("TRUNCATE TABLE clerk_minute_scores");
        }
    }

    @Test
    void anEditedMigrationIsRefused() {
        String recorded = (String) store.query("SELECT checksum FROM schema_migrations WHERE version = 1").get(0)
                .get("checksum");
        assertThatThrownBy(() -> Migrations.apply(store, "org/haochaping/clickhouse/testmigrations/edited"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("migration V001__ratings_scores_dead_letters.sql was changed after it was "
                        + "applied to database 'hcp_test'")
                .hasMessageContaining("recorded checksum " + recorded)
                .hasMessageContaining("Applied migrations must never be edited");
        assertThat(columns("ratings")).contains(column("assess_number", "UInt8"));
        assertThat(store.queryLong("SELECT count() FROM schema_migrations")).isEqualTo(6);
    }
}
