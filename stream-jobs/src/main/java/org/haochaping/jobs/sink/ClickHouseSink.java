package org.haochaping.jobs.sink;

import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.haochaping.clickhouse.StoreProvider;

/**
 * Sink V2 into ClickHouse: batches rows per table by size and time, flushes everything on each
 * checkpoint, retries failed inserts with backoff and fails the job when retries are exhausted (so
 * the job restarts from its checkpoint: never a silent loss). At-least-once by itself; combined with
 * the replacing tables' deterministic keys the results are exactly-once.
 */
public class ClickHouseSink implements Sink<ClickHouseRow> {

    private final StoreProvider stores;
    private final int batchSize;
    private final Duration flushInterval;
    private final int maxRetries;

    private ClickHouseSink(Builder b) {
        this.stores = b.stores;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.maxRetries = b.maxRetries;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<ClickHouseRow> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter(stores, batchSize, flushInterval, maxRetries,
                context.getProcessingTimeService(), context.metricGroup());
    }

    public static final class Builder {
        private StoreProvider stores;
        private int batchSize = 5000;
        private Duration flushInterval = Duration.ofMillis(500);
        private int maxRetries = 10;

        public Builder stores(StoreProvider stores) {
            this.stores = stores;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public ClickHouseSink build() {
            if (stores == null) {
                throw new IllegalArgumentException("stores (a StoreProvider) is required");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            if (flushInterval == null || flushInterval.isZero() || flushInterval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must be positive");
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            return new ClickHouseSink(this);
        }
    }
}
