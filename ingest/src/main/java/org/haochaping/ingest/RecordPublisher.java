package org.haochaping.ingest;

import java.util.concurrent.CompletionStage;

/**
 * Where the edge hands accepted records over (ratings, case events, SMS replies): in production Kafka
 * ({@link KafkaRecordPublisher}). Implementations must never block the caller (the caller is an event loop).
 */
public interface RecordPublisher {

    /**
     * @return completes normally only once the log acknowledged the record durably (Kafka: acks=all);
     *     completes exceptionally on any failure or when the publisher's own timeout elapsed
     */
    CompletionStage<Void> publish(String topic, String key, byte[] value);

    /** @return true when the log answers right now; never completes exceptionally */
    CompletionStage<Boolean> ready();
}
