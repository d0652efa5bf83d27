package org.haochaping.clickhouse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse embedded in this process through chDB ({@code libchdb.so}). chDB allows one connection per
 * process, so there is one shared instance ({@link #shared}); every statement runs under its lock, one at a
 * time. Closing it closes the connection; {@link #shared} may then open the same or another folder again.
 *
 * <p>Settings for the whole session, set at open: {@code async_insert=0} (ClickHouse ≥ 26.2 turns async
 * inserts on by default; ours must be visible when the call returns) and
 * {@code output_format_json_quote_64bit_integers=0} (64-bit integers come back as JSON numbers).
 *
 * <p>The JVM must keep its signal handlers: see {@link SignalGuard}. Start it with
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}.
 */
public final class ChdbStore implements ClickHouseStore {

    /**
     * Set to 0 on every insert (both stores): an insert may touch any number of partitions. ClickHouse refuses a
     * block over more than 100 by default, and ratings and minute scores have one partition per day (migration
     * V006): a sink batch replaying a long backlog, or ratings accepted up to {@code validation.maxAge} late, must
     * not be refused (the sink would retry it forever).
     */
    static final String PARTITIONS_PER_INSERT = "max_partitions_per_insert_block";

    private static final Logger LOG = LoggerFactory.getLogger(ChdbStore.class);
    private static final String NO_OUTPUT_FORMAT = "TabSeparated";
    private static final String ROWS_FORMAT = "JSONEachRow";
    private static final String FLUSH_MARKER = "hcp-chdb-flush";
    /** {@code DROP … SYNC} crashes chDB 26.5 (SIGSEGV inside libchdb, measured), taking the JVM with it. */
    private static final Pattern DROP_SYNC = Pattern.compile("(?is)\\s*DROP\\b.*\\bSYNC\\s*;?\\s*");

    /** The process-wide instance; guarded by {@code ChdbStore.class}. */
    private static ChdbStore shared;
    private static boolean closeAtExitRegistered;

    private final Path dataDir;
    private final Path library;
    private final String database;
    private final ChdbLibrary.Api api;
    /** What chdb_connect returned (a {@code chdb_connection*}); null once closed. Guarded by {@code this}. */
    private Pointer connectionPointer;
    /** The connection handle passed to queries. Guarded by {@code this}. */
    private Pointer connection;

    private ChdbStore(Path dataDir, Path library, String database) {
        this.dataDir = dataDir;
        this.library = library;
        this.database = database;
        this.api = ChdbLibrary.load(library);
    }

    /**
     * The process-wide chDB store on {@code dataDir}, opening it (and creating {@code database}) if none is open.
     *
     * @param library  libchdb.so, usually {@link ChdbLibrary#locate(String)}
     * @throws IllegalStateException if a store on another folder or database is open: chDB allows one connection
     *                               per process
     */
    public static synchronized ChdbStore shared(Path dataDir, Path library, String database) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Sql.identifier("clickhouse.database", database);
        if (shared != null) {
            if (!shared.dataDir.equals(dir)) {
                throw new IllegalStateException("chDB is already open on " + shared.dataDir + " in this process and "
                        + "allows one connection per process; cannot open " + dir + " too (close the open store "
                        + "first, or share it: EmbeddedStoreProvider / ChdbStore.current())");
            }
            if (!shared.database.equals(database)) {
                throw new IllegalStateException("chDB is already open on " + dir + " with database '" + shared.database
                        + "'; cannot also open it with database '" + database + "'");
            }
            return shared;
        }
        ChdbStore store = new ChdbStore(dir, library.toAbsolutePath().normalize(), database);
        store.connect();
        shared = store;
        if (!closeAtExitRegistered) {
            // chDB's own teardown at process exit crashes (SIGSEGV in the VM thread) while a connection is
            // still open, e.g. in a test JVM that never closed it: close it in a shutdown hook first
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> current().ifPresent(ChdbStore::close), "chdb-close-at-exit"));
            closeAtExitRegistered = true;
        }
        return store;
    }

    /** The shared instance this process has open, if any. */
    public static synchronized Optional<ChdbStore> current() {
        return Optional.ofNullable(shared);
    }

    private synchronized void connect() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chDB folder " + dataDir, e);
        }
        long start = System.nanoTime();
        StdinGuard.detach();
        String[] argv = {"clickhouse", "--path=" + dataDir};
        Pointer handle = SignalGuard.around("chdb_connect", () -> api.chdb_connect(argv.length, argv));
        if (handle == null || handle.getPointer(0) == null) {
            throw new ClickHouseException("chDB could not open " + dataDir
                    + " (is the folder writable, and not in use by another process?)");
        }
        connectionPointer = handle;
        connection = handle.getPointer(0);
        try {
            run("SET async_insert = 0", NO_OUTPUT_FORMAT);
            run("SET output_format_json_quote_64bit_integers = 0", NO_OUTPUT_FORMAT);
            run("CREATE DATABASE IF NOT EXISTS `" + database + "`", NO_OUTPUT_FORMAT);
            run("USE `" + database + "`", NO_OUTPUT_FORMAT);
        } catch (RuntimeException e) {
            closeConnection();
            throw e;
        }
        if (!SignalGuard.libjsigLoaded()) {
            LOG.warn("chDB opened in a JVM started without LD_PRELOAD=$JAVA_HOME/lib/libjsig.so: the JVM's signal "
                    + "handlers were restored after chdb_connect, but starting with libjsig is safer");
        }
        LOG.info("chDB open on {} (database {}) in {} ms", dataDir, database, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for {@code DROP … SYNC}, which crashes chDB 26.5: drop without SYNC
     */
    @Override
    public void execute(String sql) {
        if (sql != null && DROP_SYNC.matcher(sql).matches()) {
            throw new IllegalArgumentException("DROP … SYNC crashes chDB " + ChdbLibrary.VERSION
                    + " (and the JVM with it); drop without SYNC: " + ClickHouseException.abbreviate(sql));
        }
        run(sql, NO_OUTPUT_FORMAT);
    }

    @Override
    public void insertJsonEachRow(String table, List<String> jsonRows) {
        Sql.table(table);
        if (jsonRows.isEmpty()) {
            return;
        }
        // SETTINGS in the statement too: the session's SET could have been changed by a caller.
        byte[] statement = JsonRows.join("INSERT INTO " + table + " SETTINGS async_insert = 0, "
                + PARTITIONS_PER_INSERT + " = 0 FORMAT JSONEachRow\n", jsonRows);
        run(statement, NO_OUTPUT_FORMAT, () -> "INSERT INTO " + table + " FORMAT JSONEachRow (" + jsonRows.size()
                + " rows, first: " + jsonRows.get(0) + ")");
    }

    @Override
    public List<Map<String, Object>> query(String sql) {
        return JsonRows.parse(run(sql, ROWS_FORMAT));
    }

    @Override
    public String database() {
        return database;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path library() {
        return library;
    }

    public synchronized boolean isOpen() {
        return connection != null;
    }

    /** Closes the connection; {@link #shared} opens a new one afterwards. Closing twice does nothing. */
    @Override
    public void close() {
        synchronized (ChdbStore.class) {
            synchronized (this) {
                if (connection != null) {
                    closeConnection();
                    LOG.info("chDB closed ({})", dataDir);
                }
                if (shared == this) {
                    shared = null;
                }
            }
        }
    }

    private void closeConnection() {
        Pointer handle = connectionPointer;
        connectionPointer = null;
        connection = null;
        api.chdb_close_conn(handle);
    }

    private byte[] run(String sql, String format) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("empty SQL");
        }
        return run(sql.getBytes(StandardCharsets.UTF_8), format, () -> sql);
    }

    private synchronized byte[] run(byte[] statement, String format, Supplier<String> describe) {
        Outcome outcome = call(statement, format, describe);
        if (outcome.error() != null) {
            discardLeftOutput();
            throw ClickHouseException.fromServerText(outcome.error(), describe.get());
        }
        return outcome.output();
    }

    /** What one chdb_query_n call gave: the output, or ClickHouse's error text. */
    private record Outcome(byte[] output, String error) {}

    private synchronized Outcome call(byte[] statement, String format, Supplier<String> describe) {
        if (connection == null) {
            throw new IllegalStateException("the chDB store on " + dataDir + " is closed");
        }
        try (Memory query = new Memory(statement.length + 1L)) {
            query.write(0, statement, 0, statement.length);
            query.setByte(statement.length, (byte) 0);
            Pointer result = api.chdb_query_n(connection, query, statement.length, format, format.length());
            if (result == null) {
                throw new ClickHouseException("chDB returned no result for: "
                        + ClickHouseException.abbreviate(describe.get()));
            }
            try {
                Pointer error = api.chdb_result_error(result);
                if (error != null) {
                    String text = error.getString(0, StandardCharsets.UTF_8.name());
                    if (!text.isEmpty()) {
                        return new Outcome(null, text);
                    }
                }
                long length = api.chdb_result_length(result);
                Pointer buffer = api.chdb_result_buffer(result);
                if (length == 0 || buffer == null) {
                    return new Outcome(new byte[0], null);
                }
                if (length > Integer.MAX_VALUE - 16) {
                    throw new ClickHouseException("result of " + length + " bytes is too large for: "
                            + ClickHouseException.abbreviate(describe.get()));
                }
                return new Outcome(buffer.getByteArray(0, (int) length), null);
            } finally {
                api.chdb_destroy_query_result(result);
            }
        }
    }

    /**
     * chDB 26.5 keeps the rows a query wrote before it failed and hands them out in front of the next query's
     * result (measured: after a SELECT failed 500,000 rows in, the next SELECT returned 327,046 stale rows before
     * its own). A marker query after every failure takes them, so the caller's next statement gets only its own rows.
     */
    private void discardLeftOutput() {
        byte[] marker = ("SELECT '" + FLUSH_MARKER + "'").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 3; attempt++) {
            Outcome outcome = call(marker, NO_OUTPUT_FORMAT, () -> "SELECT '" + FLUSH_MARKER + "'");
            String output = outcome.error() == null ? new String(outcome.output(), StandardCharsets.UTF_8) : "";
            if (output.endsWith(FLUSH_MARKER + "\n")) {
                return;
            }
        }
        LOG.warn("chDB: could not confirm that the output of a failed statement was discarded");
    }

    @Override
    public String toString() {
        return "ChdbStore[" + dataDir + ", database " + database + (isOpen() ? "" : ", closed") + "]";
    }
}
