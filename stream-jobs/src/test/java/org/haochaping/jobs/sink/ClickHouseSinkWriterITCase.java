package org.haochaping.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.EmbeddedStoreProvider;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink writer against the real ClickHouse engine: batching by size and time, retries, giving up. */
class ClickHouseSinkWriterITCase {

    private static final String PROBE = "sink_retry_probe";
    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private ClickHouseStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = EmbeddedTestStore.truncateAll();
        store.execute("DROP TABLE IF EXISTS " + PROBE);
        time.setCurrentTime(0);
    }

    private ClickHouseSinkWriter writer(int batchSize, int maxRetries) {
        return new ClickHouseSinkWriter(new EmbeddedStoreProvider(), batchSize, Duration.ofMillis(500), maxRetries,
                time, InternalSinkWriterMetricGroup.wrap(UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
    }

    private static ClickHouseRow row(String table, int i) {
        return new ClickHouseRow(table, "{\"dead_letter_id\":\"d" + i + "\",\"source\":\"test\",\"payload\":\"p\","
                + "\"reason\":\"r\",\"occurred_at\":\"2026-11-20 02:30:00.000\"}");
    }

    private static final SinkWriter.Context NO_CONTEXT = new SinkWriter.Context() {
        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public Long timestamp() {
            return null;
        }
    };

    private long deadLetters() {
        return store.queryLong("SELECT count() FROM dead_letters");
    }

    @Test
    void writesFullBatchesAtOnceAndTheRestOnCheckpoint() throws Exception {
        ClickHouseSinkWriter w = writer(3, 0);
        for (int i = 0; i < 7; i++) {
            w.write(row("dead_letters", i), NO_CONTEXT);
        }
        assertThat(deadLetters()).isEqualTo(6);
        w.flush(false);
        assertThat(deadLetters()).isEqualTo(7);
        w.close();
    }

    @Test
    void flushesAPartialBatchWhenTheIntervalPasses() throws Exception {
        ClickHouseSinkWriter w = writer(100, 0);
        w.write(row("dead_letters", 1), NO_CONTEXT);
        w.write(row("dead_letters", 2), NO_CONTEXT);
        time.setCurrentTime(499);
        assertThat(deadLetters()).isZero();
        time.setCurrentTime(500);
        assertThat(deadLetters()).isEqualTo(2);
        w.close();
    }

    @Test
    void retriesWithBackoffUntilClickHouseTakesTheRows() throws Exception {
        ClickHouseSinkWriter w = writer(100, 10);
        w.write(new ClickHouseRow(PROBE, "{\"id\":\"a\"}"), NO_CONTEXT);
        w.write(new ClickHouseRow(PROBE, "{\"id\":\"b\"}"), NO_CONTEXT);
        CompletableFuture<Void> tableAppears = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.execute("CREATE TABLE " + PROBE + " (id String) ENGINE = MergeTree ORDER BY id");
        });
        w.flush(false);
        tableAppears.join();
        assertThat(store.queryLong("SELECT count() FROM " + PROBE)).isEqualTo(2);
        w.close();
    }

    @Test
    void failsTheTaskWhenRetriesAreExhausted() {
        ClickHouseSinkWriter w = writer(1, 2);
        assertThatThrownBy(() -> w.write(new ClickHouseRow(PROBE, "{\"id\":\"a\"}"), NO_CONTEXT))
                .isInstanceOf(IOException.class)
                .hasMessage("insert of 1 rows into " + PROBE + " failed after 3 attempts");
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> ClickHouseSink.builder().build()).hasMessageContaining("StoreProvider");
        assertThatThrownBy(() -> ClickHouseSink.builder().stores(new EmbeddedStoreProvider()).batchSize(0).build())
                .hasMessageContaining("batchSize");
    }
}
