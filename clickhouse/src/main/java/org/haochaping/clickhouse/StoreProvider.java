package org.haochaping.clickhouse;

import java.io.Serializable;

/**
 * How code that is serialized into Flink tasks (the ClickHouse sink) gets a store where it runs: call
 * {@link #open()} in the task, and {@link ClickHouseStore#close()} when done only if {@link #closeAfterUse()}.
 */
public interface StoreProvider extends Serializable {

    ClickHouseStore open();

    /** False for the shared embedded store, which the process owns; true for a store opened for the caller. */
    boolean closeAfterUse();
}
