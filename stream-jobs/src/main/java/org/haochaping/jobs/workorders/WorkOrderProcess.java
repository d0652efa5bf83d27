package org.haochaping.jobs.workorders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.jobs.ratings.FlaggedRating;
import org.haochaping.jobs.ratings.PipelineSettings;
import org.haochaping.jobs.ratings.PipelineSettings.WorkOrderRules;
import org.haochaping.jobs.ratings.RatingTypes;
import org.haochaping.jobs.ratings.WorkOrderSignal;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;

/**
 * The 差评 work orders (工单), keyed by projectNo = work order id. First input: what the case gate says
 * ({@link WorkOrderSignal}: a counted first 差评 opens a work order, the case's facts, every 追评); second:
 * the console's commands. The rules of each step are in {@link WorkOrderTransitions}.
 *
 * <ul>
 *   <li>Opening: deadlines from the 差评's time in office time of working days (follow-up, rectify, and a
 *       due-soon moment before each), a {@code bad_rating} alert.</li>
 *   <li>Commands: answered with a {@link CommandOutcome} (applied, or conflict / forbidden / not found with a
 *       Chinese reason); a command id answered before gets its first outcome again and changes nothing.
 *       Their event time is their issuedAt. Rectification opens the 追评 window (a timer at its end) and
 *       invites the citizen by SMS ({@code inv2:<projectNo>}) when the case's sealed phone is known.</li>
 *   <li>追评: a counted one goes to the main output (it joins the counted ratings) and closes the work
 *       order; any other is flagged. At the 追评 window's end without one the work order closes too.</li>
 *   <li>Deadlines: event-time timers raise a due-soon and an overdue alert per step, each at most once and
 *       only when the step was not done by then (a step done later than its deadline, but processed
 *       before the watermark reached it, is still overdue). An upheld appeal voids the work order, cancels
 *       its timers and excludes the 差评 from the scores.</li>
 *   <li>Every change writes a snapshot (version = number of changes) and a history entry whose id comes
 *       from its cause, so a replay writes the same rows. Alert ids are deterministic too.</li>
 *   <li>State is dropped {@code workOrders.retention} after closing or voiding; then a command gets
 *       {@code not_found} and a 追评 is flagged as without a work order.</li>
 * </ul>
 *
 * <p>Ordering: commands and 追评 come on different inputs, so which of a rectification and a 追评 given
 * right after it is processed first is not fixed on a replay. A 追评 rated before the rectification
 * (event time) never counts; in practice the 追评 follows the invitation the rectification sends.
 */
public class WorkOrderProcess extends KeyedCoProcessFunction<String, WorkOrderSignal, WorkOrderCommand, Rating> {

    public static final OutputTag<WorkOrder> SNAPSHOTS = new OutputTag<>("work-order-snapshots", WorkOrderTypes.WORK_ORDER);
    public static final OutputTag<WorkOrderEvent> EVENTS =
            new OutputTag<>("work-order-events", WorkOrderTypes.WORK_ORDER_EVENT);
    public static final OutputTag<AnsweredCommand> ANSWERS =
            new OutputTag<>("work-order-answers", WorkOrderTypes.ANSWERED_COMMAND);
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("work-order-alerts", RatingTypes.ALERT);
    public static final OutputTag<ScoreExclusion> EXCLUSIONS =
            new OutputTag<>("score-exclusions", WorkOrderTypes.SCORE_EXCLUSION);
    public static final OutputTag<SmsInvitation> INVITATIONS =
            new OutputTag<>("rerate-invitations", RatingTypes.SMS_INVITATION);
    public static final OutputTag<FlaggedRating> FLAGGED = new OutputTag<>("rerate-flagged", RatingTypes.FLAGGED_RATING);

    private final PipelineSettings settings;
    private final WorkOrderRules rules;
    private final ZoneId zone;
    private transient ValueState<WorkOrder> workOrder;
    /** command id → its first outcome, while the work order is kept */
    private transient MapState<String, CommandOutcome> answered;
    private transient TypeSerializer<WorkOrder> snapshotCopier;
    private transient WorkingCalendar calendar;

    public WorkOrderProcess(PipelineSettings settings) {
        this.settings = settings;
        this.rules = settings.workOrders();
        this.zone = rules.officeHours().zone();
    }

    @Override
    public void open(OpenContext openContext) {
        workOrder = getRuntimeContext().getState(new ValueStateDescriptor<>("work-order", WorkOrderTypes.WORK_ORDER));
        answered = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("answered-commands", Types.STRING, RatingTypes.COMMAND_OUTCOME));
        snapshotCopier = getRuntimeContext().createSerializer(WorkOrderTypes.WORK_ORDER);
        calendar = WorkingCalendar.shipped();
    }

    @Override
    public void processElement1(WorkOrderSignal signal, Context ctx, Collector<Rating> out) throws Exception {
        switch (signal.kind()) {
            case BAD_RATING -> open(signal.rating(), signal.facts(), ctx);
            case FACTS -> learn(signal.facts(), ctx);
            case RERATING -> rerate(signal.rating(), ctx, out);
        }
    }

    private void open(Rating bad, CaseEvent facts, Context ctx) throws Exception {
        WorkOrder existing = workOrder.value();
        if (existing != null) {
            // the same 差评 replayed, or a case rated anew after the gate forgot it: one work order per case
            if (facts != null) {
                learn(facts, ctx);
            }
            return;
        }
        WorkOrder w = WorkOrder.open(bad, facts, rules, calendar);
        TimerService timers = ctx.timerService();
        for (Step step : Step.values()) {
            if (w.dueSoonMillis(step) != WorkOrder.NONE) {
                timers.registerEventTimeTimer(w.dueSoonMillis(step));
            }
            timers.registerEventTimeTimer(w.dueMillis(step));
        }
        ObjectNode detail = json().put("ratingId", bad.ratingId()).put("level", bad.level())
                .put("channel", w.ratingChannel).put("followUpDue", instantText(w.followUpDueMillis))
                .put("rectifyDue", instantText(w.rectifyDueMillis));
        event(ctx, w, WorkOrderEvent.OPENED, bad.ratingId(), "", WorkOrderEvent.CITIZEN, w.openedAtMillis, detail);
        ctx.output(ALERTS, Alerts.badRating(w));
        changed(ctx, w, w.openedAtMillis);
    }

    private void learn(CaseEvent facts, Context ctx) throws Exception {
        WorkOrder w = workOrder.value();
        if (w == null) {
            return; // the work order is gone (retention): nothing to add to
        }
        boolean changed = w.learn(facts);
        // a completion reported late may be older than the work order's latest change: learned no earlier
        long at = Math.max(facts.eventTime().toEpochMilli(), w.updatedAtMillis);
        changed |= inviteToRerate(ctx, w, at);
        if (changed) {
            changed(ctx, w, at);
        } else {
            workOrder.update(w);
        }
    }

    private void rerate(Rating r, Context ctx, Collector<Rating> out) throws Exception {
        WorkOrder w = workOrder.value();
        if (w != null && r.ratingId().equals(w.rerateRatingId)) {
            return; // the counted 追评 itself, replayed after de-duplication forgot it: counted once already
        }
        FlaggedRating refusal = WorkOrderTransitions.rerateRefusal(w, r);
        if (refusal != null) {
            ctx.output(FLAGGED, refusal);
            return;
        }
        out.collect(r);
        WorkOrderTransitions.rerate(w, r);
        cancelTimer(ctx.timerService(), w, w.rerateDueMillis);
        ObjectNode detail = json().put("ratingId", r.ratingId()).put("level", r.level())
                .put("channel", w.rerateChannel);
        event(ctx, w, WorkOrderEvent.RERATED, r.ratingId(), "", WorkOrderEvent.CITIZEN, w.reratedAtMillis, detail);
        closed(ctx, w, r.ratingId(), WorkOrderEvent.CITIZEN);
    }

    @Override
    public void processElement2(WorkOrderCommand c, Context ctx, Collector<Rating> out) throws Exception {
        WorkOrder w = workOrder.value();
        if (w == null) {
            // not remembered: there is no state to keep it in, and a retry gets the same answer
            WorkOrderTransitions.Refusal r = WorkOrderTransitions.notFound(c.workOrderId());
            answer(ctx, c, new CommandOutcome(c.commandId(), c.workOrderId(), r.result(), r.reason(), "", 0,
                    c.issuedAt()));
            return;
        }
        CommandOutcome first = answered.get(c.commandId());
        if (first != null) {
            answer(ctx, c, first);
            return;
        }
        WorkOrderTransitions.Refusal refusal = WorkOrderTransitions.refusal(w, c);
        CommandOutcome outcome;
        if (refusal != null) {
            outcome = new CommandOutcome(c.commandId(), w.workOrderId, refusal.result(), refusal.reason(),
                    w.status.wireName(), w.version, c.issuedAt());
        } else {
            long at = c.issuedAt().toEpochMilli();
            ctx.output(EVENTS, WorkOrderTransitions.apply(w, c, rules, calendar));
            afterCommand(ctx, w, c, at);
            changed(ctx, w, at);
            outcome = new CommandOutcome(c.commandId(), w.workOrderId, CommandOutcome.Result.APPLIED, "",
                    w.status.wireName(), w.version, c.issuedAt());
        }
        answered.put(c.commandId(), outcome);
        answer(ctx, c, outcome);
    }

    /** What an applied command sets off besides the state change: timers, the 追评 invitation, the exclusion. */
    private void afterCommand(Context ctx, WorkOrder w, WorkOrderCommand c, long at) throws Exception {
        TimerService timers = ctx.timerService();
        if (c.type() == WorkOrderCommandType.FOLLOW_UP || c.type() == WorkOrderCommandType.RECTIFY) {
            Step step = c.type() == WorkOrderCommandType.FOLLOW_UP ? Step.FOLLOW_UP : Step.RECTIFY;
            // done in time: those alerts will not come (done later, they still do)
            if (!w.awaitsDueSoon(step)) {
                cancelTimer(timers, w, w.dueSoonMillis(step));
            }
            if (!w.awaitsOverdue(step)) {
                cancelTimer(timers, w, w.dueMillis(step));
            }
        }
        if (c.type() == WorkOrderCommandType.RECTIFY) {
            timers.registerEventTimeTimer(w.rerateDueMillis);
            inviteToRerate(ctx, w, at);
        }
        if (c.type() == WorkOrderCommandType.REVIEW_APPEAL && c.decision() == AppealDecision.UPHELD) {
            for (long t : w.timerTimes()) {
                cancelTimer(timers, w, t);
            }
            ctx.output(EXCLUSIONS, exclusion(w, c.issuedAt()));
            scheduleCleanup(timers, w);
        }
    }

    /** The 追评 SMS, once, when the work order is rectified, the citizen's sealed phone known and the window open. */
    private boolean inviteToRerate(Context ctx, WorkOrder w, long at) {
        if (w.status != WorkOrderStatus.RECTIFIED || w.rerateSmsInvited || w.citizenPhoneSealed.isEmpty()
                || w.citizenPhoneHash.isEmpty() || at >= w.rerateDueMillis) {
            return false;
        }
        SmsInvitation invitation = new SmsInvitation(SmsInvitation.idFor(w.workOrderId, 2), w.workOrderId, 2, w.hallId,
                w.counterId, w.clerkId, w.deptCode, w.itemCode, w.itemName, w.areaCode, w.citizenPhoneHash,
                w.citizenPhoneMasked, w.citizenPhoneSealed, Instant.ofEpochMilli(at),
                Instant.ofEpochMilli(w.rerateDueMillis));
        ctx.output(INVITATIONS, invitation);
        w.rerateSmsInvited = true;
        event(ctx, w, WorkOrderEvent.RERATE_INVITED, invitation.invitationId(), "", WorkOrderEvent.SYSTEM, at,
                json().put("invitationId", invitation.invitationId()).put("phoneMasked", w.citizenPhoneMasked)
                        .put("expiresAt", invitation.expiresAt().toString()));
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rating> out) throws Exception {
        WorkOrder w = workOrder.value();
        if (w == null) {
            return;
        }
        boolean changed = false;
        for (Step step : Step.values()) {
            if (timestamp == w.dueSoonMillis(step) && w.awaitsDueSoon(step)) {
                if (step == Step.FOLLOW_UP) {
                    w.followUpDueSoonRaised = true;
                } else {
                    w.rectifyDueSoonRaised = true;
                }
                deadlineEvent(ctx, w, WorkOrderEvent.DUE_SOON, step, timestamp);
                ctx.output(ALERTS, Alerts.dueSoon(w, step, zone));
            }
            if (timestamp == w.dueMillis(step) && w.awaitsOverdue(step)) {
                if (step == Step.FOLLOW_UP) {
                    w.followUpOverdue = true;
                } else {
                    w.rectifyOverdue = true;
                }
                deadlineEvent(ctx, w, WorkOrderEvent.OVERDUE, step, timestamp);
                ctx.output(ALERTS, Alerts.overdue(w, step, zone));
                changed = true;
            }
        }
        if (timestamp == w.rerateDueMillis && w.awaitsRerate()) {
            WorkOrderTransitions.close(w, timestamp, WorkOrderStatus.CLOSED, WorkOrder.CLOSED_RERATE_WINDOW_ENDED);
            closed(ctx, w, "rerate_window", WorkOrderEvent.SYSTEM);
            return;
        }
        if (timestamp == w.cleanupAtMillis) {
            for (long t : w.timerTimes()) {
                if (t != WorkOrder.NONE && t != timestamp) {
                    ctx.timerService().deleteEventTimeTimer(t);
                }
            }
            workOrder.clear();
            answered.clear();
            return;
        }
        if (changed) {
            changed(ctx, w, timestamp);
        } else {
            workOrder.update(w);
        }
    }

    /** The work order was just closed or voided: its history entry, the cleanup timer, the snapshot. */
    private void closed(Context ctx, WorkOrder w, String cause, String actorRole) throws Exception {
        event(ctx, w, WorkOrderEvent.CLOSED, cause, "", actorRole, w.closedAtMillis,
                json().put("closeReason", w.closeReason));
        scheduleCleanup(ctx.timerService(), w);
        changed(ctx, w, w.closedAtMillis);
    }

    private void scheduleCleanup(TimerService timers, WorkOrder w) {
        long at = w.closedAtMillis + rules.retention().toMillis();
        if (w.cleanupAtMillis != WorkOrder.NONE && w.cleanupAtMillis != at) {
            long old = w.cleanupAtMillis;
            w.cleanupAtMillis = WorkOrder.NONE;
            cancelTimer(timers, w, old);
        }
        w.cleanupAtMillis = at;
        timers.registerEventTimeTimer(at);
    }

    /** Deletes the timer at {@code t} unless another of the work order's deadlines still needs it (same instant). */
    private static void cancelTimer(TimerService timers, WorkOrder w, long t) {
        if (t != WorkOrder.NONE && !w.needsTimerAt(t)) {
            timers.deleteEventTimeTimer(t);
        }
    }

    /** A row change: version and time, the snapshot, the state. */
    private void changed(Context ctx, WorkOrder w, long at) throws Exception {
        w.version++;
        w.updatedAtMillis = at;
        ctx.output(SNAPSHOTS, snapshotCopier.copy(w)); // a copy: the state object changes on
        workOrder.update(w);
    }

    private void answer(Context ctx, WorkOrderCommand c, CommandOutcome outcome) {
        ctx.output(ANSWERS, new AnsweredCommand(c, outcome));
    }

    private void deadlineEvent(Context ctx, WorkOrder w, String type, Step step, long at) {
        event(ctx, w, type, step.wireName(), "", WorkOrderEvent.SYSTEM, at,
                json().put("step", step.wireName()).put("dueAt", instantText(w.dueMillis(step))));
    }

    private static void event(Context ctx, WorkOrder w, String type, String cause, String actorId, String actorRole,
                              long at, ObjectNode detail) {
        ctx.output(EVENTS, new WorkOrderEvent(w.workOrderId, type + ":" + cause, type, actorId, actorRole,
                Instant.ofEpochMilli(at), w.status.wireName(), detail.toString()));
    }

    private ScoreExclusion exclusion(WorkOrder w, Instant excludedAt) {
        long ratedAt = w.openedAtMillis;
        long window = settings.window().toMillis();
        return new ScoreExclusion(w.ratingId, w.workOrderId, w.hallId, w.counterId, w.clerkId, w.ratingLevel,
                settings.pointsOf(w.ratingLevel), false, Instant.ofEpochMilli(ratedAt),
                Instant.ofEpochMilli(ratedAt - Math.floorMod(ratedAt, window)), ScoreExclusion.APPEAL_UPHELD, excludedAt);
    }

    private static ObjectNode json() {
        return RatingJson.mapper().createObjectNode();
    }

    private static String instantText(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
