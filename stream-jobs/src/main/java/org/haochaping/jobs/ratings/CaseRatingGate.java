package org.haochaping.jobs.ratings;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventType;
import org.haochaping.model.sms.SmsInvitation;

/**
 * 一事一评 and everything that happens to a case after completion, keyed by projectNo (first input: case
 * events, second: ratings, after de-duplication and the spam flag).
 *
 * <ul>
 *   <li>The first rating of a case (assess number 1) counts and passes on; a later one with another rating
 *       id goes to {@link #FLAGGED} as {@code duplicate}, naming the counted one. A rating may come before
 *       its case's completion (another topic): it still counts.</li>
 *   <li>Work orders: a counted first 差评 goes to {@link #WORK_ORDER_SIGNALS} with the case's facts as far
 *       as known, and facts arriving after it follow; every 追评 (assess number 2) goes there too, not to
 *       the main output. Whether a 追评 counts depends on the work order (rectified, within the 追评
 *       window), which the work-order operator owns.</li>
 *   <li>On completion, event-time timers: the SMS invitation at completedAt + smsInvitationDelay (when
 *       the delay is set, the case has a phone, and it comes before the window end) and the default
 *       rating at the rating window's end (natural or working days, {@link WorkingCalendar#shipped()}).
 *       Each fires only if the case is still unrated; a real rating deletes both.</li>
 *   <li>A snapshot to {@link #SNAPSHOTS} on every state change of a known case (accepted, completed,
 *       rated, invited, defaulted); its version counts the changes, so a replay writes the same rows. A
 *       rating of a case no event has told us about yet writes none: the case's first snapshot, when
 *       its event comes, shows it rated.</li>
 * </ul>
 *
 * <p>Event time: a default rating is emitted from the timer at the window end with that time stamp.
 * Flink fires timers before it forwards the watermark that triggered them, so downstream (late-rating
 * guard, minute windows) the default is never behind the watermark: it lands in the minute window that
 * starts at the window end.
 *
 * <p>State size: the case's facts ({@link CaseEvent}, with the sealed phone) are kept only while they
 * are still needed — until the case is rated or defaulted (a 差评's work order keeps its own copy). What
 * outlives them is the small {@link CaseProgress} (which rating counted), needed to refuse duplicates; it
 * is cleared {@code rules.caseRetention} after the window end (or after the rating of a case never seen
 * completed). A rating for a case forgotten that way counts again: the retention must exceed the time
 * within which duplicates can arrive.
 */
public class CaseRatingGate extends KeyedCoProcessFunction<String, CaseEvent, Rating, Rating> {

    public static final OutputTag<FlaggedRating> FLAGGED = new OutputTag<>("case-flagged", RatingTypes.FLAGGED_RATING);
    public static final OutputTag<SmsInvitation> INVITATIONS = new OutputTag<>("sms-invitations", RatingTypes.SMS_INVITATION);
    public static final OutputTag<CaseSnapshot> SNAPSHOTS = new OutputTag<>("case-snapshots", RatingTypes.CASE_SNAPSHOT);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("case-dead-letters", RatingTypes.DEAD_LETTER);
    public static final OutputTag<WorkOrderSignal> WORK_ORDER_SIGNALS =
            new OutputTag<>("work-order-signals", RatingTypes.WORK_ORDER_SIGNAL);
    public static final String SOURCE = "case-gate";

    private final PipelineSettings.CaseRules rules;
    private transient ValueState<CaseEvent> facts;
    private transient ValueState<CaseProgress> progress;
    private transient WorkingCalendar calendar;

    public CaseRatingGate(PipelineSettings settings) {
        this.rules = settings.rules();
    }

    @Override
    public void open(OpenContext openContext) {
        facts = getRuntimeContext().getState(new ValueStateDescriptor<>("case-facts", RatingTypes.CASE_EVENT));
        progress = getRuntimeContext().getState(
                new ValueStateDescriptor<>("case-progress", Types.POJO(CaseProgress.class)));
        calendar = WorkingCalendar.shipped();
    }

    @Override
    public void processElement1(CaseEvent event, Context ctx, Collector<Rating> out) throws Exception {
        CaseProgress p = progressOrNew();
        if (event.type() == CaseEventType.ACCEPTED) {
            if (p.completedEventId != null || facts.value() != null || p.isRated()) {
                if (p.completedEventId == null && p.ratedBad()) {
                    ctx.output(WORK_ORDER_SIGNALS, WorkOrderSignal.facts(event)); // the only facts of it so far
                }
                return; // a retry, or older news than what is known: the completion or rating carries more
            }
            facts.update(event);
            extendRetention(ctx.timerService(), p, event.acceptedAt().toEpochMilli());
            snapshot(ctx, p, event, event.acceptedAt());
            progress.update(p);
            return;
        }
        if (p.completedEventId != null) {
            if (!p.completedEventId.equals(event.eventId())) {
                ctx.output(DEAD_LETTERS, new DeadLetter("completed-twice:" + event.projectNo() + ":" + event.eventId(),
                        SOURCE, RatingJson.writeString(event), "case " + event.projectNo()
                        + " was already completed by event " + p.completedEventId + "; this completion is ignored",
                        event.receivedAt().toEpochMilli()));
            }
            return;
        }
        long windowEnd = rules.ratingWindowEnd(event.completedAt(), calendar).toEpochMilli();
        p.completedEventId = event.eventId();
        p.windowEndMillis = windowEnd;
        if (!p.isRated()) {
            facts.update(event);
            p.defaultDueMillis = windowEnd;
            ctx.timerService().registerEventTimeTimer(windowEnd);
            long invitationDue = event.completedAt().plus(rules.smsInvitationDelay()).toEpochMilli();
            if (!rules.smsInvitationDelay().isZero() && event.hasPhone() && invitationDue < windowEnd) {
                p.invitationDueMillis = invitationDue;
                ctx.timerService().registerEventTimeTimer(invitationDue);
            }
        }
        if (p.ratedBad()) {
            ctx.output(WORK_ORDER_SIGNALS, WorkOrderSignal.facts(event)); // the work order was opened without them
        }
        extendRetention(ctx.timerService(), p, windowEnd);
        snapshot(ctx, p, event, event.completedAt());
        progress.update(p);
    }

    @Override
    public void processElement2(Rating rating, Context ctx, Collector<Rating> out) throws Exception {
        if (rating.assessNumber() == 2) {
            ctx.output(WORK_ORDER_SIGNALS, WorkOrderSignal.rerating(rating));
            return;
        }
        CaseProgress p = progressOrNew();
        if (!p.isRated()) {
            p.ratingId = rating.ratingId();
            p.ratingChannel = rating.channel().wireName();
            p.ratingLevel = rating.level();
            p.ratedAtMillis = rating.ratedAt().toEpochMilli();
            cancelPendingTimers(ctx.timerService(), p);
            out.collect(rating);
            CaseEvent known = facts.value();
            if (WorkOrderSignal.opensWorkOrder(rating)) {
                ctx.output(WORK_ORDER_SIGNALS, WorkOrderSignal.badRating(rating, known));
            }
            if (known != null || p.completedEventId != null) {
                snapshot(ctx, p, known, rating.ratedAt());
            }
            facts.clear(); // rated: the facts are in the snapshot, and nothing more is sent or defaulted
            extendRetention(ctx.timerService(), p, p.ratedAtMillis);
        } else if (!p.ratingId.equals(rating.ratingId())) {
            String detail = p.defaulted
                    ? "请勿重复评价: came after the default rating " + p.ratingId + " at the end of the rating window "
                            + Instant.ofEpochMilli(p.windowEndMillis)
                    : "请勿重复评价: already rated by " + p.ratingId + " (" + p.ratingChannel + ")";
            ctx.output(FLAGGED, new FlaggedRating(rating, FlaggedRating.DUPLICATE, detail));
        }
        // else: the counted rating itself, replayed after de-duplication forgot it: counted once already
        progress.update(p);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rating> out) throws Exception {
        CaseProgress p = progress.value();
        if (p == null) {
            return;
        }
        if (timestamp == p.cleanupAtMillis) {
            progress.clear();
            facts.clear();
            return;
        }
        CaseEvent event = facts.value();
        Instant at = Instant.ofEpochMilli(timestamp);
        if (timestamp == p.invitationDueMillis) {
            p.invitationDueMillis = CaseProgress.NONE;
            if (!p.isRated() && event != null) {
                p.invitedAtMillis = timestamp;
                ctx.output(INVITATIONS, invitation(event, at, Instant.ofEpochMilli(p.windowEndMillis)));
                snapshot(ctx, p, event, at);
            }
        }
        if (timestamp == p.defaultDueMillis) {
            p.defaultDueMillis = CaseProgress.NONE;
            if (!p.isRated() && event != null) {
                Rating rating = defaultRating(event, at);
                p.ratingId = rating.ratingId();
                p.ratingChannel = rating.channel().wireName();
                p.ratingLevel = rating.level();
                p.ratedAtMillis = timestamp;
                p.defaulted = true;
                out.collect(rating);
                snapshot(ctx, p, event, at);
                facts.clear();
            }
        }
        progress.update(p);
    }

    private CaseProgress progressOrNew() throws Exception {
        CaseProgress p = progress.value();
        return p == null ? new CaseProgress() : p;
    }

    private void cancelPendingTimers(TimerService timers, CaseProgress p) {
        if (p.invitationDueMillis != CaseProgress.NONE) {
            timers.deleteEventTimeTimer(p.invitationDueMillis);
            p.invitationDueMillis = CaseProgress.NONE;
        }
        if (p.defaultDueMillis != CaseProgress.NONE) {
            timers.deleteEventTimeTimer(p.defaultDueMillis);
            p.defaultDueMillis = CaseProgress.NONE;
        }
    }

    /** Keeps the case's progress until {@code caseRetention} after {@code fromMillis}, if that is later. */
    private void extendRetention(TimerService timers, CaseProgress p, long fromMillis) {
        long until = fromMillis + rules.caseRetention().toMillis();
        if (until > p.cleanupAtMillis) {
            if (p.cleanupAtMillis != CaseProgress.NONE) {
                timers.deleteEventTimeTimer(p.cleanupAtMillis);
            }
            timers.registerEventTimeTimer(until);
            p.cleanupAtMillis = until;
        }
    }

    private void snapshot(Context ctx, CaseProgress p, CaseEvent event, Instant at) {
        p.version++;
        ctx.output(SNAPSHOTS, new CaseSnapshot(ctx.getCurrentKey(), event, p.status(), instant(p.windowEndMillis),
                instant(p.ratedAtMillis), p.ratingChannel == null ? "" : p.ratingChannel, p.ratingLevel,
                instant(p.invitedAtMillis), p.version, at));
    }

    private static Instant instant(long millis) {
        return millis == CaseProgress.NONE ? null : Instant.ofEpochMilli(millis);
    }

    /** The rating a case gets when nobody rated it within the window: counted apart everywhere. */
    private Rating defaultRating(CaseEvent e, Instant windowEnd) {
        return new Rating("default:" + e.projectNo(), e.projectNo(), 1, Channel.DEFAULT, rules.defaultLevel(), List.of(),
                "", e.hallId(), e.counterId(), e.frontClerkId(), e.deptCode(), e.itemCode(), e.areaCode(), windowEnd,
                windowEnd, "", "", "", true);
    }

    private static SmsInvitation invitation(CaseEvent e, Instant invitedAt, Instant expiresAt) {
        return new SmsInvitation(SmsInvitation.idFor(e.projectNo()), e.projectNo(), 1, e.hallId(), e.counterId(),
                e.frontClerkId(), e.deptCode(), e.itemCode(), e.itemName(), e.areaCode(), e.phoneHash(),
                e.phoneMasked(), e.phoneSealed(), invitedAt, expiresAt);
    }
}
