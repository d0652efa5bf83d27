package org.haochaping.model.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Phones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsInboundRequestTest {

    private static final Instant SENT_AT = Instant.parse("2026-11-23T02:29:58Z");
    private static final Instant RECEIVED_AT = Instant.parse("2026-11-23T02:30:00Z");

    private static SmsReply reply(String messageId, String phone, String text) throws InvalidRatingException {
        return new SmsInboundRequest(messageId, phone, text, SENT_AT).toReply("gw-1", RECEIVED_AT, Phones.PROTECTOR);
    }

    @Test
    void phoneBecomesHashAndMask() throws Exception {
        SmsReply r = reply("m-1", Phones.AS_TYPED, "5 很好");
        assertThat(r).isEqualTo(new SmsReply("gw-1", "m-1", Phones.hash(), Phones.MASKED, "5 很好", RECEIVED_AT));
        assertThat(r.toString()).doesNotContain(Phones.NORMALIZED).doesNotContain("1234-5678");
        assertThat(r.ratingId()).isEqualTo("sms:gw-1:m-1");
    }

    @Test
    void emptyTextIsAReply() throws Exception {
        assertThat(reply("m-1", Phones.NORMALIZED, "").text()).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "m 1", "m|1", "消息1"})
    void messageIdMustBeAnId(String messageId) {
        assertThatThrownBy(() -> reply(messageId, Phones.AS_TYPED, "5"))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("messageId: required, 1-64 letters, digits, '.', '_', ':' or '-'");
    }

    @Test
    void messageIdIsAtMostSixtyFourCharacters() throws Exception {
        assertThat(reply("m".repeat(64), Phones.AS_TYPED, "5").messageId()).hasSize(64);
        assertThatThrownBy(() -> reply("m".repeat(65), Phones.AS_TYPED, "5"))
                .hasMessageStartingWith("messageId: ");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "12345", "12812345678", "+1 138 1234 5678"})
    void phoneMustBeAMainlandMobileNumber(String phone) {
        assertThatThrownBy(() -> reply("m-1", phone, "5"))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("phone: required, an 11-digit mainland mobile number");
    }

    @Test
    void textIsRequired() {
        assertThatThrownBy(() -> reply("m-1", Phones.AS_TYPED, null))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("text: required (may be empty)");
    }

    @Test
    void textIsAtMostFiveHundredCharacters() throws Exception {
        assertThat(reply("m-1", Phones.AS_TYPED, "好".repeat(500)).text()).hasSize(500);
        assertThatThrownBy(() -> reply("m-1", Phones.AS_TYPED, "好".repeat(501)))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("text: must be at most 500 characters");
    }
}
