package org.haochaping.jobs.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.haochaping.jobs.ratings.CaseSnapshot;
import org.haochaping.jobs.ratings.DeadLetter;
import org.haochaping.jobs.ratings.FlaggedRating;
import org.haochaping.jobs.ratings.MinuteScore;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;

/**
 * Maps pipeline records to rows of the tables in migrations V001 and V002 (column names match the SQL); the
 * work-order tables of V003 are {@link WorkOrderRows}.
 */
public final class ClickHouseRows {

    public static final String RATINGS = "ratings";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String FLAGGED_RATINGS = "flagged_ratings";
    public static final String CASES = "cases";
    public static final String SMS_INVITATIONS = "sms_invitations";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ClickHouse parses DateTime64 text in the column's time zone, which is UTC for all our tables. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private ClickHouseRows() {}

    public static ClickHouseRow rating(Rating r) {
        ObjectNode row = ratingColumns(r);
        ArrayNode tags = row.putArray("tag_codes");
        r.tagCodes().forEach(tags::add);
        row.put("comment", r.comment())
                .put("dept_code", r.deptCode())
                .put("item_code", r.itemCode())
                .put("area_code", r.areaCode())
                .put("is_default", r.isDefault() ? 1 : 0);
        return new ClickHouseRow(RATINGS, row.toString());
    }

    /** The columns {@code ratings} and {@code flagged_ratings} share. */
    private static ObjectNode ratingColumns(Rating r) {
        return JSON.createObjectNode()
                .put("rating_id", r.ratingId())
                .put("project_no", r.projectNo())
                .put("assess_number", r.assessNumber())
                .put("channel", r.channel().wireName())
                .put("level", r.level())
                .put("hall_id", r.hallId())
                .put("counter_id", r.counterId())
                .put("clerk_id", r.clerkId())
                .put("rated_at", MILLIS.format(r.ratedAt()))
                .put("received_at", MILLIS.format(r.receivedAt()))
                .put("rater_phone_hash", r.raterPhoneHash())
                .put("rater_phone_masked", r.raterPhoneMasked())
                .put("device_id", r.deviceId());
    }

    public static ClickHouseRow minuteScore(MinuteScore s, long updatedAtMillis) {
        ObjectNode row = JSON.createObjectNode()
                .put("hall_id", s.hallId())
                .put(s.scope().subjectColumn(), s.subjectId())
                .put("window_start", s.windowStartMillis() / 1000)
                .put("ratings", s.ratings())
                .put("level_1", s.level1())
                .put("level_2", s.level2())
                .put("level_3", s.level3())
                .put("level_4", s.level4())
                .put("level_5", s.level5())
                .put("score_sum", s.scoreSum())
                .put("bad_count", s.badCount())
                .put("default_count", s.defaultCount())
                .put("default_score_sum", s.defaultScoreSum())
                .put("version", s.ratings())
                .put("updated_at", MILLIS.format(Instant.ofEpochMilli(updatedAtMillis)));
        return new ClickHouseRow(s.scope().table(), row.toString());
    }

    public static ClickHouseRow deadLetter(DeadLetter d) {
        ObjectNode row = JSON.createObjectNode()
                .put("dead_letter_id", d.id())
                .put("source", d.source())
                .put("payload", d.payload())
                .put("reason", d.reason())
                .put("occurred_at", MILLIS.format(Instant.ofEpochMilli(d.occurredAtMillis())));
        return new ClickHouseRow(DEAD_LETTERS, row.toString());
    }

    /** The rating as it was received plus why it is not counted; the whole rating as JSON for audit. */
    public static ClickHouseRow flaggedRating(FlaggedRating f) {
        ObjectNode row = ratingColumns(f.rating())
                .put("flag", f.flag())
                .put("detail", f.detail())
                .put("rating_json", RatingJson.writeString(f.rating()));
        return new ClickHouseRow(FLAGGED_RATINGS, row.toString());
    }

    /** A case snapshot; the sealed phone never goes to ClickHouse, only its hash and masked form. */
    public static ClickHouseRow caseSnapshot(CaseSnapshot c) {
        CaseEvent e = c.event();
        ObjectNode row = JSON.createObjectNode().put("project_no", c.projectNo());
        row.put("item_code", e == null ? "" : e.itemCode())
                .put("item_name", e == null ? "" : e.itemName())
                .put("dept_code", e == null ? "" : e.deptCode())
                .put("area_code", e == null ? "" : e.areaCode())
                .put("hall_id", e == null ? "" : e.hallId())
                .put("counter_id", e == null ? "" : e.counterId())
                .put("front_clerk_id", e == null ? "" : e.frontClerkId())
                .put("back_clerk_id", e == null ? "" : e.backClerkId())
                .put("promise_type", e == null || e.promiseType() == null ? "" : e.promiseType().name().toLowerCase())
                .put("citizen_phone_hash", e == null ? "" : e.phoneHash())
                .put("citizen_phone_masked", e == null ? "" : e.phoneMasked());
        putNullable(row, "accepted_at", e == null ? null : e.acceptedAt());
        putNullable(row, "completed_at", e == null ? null : e.completedAt());
        row.put("status", c.status());
        putNullable(row, "rating_window_ends", c.ratingWindowEnds());
        putNullable(row, "rated_at", c.ratedAt());
        row.put("rating_channel", c.ratingChannel())
                .put("rating_level", c.ratingLevel());
        putNullable(row, "sms_invited_at", c.smsInvitedAt());
        row.put("version", c.version())
                .put("updated_at", MILLIS.format(c.updatedAt()));
        return new ClickHouseRow(CASES, row.toString());
    }

    /** An invitation the job issued; the sealed phone stays in the outbox topic. */
    public static ClickHouseRow smsInvitation(SmsInvitation i) {
        ObjectNode row = JSON.createObjectNode()
                .put("invitation_id", i.invitationId())
                .put("project_no", i.projectNo())
                .put("assess_number", i.assessNumber())
                .put("hall_id", i.hallId())
                .put("counter_id", i.counterId())
                .put("clerk_id", i.clerkId())
                .put("phone_hash", i.phoneHash())
                .put("phone_masked", i.phoneMasked())
                .put("invited_at", MILLIS.format(i.invitedAt()))
                .put("expires_at", MILLIS.format(i.expiresAt()));
        return new ClickHouseRow(SMS_INVITATIONS, row.toString());
    }

    /** A DateTime64(3, 'UTC') value as ClickHouse parses it. */
    static String millis(Instant t) {
        return MILLIS.format(t);
    }

    static ObjectNode newRow() {
        return JSON.createObjectNode();
    }

    static void putNullable(ObjectNode row, String column, Instant t) {
        if (t == null) {
            row.putNull(column);
        } else {
            row.put(column, MILLIS.format(t));
        }
    }
}
