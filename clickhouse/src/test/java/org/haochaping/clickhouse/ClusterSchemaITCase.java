package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.Test;

/**
 * chDB cannot run distributed DDL (no Keeper, no remote_servers), but its parser is ClickHouse's: every statement
 * of the cluster variant must parse, and parse to what was meant (the cluster, the replicated engine).
 */
class ClusterSchemaITCase {

    @Test
    void everyRewrittenStatementIsValidClickHouseSql() {
        ChdbStore store = EmbeddedTestStore.get();
        ClusterSchema schema = new ClusterSchema("hcp", "haochaping");
        List<String> rewritten = new ArrayList<>();
        rewritten.add(schema.createDatabase());
        rewritten.add(schema.onEveryNode("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, "
                + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version"));
        Migrations.load(Migrations.FOLDER).forEach(m -> rewritten.addAll(schema.rewrite(m.statements())));
        // 23 tables (two statements each), 6 views, 3 column changes (two each); V006 also copies three tables
        // (an INSERT each), renames them (two statements each) and drops six leftovers (two each)
        assertThat(rewritten).hasSize(2 + 23 * 2 + 6 + 3 * 2 + 3 + 3 * 2 + 6 * 2);
        for (String statement : rewritten) {
            // formatQuery parses and prints the statement in one line, or fails with the syntax error
            String formatted = (String) store.query("SELECT formatQuerySingleLine(" + Sql.literal(statement) + ") AS f")
                    .get(0).get("f");
            if (formatted.startsWith("INSERT INTO")) {
                // through the Distributed table, which reaches every shard itself
                assertThat(formatted).as(statement).contains("SETTINGS distributed_foreground_insert = 1");
                continue;
            }
            assertThat(formatted).as(statement).contains(" ON CLUSTER hcp");
            if (formatted.startsWith("CREATE TABLE IF NOT EXISTS") && formatted.contains("_local ON CLUSTER hcp (")) {
                assertThat(formatted).as(statement).containsPattern(
                        "ENGINE = Replicated(Replacing)?MergeTree\\('/clickhouse/tables/\\{shard}/\\{database}/\\w+_local', "
                                + "'\\{replica}'(, \\w+)?\\)");
            }
        }
        assertThat(rewritten).filteredOn(s -> s.contains("ENGINE = Distributed(")).hasSize(23);
    }
}
