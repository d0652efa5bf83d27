package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.model.RatingJson;

/** A record as a Kafka record: key from the record (e.g. its id, so readers can match it), value = its JSON. */
public class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {

    /** A serializable key extractor. */
    public interface Key<T> extends Function<T, String>, Serializable {}

    private final String topic;
    private final Key<T> key;

    public KeyedJsonSerializer(String topic, Key<T> key) {
        this.topic = topic;
        this.key = key;
    }

    /**
     * The Kafka record gets the producer's time, not the element's event time: readers take event time from
     * the JSON, and a broker refuses records whose time stamp lies further ahead of its clock than
     * {@code log.message.timestamp.after.max.ms} (one hour by default since Kafka 4.0) — an alert raised
     * from future-dated ratings (a replay with shifted clocks, the benchmark's data) would fail the job.
     */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(T value, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, key.apply(value).getBytes(StandardCharsets.UTF_8),
                RatingJson.write(value));
    }
}
