package org.haochaping.clickhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL files in {@value #FOLDER} in version order, each exactly once, recording each in
 * {@value #TABLE} with a checksum of its text. The folder's {@code index.txt} lists the files (listing a
 * classpath folder inside a jar is unreliable); {@code #} lines and blank lines there are ignored.
 *
 * <p>A file is {@code V<version>__<name>.sql}; it is split into statements at every {@code ;} that ends a line,
 * and lines starting with {@code --} are dropped. A recorded migration whose file changed fails the run: applied
 * migrations must never be edited, add a new one instead. Statements are not transactional, so write them to be
 * re-runnable ({@code IF NOT EXISTS}): a migration that failed half-way is applied again from its start.
 *
 * <p>On a cluster ({@code clickhouse.cluster}) the database is created on every node, every statement runs as
 * {@link ClusterSchema} rewrites it, and {@value #TABLE} is replicated to every node. The checksums stay those of
 * the files: the rewrite is a function of the file, the cluster name and the database.
 */
public final class Migrations {

    public static final String FOLDER = "org/haochaping/clickhouse/migrations";
    public static final String TABLE = "schema_migrations";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOKKEEPING = "CREATE TABLE IF NOT EXISTS " + TABLE + " (version UInt32, name String, "
            + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version";

    private Migrations() {}

    /** One migration file. {@code checksum} is the SHA-256 of its text with line endings normalised to '\n'. */
    public record Migration(int version, String name, String fileName, String checksum, List<String> statements) {}

    /** Applies this module's migrations; returns the versions applied this time (empty if none were pending). */
    public static List<Integer> apply(ClickHouseStore store) {
        return apply(store, FOLDER);
    }

    /** Applies the migrations listed in {@code folder}/index.txt on the classpath to one server. */
    public static List<Integer> apply(ClickHouseStore store, String folder) {
        return apply(store, folder, "");
    }

    /**
     * Applies the migrations listed in {@code folder}/index.txt on the classpath.
     *
     * @param cluster clickhouse.cluster: empty for one server, else the cluster the schema is rewritten for
     */
    public static List<Integer> apply(ClickHouseStore store, String folder, String cluster) {
        List<Migration> migrations = load(folder);
        ClusterSchema schema = cluster == null || cluster.isEmpty() ? null : new ClusterSchema(cluster, store.database());
        // every file is rewritten before anything runs: a statement without a cluster rule fails the run up front
        Map<Integer, List<String>> statements = new HashMap<>();
        for (Migration m : migrations) {
            try {
                statements.put(m.version(), schema == null ? m.statements() : schema.rewrite(m.statements()));
            } catch (MigrationException e) {
                throw new MigrationException("migration " + m.fileName() + " " + e.getMessage(), e);
            }
        }
        if (schema == null) {
            store.execute(BOOKKEEPING);
        } else {
            store.execute(schema.createDatabase());
            store.execute(schema.onEveryNode(BOOKKEEPING));
        }
        Map<Integer, String> applied = new HashMap<>();
        for (Map<String, Object> row : store.query("SELECT version, checksum FROM " + TABLE + " ORDER BY version")) {
            applied.put(((Number) row.get("version")).intValue(), (String) row.get("checksum"));
        }
        for (Migration m : migrations) {
            String recorded = applied.get(m.version());
            if (recorded != null && !recorded.equals(m.checksum())) {
                throw new MigrationException("migration " + m.fileName() + " was changed after it was applied to "
                        + "database '" + store.database() + "' (recorded checksum " + recorded + ", file now "
                        + m.checksum() + "). Applied migrations must never be edited: restore the file and add "
                        + "a new migration with the next version instead.");
            }
        }
        List<Integer> unknown = new ArrayList<>(new TreeMap<>(applied).keySet());
        unknown.removeAll(migrations.stream().map(Migration::version).toList());
        if (!unknown.isEmpty()) {
            LOG.warn("database {} has migrations {} that {} does not list: is this build older than the schema?",
                    store.database(), unknown, folder);
        }
        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
            if (applied.containsKey(m.version())) {
                continue;
            }
            long start = System.nanoTime();
            List<String> toRun = statements.get(m.version());
            for (int i = 0; i < toRun.size(); i++) {
                try {
                    store.execute(toRun.get(i));
                } catch (ClickHouseException e) {
                    throw new MigrationException("migration " + m.fileName() + " failed at statement " + (i + 1)
                            + " of " + toRun.size() + (schema == null ? "" : " (as rewritten for cluster "
                            + schema.cluster() + ")") + ": " + e.getMessage(), e);
                }
            }
            store.insertJsonEachRow(TABLE, List.of(record(m)));
            done.add(m.version());
            LOG.info("applied migration {} to database {}{} in {} ms", m.fileName(), store.database(),
                    schema == null ? "" : " on cluster " + schema.cluster(), (System.nanoTime() - start) / 1_000_000);
        }
        return done;
    }

    private static String record(Migration m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", m.version());
        row.put("name", m.name());
        row.put("checksum", m.checksum());
        row.put("applied_at", DATETIME64.format(Instant.now()));
        try {
            return JSON.writeValueAsString(row);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The migrations listed in {@code folder}/index.txt, in version order. */
    public static List<Migration> load(String folder) {
        ClassLoader loader = Migrations.class.getClassLoader();
        String index = read(loader, folder + "/index.txt");
        TreeMap<Integer, Migration> byVersion = new TreeMap<>();
        for (String fileName : indexEntries(index)) {
            Migration m = parse(fileName, read(loader, folder + "/" + fileName));
            Migration clash = byVersion.put(m.version(), m);
            if (clash != null) {
                throw new MigrationException("two migrations with version " + m.version() + " in " + folder + ": "
                        + clash.fileName() + " and " + fileName);
            }
        }
        return List.copyOf(byVersion.values());
    }

    static List<String> indexEntries(String index) {
        List<String> names = new ArrayList<>();
        for (String line : index.split("\r?\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    static Migration parse(String fileName, String text) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException("migration file name must look like V001__what_it_does.sql, got: " + fileName);
        }
        int version;
        try {
            version = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new MigrationException("migration version too large: " + fileName);
        }
        if (version <= 0) {
            throw new MigrationException("migration versions start at 1: " + fileName);
        }
        String normalised = text.replace("\r\n", "\n");
        List<String> statements = statements(normalised);
        if (statements.isEmpty()) {
            throw new MigrationException("migration " + fileName + " holds no statement");
        }
        return new Migration(version, m.group(2), fileName, sha256(normalised), statements);
    }

    /** Splits at every ';' that ends a line, dropping '--' comment lines and empty statements. */
    static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                add(statements, current);
            } else {
                current.append(line).append('\n');
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MigrationException("migration resource not found on the classpath: " + resource
                        + (resource.endsWith("index.txt") ? "" : " (listed in index.txt)"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot read " + resource, e);
        }
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
