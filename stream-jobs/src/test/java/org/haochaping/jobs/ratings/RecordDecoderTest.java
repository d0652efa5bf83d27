package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    @Test
    void validRatingIsDecoded() {
        Rating r = TestRatings.at("ok", 5, 5);
        ParsedRecord<Rating> parsed = TestRatings.decode(7, r);
        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.value()).isEqualTo(r);
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
        // a leading NUL makes Jackson read UTF-32 and fail with an I/O error: a dead letter, not a failed task
        assertThat(TestRatings.decode(5, new byte[] {0, 0x7B, 0, 0}).deadLetter().reason())
                .isEqualTo("invalid rating: body: not readable as UTF-8 JSON: CharConversionException");
    }

    @Test
    void timeRulesAreJudgedAgainstReceivedAtSoAReplayDecidesAlike() {
        Rating old = TestRatings.rating("old", Instant.parse("2025-01-01T00:00:00Z"), 5, "c", "k");
        assertThat(TestRatings.decode(5, old).isValid()).as("a year old, but received a second after rating").isTrue();
    }

    @Test
    void caseEventsAndSmsRecordsAreValidatedByTheirOwnRules() {
        Instant at = Instant.parse("2026-11-20T02:00:00Z");
        RecordDecoder<CaseEvent> cases = new RecordDecoder<>(RecordKind.CASE_EVENTS, TestRatings.SETTINGS);
        CaseEvent ok = TestCases.completed("P-1", at, "h-0001");
        assertThat(cases.decode("hcp.transactions", 1, 3, 0, RatingJson.write(ok)).value()).isEqualTo(ok);
        CaseEvent noHall = new CaseEvent("e", ok.type(), "P-1", "", "", "", "", "", "c", "k", "", ok.promiseType(),
                at, at, "", "", "", "", at);
        DeadLetter dl = cases.decode("hcp.transactions", 1, 4, 0, RatingJson.write(noHall)).deadLetter();
        assertThat(dl.id()).isEqualTo("hcp.transactions-1@4");
        assertThat(dl.reason()).isEqualTo("invalid case event: hallId: required");

        RecordDecoder<SmsReply> replies = new RecordDecoder<>(RecordKind.SMS_REPLIES, TestRatings.SETTINGS);
        assertThat(replies.decode("hcp.sms.inbound", 0, 1, 0,
                RatingJson.write(TestCases.reply("m-1", "h-0001", "5", at))).isValid()).isTrue();
        assertThat(replies.decode("hcp.sms.inbound", 0, 2, 0,
                RatingJson.write(new SmsReply("gw-1", "m-2", "", "", "5", null))).deadLetter().reason())
                .isEqualTo("invalid SMS reply: phoneHash: required; receivedAt: required");

        RecordDecoder<SmsInvitation> invitations = new RecordDecoder<>(RecordKind.SMS_INVITATIONS, TestRatings.SETTINGS);
        assertThat(invitations.decode("hcp.sms.outbox", 0, 1, 0,
                RatingJson.write(TestCases.invitation("P-1", "h-0001", at, at))).deadLetter().reason())
                .isEqualTo("invalid SMS invitation: expiresAt: must be after invitedAt");
    }

    @Test
    void workOrderCommandsAreReadWithLowerCaseNamesAndValidatedWithTheirChineseRules() {
        RecordDecoder<WorkOrderCommand> commands = new RecordDecoder<>(RecordKind.WORK_ORDER_COMMANDS, TestRatings.SETTINGS);
        String json = "{\"commandId\":\"c-1\",\"workOrderId\":\"P-1\",\"type\":\"rectify\",\"actorId\":\"sup-1\","
                + "\"actorRole\":\"supervisor\",\"actorHalls\":[\"hall-1\"],\"issuedAt\":\"2026-10-09T02:00:00Z\","
                + "\"cause\":\"窗口不足\",\"action\":\"增开窗口\"}";
        WorkOrderCommand c = commands.decode("hcp.workorder.commands", 0, 1, 0, json.getBytes(StandardCharsets.UTF_8)).value();
        assertThat(c.type()).isEqualTo(WorkOrderCommandType.RECTIFY);
        assertThat(c.actorRole()).isEqualTo(ConsoleRole.SUPERVISOR);
        assertThat(c.actorHalls()).containsExactly("hall-1");
        assertThat(RecordKind.WORK_ORDER_COMMANDS.eventTime(c)).as("event time = issuedAt")
                .isEqualTo(Instant.parse("2026-10-09T02:00:00Z"));

        DeadLetter noAction = commands.decode("hcp.workorder.commands", 0, 2, 0,
                json.replace(",\"action\":\"增开窗口\"", "").getBytes(StandardCharsets.UTF_8)).deadLetter();
        assertThat(noAction.id()).isEqualTo("hcp.workorder.commands-0@2");
        assertThat(noAction.reason()).isEqualTo("invalid work order command: action: 整改必须填写整改措施");
        assertThat(commands.decode("hcp.workorder.commands", 0, 3, 0, json.replace("rectify", "close")
                .getBytes(StandardCharsets.UTF_8)).isValid()).as("an unknown type").isFalse();
    }
}
