package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.haochaping.jobs.ratings.TestCases.completed;
import static org.haochaping.jobs.ratings.TestCases.evaluator;
import static org.haochaping.jobs.ratings.TestCases.millis;
import static org.haochaping.jobs.ratings.TestCases.rating;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.junit.jupiter.api.Test;

/** The 一事一评 gate under Flink's keyed two-input harness: outputs, side outputs, timers, state. */
class CaseRatingGateTest {

    /** Friday 2026-11-20 10:00 in Asia/Shanghai. */
    private static final Instant COMPLETED = Instant.parse("2026-11-20T02:00:00Z");
    /** 7 natural days (the default): the 20th never counts, the 21st..27th do → 2026-11-28 00:00 +08:00. */
    private static final Instant WINDOW_END = Instant.parse("2026-11-27T16:00:00Z");
    private static final PipelineSettings DEFAULTS = TestRatings.SETTINGS;

    private static KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> harness(
            PipelineSettings settings) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new CaseRatingGate(settings),
                CaseEvent::projectNo, Rating::projectNo, Types.STRING);
    }

    private static void caseEvent(KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> h,
                                  CaseEvent e) throws Exception {
        h.processElement1(new StreamRecord<>(e, millis(e.eventTime())));
    }

    private static void rate(KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> h, Rating r)
            throws Exception {
        h.processElement2(new StreamRecord<>(r, millis(r.ratedAt())));
    }

    private static List<CaseSnapshot> snapshots(KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> h) {
        return h.getSideOutput(CaseRatingGate.SNAPSHOTS).stream().map(StreamRecord::getValue).toList();
    }

    private static List<FlaggedRating> flagged(KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> h) {
        return h.getSideOutput(CaseRatingGate.FLAGGED) == null ? List.of()
                : h.getSideOutput(CaseRatingGate.FLAGGED).stream().map(StreamRecord::getValue).toList();
    }

    private static List<WorkOrderSignal> signals(KeyedTwoInputStreamOperatorTestHarness<String, CaseEvent, Rating, Rating> h) {
        return h.getSideOutput(CaseRatingGate.WORK_ORDER_SIGNALS) == null ? List.of()
                : h.getSideOutput(CaseRatingGate.WORK_ORDER_SIGNALS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void defaultRatingExactlyAtTheWindowEndAndNotAMillisecondBefore() throws Exception {
        try (var h = harness(DEFAULTS)) {
            caseEvent(h, completed("P-1", COMPLETED, ""));
            assertThat(h.numEventTimeTimers()).as("default at window end, state cleanup; no phone, no SMS").isEqualTo(2);

            h.processBothWatermarks(new Watermark(millis(WINDOW_END) - 1));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBothWatermarks(new Watermark(millis(WINDOW_END)));
            List<StreamRecord<? extends Rating>> out = h.extractOutputStreamRecords();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getTimestamp()).as("time stamp = window end: lands in that minute window")
                    .isEqualTo(millis(WINDOW_END));
            Rating d = out.get(0).getValue();
            assertThat(d).isEqualTo(new Rating("default:P-1", "P-1", 1, Channel.DEFAULT, 3, List.of(), "", "hall-1",
                    "counter-1", "clerk-1", "dept-1", "item-1", "440100", WINDOW_END, WINDOW_END, "", "", "", true));
            assertThat(snapshots(h)).extracting(CaseSnapshot::status, CaseSnapshot::version)
                    .containsExactly(tuple("open", 1L),
                            tuple("defaulted", 2L));
            assertThat(snapshots(h).get(1).ratingWindowEnds()).isEqualTo(WINDOW_END);
            assertThat(h.numEventTimeTimers()).as("only the state cleanup is left").isEqualTo(1);

            // a real rating after the default is not counted
            rate(h, evaluator("late-ev", "P-1", 5, WINDOW_END.plusSeconds(60)));
            assertThat(flagged(h)).singleElement().satisfies(f -> {
                assertThat(f.flag()).isEqualTo("duplicate");
                assertThat(f.detail()).isEqualTo("请勿重复评价: came after the default rating default:P-1 at the end of "
                        + "the rating window 2026-11-27T16:00:00Z");
            });

            // state lives caseRetention (90 days) past the window end, then it is gone
            h.processBothWatermarks(new Watermark(
                    millis(WINDOW_END.plus(Duration.ofDays(90)))));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aWindowOfFiveWorkingDaysCrossesNationalDayAndAWorkingSaturday() throws Exception {
        PipelineSettings working = TestCases.settings(Map.of("rules.ratingWindow", "5",
                "rules.ratingWindowDays", "working", "rules.defaultLevel", "4"));
        // completed Wednesday 2026-09-30 11:00 in Asia/Shanghai; the completion day never counts.
        // 10-01..10-07 国庆节 holidays (not counted); 10-08 Thu = 1, 10-09 Fri = 2, 10-10 Sat is a 调休
        // working day = 3, 10-11 Sun not counted, 10-12 Mon = 4, 10-13 Tue = 5 → ends 10-14 00:00 +08:00
        Instant completedAt = Instant.parse("2026-09-30T03:00:00Z");
        Instant end = Instant.parse("2026-10-13T16:00:00Z");
        try (var h = harness(working)) {
            caseEvent(h, completed("P-NAT", completedAt, ""));
            assertThat(snapshots(h).get(0).ratingWindowEnds()).isEqualTo(end);
            h.processBothWatermarks(new Watermark(millis(end) - 1));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(millis(end)));
            assertThat(h.extractOutputValues()).singleElement().satisfies(d -> {
                assertThat(d.ratedAt()).isEqualTo(end);
                assertThat(d.level()).isEqualTo(4);
                assertThat(d.isDefault()).isTrue();
            });
        }
    }

    @Test
    void aRealRatingDeletesTheInvitationAndDefaultTimersAndALaterOneIsADuplicate() throws Exception {
        try (var h = harness(DEFAULTS)) {
            caseEvent(h, completed("P-2", COMPLETED, "h-0002"));
            assertThat(h.numEventTimeTimers()).as("SMS invitation, default, cleanup").isEqualTo(3);
            Rating counted = evaluator("ev-2", "P-2", 5, COMPLETED.plusSeconds(30));
            rate(h, counted);
            assertThat(h.numEventTimeTimers()).as("only the cleanup").isEqualTo(1);
            rate(h, rating("qr-2", "P-2", 1, Channel.QR, 4, COMPLETED.plusSeconds(300), "qr"));
            rate(h, counted); // the counted one replayed: counted once, not flagged

            h.processBothWatermarks(new Watermark(millis(WINDOW_END) + 1));
            assertThat(h.extractOutputValues()).containsExactly(counted);
            assertThat(h.getSideOutput(CaseRatingGate.INVITATIONS)).isNull();
            assertThat(flagged(h)).singleElement().satisfies(f -> {
                assertThat(f.rating().ratingId()).isEqualTo("qr-2");
                assertThat(f.flag()).isEqualTo("duplicate");
                assertThat(f.detail()).isEqualTo("请勿重复评价: already rated by ev-2 (evaluator)");
            });
            CaseSnapshot rated = snapshots(h).get(1);
            assertThat(rated.status()).isEqualTo("rated");
            assertThat(rated.ratingChannel()).isEqualTo("evaluator");
            assertThat(rated.ratingLevel()).isEqualTo(5);
            assertThat(rated.event().projectNo()).isEqualTo("P-2");
            assertThat(snapshots(h)).hasSize(2);
        }
    }

    @Test
    void anUnratedCaseWithAPhoneIsInvitedAfterTheDelay() throws Exception {
        Instant due = COMPLETED.plus(Duration.ofDays(3));
        try (var h = harness(DEFAULTS)) {
            caseEvent(h, completed("P-3", COMPLETED, "h-0003"));
            h.processBothWatermarks(new Watermark(millis(due) - 1));
            assertThat(h.getSideOutput(CaseRatingGate.INVITATIONS)).isNull();
            h.processBothWatermarks(new Watermark(millis(due)));
            assertThat(h.getSideOutput(CaseRatingGate.INVITATIONS)).extracting(StreamRecord::getValue)
                    .containsExactly(new SmsInvitation("inv:P-3", "P-3", 1, "hall-1", "counter-1", "clerk-1", "dept-1",
                            "item-1", "营业执照办理", "440100", "h-0003", "138****0003", "sealed-h-0003", due, WINDOW_END));
            CaseSnapshot invited = snapshots(h).get(1);
            assertThat(invited.status()).isEqualTo("open");
            assertThat(invited.smsInvitedAt()).isEqualTo(due);
            assertThat(invited.version()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).as("default, cleanup").isEqualTo(2);
        }
    }

    @Test
    void noInvitationWhenTheDelayIsOff() throws Exception {
        try (var h = harness(TestCases.settings(Map.of("rules.smsInvitationDelay", "0s")))) {
            caseEvent(h, completed("P-4", COMPLETED, "h-0004"));
            assertThat(h.numEventTimeTimers()).as("default, cleanup").isEqualTo(2);
        }
    }

    @Test
    void aFirstBadRatingOpensAWorkOrderAndEvery追评IsLeftToIt() throws Exception {
        try (var h = harness(DEFAULTS)) {
            CaseEvent badCase = completed("P-BAD", COMPLETED, "h-0001");
            caseEvent(h, badCase);
            caseEvent(h, completed("P-GOOD", COMPLETED, ""));
            Rating bad = evaluator("bad-1", "P-BAD", 2, COMPLETED.plusSeconds(10));
            rate(h, bad);
            rate(h, evaluator("good-1", "P-GOOD", 5, COMPLETED.plusSeconds(10)));
            Rating rerateBad = rating("bad-2", "P-BAD", 2, Channel.QR, 4, COMPLETED.plus(Duration.ofDays(2)), "qr");
            Rating rerateGood = rating("good-2", "P-GOOD", 2, Channel.QR, 4, COMPLETED.plus(Duration.ofDays(2)), "qr");
            rate(h, rerateBad);
            rate(h, rerateGood);
            assertThat(h.extractOutputValues()).as("the gate counts first ratings only")
                    .extracting(Rating::ratingId).containsExactly("bad-1", "good-1");
            assertThat(flagged(h)).isEmpty();
            assertThat(signals(h)).containsExactly(WorkOrderSignal.badRating(bad, badCase),
                    WorkOrderSignal.rerating(rerateBad), WorkOrderSignal.rerating(rerateGood));
            assertThat(h.getSideOutput(CaseRatingGate.WORK_ORDER_SIGNALS)).extracting(StreamRecord::getTimestamp)
                    .as("each at its rating's time").containsExactly(millis(bad.ratedAt()),
                            millis(rerateBad.ratedAt()), millis(rerateGood.ratedAt()));
        }
    }

    @Test
    void factsThatArriveAfterTheBadRatingFollowItAndADefaultOpensNoWorkOrder() throws Exception {
        try (var h = harness(DEFAULTS)) {
            Rating early = evaluator("early-bad", "P-7", 1, COMPLETED.minusSeconds(5));
            rate(h, early);
            CaseEvent accepted = TestCases.accepted("P-7", COMPLETED.minusSeconds(600));
            caseEvent(h, accepted);
            CaseEvent completion = completed("P-7", COMPLETED, "h-0007");
            caseEvent(h, completion);
            caseEvent(h, completion); // a retry tells nothing new
            caseEvent(h, completed("P-8", COMPLETED, "h-0008"));
            h.processBothWatermarks(new Watermark(millis(WINDOW_END)));
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("early-bad", "default:P-8");
            assertThat(signals(h)).containsExactly(WorkOrderSignal.badRating(early, null),
                    WorkOrderSignal.facts(accepted), WorkOrderSignal.facts(completion));
        }
    }

    @Test
    void aRatingBeforeTheCompletionCountsAndNoDefaultFollows() throws Exception {
        try (var h = harness(DEFAULTS)) {
            rate(h, evaluator("early", "P-5", 4, COMPLETED.minusSeconds(5)));
            caseEvent(h, completed("P-5", COMPLETED, "h-0005"));
            h.processBothWatermarks(new Watermark(millis(WINDOW_END) + 1));
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("early");
            assertThat(snapshots(h)).as("no snapshot before anything is known of the case")
                    .extracting(CaseSnapshot::status, CaseSnapshot::version).containsExactly(tuple("rated", 1L));
            assertThat(snapshots(h).get(0).event().completedAt()).isEqualTo(COMPLETED);
            assertThat(snapshots(h).get(0).ratedAt()).isEqualTo(COMPLETED.minusSeconds(5));
            assertThat(h.numEventTimeTimers()).as("only the cleanup").isEqualTo(1);
        }
    }

    @Test
    void aSecondCompletionWithAnotherEventIdIsADeadLetterAndARetryIsIgnored() throws Exception {
        try (var h = harness(DEFAULTS)) {
            CaseEvent first = completed("P-6", COMPLETED, "");
            caseEvent(h, first);
            caseEvent(h, first);
            CaseEvent other = completed("P-6", COMPLETED.plusSeconds(60), "");
            caseEvent(h, new CaseEvent("ev-other", other.type(), other.projectNo(), other.itemCode(), other.itemName(),
                    other.deptCode(), other.areaCode(), other.hallId(), other.counterId(), other.frontClerkId(),
                    other.backClerkId(), other.promiseType(), other.acceptedAt(), other.completedAt(), "", "", "",
                    other.systemId(), other.receivedAt()));
            assertThat(snapshots(h)).hasSize(1);
            assertThat(h.getSideOutput(CaseRatingGate.DEAD_LETTERS)).extracting(r -> r.getValue().reason())
                    .containsExactly("case P-6 was already completed by event ev-P-6; this completion is ignored");
        }
    }
}
