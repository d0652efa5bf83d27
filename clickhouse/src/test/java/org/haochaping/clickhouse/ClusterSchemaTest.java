package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.clickhouse.Migrations.Migration;
import org.junit.jupiter.api.Test;

class ClusterSchemaTest {

    private static final ClusterSchema HCP = new ClusterSchema("hcp", "haochaping");
    private static final List<Migration> SHIPPED = Migrations.load(Migrations.FOLDER);

    /** The shipped statement that starts with {@code head}. */
    private static String shipped(String head) {
        return SHIPPED.stream().flatMap(m -> m.statements().stream()).filter(s -> s.startsWith(head)).findFirst()
                .orElseThrow(() -> new AssertionError("no shipped statement starts with: " + head));
    }

    @Test
    void aReplacingTableBecomesAReplicatedLocalTableBehindADistributedOneShardedByItsKey() {
        assertThat(HCP.rewrite(shipped("CREATE TABLE IF NOT EXISTS ratings\n"))).containsExactly("""
                CREATE TABLE IF NOT EXISTS ratings_local ON CLUSTER hcp
                (
                    rating_id          String,
                    project_no         String,
                    assess_number      UInt8,
                    channel            LowCardinality(String),
                    level              UInt8,
                    tag_codes          Array(String),
                    comment            String,
                    hall_id            String,
                    counter_id         String,
                    clerk_id           String,
                    dept_code          String,
                    item_code          String,
                    area_code          String,
                    rated_at           DateTime64(3, 'UTC'),
                    received_at        DateTime64(3, 'UTC'),
                    rater_phone_hash   String,
                    rater_phone_masked String,
                    device_id          String,
                    is_default         UInt8
                )
                ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/ratings_local', '{replica}')
                PARTITION BY toYYYYMM(rated_at)
                ORDER BY rating_id""", """
                CREATE TABLE IF NOT EXISTS ratings ON CLUSTER hcp AS haochaping.ratings_local
                ENGINE = Distributed(hcp, haochaping, ratings_local, cityHash64(rating_id))""");
    }

    @Test
    void theVersionColumnStaysTheReplacingEnginesLastArgumentAndTheKeysFirstColumnShards() {
        List<String> clerkMinutes = HCP.rewrite(shipped("CREATE TABLE IF NOT EXISTS clerk_minute_scores\n"));
        assertThat(clerkMinutes.get(0)).contains("\nENGINE = ReplicatedReplacingMergeTree("
                + "'/clickhouse/tables/{shard}/{database}/clerk_minute_scores_local', '{replica}', version)\n"
                + "PARTITION BY toYYYYMM(window_start)\nORDER BY (hall_id, clerk_id, window_start)");
        assertThat(clerkMinutes.get(1)).isEqualTo("""
                CREATE TABLE IF NOT EXISTS clerk_minute_scores ON CLUSTER hcp AS haochaping.clerk_minute_scores_local
                ENGINE = Distributed(hcp, haochaping, clerk_minute_scores_local, cityHash64(hall_id))""");
        assertThat(HCP.rewrite(shipped("CREATE TABLE IF NOT EXISTS work_order_events\n")).get(1))
                .endsWith("ENGINE = Distributed(hcp, haochaping, work_order_events_local, cityHash64(work_order_id))");
    }

    @Test
    void aPlainMergeTreeTableBecomesReplicatedMergeTree() {
        assertThat(HCP.rewrite(shipped("CREATE TABLE IF NOT EXISTS evaluation_runs\n"))).containsExactly("""
                CREATE TABLE IF NOT EXISTS evaluation_runs_local ON CLUSTER hcp
                (
                    run_id              String,
                    month               String,
                    revision            UInt32,
                    policy_version      String,
                    policy_hash         String,
                    policy_yaml         String,
                    created_by          String,
                    created_at          DateTime64(3, 'UTC'),
                    results_hash        String,
                    counted_ratings     UInt64,
                    excluded_ratings    UInt64,
                    clerks              UInt32,
                    counters            UInt32,
                    compared_revision   Nullable(UInt32),
                    differs             UInt8,
                    change_summary      String
                )
                ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/evaluation_runs_local', '{replica}')
                ORDER BY (month, revision, run_id)""", """
                CREATE TABLE IF NOT EXISTS evaluation_runs ON CLUSTER hcp AS haochaping.evaluation_runs_local
                ENGINE = Distributed(hcp, haochaping, evaluation_runs_local, cityHash64(month))""");
    }

    @Test
    void aViewRunsOnTheClusterReadingTheDistributedTablesWithGlobalSubqueries() {
        // ratings and score_exclusions are both sharded: a plain IN over them is refused by ClickHouse
        // (distributed_product_mode = deny); GLOBAL IN reads the exclusions once and ships them to every shard
        assertThat(HCP.rewrite(shipped("CREATE VIEW IF NOT EXISTS counted_ratings"))).containsExactly("""
                CREATE VIEW IF NOT EXISTS counted_ratings ON CLUSTER hcp AS
                SELECT * FROM ratings FINAL WHERE rating_id GLOBAL NOT IN (SELECT rating_id FROM score_exclusions FINAL)""");
        String clerkScores = shipped("CREATE VIEW IF NOT EXISTS clerk_scores");
        assertThat(HCP.rewrite(clerkScores)).containsExactly(clerkScores.replace(
                "CREATE VIEW IF NOT EXISTS clerk_scores AS\n", "CREATE VIEW IF NOT EXISTS clerk_scores ON CLUSTER hcp AS\n"));
    }

    @Test
    void aColumnChangeRunsOnTheLocalTableThenOnTheDistributedOne() {
        assertThat(HCP.rewrite(shipped("ALTER TABLE sms_invitations"))).containsExactly(
                "ALTER TABLE sms_invitations_local ON CLUSTER hcp ADD COLUMN IF NOT EXISTS assess_number UInt8 DEFAULT 1 "
                        + "AFTER project_no",
                "ALTER TABLE sms_invitations ON CLUSTER hcp ADD COLUMN IF NOT EXISTS assess_number UInt8 DEFAULT 1 "
                        + "AFTER project_no");
        // a mutation concerns the stored rows, which only the local tables hold
        assertThat(HCP.rewrite("ALTER TABLE ratings UPDATE comment = '' WHERE rating_id = 'r1'")).containsExactly(
                "ALTER TABLE ratings_local ON CLUSTER hcp UPDATE comment = '' WHERE rating_id = 'r1'");
        // through the Distributed table, in the foreground: the rows are on the shards when it returns
        assertThat(HCP.rewrite("INSERT INTO staff (clerk_id) VALUES ('C1')"))
                .containsExactly("INSERT INTO staff (clerk_id) SETTINGS distributed_foreground_insert = 1 VALUES ('C1')");
        assertThat(HCP.rewrite("INSERT INTO ratings_by_day SELECT * FROM ratings")).containsExactly(
                "INSERT INTO ratings_by_day SETTINGS distributed_foreground_insert = 1 SELECT * FROM ratings");
    }

    @Test
    void aRebuiltTableTakesTheOldNameOnEveryNodeAndTheOldOneIsDropped() {
        // locals first: the Distributed table now called ratings names ratings_by_day_local, and resolves that name
        // when read, so it must already be the rebuilt ratings_local
        assertThat(HCP.rewrite("RENAME TABLE ratings TO ratings_before_v006, ratings_by_day TO ratings")).containsExactly(
                "RENAME TABLE haochaping.ratings_local TO haochaping.ratings_before_v006_local, "
                        + "haochaping.ratings_by_day_local TO haochaping.ratings_local ON CLUSTER hcp",
                "RENAME TABLE haochaping.ratings TO haochaping.ratings_before_v006, "
                        + "haochaping.ratings_by_day TO haochaping.ratings ON CLUSTER hcp");
        assertThat(HCP.rewrite("DROP TABLE IF EXISTS ratings_before_v006")).containsExactly(
                "DROP TABLE IF EXISTS haochaping.ratings_before_v006 ON CLUSTER hcp SYNC",
                "DROP TABLE IF EXISTS haochaping.ratings_before_v006_local ON CLUSTER hcp SYNC");
        assertThat(HCP.rewrite("DROP TABLE t")).containsExactly(
                "DROP TABLE haochaping.t ON CLUSTER hcp SYNC", "DROP TABLE haochaping.t_local ON CLUSTER hcp SYNC");
    }

    @Test
    void everyTableOfTheShippedMigrationsIsReplicatedAndDistributed() {
        Pattern createTable = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)\n");
        List<String> tables = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        int views = 0;
        int alters = 0;
        int inserts = 0;
        int renamesAndDrops = 0;
        for (Migration m : SHIPPED) {
            for (String statement : m.statements()) {
                Matcher table = createTable.matcher(statement);
                if (table.lookingAt()) {
                    tables.add(table.group(1));
                }
                views += statement.matches("(?s)CREATE (OR REPLACE )?VIEW.*") ? 1 : 0;
                alters += statement.startsWith("ALTER TABLE") ? 1 : 0;
                inserts += statement.startsWith("INSERT INTO") ? 1 : 0;
                renamesAndDrops += statement.matches("(?s)(RENAME|DROP) TABLE.*") ? 1 : 0;
            }
            rewritten.addAll(HCP.rewrite(m.statements()));
        }
        assertThat(SHIPPED).extracting(Migration::version).containsExactly(1, 2, 3, 4, 5, 6);
        // V006 rebuilds ratings and both minute tables under a new name: three more tables
        assertThat(tables).hasSize(23).doesNotHaveDuplicates();
        assertThat(inserts).isEqualTo(3);
        assertThat(renamesAndDrops).isEqualTo(9);
        assertThat(rewritten).hasSize(2 * tables.size() + views + 2 * alters + inserts + 2 * renamesAndDrops);
        assertThat(rewritten).filteredOn(s -> !s.startsWith("INSERT INTO")).allSatisfy(s -> assertThat(s).contains(" ON CLUSTER hcp")
                .doesNotContain("ENGINE = MergeTree").doesNotContain("ENGINE = ReplacingMergeTree")
                .doesNotContainPattern("(?<!GLOBAL )(?<!GLOBAL NOT )\\bIN \\(SELECT"));
        for (String table : tables) {
            String local = table + ClusterSchema.LOCAL_SUFFIX;
            assertThat(rewritten).as(table).filteredOn(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + local
                            + " ON CLUSTER hcp\n"))
                    .singleElement().asString().containsPattern("\nENGINE = Replicated(Replacing)?MergeTree\\('/clickhouse/"
                            + "tables/\\{shard}/\\{database}/" + local + "', '\\{replica}'(, \\w+)?\\)\n");
            assertThat(rewritten).as(table).filteredOn(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + table
                            + " ON CLUSTER hcp AS haochaping." + local + "\n"))
                    .singleElement().asString().containsPattern("ENGINE = Distributed\\(hcp, haochaping, " + local
                            + ", cityHash64\\(\\w+\\)\\)$");
        }
    }

    @Test
    void theMigrationRecordsAreOneTableReplicatedToEveryNode() {
        assertThat(HCP.onEveryNode("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, "
                + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version")).isEqualTo(
                "CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER hcp (version UInt32, name String, "
                        + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplicatedMergeTree("
                        + "'/clickhouse/tables/all/{database}/schema_migrations', '{shard}-{replica}') ORDER BY version");
    }

    @Test
    void aClusterNameOutsideThePlainIdentifiersIsBackquoted() {
        ClusterSchema dashed = new ClusterSchema("hcp-prod", "hcp");
        assertThat(dashed.rewrite("CREATE TABLE t (a String) ENGINE = MergeTree ORDER BY a")).containsExactly(
                "CREATE TABLE t_local ON CLUSTER `hcp-prod` (a String) ENGINE = ReplicatedMergeTree("
                        + "'/clickhouse/tables/{shard}/{database}/t_local', '{replica}') ORDER BY a",
                "CREATE TABLE t ON CLUSTER `hcp-prod` AS hcp.t_local\n"
                        + "ENGINE = Distributed(`hcp-prod`, hcp, t_local, cityHash64(a))");
        assertThatThrownBy(() -> new ClusterSchema("a`b", "hcp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterSchema("hcp", "hcp-db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clickhouse.database");
    }

    @Test
    void statementsWithoutARuleAreRefusedNamingTheStatement() {
        Map<String, String> refused = Map.of(
                "CREATE TABLE s (a UInt32) ENGINE = Memory", "no rule for this kind of statement",
                "DROP DATABASE haochaping", "no rule for this kind of statement",
                "RENAME TABLE ratings TO db2.ratings", "plain 'a TO b' pairs",
                "CREATE MATERIALIZED VIEW mv TO t AS SELECT 1", "no rule for this kind of statement",
                "CREATE TABLE r (a String) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY a", "adds Replicated itself",
                "CREATE TABLE d (a Date) ENGINE = MergeTree ORDER BY toYYYYMM(a)", "first ORDER BY column",
                "CREATE VIEW v AS SELECT * FROM ratings r JOIN cases c USING (project_no)", "GLOBAL JOIN");
        refused.forEach((sql, why) -> assertThatThrownBy(() -> HCP.rewrite(sql)).as(sql)
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("cannot run on cluster hcp: ").hasMessageContaining(why)
                .hasMessageEndingWith(sql));
        // already global: left as written
        String global = "CREATE VIEW v AS SELECT * FROM ratings GLOBAL LEFT JOIN cases USING (project_no) "
                + "WHERE rating_id GLOBAL NOT IN (SELECT rating_id FROM score_exclusions) "
                + "AND hall_id GLOBAL IN (SELECT hall_id FROM staff)";
        assertThat(HCP.rewrite(global)).containsExactly(global.replace("CREATE VIEW v AS", "CREATE VIEW v ON CLUSTER hcp AS"));
    }

    /** A store that records what Migrations sends it and has no migration applied yet. */
    private static final class RecordingStore implements ClickHouseStore {
        final List<String> executed = new ArrayList<>();
        final List<String> inserted = new ArrayList<>();

        @Override
        public void execute(String sql) {
            executed.add(sql);
        }

        @Override
        public void insertJsonEachRow(String table, List<String> jsonRows) {
            jsonRows.forEach(row -> inserted.add(table + " " + row));
        }

        @Override
        public List<Map<String, Object>> query(String sql) {
            return List.of();
        }

        @Override
        public String database() {
            return "haochaping";
        }

        @Override
        public void close() {}
    }

    @Test
    void migrationsRunTheRewrittenStatementsOnACluster() {
        RecordingStore store = new RecordingStore();
        assertThat(Migrations.apply(store, Migrations.FOLDER, "hcp")).containsExactly(1, 2, 3, 4, 5, 6);
        List<String> expected = new ArrayList<>();
        expected.add("CREATE DATABASE IF NOT EXISTS haochaping ON CLUSTER hcp");
        expected.add(HCP.onEveryNode("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, "
                + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version"));
        SHIPPED.forEach(m -> expected.addAll(HCP.rewrite(m.statements())));
        assertThat(store.executed).isEqualTo(expected);
        assertThat(store.inserted).hasSize(6).allSatisfy(row -> assertThat(row).startsWith("schema_migrations {"));
        assertThat(store.inserted.get(0)).contains("\"checksum\":\"" + SHIPPED.get(0).checksum() + "\"");
    }

    @Test
    void aSingleServerRunsTheFilesAsWritten() {
        RecordingStore store = new RecordingStore();
        assertThat(Migrations.apply(store, Migrations.FOLDER, "")).containsExactly(1, 2, 3, 4, 5, 6);
        List<String> expected = new ArrayList<>();
        expected.add("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, "
                + "applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version");
        SHIPPED.forEach(m -> expected.addAll(m.statements()));
        assertThat(store.executed).isEqualTo(expected);
        assertThat(store.executed).noneMatch(s -> s.contains("ON CLUSTER") || s.contains("Replicated"));
    }

    @Test
    void aMigrationWithoutAClusterRuleFailsBeforeAnythingRuns() {
        RecordingStore store = new RecordingStore();
        assertThatThrownBy(() -> Migrations.apply(store, "org/haochaping/clickhouse/testmigrations/nocluster", "hcp"))
                .isInstanceOf(MigrationException.class)
                .hasMessage("migration V001__memory_table.sql cannot run on cluster hcp: no rule for this kind of "
                        + "statement (CREATE TABLE … MergeTree, CREATE VIEW, ALTER TABLE, INSERT, RENAME TABLE and DROP TABLE "
                        + "have one): "
                        + "CREATE TABLE IF NOT EXISTS scratch (a UInt32) ENGINE = Memory");
        assertThat(store.executed).isEmpty();
    }
}
