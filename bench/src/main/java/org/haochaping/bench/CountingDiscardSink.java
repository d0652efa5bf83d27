package org.haochaping.bench;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that drops every record and only counts it, by a label taken from the record (e.g. the ClickHouse
 * table a row was meant for). The counts live in this JVM: the bench runs Flink in-process (MiniCluster) and
 * reads them while the job runs, which is how a baseline run knows exactly when all N records arrived.
 *
 * @param <T> what the sink receives
 */
public final class CountingDiscardSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The label a record is counted under. */
    @FunctionalInterface
    public interface Label<T> extends Serializable {
        String of(T value);
    }

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private final Label<T> label;

    public CountingDiscardSink(Label<T> label) {
        this.label = label;
    }

    /** Forgets the counts (before a run). */
    public static void reset() {
        COUNTS.clear();
    }

    /** Records counted under {@code label} since the last {@link #reset()}. */
    public static long count(String label) {
        LongAdder adder = COUNTS.get(label);
        return adder == null ? 0 : adder.sum();
    }

    /** Every label with its count, sorted by label. */
    public static Map<String, Long> counts() {
        Map<String, Long> all = new TreeMap<>();
        COUNTS.forEach((k, v) -> all.put(k, v.sum()));
        return all;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            /** this writer's adders by label: no shared-map lookup per record */
            private final Map<String, LongAdder> mine = new HashMap<>();

            @Override
            public void write(T element, Context context) {
                mine.computeIfAbsent(label.of(element), l -> COUNTS.computeIfAbsent(l, x -> new LongAdder()))
                        .increment();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
