package org.haochaping.jobs.sink;

import static org.haochaping.jobs.sink.ClickHouseRows.millis;
import static org.haochaping.jobs.sink.ClickHouseRows.newRow;
import static org.haochaping.jobs.sink.ClickHouseRows.putNullable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.haochaping.jobs.workorders.AnsweredCommand;
import org.haochaping.jobs.workorders.ScoreExclusion;
import org.haochaping.jobs.workorders.WorkOrder;
import org.haochaping.jobs.workorders.WorkOrderEvent;
import org.haochaping.model.RatingJson;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;

/** Maps the work-order records to rows of the tables in migration V003 (column names match the SQL). */
public final class WorkOrderRows {

    public static final String WORK_ORDERS = "work_orders";
    public static final String WORK_ORDER_EVENTS = "work_order_events";
    public static final String WORK_ORDER_COMMANDS = "work_order_commands";
    public static final String ALERTS = "alerts";
    public static final String SCORE_EXCLUSIONS = "score_exclusions";

    private WorkOrderRows() {}

    /** The work order's snapshot; the citizen's sealed phone is left out (it only travels to the SMS outbox). */
    public static ClickHouseRow workOrder(WorkOrder w) {
        ObjectNode row = newRow()
                .put("work_order_id", w.workOrderId)
                .put("project_no", w.workOrderId)
                .put("rating_id", w.ratingId)
                .put("rating_level", w.ratingLevel)
                .put("rating_channel", w.ratingChannel);
        ArrayNode tags = row.putArray("tag_codes");
        w.tagCodes.forEach(tags::add);
        row.put("comment", w.comment)
                .put("hall_id", w.hallId)
                .put("counter_id", w.counterId)
                .put("clerk_id", w.clerkId)
                .put("dept_code", w.deptCode)
                .put("item_code", w.itemCode)
                .put("item_name", w.itemName)
                .put("area_code", w.areaCode)
                .put("rater_phone_hash", w.raterPhoneHash)
                .put("rater_phone_masked", w.raterPhoneMasked)
                .put("opened_at", millis(at(w.openedAtMillis)))
                .put("status", w.status.wireName())
                .put("follow_up_due", millis(at(w.followUpDueMillis)))
                .put("rectify_due", millis(at(w.rectifyDueMillis)))
                .put("follow_up_overdue", w.followUpOverdue ? 1 : 0)
                .put("rectify_overdue", w.rectifyOverdue ? 1 : 0);
        putNullable(row, "followed_up_at", atOrNull(w.followedUpAtMillis));
        row.put("follow_up_count", w.followUpCount)
                .put("follow_up_reached", w.followUpReached ? 1 : 0)
                .put("follow_up_verified", w.followUpVerified ? 1 : 0)
                .put("citizen_feedback", w.citizenFeedback);
        putNullable(row, "rectified_at", atOrNull(w.rectifiedAtMillis));
        row.put("rectify_cause", w.rectifyCause)
                .put("rectify_action", w.rectifyAction);
        putNullable(row, "rerate_due", atOrNull(w.rerateDueMillis));
        row.put("rerate_sms_invited", w.rerateSmsInvited ? 1 : 0)
                .put("rerate_rating_id", w.rerateRatingId)
                .put("rerate_level", w.rerateLevel);
        putNullable(row, "rerated_at", atOrNull(w.reratedAtMillis));
        row.put("appeal_status", w.appealStatus.wireName())
                .put("appeal_kind", w.appealKind == null ? "" : w.appealKind.wireName())
                .put("appeal_reason", w.appealReason)
                .put("appeal_filed_by", w.appealFiledBy);
        putNullable(row, "appeal_filed_at", atOrNull(w.appealFiledAtMillis));
        row.put("appeal_reviewed_by", w.appealReviewedBy);
        putNullable(row, "appeal_reviewed_at", atOrNull(w.appealReviewedAtMillis));
        row.put("appeal_note", w.appealNote);
        putNullable(row, "closed_at", atOrNull(w.closedAtMillis));
        row.put("close_reason", w.closeReason)
                .put("version", w.version)
                .put("updated_at", millis(at(w.updatedAtMillis)));
        return new ClickHouseRow(WORK_ORDERS, row.toString());
    }

    public static ClickHouseRow event(WorkOrderEvent e) {
        ObjectNode row = newRow()
                .put("work_order_id", e.workOrderId())
                .put("event_id", e.eventId())
                .put("event_type", e.eventType())
                .put("actor_id", e.actorId())
                .put("actor_role", e.actorRole())
                .put("occurred_at", millis(e.occurredAt()))
                .put("status_after", e.statusAfter())
                .put("detail", e.detail());
        return new ClickHouseRow(WORK_ORDER_EVENTS, row.toString());
    }

    /** A command with the job's answer; the command as JSON for audit. */
    public static ClickHouseRow command(AnsweredCommand a) {
        WorkOrderCommand c = a.command();
        CommandOutcome o = a.outcome();
        ObjectNode row = newRow()
                .put("command_id", c.commandId())
                .put("work_order_id", c.workOrderId())
                .put("command_type", c.type().wireName())
                .put("actor_id", c.actorId())
                .put("actor_role", c.actorRole().wireName())
                .put("result", o.result().wireName())
                .put("reason", o.reason())
                .put("status_after", o.status())
                .put("version", o.version())
                .put("issued_at", millis(c.issuedAt()))
                .put("decided_at", millis(o.decidedAt()))
                .put("command_json", RatingJson.writeString(c));
        return new ClickHouseRow(WORK_ORDER_COMMANDS, row.toString());
    }

    public static ClickHouseRow alert(Alert a) {
        ObjectNode row = newRow()
                .put("alert_id", a.alertId())
                .put("type", a.type().wireName())
                .put("subject", a.subject())
                .put("hall_id", a.hallId())
                .put("counter_id", a.counterId())
                .put("clerk_id", a.clerkId())
                .put("work_order_id", a.workOrderId())
                .put("title", a.title());
        putNullable(row, "due_at", a.dueAt());
        row.put("raised_at", millis(a.raisedAt()))
                .put("count", a.count());
        return new ClickHouseRow(ALERTS, row.toString());
    }

    public static ClickHouseRow scoreExclusion(ScoreExclusion x) {
        ObjectNode row = newRow()
                .put("rating_id", x.ratingId())
                .put("work_order_id", x.workOrderId())
                .put("hall_id", x.hallId())
                .put("counter_id", x.counterId())
                .put("clerk_id", x.clerkId())
                .put("level", x.level())
                .put("points", x.points())
                .put("is_default", x.isDefault() ? 1 : 0)
                .put("rated_at", millis(x.ratedAt()))
                .put("window_start", x.windowStart().getEpochSecond())
                .put("reason", x.reason())
                .put("excluded_at", millis(x.excludedAt()));
        return new ClickHouseRow(SCORE_EXCLUSIONS, row.toString());
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static Instant atOrNull(long millis) {
        return millis == WorkOrder.NONE ? null : Instant.ofEpochMilli(millis);
    }
}
