package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.Test;

class ParseRatingTest {

    private OneInputStreamOperatorTestHarness<KafkaRecord, Rating> harness() throws Exception {
        OneInputStreamOperatorTestHarness<KafkaRecord, Rating> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseRating(TestRatings.SETTINGS)));
        h.open();
        return h;
    }

    @Test
    void validRatingPassesThrough() throws Exception {
        Rating r = TestRatings.at("ok", 5, 5);
        try (var h = harness()) {
            h.processElement(TestRatings.record(7, r), 0);
            assertThat(h.extractOutputValues()).containsExactly(r);
            assertThat(h.getSideOutput(ParseRating.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void garbageAndInvalidRatingsBecomeDeadLettersWithTheReason() throws Exception {
        Rating wrongTag = TestRatings.rating("bad-tag", TestRatings.WINDOW_START, 4, "c", "k");
        wrongTag = new Rating(wrongTag.ratingId(), wrongTag.projectNo(), 1, wrongTag.channel(), 4,
                java.util.List.of("115"), "", "h", "c", "k", "", "", "", wrongTag.ratedAt(), wrongTag.receivedAt(),
                "", "", "d", false);
        Rating noReceivedAt = new Rating("no-recv", "P", 1, wrongTag.channel(), 5, java.util.List.of(), "", "h",
                "c", "k", "", "", "", Instant.parse("2026-11-20T02:30:00Z"), null, "", "", "d", false);
        try (var h = harness()) {
            h.processElement(TestRatings.record(1, "not json"), 0);
            h.processElement(TestRatings.record(2, wrongTag), 0);
            h.processElement(TestRatings.record(3, noReceivedAt), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(ParseRating.DEAD_LETTERS)).extracting(sr -> sr.getValue())
                    .satisfiesExactly(
                            d -> {
                                assertThat(d.id()).isEqualTo("hcp.ratings-0@1");
                                assertThat(d.payload()).isEqualTo("not json");
                                assertThat(d.reason()).startsWith("invalid rating: body: malformed JSON");
                            },
                            d -> assertThat(d.reason()).isEqualTo(
                                    "invalid rating: tagCodes: tag 115 (服务态度差效率低) belongs to level 1, not to level 4"),
                            d -> assertThat(d.reason()).isEqualTo("invalid rating: receivedAt: required"));
        }
    }
}
