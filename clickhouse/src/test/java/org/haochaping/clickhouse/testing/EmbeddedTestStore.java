package org.haochaping.clickhouse.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.ChdbLibrary;
import org.haochaping.clickhouse.ChdbStore;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.clickhouse.Migrations;
import org.haochaping.clickhouse.Sql;

/**
 * The chDB store tests share. chDB allows one connection per process and surefire runs a module's tests in one
 * JVM, so every test that needs ClickHouse uses this one instance:
 *
 * <pre>{@code
 * ChdbStore store = EmbeddedTestStore.truncateAll();   // open (once), migrated, every table empty
 * store.insertJsonEachRow("ratings", rows);
 * assertThat(store.queryLong("SELECT count() FROM ratings FINAL")).isEqualTo(3);
 * }</pre>
 *
 * {@link #get()} opens {@link ChdbStore#shared} in {@link #dataDir()} with database {@value #DATABASE}, applies the
 * migrations, and returns the same instance afterwards (reopening it if a test closed it). Code under test that
 * takes a {@link org.haochaping.clickhouse.StoreProvider} gets this instance through
 * {@link org.haochaping.clickhouse.EmbeddedStoreProvider}; code that takes an
 * {@link org.haochaping.model.config.HcpConfig} gets it from {@link ClickHouseStores#open} when the config is
 * loaded with {@link #configOverrides()}. Never open chDB on another folder in a test JVM.
 *
 * <p>Other modules: depend on {@code org.haochaping:clickhouse} with {@code <type>test-jar</type>} and
 * {@code <scope>test</scope>}. The surefire settings of the parent POM (LD_PRELOAD of libjsig, hcp.test.tmp) must
 * stay in force.
 */
public final class EmbeddedTestStore {

    public static final String DATABASE = "hcp_test";

    private static ChdbStore migrated;

    private EmbeddedTestStore() {}

    /** The shared test store, open and migrated. */
    public static synchronized ChdbStore get() {
        ChdbStore store = ChdbStore.shared(dataDir(), ChdbLibrary.locate(""), DATABASE);
        if (store != migrated) {
            Migrations.apply(store);
            org.haochaping.clickhouse.Catalogue.sync(store);
            migrated = store;
        }
        return store;
    }

    /** Empties every table of the test database except the migration records; returns the store. */
    public static synchronized ChdbStore truncateAll() {
        ChdbStore store = get();
        truncateTables(store);
        return store;
    }

    /**
     * Empties every table of {@code store}'s database except the migration records and the catalogue of names
     * (reference data the application writes at open; any backend, one server).
     */
    public static void truncateTables(ClickHouseStore store) {
        List<Map<String, Object>> tables = store.query("SELECT name FROM system.tables WHERE database = "
                + Sql.literal(store.database()) + " AND engine LIKE '%MergeTree' AND name NOT IN ("
                + Sql.literal(Migrations.TABLE) + ", " + Sql.literal(org.haochaping.clickhouse.Catalogue.TABLE) + ")");
        for (Map<String, Object> row : tables) {
            store.execute("TRUNCATE TABLE `" + row.get("name") + "`");
        }
    }

    /** {@code <hcp.test.tmp>/hcp-data}: the test data folder (surefire sets hcp.test.tmp to target/tmp). */
    public static Path dataRoot() {
        String base = System.getProperty("hcp.test.tmp", System.getProperty("java.io.tmpdir"));
        return Path.of(base, "hcp-data").toAbsolutePath().normalize();
    }

    /** Where the test store keeps its files: {@code <dataRoot>/clickhouse}, as {@link ClickHouseStores} puts it. */
    public static Path dataDir() {
        return dataRoot().resolve("clickhouse");
    }

    /**
     * Overrides for {@code ConfigLoader.load(file, env, overrides)} that make a configuration's embedded store
     * this one: dataDir, clickhouse.mode and clickhouse.database.
     */
    public static Map<String, String> configOverrides() {
        return Map.of("dataDir", dataRoot().toString(), "clickhouse.mode", "embedded", "clickhouse.database", DATABASE);
    }
}
