package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;

/**
 * Parses and re-validates one Kafka record (the topic may hold anything, not only what our edge
 * wrote). Time rules are checked against the rating's received-at, so a replay decides exactly as
 * the first run did. A failure becomes a dead letter whose id is the record's position in Kafka.
 */
public class RatingDecoder implements Serializable {

    static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    private final PipelineSettings settings;
    private transient RatingValidator validator;

    public RatingDecoder(PipelineSettings settings) {
        this.settings = settings;
    }

    public ParsedRecord decode(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {
        if (validator == null) {
            validator = new RatingValidator(settings.validationLimits(), TagCatalogue.national());
        }
        byte[] bytes = value == null ? new byte[0] : value;
        try {
            Rating rating = RatingJson.readRating(bytes);
            if (rating.receivedAt() == null) {
                throw new InvalidRatingException("receivedAt", "required");
            }
            validator.check(rating, rating.receivedAt());
            return ParsedRecord.valid(rating);
        } catch (InvalidRatingException e) {
            String payload = new String(bytes, StandardCharsets.UTF_8);
            if (payload.length() > MAX_PAYLOAD_CHARS) {
                payload = payload.substring(0, MAX_PAYLOAD_CHARS);
            }
            return ParsedRecord.invalid(new DeadLetter(topic + "-" + partition + "@" + offset, topic, payload,
                    "invalid rating: " + e.getMessage(), kafkaTimestamp));
        }
    }
}
