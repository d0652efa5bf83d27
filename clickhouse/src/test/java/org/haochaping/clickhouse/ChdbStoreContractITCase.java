package org.haochaping.clickhouse;

import org.haochaping.clickhouse.testing.EmbeddedTestStore;

/** The store contract on the embedded backend (chDB): always runs, on the shared test store. */
class ChdbStoreContractITCase extends StoreContract {

    @Override
    protected ClickHouseStore store() {
        return EmbeddedTestStore.get();
    }

    @Override
    protected String expectedDatabase() {
        return EmbeddedTestStore.DATABASE;
    }
}
