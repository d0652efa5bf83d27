package org.haochaping.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations as they run on a ClickHouse cluster ({@code clickhouse.cluster}). The SQL files are written for
 * one server; this rewrites their statements so that every node gets the schema through distributed DDL
 * ({@code ON CLUSTER}), the rows are sharded and replicated, and the rest of the system keeps reading and writing
 * the table names it knows, which become {@code Distributed} tables:
 * <ul>
 *   <li>{@code CREATE TABLE t (…) ENGINE = XMergeTree[(args)] …} becomes
 *       {@code CREATE TABLE t_local ON CLUSTER c (…) ENGINE = ReplicatedXMergeTree('/clickhouse/tables/{shard}/{database}/t_local', '{replica}'[, args]) …}
 *       followed by
 *       {@code CREATE TABLE t ON CLUSTER c AS db.t_local ENGINE = Distributed(c, db, t_local, cityHash64(k))},
 *       k being the first column of t's {@code ORDER BY};</li>
 *   <li>{@code CREATE VIEW v AS …} gets {@code ON CLUSTER c}, and its {@code IN (SELECT …)} become
 *       {@code GLOBAL IN (SELECT …)}; it keeps reading the Distributed tables;</li>
 *   <li>{@code ALTER TABLE t ADD|DROP|MODIFY|RENAME|COMMENT COLUMN …} runs {@code ON CLUSTER c} on {@code t_local},
 *       then on {@code t}, so both keep one structure; any other {@code ALTER} (a mutation, an index) concerns
 *       the stored rows and runs on {@code t_local} only;</li>
 *   <li>{@code INSERT} goes through the Distributed table to the shards, in the foreground
 *       ({@code distributed_foreground_insert}): the rows are on the shards when the statement returns, so a
 *       later statement of the migration (a rename of the table) cannot overtake them;</li>
 *   <li>{@code RENAME TABLE a TO b[, c TO d …]} renames the replicated tables ({@code a_local} to {@code b_local}),
 *       then the Distributed ones. A Distributed table names its replicated table, and resolves that name when it
 *       is read, so after renaming a rebuilt {@code t_new} to {@code t} the Distributed {@code t} reads
 *       {@code t_local}, the rebuilt rows;</li>
 *   <li>{@code DROP TABLE [IF EXISTS] t} drops the Distributed table, then the replicated one.</li>
 * </ul>
 * Any other statement is refused, so that a new kind of migration statement gets a rule here rather than
 * running on the one node the migrations happen to be connected to.
 *
 * <p>The database is written out where ClickHouse does not resolve it itself: distributed DDL runs on each node
 * without the initiator's current database, so {@code currentDatabase()} in the Distributed engine's arguments and
 * an unqualified {@code AS t_local} would name the node's default database (ClickHouse issues #8170, #37318).
 * Table names inside {@code CREATE VIEW} and {@code ALTER} are qualified by ClickHouse before the query is sent.
 */
public final class ClusterSchema {

    /** What the replicated table behind the Distributed table {@code t} is called: {@code t_local}. */
    public static final String LOCAL_SUFFIX = "_local";

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern PLAIN = Pattern.compile(NAME);
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)(CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)"
            + "(" + NAME + ")(\\s*\\(.*\\)\\s*ENGINE\\s*=\\s*)([A-Za-z]*)MergeTree(?:\\s*\\(([^()]*)\\))?(.*)");
    private static final Pattern FIRST_ORDER_BY_COLUMN =
            Pattern.compile("(?is)\\bORDER\\s+BY\\s+\\(?\\s*(" + NAME + ")\\b(?!\\s*\\()");
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "(?is)(CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)(" + NAME + ")(\\s+AS\\s.*)");
    /** An IN subquery not yet GLOBAL; "NOT IN" is matched from its NOT, hence the second look-behind. */
    private static final Pattern LOCAL_IN =
            Pattern.compile("(?i)(?<!GLOBAL\\s)(?<!NOT\\s)\\b((?:NOT\\s+)?IN\\s*\\(\\s*SELECT\\b)");
    private static final Pattern JOIN = Pattern.compile("(?i)\\bJOIN\\b");
    private static final Pattern GLOBAL_JOIN = Pattern.compile(
            "(?i)\\bGLOBAL\\s+(?:(?:ANY|ALL|ASOF|SEMI|ANTI|INNER|LEFT|RIGHT|FULL|OUTER|CROSS|PASTE)\\s+)*JOIN\\b");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)(ALTER\\s+TABLE\\s+)(" + NAME + ")(\\s+.*)");
    private static final Pattern COLUMN_CHANGE = Pattern.compile("(?is)\\s*(ADD|DROP|MODIFY|RENAME|COMMENT)\\s+COLUMN\\b.*");
    private static final Pattern INSERT =
            Pattern.compile("(?is)(INSERT\\s+INTO\\s+" + NAME + "(?:\\s*\\([^()]*\\))?)(\\s.*)");
    private static final Pattern RENAME = Pattern.compile("(?is)RENAME\\s+TABLE\\s+(.+)");
    private static final Pattern RENAME_PAIR = Pattern.compile("(?is)\\s*(" + NAME + ")\\s+TO\\s+(" + NAME + ")\\s*");
    private static final Pattern DROP = Pattern.compile("(?is)DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(" + NAME + ")\\s*");

    private final String cluster;
    private final String database;

    /**
     * @param cluster  a cluster of the server's {@code remote_servers} (clickhouse.cluster)
     * @param database the database the migrations create their tables in (clickhouse.database)
     */
    public ClusterSchema(String cluster, String database) {
        if (cluster == null || cluster.isEmpty() || cluster.contains("`") || cluster.contains("\\")) {
            throw new IllegalArgumentException("clickhouse.cluster must name a cluster, got: '" + cluster + "'");
        }
        this.cluster = PLAIN.matcher(cluster).matches() ? cluster : "`" + cluster + "`";
        this.database = Sql.identifier("clickhouse.database", database);
    }

    /** The statements of one migration as they run on the cluster, in order. */
    public List<String> rewrite(List<String> statements) {
        List<String> out = new ArrayList<>();
        for (String statement : statements) {
            out.addAll(rewrite(statement));
        }
        return out;
    }

    /**
     * One statement as it runs on the cluster: two for a table (replicated, then Distributed) and for a change
     * of its columns, one otherwise.
     *
     * @throws MigrationException for a statement no rule covers
     */
    public List<String> rewrite(String statement) {
        String sql = statement.strip();
        Matcher m;
        if ((m = CREATE_TABLE.matcher(sql)).matches()) {
            return table(m, sql);
        }
        if ((m = CREATE_VIEW.matcher(sql)).matches()) {
            String body = m.group(3);
            if (JOIN.matcher(body).results().count() != GLOBAL_JOIN.matcher(body).results().count()) {
                throw refused(sql, "a view with a JOIN over sharded tables needs GLOBAL JOIN (or a colocated "
                        + "design); write GLOBAL JOIN in the migration");
            }
            return List.of(m.group(1) + m.group(2) + onCluster() + LOCAL_IN.matcher(body).replaceAll("GLOBAL $1"));
        }
        if ((m = ALTER_TABLE.matcher(sql)).matches()) {
            String local = m.group(1) + m.group(2) + LOCAL_SUFFIX + onCluster() + m.group(3);
            if (COLUMN_CHANGE.matcher(m.group(3)).matches()) {
                return List.of(local, m.group(1) + m.group(2) + onCluster() + m.group(3));
            }
            return List.of(local);
        }
        if ((m = INSERT.matcher(sql)).matches()) {
            return List.of(m.group(1) + " SETTINGS distributed_foreground_insert = 1" + m.group(2));
        }
        if ((m = RENAME.matcher(sql)).matches()) {
            return rename(m.group(1), sql);
        }
        if ((m = DROP.matcher(sql)).matches()) {
            String ifExists = m.group(1) == null ? "" : "IF EXISTS ";
            String table = database + "." + m.group(2);
            return List.of("DROP TABLE " + ifExists + table + onCluster() + " SYNC",
                    "DROP TABLE " + ifExists + table + LOCAL_SUFFIX + onCluster() + " SYNC");
        }
        throw refused(sql, "no rule for this kind of statement (CREATE TABLE … MergeTree, CREATE VIEW, ALTER TABLE, "
                + "INSERT, RENAME TABLE and DROP TABLE have one)");
    }

    /**
     * A table every node holds in full, for the migrations' own records: one {@code Replicated…MergeTree} with a
     * path shared by all shards, so a run connected to any node sees what a run through another node applied.
     * The replica name joins shard and replica, which only together name one node in every layout.
     */
    public String onEveryNode(String createTable) {
        Matcher m = CREATE_TABLE.matcher(createTable.strip());
        if (!m.matches()) {
            throw refused(createTable, "not a CREATE TABLE … MergeTree statement");
        }
        String table = m.group(2);
        return m.group(1) + table + onCluster() + m.group(3) + replicatedEngine(m.group(4), m.group(5),
                "/clickhouse/tables/all/{database}/" + table, "{shard}-{replica}") + m.group(6);
    }

    /**
     * Creates the database on every node. The store creates it only on the node it is connected to, and a
     * distributed {@code CREATE TABLE} fails on every node that lacks it.
     */
    public String createDatabase() {
        return "CREATE DATABASE IF NOT EXISTS " + database + onCluster();
    }

    /** The cluster as the rewritten statements name it. */
    public String cluster() {
        return cluster;
    }

    private List<String> table(Matcher m, String sql) {
        String family = m.group(4);
        if (family.regionMatches(true, 0, "Replicated", 0, "Replicated".length())) {
            throw refused(sql, "the migrations are written for one server; the cluster variant adds Replicated itself");
        }
        String table = m.group(2);
        String local = table + LOCAL_SUFFIX;
        Matcher key = FIRST_ORDER_BY_COLUMN.matcher(m.group(6));
        if (!key.find()) {
            throw refused(sql, "the sharding key is the first ORDER BY column, and this table's ORDER BY does not "
                    + "start with a column");
        }
        String replicated = m.group(1) + local + onCluster() + m.group(3)
                + replicatedEngine(family, m.group(5), "/clickhouse/tables/{shard}/{database}/" + local, "{replica}")
                + m.group(6);
        // Rows that replace each other have one ORDER BY key, so one first column: hashing it sends them to one
        // shard, where the replacing merge and FINAL (both work within a shard) keep one row per key. A hash of
        // the whole key would spread more evenly but keeps that property too; the first column also keeps a work
        // order's events, and a run's results, together.
        String distributed = m.group(1) + table + onCluster() + " AS " + database + "." + local
                + "\nENGINE = Distributed(" + cluster + ", " + database + ", " + local
                + ", cityHash64(" + key.group(1) + "))";
        return List.of(replicated, distributed);
    }

    private List<String> rename(String pairs, String sql) {
        List<String> local = new ArrayList<>();
        List<String> distributed = new ArrayList<>();
        for (String pair : pairs.split(",")) {
            Matcher p = RENAME_PAIR.matcher(pair);
            if (!p.matches()) {
                throw refused(sql, "a RENAME TABLE rule takes plain 'a TO b' pairs");
            }
            String from = database + "." + p.group(1);
            String to = database + "." + p.group(2);
            local.add(from + LOCAL_SUFFIX + " TO " + to + LOCAL_SUFFIX);
            distributed.add(from + " TO " + to);
        }
        return List.of("RENAME TABLE " + String.join(", ", local) + onCluster(),
                "RENAME TABLE " + String.join(", ", distributed) + onCluster());
    }

    private static String replicatedEngine(String family, String args, String path, String replica) {
        String extra = args == null || args.isBlank() ? "" : ", " + args.strip();
        return "Replicated" + family + "MergeTree('" + path + "', '" + replica + "'" + extra + ")";
    }

    private String onCluster() {
        return " ON CLUSTER " + cluster;
    }

    private MigrationException refused(String sql, String why) {
        return new MigrationException("cannot run on cluster " + cluster + ": " + why + ": "
                + ClickHouseException.abbreviate(sql));
    }
}
