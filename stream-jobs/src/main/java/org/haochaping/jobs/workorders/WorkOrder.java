package org.haochaping.jobs.workorders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.haochaping.jobs.ratings.PipelineSettings.WorkOrderRules;
import org.haochaping.model.Rating;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.workorders.AppealKind;

/**
 * One 差评 work order (工单) as {@link WorkOrderProcess} keeps it, and its snapshot for {@code work_orders}.
 * Its id is the case's projectNo: one work order per case. A Flink POJO (public fields, no-arg
 * constructor); times are epoch milliseconds, {@link #NONE} when not set; strings are empty, never null.
 *
 * <p>It keeps what the row shows of the 差评 (the rating itself is not kept), and the case's citizen phone
 * for the 追评 SMS: hash, masked and sealed. The sealed phone goes only into the SMS invitation, never to
 * ClickHouse.
 */
public class WorkOrder {
    public static final long NONE = Long.MIN_VALUE;

    public String workOrderId = "";

    // the 差评 that opened it
    public String ratingId = "";
    public int ratingLevel;
    public String ratingChannel = "";
    public List<String> tagCodes = new ArrayList<>();
    public String comment = "";
    public String hallId = "";
    public String counterId = "";
    public String clerkId = "";
    public String deptCode = "";
    public String itemCode = "";
    public String itemName = "";
    public String areaCode = "";
    public String raterPhoneHash = "";
    public String raterPhoneMasked = "";
    /** The 差评's time: deadlines count from it. */
    public long openedAtMillis = NONE;

    // the case's citizen phone (from the case events), for the 追评 invitation
    public String citizenPhoneHash = "";
    public String citizenPhoneMasked = "";
    public String citizenPhoneSealed = "";

    public WorkOrderStatus status = WorkOrderStatus.OPEN;
    public long followUpDueMillis = NONE;
    public long rectifyDueMillis = NONE;
    /** NONE when no due-soon alert is configured for the step. */
    public long followUpDueSoonMillis = NONE;
    public long rectifyDueSoonMillis = NONE;
    public boolean followUpDueSoonRaised;
    public boolean rectifyDueSoonRaised;
    /** Set when the deadline passed without the step; stays set when it is done later. */
    public boolean followUpOverdue;
    public boolean rectifyOverdue;

    /** The first follow-up: it meets the follow-up deadline, reached or not. */
    public long followedUpAtMillis = NONE;
    public int followUpCount;
    /** Of the latest follow-up attempt. */
    public boolean followUpReached;
    public boolean followUpVerified;
    public String citizenFeedback = "";

    public long rectifiedAtMillis = NONE;
    public String rectifyCause = "";
    public String rectifyAction = "";

    /** End of the 追评 window, set on rectification. */
    public long rerateDueMillis = NONE;
    public boolean rerateSmsInvited;
    public String rerateRatingId = "";
    public int rerateLevel;
    public String rerateChannel = "";
    public long reratedAtMillis = NONE;

    public AppealStatus appealStatus = AppealStatus.NONE;
    /** null while no appeal was filed. */
    public AppealKind appealKind;
    public String appealReason = "";
    public String appealFiledBy = "";
    public long appealFiledAtMillis = NONE;
    public String appealReviewedBy = "";
    public long appealReviewedAtMillis = NONE;
    public String appealNote = "";

    public long closedAtMillis = NONE;
    /** rerated | rerate_window_ended | appeal_upheld; empty while not closed. */
    public String closeReason = "";
    /** When the state is dropped: {@code workOrders.retention} after closing. */
    public long cleanupAtMillis = NONE;

    /** Number of changes to the row: the {@code work_orders} version. */
    public long version;
    /** Event time of the latest change. */
    public long updatedAtMillis = NONE;

    public WorkOrder() {}

    public static final String CLOSED_RERATED = "rerated";
    public static final String CLOSED_RERATE_WINDOW_ENDED = "rerate_window_ended";
    public static final String CLOSED_APPEAL_UPHELD = "appeal_upheld";

    /** A new work order for a counted first 差评, with its deadlines; {@code facts} may be null. */
    static WorkOrder open(Rating bad, CaseEvent facts, WorkOrderRules rules, WorkingCalendar calendar) {
        WorkOrder w = new WorkOrder();
        w.workOrderId = bad.projectNo();
        w.ratingId = bad.ratingId();
        w.ratingLevel = bad.level();
        w.ratingChannel = bad.channel().wireName();
        w.tagCodes = new ArrayList<>(bad.tagCodes());
        w.comment = bad.comment();
        w.hallId = bad.hallId();
        w.counterId = bad.counterId();
        w.clerkId = bad.clerkId();
        w.deptCode = bad.deptCode();
        w.itemCode = bad.itemCode();
        w.areaCode = bad.areaCode();
        w.raterPhoneHash = bad.raterPhoneHash();
        w.raterPhoneMasked = bad.raterPhoneMasked();
        Instant at = bad.ratedAt();
        w.openedAtMillis = at.toEpochMilli();
        w.followUpDueMillis = rules.followUpDue(at, calendar).toEpochMilli();
        w.rectifyDueMillis = rules.rectifyDue(at, calendar).toEpochMilli();
        w.followUpDueSoonMillis = millisOrNone(rules.dueSoon(at, rules.followUpDays(), calendar));
        w.rectifyDueSoonMillis = millisOrNone(rules.dueSoon(at, rules.rectifyDays(), calendar));
        if (facts != null) {
            w.learn(facts);
        }
        return w;
    }

    /**
     * Takes what the rating did not say from the case's facts: the item name, codes the rating left empty,
     * and the citizen's phone. Returns whether a column of the row changed.
     */
    boolean learn(CaseEvent facts) {
        boolean changed = false;
        if (!facts.itemName().isEmpty() && !facts.itemName().equals(itemName)) {
            itemName = facts.itemName();
            changed = true;
        }
        if (deptCode.isEmpty() && !facts.deptCode().isEmpty()) {
            deptCode = facts.deptCode();
            changed = true;
        }
        if (itemCode.isEmpty() && !facts.itemCode().isEmpty()) {
            itemCode = facts.itemCode();
            changed = true;
        }
        if (areaCode.isEmpty() && !facts.areaCode().isEmpty()) {
            areaCode = facts.areaCode();
            changed = true;
        }
        if (!facts.phoneSealed().isEmpty()) {
            citizenPhoneHash = facts.phoneHash();
            citizenPhoneMasked = facts.phoneMasked();
            citizenPhoneSealed = facts.phoneSealed();
        }
        return changed;
    }

    boolean followedUpBy(long t) {
        return followedUpAtMillis != NONE && followedUpAtMillis <= t;
    }

    boolean rectifiedBy(long t) {
        return rectifiedAtMillis != NONE && rectifiedAtMillis <= t;
    }

    boolean doneBy(Step step, long t) {
        return step == Step.FOLLOW_UP ? followedUpBy(t) : rectifiedBy(t);
    }

    long dueMillis(Step step) {
        return step == Step.FOLLOW_UP ? followUpDueMillis : rectifyDueMillis;
    }

    long dueSoonMillis(Step step) {
        return step == Step.FOLLOW_UP ? followUpDueSoonMillis : rectifyDueSoonMillis;
    }

    boolean dueSoonRaised(Step step) {
        return step == Step.FOLLOW_UP ? followUpDueSoonRaised : rectifyDueSoonRaised;
    }

    boolean overdue(Step step) {
        return step == Step.FOLLOW_UP ? followUpOverdue : rectifyOverdue;
    }

    /** Whether the due-soon alert of {@code step} is still to come: configured, not raised, step not done by then. */
    boolean awaitsDueSoon(Step step) {
        long t = dueSoonMillis(step);
        return t != NONE && status != WorkOrderStatus.VOIDED && !dueSoonRaised(step) && !doneBy(step, t);
    }

    /** Whether the overdue check of {@code step} is still to come. */
    boolean awaitsOverdue(Step step) {
        long t = dueMillis(step);
        return t != NONE && status != WorkOrderStatus.VOIDED && !overdue(step) && !doneBy(step, t);
    }

    boolean awaitsRerate() {
        return status == WorkOrderStatus.RECTIFIED && rerateDueMillis != NONE;
    }

    /** Whether some event-time timer of this work order is still needed at {@code t}. */
    boolean needsTimerAt(long t) {
        for (Step step : Step.values()) {
            if ((awaitsDueSoon(step) && dueSoonMillis(step) == t) || (awaitsOverdue(step) && dueMillis(step) == t)) {
                return true;
            }
        }
        return (awaitsRerate() && rerateDueMillis == t) || cleanupAtMillis == t;
    }

    /** Every timer time this work order may have registered. */
    long[] timerTimes() {
        return new long[] {followUpDueSoonMillis, followUpDueMillis, rectifyDueSoonMillis, rectifyDueMillis,
                rerateDueMillis, cleanupAtMillis};
    }

    boolean isFinished() {
        return status == WorkOrderStatus.CLOSED || status == WorkOrderStatus.VOIDED;
    }

    static long millisOrNone(Instant t) {
        return t == null ? NONE : t.toEpochMilli();
    }
}
