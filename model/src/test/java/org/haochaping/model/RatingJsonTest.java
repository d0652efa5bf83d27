package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatingJsonTest {

    private final PhoneProtector phones = new PhoneProtector("test-phone-hash-key-0001");

    @Test
    void ratingRoundTripsThroughJson() throws Exception {
        Rating r = Ratings.valid();
        assertThat(RatingJson.readRating(RatingJson.write(r))).isEqualTo(r);
        assertThat(RatingJson.writeString(r)).contains("\"ratedAt\":\"2026-11-20T02:29:30Z\"");
    }

    @Test
    void requestBecomesRatingWithoutClearPhone() throws Exception {
        String body = """
                {"ratingId":"r-9","projectNo":"P1","level":2,"tagCodes":["214"],"hallId":"h","counterId":"c",
                 "clerkId":"k","ratedAt":"2026-11-20T02:00:00Z","raterPhone":"+86 138-1234-5678"}""";
        Rating r = RatingJson.readRequest(body.getBytes(StandardCharsets.UTF_8))
                .toRating(Channel.EVALUATOR, "dev-1", Instant.parse("2026-11-20T02:00:01Z"), phones);
        assertThat(r.assessNumber()).isEqualTo(1);
        assertThat(r.channel()).isEqualTo(Channel.EVALUATOR);
        assertThat(r.tagCodes()).isEqualTo(List.of("214"));
        assertThat(r.raterPhoneMasked()).isEqualTo("138****5678");
        assertThat(r.raterPhoneHash()).hasSize(64).isEqualTo(phones.hash("13812345678"));
        assertThat(RatingJson.writeString(r)).doesNotContain("13812345678");
    }

    @Test
    void malformedJsonNamesTheBody() {
        assertThatThrownBy(() -> RatingJson.readRequest("{\"level\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRatingException.class)
                .satisfies(e -> assertThat(((InvalidRatingException) e).violations().get(0).field()).isEqualTo("body"));
        assertThatThrownBy(() -> RatingJson.readRequest(new byte[0]))
                .hasMessage("body: empty; expected a JSON object");
        assertThatThrownBy(() -> RatingJson.readRequest("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("body: expected a JSON object");
    }

    @Test
    void wrongTypesAndUnknownFieldsNameTheField() {
        assertThatThrownBy(() -> RatingJson.readRequest("{\"level\":\"five\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("level: ");
        assertThatThrownBy(() -> RatingJson.readRequest("{\"ratedAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("ratedAt: ");
        assertThatThrownBy(() -> RatingJson.readRequest("{\"colour\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("colour: unknown field");
    }

    @Test
    void unknownChannelAndBadPhoneAreRejected() throws Exception {
        RatingRequest unknown = RatingJson.readRequest("{\"channel\":\"fax\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> unknown.toRating(Channel.EVALUATOR, "d", Ratings.NOW, phones))
                .hasMessage("channel: unknown channel 'fax'");
        RatingRequest phone = RatingJson.readRequest("{\"raterPhone\":\"12345\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> phone.toRating(Channel.EVALUATOR, "d", Ratings.NOW, phones))
                .hasMessage("raterPhone: must be an 11-digit mainland mobile number");
    }
}
