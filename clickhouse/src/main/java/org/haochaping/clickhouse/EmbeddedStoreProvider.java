package org.haochaping.clickhouse;

/**
 * The chDB store this process already opened ({@link ChdbStore#shared}, done by the runtime before the Flink
 * job starts). Never closed by its users.
 */
public final class EmbeddedStoreProvider implements StoreProvider {

    private static final long serialVersionUID = 1L;

    @Override
    public ClickHouseStore open() {
        return ChdbStore.current().orElseThrow(() -> new IllegalStateException("no embedded ClickHouse (chDB) store "
                + "is open in this process: open it first with ClickHouseStores.open(config) or ChdbStore.shared(…), "
                + "before the job starts"));
    }

    @Override
    public boolean closeAfterUse() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedStoreProvider;
    }

    @Override
    public int hashCode() {
        return EmbeddedStoreProvider.class.hashCode();
    }

    @Override
    public String toString() {
        return "EmbeddedStoreProvider";
    }
}
