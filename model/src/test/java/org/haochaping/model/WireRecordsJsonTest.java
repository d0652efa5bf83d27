package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEvents;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.junit.jupiter.api.Test;

/** The records that travel through Kafka besides ratings: they come back from JSON exactly as written. */
class WireRecordsJsonTest {

    /** Nanoseconds, so a codec that rounds or shifts time zones would show. */
    private static final Instant PRECISE = Instant.parse("2026-11-20T02:25:00.123456789Z");

    @Test
    void caseEventRoundTrips() throws Exception {
        CaseEvent e = CaseEvents.completedWith("completedAt", PRECISE);
        assertThat(RatingJson.read(RatingJson.write(e), CaseEvent.class)).isEqualTo(e);
        assertThat(RatingJson.writeString(e))
                .contains("\"type\":\"COMPLETED\"", "\"completedAt\":\"2026-11-20T02:25:00.123456789Z\"")
                .doesNotContain("eventTime", "hasPhone", Phones.NORMALIZED);
    }

    @Test
    void caseEventWithoutPhoneRoundTrips() throws Exception {
        CaseEvent e = CaseEvents.with(CaseEvents.completedWith("phoneHash", ""), "completedAt", null);
        CaseEvent read = RatingJson.read(RatingJson.write(e), CaseEvent.class);
        assertThat(read).isEqualTo(e);
        assertThat(read.completedAt()).isNull();
        assertThat(read.hasPhone()).isFalse();
    }

    @Test
    void smsReplyRoundTrips() throws Exception {
        SmsReply r = new SmsReply("gw-1", "m-1", Phones.hash(), Phones.MASKED, "２，太慢了", PRECISE);
        assertThat(RatingJson.read(RatingJson.write(r), SmsReply.class)).isEqualTo(r);
        assertThat(RatingJson.writeString(r)).doesNotContain("ratingId");
    }

    @Test
    void smsInvitationRoundTrips() throws Exception {
        SmsInvitation i = new SmsInvitation(SmsInvitation.idFor("P202611200001"), "P202611200001", 1, "hall-1",
                "counter-3", "clerk-7", "11440300MB2C12345X", "440300-001", "居民身份证换领", "440304", Phones.hash(),
                Phones.MASKED, Phones.CIPHER.seal(Phones.NORMALIZED), PRECISE, Instant.parse("2026-11-28T16:00:00Z"));
        SmsInvitation read = RatingJson.read(RatingJson.write(i), SmsInvitation.class);
        assertThat(read).isEqualTo(i);
        assertThat(read.invitationId()).isEqualTo("inv:P202611200001");
        assertThat(Phones.CIPHER.open(read.phoneSealed())).isEqualTo(Phones.NORMALIZED);
    }

    @Test
    void aRerateInvitationHasItsOwnId() throws Exception {
        SmsInvitation rerate = new SmsInvitation(SmsInvitation.idFor("P1", 2), "P1", 2, "hall-1", "counter-3",
                "clerk-7", "", "", "", "", "h", "138****0000", "sealed", PRECISE, PRECISE.plusSeconds(60));
        assertThat(rerate.invitationId()).isEqualTo("inv2:P1");
        assertThat(rerate.invitesRerate()).isTrue();
        assertThat(RatingJson.read(RatingJson.write(rerate), SmsInvitation.class)).isEqualTo(rerate);
    }

    @Test
    void unknownFieldOrTypeInCaseEventIsNamed() {
        assertThatThrownBy(() -> RatingJson.read("{\"colour\":1}".getBytes(StandardCharsets.UTF_8), CaseEvent.class))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("colour: unknown field");
        assertThatThrownBy(() -> RatingJson.read("{\"type\":\"DONE\"}".getBytes(StandardCharsets.UTF_8), CaseEvent.class))
                .hasMessage("type: has the wrong type or format: 'DONE'");
    }
}
