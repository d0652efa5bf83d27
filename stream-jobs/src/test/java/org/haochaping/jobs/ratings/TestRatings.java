package org.haochaping.jobs.ratings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.ConfigLoader;

/** Fixtures with fixed instants: ratings inside the window starting at {@link #WINDOW_START}. */
public final class TestRatings {

    public static final Instant WINDOW_START = Instant.parse("2026-11-20T02:30:00Z");
    public static final PipelineSettings SETTINGS = PipelineSettings.from(ConfigLoader.defaults());

    private TestRatings() {}

    public static Rating rating(String id, Instant ratedAt, int level, String counter, String clerk) {
        List<String> tags = level <= 2 ? List.of(level == 2 ? "214" : "115") : List.of();
        return new Rating(id, "P-" + id, 1, Channel.EVALUATOR, level, tags, "", "hall-1", counter, clerk, "",
                "", "", ratedAt, ratedAt.plusSeconds(1), "", "", "dev-1", false);
    }

    public static Rating at(String id, int secondsIntoWindow, int level) {
        return rating(id, WINDOW_START.plusSeconds(secondsIntoWindow), level, "counter-1", "clerk-1");
    }

    public static long millis(Instant t) {
        return t.toEpochMilli();
    }

    public static long windowEnd() {
        return WINDOW_START.plus(Duration.ofMinutes(1)).toEpochMilli();
    }

    /** Decodes a value as the Kafka source does, as if read from partition 0 at {@code offset}. */
    public static ParsedRecord<Rating> decode(long offset, Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : value instanceof byte[] b ? b : RatingJson.write(value);
        return new RecordDecoder<>(RecordKind.RATINGS, SETTINGS).decode("hcp.ratings", 0, offset, 1_763_605_800_000L, bytes);
    }
}
