package org.haochaping.jobs.ratings;

/**
 * One Kafka record after parsing: either a valid record (a rating, case event, SMS reply or invitation)
 * or the dead letter saying why it is not one. Parsing happens in the source so that event time (and
 * the watermark) is tracked per Kafka partition.
 */
public record ParsedRecord<T>(T value, DeadLetter deadLetter) {

    public static <T> ParsedRecord<T> valid(T value) {
        return new ParsedRecord<>(value, null);
    }

    public static <T> ParsedRecord<T> invalid(DeadLetter deadLetter) {
        return new ParsedRecord<>(null, deadLetter);
    }

    public boolean isValid() {
        return value != null;
    }
}
