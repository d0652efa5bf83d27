package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.haochaping.jobs.ratings.TestCases.invitation;
import static org.haochaping.jobs.ratings.TestCases.millis;
import static org.haochaping.jobs.ratings.TestCases.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMS reply ↔ invitation join under Flink's keyed two-input harness. */
class SmsReplyJoinTest {

    private static final Instant INVITED = Instant.parse("2026-11-23T02:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-11-27T16:00:00Z");
    private static final String PHONE = "h-0002";

    private KeyedTwoInputStreamOperatorTestHarness<String, SmsInvitation, SmsReply, Rating> h;

    @BeforeEach
    void setUp() throws Exception {
        h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SmsReplyJoin(TestRatings.SETTINGS),
                SmsInvitation::phoneHash, SmsReply::phoneHash, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private void invite(SmsInvitation i) throws Exception {
        h.processElement1(new StreamRecord<>(i, millis(i.invitedAt())));
    }

    private void receive(SmsReply r) throws Exception {
        h.processElement2(new StreamRecord<>(r, millis(r.receivedAt())));
    }

    private void watermark(Instant t) throws Exception {
        h.processBothWatermarks(new Watermark(millis(t)));
    }

    private List<String> deadLetterReasons() {
        return h.getSideOutput(SmsReplyJoin.DEAD_LETTERS) == null ? List.of()
                : h.getSideOutput(SmsReplyJoin.DEAD_LETTERS).stream().map(r -> r.getValue().reason()).toList();
    }

    @Test
    void aReplyBecomesAnSmsRatingOfItsInvitationEvenWhenTheInvitationIsReadLater() throws Exception {
        Instant at = INVITED.plus(Duration.ofHours(2));
        receive(reply("m-1", PHONE, "5 很好，办事快", at));
        assertThat(h.numEventTimeTimers()).as("resolved at its received-at").isEqualTo(1);
        invite(invitation("P-2", PHONE, INVITED, EXPIRES)); // read from the outbox after the reply
        watermark(at.minusMillis(1));
        assertThat(h.extractOutputValues()).isEmpty();
        watermark(at);
        List<StreamRecord<? extends Rating>> out = h.extractOutputStreamRecords();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.getTimestamp()).isEqualTo(millis(at));
            assertThat(r.getValue()).isEqualTo(new Rating("sms:gw-1:m-1", "P-2", 1, Channel.SMS, 5, List.of(), "很好，办事快",
                    "hall-1", "counter-1", "clerk-1", "dept-1", "item-1", "440100", at, at, PHONE, "138****0002",
                    "gw-1", false));
        });
        assertThat(deadLetterReasons()).isEmpty();
    }

    @Test
    void aReplyBeforeAnyInvitationIsADeadLetter() throws Exception {
        Instant early = INVITED.minusSeconds(60);
        receive(reply("m-1", PHONE, "5", early));
        invite(invitation("P-2", PHONE, INVITED, EXPIRES));
        watermark(INVITED.plusSeconds(60));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(deadLetterReasons()).containsExactly("no SMS invitation for this phone before the reply");
        assertThat(h.getSideOutput(SmsReplyJoin.DEAD_LETTERS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().id()).isEqualTo("sms-reply:sms:gw-1:m-1");
            assertThat(r.getValue().source()).isEqualTo("sms-reply");
        });
    }

    @Test
    void aReplyAfterItsInvitationExpiredIsADeadLetter() throws Exception {
        invite(invitation("P-2", PHONE, INVITED, EXPIRES));
        receive(reply("m-1", PHONE, "4", EXPIRES));
        watermark(EXPIRES.plusSeconds(1));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(deadLetterReasons()).containsExactly(
                "SMS reply arrived after its invitation expired: inv:P-2 expired at 2026-11-27T16:00:00Z");
    }

    @Test
    void aSecondReplyFindsTheInvitationAnsweredWhileARedeliveryYieldsTheSameRating() throws Exception {
        Instant at = INVITED.plusSeconds(600);
        invite(invitation("P-2", PHONE, INVITED, EXPIRES));
        receive(reply("m-1", PHONE, "1", at));
        receive(reply("m-2", PHONE, "满意", at.plusSeconds(60)));
        receive(reply("m-1", PHONE, "1", at)); // the gateway re-delivered the first reply
        watermark(at.plusSeconds(120));
        assertThat(h.extractOutputValues()).extracting(Rating::ratingId, Rating::level, Rating::comment)
                .as("an SMS 差评 needs no reason: the follow-up call asks it")
                .containsExactly(tuple("sms:gw-1:m-1", 1, ""),
                        tuple("sms:gw-1:m-1", 1, ""));
        assertThat(deadLetterReasons()).containsExactly("SMS invitation inv:P-2 was already answered by sms:gw-1:m-1");
    }

    @Test
    void theLatestOpenInvitationIsAnswered() throws Exception {
        invite(invitation("P-OLD", PHONE, INVITED.minus(Duration.ofDays(2)), INVITED.plus(Duration.ofDays(1))));
        invite(invitation("P-NEW", PHONE, INVITED, EXPIRES));
        Instant at = INVITED.plusSeconds(60);
        receive(reply("m-1", PHONE, "3", at));
        receive(reply("m-2", PHONE, "4", at.plusSeconds(60)));
        watermark(at.plusSeconds(60));
        assertThat(h.extractOutputValues()).extracting(Rating::projectNo).containsExactly("P-NEW", "P-OLD");
    }

    @Test
    void anUnparseableReplyIsADeadLetterAtOnceWithTheParsersReason() throws Exception {
        receive(reply("m-1", PHONE, "你好", INVITED));
        assertThat(deadLetterReasons()).containsExactly(
                "unparseable SMS reply: no level found: expected a digit 1-5 or a level name such as 满意");
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void anInvitationIsForgottenADayAfterItExpired() throws Exception {
        invite(invitation("P-2", PHONE, INVITED, EXPIRES));
        receive(reply("m-1", PHONE, "5", INVITED.plusSeconds(5)));
        watermark(EXPIRES.plus(SmsReplyJoin.EXPIRY_GRACE).minusMillis(1));
        assertThat(h.numKeyedStateEntries()).as("the invitation and who answered it").isEqualTo(2);
        watermark(EXPIRES.plus(SmsReplyJoin.EXPIRY_GRACE));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }
}
