package org.haochaping.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A real {@link RecordPublisher} that keeps acknowledged records in memory. Its mode decides what
 * the next publishes do: acknowledge, fail, never answer, or wait for the test to {@link #ackPending}.
 */
final class InMemoryRecordPublisher implements RecordPublisher {

    enum Mode { ACK, FAIL, HANG, HOLD, THROW }

    record Published(String topic, String key, byte[] value) {}

    private final List<Published> records = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private volatile Mode mode = Mode.ACK;
    private volatile Boolean ready = true;
    private int attempts;

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** @param ready true/false, or null for a ready() that never answers */
    void ready(Boolean ready) {
        this.ready = ready;
    }

    synchronized List<Published> records() {
        return List.copyOf(records);
    }

    synchronized int attempts() {
        return attempts;
    }

    /** Acknowledges every publish held back in {@link Mode#HOLD}. */
    void ackPending() {
        List<Runnable> toRun;
        synchronized (this) {
            toRun = List.copyOf(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    @Override
    public CompletionStage<Void> publish(String topic, String key, byte[] value) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        synchronized (this) {
            attempts++;
            switch (mode) {
                case ACK -> {
                    records.add(new Published(topic, key, value));
                    result.complete(null);
                }
                case FAIL -> result.completeExceptionally(new IllegalStateException("broker down (test)"));
                case HANG -> { }
                case HOLD -> held.add(() -> {
                    synchronized (this) {
                        records.add(new Published(topic, key, value));
                    }
                    result.complete(null);
                });
                case THROW -> throw new IllegalStateException("publisher broken (test)");
            }
        }
        return result;
    }

    @Override
    public CompletionStage<Boolean> ready() {
        Boolean r = ready;
        return r == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(r);
    }
}
