package org.haochaping.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.haochaping.model.RatingJson;

/**
 * Rows as the stream job writes them, for inserting into the test store: every column of the V003 tables
 * (and ratings), with fixed instants, changed through {@link Row#with}.
 */
final class Rows {

    /** The 差评 of the tests' main work order: 2026-09-30 16:30 in Beijing, the eve of the National Day holiday. */
    static final Instant OPENED = Instant.parse("2026-09-30T08:30:00Z");
    static final Instant FOLLOW_UP_DUE = Instant.parse("2026-10-08T08:30:00Z");
    static final Instant RECTIFY_DUE = Instant.parse("2026-10-27T08:30:00Z");
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Rows() {}

    /** A mutable row: {@code with(column, value)}, then {@link #json()}. */
    static final class Row {
        final ObjectNode node = RatingJson.mapper().createObjectNode();

        Row with(String column, Object value) {
            if (value == null) {
                node.putNull(column);
            } else if (value instanceof Instant t) {
                node.put(column, MILLIS.format(t));
            } else if (value instanceof Integer i) {
                node.put(column, i);
            } else if (value instanceof Long l) {
                node.put(column, l);
            } else if (value instanceof Boolean b) {
                node.put(column, b ? 1 : 0);
            } else if (value instanceof List<?> list) {
                node.putArray(column).addAll(list.stream().map(o -> node.textNode(o.toString())).toList());
            } else {
                node.put(column, value.toString());
            }
            return this;
        }

        String json() {
            return node.toString();
        }
    }

    /**
     * An open work order (待回访) of a 差评 (level 1) at {@code openedAt}; its deadlines are 8 and 27 days later,
     * which are the Zhejiang deadlines ({@link #FOLLOW_UP_DUE}, {@link #RECTIFY_DUE}) for {@link #OPENED}.
     */
    static Row workOrder(String id, String hall, String counter, String clerk, Instant openedAt) {
        return new Row()
                .with("work_order_id", id).with("project_no", id).with("rating_id", "r-" + id)
                .with("rating_level", 1).with("rating_channel", "evaluator").with("tag_codes", List.of("214"))
                .with("comment", "等了一个小时").with("hall_id", hall).with("counter_id", counter)
                .with("clerk_id", clerk).with("dept_code", "11330100002").with("item_code", "ITEM-1")
                .with("item_name", "营业执照变更").with("area_code", "330100")
                .with("rater_phone_hash", "a".repeat(64)).with("rater_phone_masked", "138****5678")
                .with("opened_at", openedAt).with("status", "open")
                .with("follow_up_due", openedAt.plusSeconds(8 * 86400)).with("rectify_due", openedAt.plusSeconds(27 * 86400))
                .with("follow_up_overdue", false).with("rectify_overdue", false)
                .with("followed_up_at", null).with("follow_up_count", 0).with("follow_up_reached", false)
                .with("follow_up_verified", false).with("citizen_feedback", "")
                .with("rectified_at", null).with("rectify_cause", "").with("rectify_action", "")
                .with("rerate_due", null).with("rerate_sms_invited", false).with("rerate_rating_id", "")
                .with("rerate_level", 0).with("rerated_at", null)
                .with("appeal_status", "none").with("appeal_kind", "").with("appeal_reason", "")
                .with("appeal_filed_by", "").with("appeal_filed_at", null).with("appeal_reviewed_by", "")
                .with("appeal_reviewed_at", null).with("appeal_note", "")
                .with("closed_at", null).with("close_reason", "").with("version", 1).with("updated_at", openedAt);
    }

    static Row event(String workOrderId, String eventId, String type, String actor, String role, Instant at,
                     String statusAfter, String detailJson) {
        return new Row().with("work_order_id", workOrderId).with("event_id", eventId).with("event_type", type)
                .with("actor_id", actor).with("actor_role", role).with("occurred_at", at)
                .with("status_after", statusAfter).with("detail", detailJson);
    }

    static Row command(String commandId, String workOrderId, String type, String actor, String role, String result,
                       String reason, String statusAfter, long version, Instant issuedAt, String commandJson) {
        return new Row().with("command_id", commandId).with("work_order_id", workOrderId).with("command_type", type)
                .with("actor_id", actor).with("actor_role", role).with("result", result).with("reason", reason)
                .with("status_after", statusAfter).with("version", version).with("issued_at", issuedAt)
                .with("decided_at", issuedAt.plusMillis(40)).with("command_json", commandJson);
    }

    static Row rating(String ratingId, String projectNo, int level, String hall, String counter, String clerk,
                      Instant ratedAt) {
        return new Row().with("rating_id", ratingId).with("project_no", projectNo).with("assess_number", 1)
                .with("channel", "evaluator").with("level", level).with("tag_codes", level <= 2 ? List.of("214") : List.of())
                .with("comment", "").with("hall_id", hall).with("counter_id", counter).with("clerk_id", clerk)
                .with("dept_code", "11330100002").with("item_code", "ITEM-1").with("area_code", "330100")
                .with("rated_at", ratedAt).with("received_at", ratedAt.plusSeconds(1))
                .with("rater_phone_hash", "b".repeat(64)).with("rater_phone_masked", "139****0001")
                .with("device_id", "evaluator-1").with("is_default", false);
    }

    static Row exclusion(String ratingId, String workOrderId, String hall, String counter, String clerk, Instant ratedAt) {
        return new Row().with("rating_id", ratingId).with("work_order_id", workOrderId).with("hall_id", hall)
                .with("counter_id", counter).with("clerk_id", clerk).with("level", 1).with("points", 0)
                .with("is_default", false).with("rated_at", ratedAt)
                .with("window_start", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:00").withZone(ZoneOffset.UTC)
                        .format(ratedAt))
                .with("reason", "appeal_upheld").with("excluded_at", ratedAt.plusSeconds(86400));
    }

    static Row alert(String alertId, String type, String subject, String hall, String counter, String clerk,
                     String workOrderId, String title, Instant dueAt, Instant raisedAt) {
        return new Row().with("alert_id", alertId).with("type", type).with("subject", subject).with("hall_id", hall)
                .with("counter_id", counter).with("clerk_id", clerk).with("work_order_id", workOrderId)
                .with("title", title).with("due_at", dueAt).with("raised_at", raisedAt).with("count", 1);
    }
}
