package org.haochaping.jobs.ratings;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;

/**
 * Parses and re-validates each Kafka record (the topic may hold anything, not only what our edge
 * wrote). Failures go to {@link #DEAD_LETTERS} with the reason; nothing is dropped silently.
 * Time rules are checked against the rating's received-at, so a replay decides exactly as before.
 */
public class ParseRating extends ProcessFunction<KafkaRecord, Rating> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", RatingTypes.DEAD_LETTER);
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    private final PipelineSettings settings;
    private transient RatingValidator validator;

    public ParseRating(PipelineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        validator = new RatingValidator(settings.validationLimits(), TagCatalogue.national());
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<Rating> out) {
        try {
            Rating rating = RatingJson.readRating(record.value());
            if (rating.receivedAt() == null) {
                throw new InvalidRatingException("receivedAt", "required");
            }
            validator.check(rating, rating.receivedAt());
            out.collect(rating);
        } catch (InvalidRatingException e) {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            if (payload.length() > MAX_PAYLOAD_CHARS) {
                payload = payload.substring(0, MAX_PAYLOAD_CHARS);
            }
            ctx.output(DEAD_LETTERS, new DeadLetter(record.sourceId(), record.topic(), payload,
                    "invalid rating: " + e.getMessage(), record.timestamp()));
        }
    }
}
