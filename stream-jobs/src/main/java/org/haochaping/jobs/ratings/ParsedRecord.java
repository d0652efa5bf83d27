package org.haochaping.jobs.ratings;

import org.haochaping.model.Rating;

/**
 * One Kafka record after parsing: either a valid rating or the dead letter saying why it is not one.
 * Parsing happens in the source so that event time (and the watermark) is tracked per Kafka partition.
 */
public record ParsedRecord(Rating rating, DeadLetter deadLetter) {

    public static ParsedRecord valid(Rating rating) {
        return new ParsedRecord(rating, null);
    }

    public static ParsedRecord invalid(DeadLetter deadLetter) {
        return new ParsedRecord(null, deadLetter);
    }

    public boolean isValid() {
        return rating != null;
    }
}
