package org.haochaping.clickhouse;

import java.nio.file.Path;
import org.haochaping.model.config.HcpConfig;

/** Opens the ClickHouse backend the configuration names ({@code clickhouse.mode}). */
public final class ClickHouseStores {

    private ClickHouseStores() {}

    /**
     * Opens the store, applies pending migrations (rewritten for clickhouse.cluster when it is set) and syncs
     * the {@link Catalogue} names. EMBEDDED: the process-wide chDB store in {@code <dataDir>/clickhouse} (close it when the process is done with it). SERVER: a new {@link ServerStore}.
     */
    public static ClickHouseStore open(HcpConfig config) {
        HcpConfig.ClickHouse ch = config.clickhouse();
        ClickHouseStore store = switch (ch.mode()) {
            case EMBEDDED -> ChdbStore.shared(embeddedDataDir(config), ChdbLibrary.locate(ch.chdbLibrary()),
                    ch.database());
            case SERVER -> new ServerStore(ch.url(), ch.user(), ch.password(), ch.database());
        };
        try {
            Migrations.apply(store, Migrations.FOLDER, ch.cluster());
            Catalogue.sync(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Where the embedded store keeps its files: {@code <dataDir>/clickhouse}. */
    public static Path embeddedDataDir(HcpConfig config) {
        return config.dataPath().resolve("clickhouse");
    }

    /** How Flink tasks reach the store {@link #open} opened. */
    public static StoreProvider provider(HcpConfig config) {
        HcpConfig.ClickHouse ch = config.clickhouse();
        return switch (ch.mode()) {
            case EMBEDDED -> new EmbeddedStoreProvider();
            case SERVER -> new ServerStoreProvider(ch.url(), ch.user(), ch.password(), ch.database());
        };
    }
}
