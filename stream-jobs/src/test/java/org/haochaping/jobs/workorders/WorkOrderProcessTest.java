package org.haochaping.jobs.workorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.HALL_1;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.appeal;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.by;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.followUp;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.rectify;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.haochaping.jobs.ratings.FlaggedRating;
import org.haochaping.jobs.ratings.TestCases;
import org.haochaping.jobs.ratings.WorkOrderSignal;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.CommandOutcome.Result;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.junit.jupiter.api.Test;

/**
 * The work-order operator under Flink's keyed two-input harness (signals from the case gate, console
 * commands): outputs, side outputs, timers and state, with the default rules (回访 1 and 整改 15 working
 * days of 09:00–17:00 office time, due-soon 2 h before, 追评 within 7 natural days, retention 90 days).
 */
class WorkOrderProcessTest {

    /** Wednesday 2026-09-30 16:30 in Asia/Shanghai, the eve of the National Day holidays (10-01..10-07). */
    private static final Instant BAD_AT = Instant.parse("2026-09-30T08:30:00Z");
    /** Half an hour on 09-30, then 7.5 hours on Thursday 10-08: 16:30. */
    private static final Instant FOLLOW_UP_DUE = Instant.parse("2026-10-08T08:30:00Z");
    /** Two office hours earlier: 14:30 on 10-08. */
    private static final Instant FOLLOW_UP_DUE_SOON = Instant.parse("2026-10-08T06:30:00Z");
    /** 15 working days: 10-08, 09, 10 (a 调休 Saturday), 12..16, 19..23, 26, 27 → 16:30 on 10-27. */
    private static final Instant RECTIFY_DUE = Instant.parse("2026-10-27T08:30:00Z");
    private static final Instant RECTIFY_DUE_SOON = Instant.parse("2026-10-27T06:30:00Z");
    /** Thursday 10-08 10:00 */
    private static final Instant FOLLOWED_UP_AT = Instant.parse("2026-10-08T02:00:00Z");
    /** Friday 10-09 10:00 */
    private static final Instant RECTIFIED_AT = Instant.parse("2026-10-09T02:00:00Z");
    /** 7 natural days after 10-09 (10-10..10-16) → 10-17 00:00 in Asia/Shanghai. */
    private static final Instant RERATE_DUE = Instant.parse("2026-10-16T16:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(90);

    private static final CaseEvent FACTS = TestCases.completed("P-1", BAD_AT.minusSeconds(1800), "h-0001");
    private static final Rating BAD = TestCases.evaluator("bad-1", "P-1", 2, BAD_AT);

    /** The harness with helpers to feed it and read its outputs. */
    private static final class Harness implements AutoCloseable {
        final KeyedTwoInputStreamOperatorTestHarness<String, WorkOrderSignal, WorkOrderCommand, Rating> h;

        Harness() throws Exception {
            h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new WorkOrderProcess(TestCases.settings(Map.of())),
                    WorkOrderSignal::projectNo, WorkOrderCommand::workOrderId, Types.STRING);
        }

        Harness opened(Rating bad, CaseEvent facts) throws Exception {
            signal(WorkOrderSignal.badRating(bad, facts), bad.ratedAt());
            return this;
        }

        void signal(WorkOrderSignal s, Instant at) throws Exception {
            h.processElement1(new StreamRecord<>(s, at.toEpochMilli()));
        }

        void rerate(Rating r) throws Exception {
            signal(WorkOrderSignal.rerating(r), r.ratedAt());
        }

        CommandOutcome command(WorkOrderCommand c) throws Exception {
            h.processElement2(new StreamRecord<>(c, c.issuedAt().toEpochMilli()));
            List<AnsweredCommand> answers = all(WorkOrderProcess.ANSWERS);
            AnsweredCommand last = answers.get(answers.size() - 1);
            assertThat(last.command()).isEqualTo(c);
            return last.outcome();
        }

        void watermark(Instant t) throws Exception {
            h.processBothWatermarks(new Watermark(t.toEpochMilli()));
        }

        <T> List<T> all(OutputTag<T> tag) {
            Collection<StreamRecord<T>> records = h.getSideOutput(tag);
            return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
        }

        WorkOrder latest() {
            List<WorkOrder> snapshots = all(WorkOrderProcess.SNAPSHOTS);
            return snapshots.get(snapshots.size() - 1);
        }

        List<String> alertIds() {
            return all(WorkOrderProcess.ALERTS).stream().map(Alert::alertId).toList();
        }

        List<String> eventIds() {
            return all(WorkOrderProcess.EVENTS).stream().map(WorkOrderEvent::eventId).toList();
        }

        @Override
        public void close() throws Exception {
            h.close();
        }
    }

    private static CommandOutcome applied(String commandId, String status, long version, Instant at) {
        return new CommandOutcome(commandId, "P-1", Result.APPLIED, "", status, version, at);
    }

    private static Rating rerating(String id, int level, Instant at) {
        return TestCases.rating(id, "P-1", 2, Channel.QR, level, at, "qr");
    }

    @Test
    void theFullLifecycleWithExactDeadlinesAcrossNationalDayAndAWorkingSaturday() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            WorkOrder open = h.latest();
            assertThat(open.status).isEqualTo(WorkOrderStatus.OPEN);
            assertThat(open.version).isEqualTo(1);
            assertThat(open.openedAtMillis).isEqualTo(BAD_AT.toEpochMilli());
            assertThat(open.followUpDueMillis).isEqualTo(FOLLOW_UP_DUE.toEpochMilli());
            assertThat(open.followUpDueSoonMillis).isEqualTo(FOLLOW_UP_DUE_SOON.toEpochMilli());
            assertThat(open.rectifyDueMillis).isEqualTo(RECTIFY_DUE.toEpochMilli());
            assertThat(open.rectifyDueSoonMillis).isEqualTo(RECTIFY_DUE_SOON.toEpochMilli());
            assertThat(open.itemName).as("from the case's facts").isEqualTo("营业执照办理");
            assertThat(open.tagCodes).containsExactly("214");
            assertThat(open.citizenPhoneSealed).isEqualTo("sealed-h-0001");
            assertThat(h.all(WorkOrderProcess.ALERTS)).containsExactly(new Alert("bad:bad-1", AlertType.BAD_RATING, "",
                    "hall-1", "counter-1", "clerk-1", "P-1", "新差评：大厅 hall-1 窗口 counter-1 工作人员 clerk-1，不满意", null,
                    BAD_AT, 1));
            assertThat(h.h.numEventTimeTimers()).as("due-soon and due of both steps").isEqualTo(4);

            assertThat(h.command(followUp("c-follow", "P-1", FOLLOWED_UP_AT)))
                    .isEqualTo(applied("c-follow", "followed_up", 2, FOLLOWED_UP_AT));
            assertThat(h.h.numEventTimeTimers()).as("followed up in time: its alerts will not come").isEqualTo(2);
            assertThat(h.latest().followedUpAtMillis).isEqualTo(FOLLOWED_UP_AT.toEpochMilli());
            assertThat(h.latest().citizenFeedback).isEqualTo("等候时间太长，窗口只开了一个");

            assertThat(h.command(rectify("c-rectify", "P-1", RECTIFIED_AT)))
                    .isEqualTo(applied("c-rectify", "rectified", 3, RECTIFIED_AT));
            WorkOrder rectified = h.latest();
            assertThat(rectified.rerateDueMillis).isEqualTo(RERATE_DUE.toEpochMilli());
            assertThat(rectified.rerateSmsInvited).isTrue();
            assertThat(rectified.rectifyCause).isEqualTo("高峰时段只开一个窗口");
            assertThat(h.all(WorkOrderProcess.INVITATIONS)).containsExactly(new SmsInvitation("inv2:P-1", "P-1", 2,
                    "hall-1", "counter-1", "clerk-1", "dept-1", "item-1", "营业执照办理", "440100", "h-0001", "138****0001",
                    "sealed-h-0001", RECTIFIED_AT, RERATE_DUE));
            assertThat(h.h.numEventTimeTimers()).as("only the end of the 追评 window").isEqualTo(1);

            Rating rerate = rerating("qr-2", 5, Instant.parse("2026-10-12T02:00:00Z"));
            h.rerate(rerate);
            assertThat(h.h.extractOutputValues()).as("the 追评 counts").containsExactly(rerate);
            WorkOrder closed = h.latest();
            assertThat(closed.status).isEqualTo(WorkOrderStatus.CLOSED);
            assertThat(closed.closeReason).isEqualTo("rerated");
            assertThat(closed.closedAtMillis).isEqualTo(rerate.ratedAt().toEpochMilli());
            assertThat(closed.rerateRatingId).isEqualTo("qr-2");
            assertThat(closed.rerateLevel).isEqualTo(5);
            assertThat(closed.version).isEqualTo(4);
            assertThat(h.h.numEventTimeTimers()).as("only the state cleanup").isEqualTo(1);

            h.watermark(RECTIFY_DUE.plus(Duration.ofDays(1)));
            assertThat(h.alertIds()).as("nothing was late").containsExactly("bad:bad-1");
            assertThat(h.eventIds()).containsExactly("opened:bad-1", "followed_up:c-follow", "rectified:c-rectify",
                    "rerate_invited:inv2:P-1", "rerated:qr-2", "closed:qr-2");
            assertThat(h.all(WorkOrderProcess.EVENTS)).extracting(WorkOrderEvent::actorId, WorkOrderEvent::actorRole,
                    WorkOrderEvent::statusAfter).containsExactly(tuple("", "citizen", "open"),
                    tuple("sup-1", "supervisor", "followed_up"), tuple("sup-1", "supervisor", "rectified"),
                    tuple("", "system", "rectified"), tuple("", "citizen", "closed"), tuple("", "citizen", "closed"));
            assertThat(h.all(WorkOrderProcess.EVENTS).get(2).detail()).isEqualTo("{\"cause\":\"高峰时段只开一个窗口\","
                    + "\"action\":\"高峰时段增开两个窗口\",\"rerateDue\":\"2026-10-16T16:00:00Z\"}");
            assertThat(h.all(WorkOrderProcess.SNAPSHOTS)).extracting(w -> w.version).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void withoutA追评TheWorkOrderClosesWhenTheWindowEnds() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            h.command(followUp("c-1", "P-1", FOLLOWED_UP_AT));
            h.command(rectify("c-2", "P-1", RECTIFIED_AT));
            h.watermark(RERATE_DUE.minusMillis(1));
            assertThat(h.latest().status).isEqualTo(WorkOrderStatus.RECTIFIED);
            h.watermark(RERATE_DUE);
            WorkOrder closed = h.latest();
            assertThat(closed.status).isEqualTo(WorkOrderStatus.CLOSED);
            assertThat(closed.closeReason).isEqualTo("rerate_window_ended");
            assertThat(closed.closedAtMillis).isEqualTo(RERATE_DUE.toEpochMilli());
            assertThat(h.eventIds()).endsWith("closed:rerate_window");

            h.rerate(rerating("qr-late", 4, RERATE_DUE.plusSeconds(60)));
            assertThat(h.h.extractOutputValues()).isEmpty();
            assertThat(h.all(WorkOrderProcess.FLAGGED)).extracting(FlaggedRating::flag, FlaggedRating::detail)
                    .containsExactly(tuple("followup_not_allowed",
                            "the 追评 window of work order P-1 ended at 2026-10-16T16:00:00Z"));
        }
    }

    @Test
    void a追评CountsOnlyOnceWhileRectifiedAndWithinItsWindow() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            h.rerate(TestCases.rating("none", "P-9", 2, Channel.QR, 5, BAD_AT.plusSeconds(60), "qr"));
            h.rerate(rerating("too-soon", 5, BAD_AT.plusSeconds(60)));
            h.command(followUp("c-1", "P-1", FOLLOWED_UP_AT));
            h.command(rectify("c-2", "P-1", RECTIFIED_AT));
            h.rerate(rerating("before-rectified", 5, RECTIFIED_AT.minusSeconds(1)));
            h.rerate(rerating("after-window", 5, RERATE_DUE));
            Rating counted = rerating("counted", 3, RECTIFIED_AT.plusSeconds(3600));
            h.rerate(counted);
            h.rerate(counted); // replayed: counted once, not flagged
            h.rerate(rerating("second", 1, RECTIFIED_AT.plusSeconds(7200)));
            assertThat(h.h.extractOutputValues()).containsExactly(counted);
            assertThat(h.all(WorkOrderProcess.FLAGGED)).extracting(f -> f.rating().ratingId(), FlaggedRating::flag,
                    FlaggedRating::detail).containsExactly(
                    tuple("none", "followup_not_allowed",
                            "追评 (assess number 2) only follows a rectified 差评; case P-9 has no 差评 work order"),
                    tuple("too-soon", "followup_not_allowed",
                            "追评 (assess number 2) only follows a rectified 差评; work order P-1 is open (待回访)"),
                    tuple("before-rectified", "followup_not_allowed", "追评 (assess number 2) only follows a rectified "
                            + "差评; rated at 2026-10-09T01:59:59Z, before work order P-1 was rectified at 2026-10-09T02:00:00Z"),
                    tuple("after-window", "followup_not_allowed",
                            "the 追评 window of work order P-1 ended at 2026-10-16T16:00:00Z"),
                    tuple("second", "duplicate", "请勿重复评价: 追评 already given by counted (qr)"));
        }
    }

    @Test
    void everyInvalidTransitionIsAConflictWithItsReasonAndChangesNothing() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            Instant t = FOLLOWED_UP_AT;
            assertConflict(h.command(rectify("x-1", "P-1", t)), "工单尚未回访，请先回访核实后再整改", "open", 1);
            assertConflict(h.command(review("x-2", "P-1", AppealDecision.UPHELD, t)), "该工单没有待复核的申诉", "open", 1);
            h.command(followUp("ok-1", "P-1", t));
            h.command(appeal("ok-2", "P-1", t.plusSeconds(1)));
            assertConflict(h.command(appeal("x-3", "P-1", t.plusSeconds(2))), "该工单已申诉过，不能重复申诉", "followed_up", 3);
            h.command(review("ok-3", "P-1", AppealDecision.REJECTED, t.plusSeconds(3)));
            assertConflict(h.command(review("x-4", "P-1", AppealDecision.UPHELD, t.plusSeconds(4))), "该工单没有待复核的申诉",
                    "followed_up", 4);
            h.command(rectify("ok-4", "P-1", t.plusSeconds(5)));
            assertConflict(h.command(followUp("x-5", "P-1", t.plusSeconds(6))), "工单已整改（待追评），不能再回访", "rectified", 5);
            assertConflict(h.command(rectify("x-6", "P-1", t.plusSeconds(7))), "工单已整改（待追评），不能再整改", "rectified", 5);
            h.rerate(rerating("qr-2", 4, t.plusSeconds(60)));
            assertConflict(h.command(followUp("x-7", "P-1", t.plusSeconds(61))), "工单已办结，不能再回访", "closed", 6);
            assertConflict(h.command(rectify("x-8", "P-1", t.plusSeconds(62))), "工单已办结，不能再整改", "closed", 6);
            assertThat(h.all(WorkOrderProcess.SNAPSHOTS)).as("refusals write no snapshot").hasSize(6);
        }
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            Instant t = FOLLOWED_UP_AT;
            h.command(appeal("ok-1", "P-1", t));
            h.command(review("ok-2", "P-1", AppealDecision.UPHELD, t.plusSeconds(1)));
            assertConflict(h.command(followUp("x-1", "P-1", t.plusSeconds(2))), "工单已作废（申诉成立），不能再回访", "voided", 3);
            assertConflict(h.command(rectify("x-2", "P-1", t.plusSeconds(3))), "工单已作废（申诉成立），不能再整改", "voided", 3);
            assertConflict(h.command(by(appeal("x-3", "P-1", t.plusSeconds(4)), "sup-1", ConsoleRole.SUPERVISOR, HALL_1)),
                    "工单已作废（申诉成立），不能再申诉", "voided", 3);
            assertConflict(h.command(review("x-4", "P-1", AppealDecision.REJECTED, t.plusSeconds(5))), "该工单没有待复核的申诉",
                    "voided", 3);
        }
    }

    private static void assertConflict(CommandOutcome outcome, String reason, String status, long version) {
        assertThat(outcome.result()).isEqualTo(Result.CONFLICT);
        assertThat(outcome.result().httpStatus()).isEqualTo(409);
        assertThat(outcome.reason()).isEqualTo(reason);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.version()).isEqualTo(version);
    }

    @Test
    void anotherHallsWorkOrderAnotherClerksRatingOrTheWrongRoleIsForbidden() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            Instant t = FOLLOWED_UP_AT;
            List<String> hall2 = List.of("hall-2");
            assertThat(List.of(
                    h.command(by(followUp("f-1", "P-1", t), "sup-2", ConsoleRole.SUPERVISOR, hall2)),
                    h.command(by(review("f-2", "P-1", AppealDecision.UPHELD, t), "aud-2", ConsoleRole.AUDITOR, hall2)),
                    h.command(by(appeal("f-3", "P-1", t), "sup-2", ConsoleRole.SUPERVISOR, hall2)),
                    h.command(by(appeal("f-4", "P-1", t), "clerk-2", ConsoleRole.CLERK, List.of())),
                    h.command(by(followUp("f-5", "P-1", t), "clerk-1", ConsoleRole.CLERK, HALL_1)),
                    h.command(by(rectify("f-6", "P-1", t), "aud-1", ConsoleRole.AUDITOR, HALL_1)),
                    h.command(by(review("f-7", "P-1", AppealDecision.UPHELD, t), "sup-1", ConsoleRole.SUPERVISOR, HALL_1))))
                    .allSatisfy(o -> {
                        assertThat(o.result()).isEqualTo(Result.FORBIDDEN);
                        assertThat(o.status()).isEqualTo("open");
                        assertThat(o.version()).isEqualTo(1);
                    })
                    .extracting(CommandOutcome::reason).containsExactly(
                            "该工单属于大厅 hall-1，不在您的管辖范围内",
                            "该工单属于大厅 hall-1，不在您的管辖范围内",
                            "该工单属于大厅 hall-1，不在您的管辖范围内",
                            "只能对本人收到的差评申诉，该差评评价的是其他工作人员",
                            "窗口工作人员无权回访",
                            "复核员无权整改",
                            "督查员无权复核申诉");
            assertThat(h.command(by(followUp("ok", "P-1", t), "sup-all", ConsoleRole.SUPERVISOR, List.of("*"))).result())
                    .as("a supervisor of every hall").isEqualTo(Result.APPLIED);
        }
    }

    @Test
    void aCommandOnACaseWithoutAWorkOrderIsNotFound() throws Exception {
        try (Harness h = new Harness()) {
            Instant t = FOLLOWED_UP_AT;
            assertThat(h.command(followUp("n-1", "P-NONE", t))).isEqualTo(new CommandOutcome("n-1", "P-NONE",
                    Result.NOT_FOUND, "工单不存在：P-NONE 没有差评", "", 0, t));
            assertThat(h.h.numKeyedStateEntries()).as("nothing kept for it").isZero();
        }
    }

    @Test
    void aCommandIdSeenBeforeIsAnsweredWithItsFirstOutcome() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            WorkOrderCommand tooEarly = rectify("c-r", "P-1", FOLLOWED_UP_AT);
            CommandOutcome refused = h.command(tooEarly);
            WorkOrderCommand follow = followUp("c-f", "P-1", FOLLOWED_UP_AT.plusSeconds(60));
            CommandOutcome first = h.command(follow);
            assertThat(h.command(follow)).isEqualTo(first);
            assertThat(h.command(by(follow, "sup-9", ConsoleRole.SUPERVISOR, List.of("hall-9")))).as("by id alone")
                    .isEqualTo(first);
            assertThat(h.command(tooEarly)).as("still the first answer, though it would apply now").isEqualTo(refused);
            assertThat(h.latest().followUpCount).isEqualTo(1);
            assertThat(h.latest().version).isEqualTo(2);
            assertThat(h.eventIds()).containsExactly("opened:bad-1", "followed_up:c-f");
        }
    }

    @Test
    void followUpAttemptsAreCountedAndTheFirstMeetsTheDeadline() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            WorkOrderCommand missed = new WorkOrderCommand("c-1", "P-1", followUp("x", "P-1", FOLLOWED_UP_AT).type(), "sup-1",
                    ConsoleRole.SUPERVISOR, HALL_1, FOLLOWED_UP_AT, false, false, "", null, null, null, null, null, "无人接听");
            assertThat(h.command(missed).status()).isEqualTo("followed_up");
            h.command(followUp("c-2", "P-1", FOLLOWED_UP_AT.plusSeconds(3600)));
            WorkOrder w = h.latest();
            assertThat(w.followUpCount).isEqualTo(2);
            assertThat(w.followedUpAtMillis).isEqualTo(FOLLOWED_UP_AT.toEpochMilli());
            assertThat(w.followUpReached).as("of the latest attempt").isTrue();
            h.watermark(FOLLOW_UP_DUE.plusSeconds(1));
            assertThat(h.alertIds()).containsExactly("bad:bad-1");
        }
    }

    @Test
    void dueSoonAndOverdueAlertsFireOnceEachAndOnlyForStepsNotDoneByThen() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            h.watermark(FOLLOW_UP_DUE_SOON.minusMillis(1));
            assertThat(h.alertIds()).containsExactly("bad:bad-1");
            h.watermark(FOLLOW_UP_DUE_SOON);
            h.watermark(FOLLOW_UP_DUE);
            assertThat(h.all(WorkOrderProcess.ALERTS)).extracting(Alert::alertId, Alert::title, Alert::dueAt, Alert::raisedAt)
                    .containsExactly(
                            tuple("bad:bad-1", "新差评：大厅 hall-1 窗口 counter-1 工作人员 clerk-1，不满意", null, BAD_AT),
                            tuple("due_soon:follow_up:P-1", "回访即将到期：工单 P-1，截止 2026-10-08 16:30", FOLLOW_UP_DUE,
                                    FOLLOW_UP_DUE_SOON),
                            tuple("overdue:follow_up:P-1", "回访已超时：工单 P-1，截止 2026-10-08 16:30", FOLLOW_UP_DUE,
                                    FOLLOW_UP_DUE));
            assertThat(h.latest().followUpOverdue).isTrue();
            assertThat(h.latest().version).isEqualTo(2);

            h.command(followUp("late", "P-1", FOLLOW_UP_DUE.plus(Duration.ofDays(1))));
            assertThat(h.latest().followUpOverdue).as("stays overdue when done late").isTrue();
            h.watermark(RECTIFY_DUE.plus(Duration.ofDays(30)));
            assertThat(h.alertIds()).containsExactly("bad:bad-1", "due_soon:follow_up:P-1", "overdue:follow_up:P-1",
                    "due_soon:rectify:P-1", "overdue:rectify:P-1");
            assertThat(h.all(WorkOrderProcess.ALERTS).get(4).title()).isEqualTo("整改已超时：工单 P-1，截止 2026-10-27 16:30");
            assertThat(h.latest().rectifyOverdue).isTrue();
            assertThat(h.eventIds()).containsExactly("opened:bad-1", "due_soon:follow_up", "overdue:follow_up",
                    "followed_up:late", "due_soon:rectify", "overdue:rectify");
            assertThat(h.h.numEventTimeTimers()).as("every deadline fired, nothing else pending").isZero();
        }
    }

    @Test
    void aStepDoneAfterItsDeadlineIsOverdueEvenWhenProcessedBeforeTheWatermarkGotThere() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            h.command(followUp("late", "P-1", FOLLOW_UP_DUE.plusSeconds(1)));
            h.watermark(FOLLOW_UP_DUE.plusSeconds(10));
            assertThat(h.alertIds()).containsExactly("bad:bad-1", "due_soon:follow_up:P-1", "overdue:follow_up:P-1");

            h.command(rectify("on-time", "P-1", RECTIFY_DUE_SOON.minusSeconds(1)));
            h.watermark(RECTIFY_DUE.plusSeconds(10));
            assertThat(h.alertIds()).as("rectified before its due-soon moment").hasSize(3);
        }
    }

    @Test
    void anUpheldAppealVoidsTheWorkOrderExcludesTheRatingAndCancelsEveryDeadline() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            Instant filed = BAD_AT.plusSeconds(3600);
            Instant upheld = FOLLOWED_UP_AT;
            assertThat(h.command(appeal("a-1", "P-1", filed))).isEqualTo(applied("a-1", "open", 2, filed));
            assertThat(h.latest().appealStatus).isEqualTo(AppealStatus.PENDING);
            assertThat(h.command(review("r-1", "P-1", AppealDecision.UPHELD, upheld)))
                    .isEqualTo(applied("r-1", "voided", 3, upheld));
            WorkOrder voided = h.latest();
            assertThat(voided.status).isEqualTo(WorkOrderStatus.VOIDED);
            assertThat(voided.appealStatus).isEqualTo(AppealStatus.UPHELD);
            assertThat(voided.closeReason).isEqualTo("appeal_upheld");
            assertThat(voided.closedAtMillis).isEqualTo(upheld.toEpochMilli());
            assertThat(voided.appealFiledBy).isEqualTo("clerk-1");
            assertThat(voided.appealReviewedBy).isEqualTo("aud-1");
            assertThat(h.all(WorkOrderProcess.EXCLUSIONS)).containsExactly(new ScoreExclusion("bad-1", "P-1", "hall-1",
                    "counter-1", "clerk-1", 2, 3, false, BAD_AT, BAD_AT, "appeal_upheld", upheld));
            assertThat(h.h.numEventTimeTimers()).as("only the state cleanup").isEqualTo(1);

            h.watermark(RECTIFY_DUE.plusSeconds(1));
            assertThat(h.alertIds()).containsExactly("bad:bad-1");
            h.rerate(rerating("qr-2", 5, upheld.plusSeconds(60)));
            assertThat(h.all(WorkOrderProcess.FLAGGED)).extracting(FlaggedRating::detail).containsExactly(
                    "追评 (assess number 2) only follows a rectified 差评; work order P-1 is voided (已作废（申诉成立）)");
            assertThat(h.eventIds()).containsExactly("opened:bad-1", "appealed:a-1", "appeal_upheld:r-1");
        }
    }

    @Test
    void aRejectedAppealChangesNothingElse() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            WorkOrderCommand bySupervisor = by(appeal("a-1", "P-1", BAD_AT.plusSeconds(60)), "sup-1",
                    ConsoleRole.SUPERVISOR, HALL_1);
            h.command(bySupervisor);
            h.command(review("r-1", "P-1", AppealDecision.REJECTED, BAD_AT.plusSeconds(120)));
            WorkOrder w = h.latest();
            assertThat(w.status).isEqualTo(WorkOrderStatus.OPEN);
            assertThat(w.appealStatus).isEqualTo(AppealStatus.REJECTED);
            assertThat(w.appealNote).isEqualTo("核查录像属实");
            assertThat(w.closedAtMillis).isEqualTo(WorkOrder.NONE);
            assertThat(h.all(WorkOrderProcess.EXCLUSIONS)).isEmpty();
            assertThat(h.h.numEventTimeTimers()).as("the deadlines run on").isEqualTo(4);
            h.watermark(FOLLOW_UP_DUE);
            assertThat(h.alertIds()).containsExactly("bad:bad-1", "due_soon:follow_up:P-1", "overdue:follow_up:P-1");
        }
    }

    @Test
    void theStateIsDroppedRetentionAfterClosing() throws Exception {
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            h.command(followUp("c-1", "P-1", FOLLOWED_UP_AT));
            h.command(rectify("c-2", "P-1", RECTIFIED_AT));
            Rating rerate = rerating("qr-2", 5, RECTIFIED_AT.plusSeconds(60));
            h.rerate(rerate);
            h.watermark(rerate.ratedAt().plus(RETENTION).minusMillis(1));
            assertThat(h.command(followUp("c-3", "P-1", rerate.ratedAt().plus(RETENTION).minusMillis(1))).result())
                    .isEqualTo(Result.CONFLICT);
            h.watermark(rerate.ratedAt().plus(RETENTION));
            assertThat(h.h.numKeyedStateEntries()).isZero();
            assertThat(h.h.numEventTimeTimers()).isZero();
            assertThat(h.command(followUp("c-4", "P-1", rerate.ratedAt().plus(RETENTION))).result())
                    .isEqualTo(Result.NOT_FOUND);
        }
        try (Harness h = new Harness().opened(BAD, FACTS)) {
            Instant upheld = BAD_AT.plusSeconds(600);
            h.command(appeal("a-1", "P-1", BAD_AT.plusSeconds(60)));
            h.command(review("r-1", "P-1", AppealDecision.UPHELD, upheld));
            h.watermark(upheld.plus(RETENTION));
            assertThat(h.h.numKeyedStateEntries()).as("also after voiding").isZero();
            assertThat(h.h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void factsThatArriveLaterFillInTheItemAndLetThe追评InvitationGo() throws Exception {
        try (Harness h = new Harness().opened(BAD, null)) {
            assertThat(h.latest().itemName).isEmpty();
            h.command(followUp("c-1", "P-1", FOLLOWED_UP_AT));
            h.command(rectify("c-2", "P-1", RECTIFIED_AT));
            assertThat(h.all(WorkOrderProcess.INVITATIONS)).as("no phone known yet").isEmpty();
            // the completion was reported late: its event time lies before the work order opened
            h.signal(WorkOrderSignal.facts(FACTS), FACTS.completedAt());
            WorkOrder w = h.latest();
            assertThat(w.itemName).isEqualTo("营业执照办理");
            assertThat(w.rerateSmsInvited).isTrue();
            assertThat(w.version).isEqualTo(4);
            assertThat(h.all(WorkOrderProcess.INVITATIONS)).singleElement().satisfies(i -> {
                assertThat(i.invitationId()).isEqualTo("inv2:P-1");
                assertThat(i.invitedAt()).as("not before the latest change").isEqualTo(RECTIFIED_AT);
                assertThat(i.expiresAt()).isEqualTo(RERATE_DUE);
            });
            h.signal(WorkOrderSignal.facts(FACTS), FACTS.completedAt());
            assertThat(h.all(WorkOrderProcess.INVITATIONS)).as("once").hasSize(1);
            assertThat(h.latest().version).as("nothing new").isEqualTo(4);
        }
    }

    @Test
    void theStateIsAFlinkPojoWithoutGenericTypes() {
        assertThat(WorkOrderTypes.WORK_ORDER).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<WorkOrder> pojo = (PojoTypeInfo<WorkOrder>) WorkOrderTypes.WORK_ORDER;
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getTypeAt(i)).as(pojo.getPojoFieldAt(i).getField().getName())
                    .isNotInstanceOf(GenericTypeInfo.class);
        }
        assertThat(pojo.getArity()).as("every public field").isEqualTo(WorkOrder.class.getFields().length
                - (int) java.util.Arrays.stream(WorkOrder.class.getFields())
                .filter(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers())).count());
    }
}
