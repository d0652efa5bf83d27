package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.RatingJson;

/**
 * Parses and re-validates one Kafka record of one {@link RecordKind} (the topic may hold anything, not
 * only what our edge wrote). A failure becomes a dead letter whose id is the record's position in Kafka,
 * so a replay overwrites it.
 */
public class RecordDecoder<T> implements Serializable {

    static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    private final RecordKind<T> kind;
    private final PipelineSettings settings;
    private transient RecordKind.Check<T> check;

    public RecordDecoder(RecordKind<T> kind, PipelineSettings settings) {
        this.kind = kind;
        this.settings = settings;
    }

    public ParsedRecord<T> decode(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {
        if (check == null) {
            check = kind.check(settings);
        }
        byte[] bytes = value == null ? new byte[0] : value;
        try {
            T record = RatingJson.read(bytes, kind.recordClass());
            check.check(record);
            return ParsedRecord.valid(record);
        } catch (InvalidRatingException e) {
            String payload = new String(bytes, StandardCharsets.UTF_8);
            if (payload.length() > MAX_PAYLOAD_CHARS) {
                payload = payload.substring(0, MAX_PAYLOAD_CHARS);
            }
            return ParsedRecord.invalid(new DeadLetter(topic + "-" + partition + "@" + offset, topic, payload,
                    "invalid " + kind.noun() + ": " + e.getMessage(), kafkaTimestamp));
        }
    }
}
