package org.haochaping.jobs.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.StoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Buffers rows per table; see {@link ClickHouseSink} for the delivery guarantees. */
class ClickHouseSinkWriter implements SinkWriter<ClickHouseRow> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final StoreProvider stores;
    private final ClickHouseStore store;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final int maxRetries;
    private final ProcessingTimeService time;
    private final Map<String, List<String>> buffered = new LinkedHashMap<>();
    private final Counter rowsWritten;
    private final Counter retries;
    private int bufferedRows;
    private boolean timerPending;

    ClickHouseSinkWriter(StoreProvider stores, int batchSize, Duration flushInterval, int maxRetries,
                         ProcessingTimeService time, SinkWriterMetricGroup metrics) {
        this.stores = stores;
        this.store = stores.open();
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushInterval.toMillis();
        this.maxRetries = maxRetries;
        this.time = time;
        this.rowsWritten = metrics.getNumRecordsSendCounter();
        this.retries = metrics.counter("clickhouseInsertRetries");
    }

    @Override
    public void write(ClickHouseRow row, Context context) throws IOException, InterruptedException {
        buffered.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row.json());
        bufferedRows++;
        if (bufferedRows >= batchSize) {
            flushAll();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMillis, ts -> onTimer());
        }
    }

    /** Runs in the task's mailbox thread; a failure here fails the task like one in write(). */
    private void onTimer() throws IOException, InterruptedException {
        timerPending = false;
        flushAll();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushAll();
    }

    private void flushAll() throws IOException, InterruptedException {
        for (Map.Entry<String, List<String>> e : buffered.entrySet()) {
            if (!e.getValue().isEmpty()) {
                insertWithRetry(e.getKey(), e.getValue());
                rowsWritten.inc(e.getValue().size());
                e.getValue().clear();
            }
        }
        bufferedRows = 0;
    }

    private void insertWithRetry(String table, List<String> rows) throws IOException, InterruptedException {
        long backoff = 100;
        for (int attempt = 0; ; attempt++) {
            try {
                store.insertJsonEachRow(table, rows);
                return;
            } catch (RuntimeException e) {
                if (attempt >= maxRetries) {
                    throw new IOException("insert of " + rows.size() + " rows into " + table + " failed after "
                            + (attempt + 1) + " attempts", e);
                }
                retries.inc();
                LOG.warn("insert of {} rows into {} failed (attempt {}), retrying in {} ms: {}", rows.size(), table,
                        attempt + 1, backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (stores.closeAfterUse()) {
            store.close();
        }
    }
}
