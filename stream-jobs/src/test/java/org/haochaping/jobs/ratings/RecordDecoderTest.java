package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.Test;

class RatingDecoderTest {

    @Test
    void validRatingIsDecoded() {
        Rating r = TestRatings.at("ok", 5, 5);
        ParsedRecord parsed = TestRatings.decode(7, r);
        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.rating()).isEqualTo(r);
        assertThat(parsed.deadLetter()).isNull();
    }

    @Test
    void garbageAndInvalidRatingsBecomeDeadLettersWithTheReason() {
        Rating base = TestRatings.at("x", 0, 4);
        Rating wrongTag = new Rating("bad-tag", "P", 1, Channel.EVALUATOR, 4, List.of("115"), "", "h", "c", "k", "",
                "", "", base.ratedAt(), base.receivedAt(), "", "", "d", false);
        Rating noReceivedAt = new Rating("no-recv", "P", 1, Channel.EVALUATOR, 5, List.of(), "", "h", "c", "k", "",
                "", "", Instant.parse("2026-11-20T02:30:00Z"), null, "", "", "d", false);

        DeadLetter garbage = TestRatings.decode(1, "not json").deadLetter();
        assertThat(garbage.id()).as("stable across replays: the record's place in Kafka").isEqualTo("hcp.ratings-0@1");
        assertThat(garbage.payload()).isEqualTo("not json");
        assertThat(garbage.reason()).startsWith("invalid rating: body: malformed JSON");
        assertThat(TestRatings.decode(2, wrongTag).deadLetter().reason()).isEqualTo(
                "invalid rating: tagCodes: tag 115 (服务态度差效率低) belongs to level 1, not to level 4");
        assertThat(TestRatings.decode(3, noReceivedAt).deadLetter().reason())
                .isEqualTo("invalid rating: receivedAt: required");
        assertThat(TestRatings.decode(4, new byte[0]).deadLetter().reason()).isEqualTo("invalid rating: body: empty; expected a JSON object");
    }

    @Test
    void timeRulesAreJudgedAgainstReceivedAtSoAReplayDecidesAlike() {
        Rating old = TestRatings.rating("old", Instant.parse("2025-01-01T00:00:00Z"), 5, "c", "k");
        assertThat(TestRatings.decode(5, old).isValid()).as("a year old, but received a second after rating").isTrue();
    }
}
