package org.haochaping.jobs.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.haochaping.jobs.ratings.DeadLetter;
import org.haochaping.jobs.ratings.MinuteScore;
import org.haochaping.model.Rating;

/** Maps pipeline records to rows of the tables in migration V001 (column names match the SQL). */
public final class ClickHouseRows {

    public static final String RATINGS = "ratings";
    public static final String DEAD_LETTERS = "dead_letters";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ClickHouse parses DateTime64 text in the column's time zone, which is UTC for all our tables. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private ClickHouseRows() {}

    public static ClickHouseRow rating(Rating r) {
        ObjectNode row = JSON.createObjectNode()
                .put("rating_id", r.ratingId())
                .put("project_no", r.projectNo())
                .put("assess_number", r.assessNumber())
                .put("channel", r.channel().wireName())
                .put("level", r.level());
        ArrayNode tags = row.putArray("tag_codes");
        r.tagCodes().forEach(tags::add);
        row.put("comment", r.comment())
                .put("hall_id", r.hallId())
                .put("counter_id", r.counterId())
                .put("clerk_id", r.clerkId())
                .put("dept_code", r.deptCode())
                .put("item_code", r.itemCode())
                .put("area_code", r.areaCode())
                .put("rated_at", MILLIS.format(r.ratedAt()))
                .put("received_at", MILLIS.format(r.receivedAt()))
                .put("rater_phone_hash", r.raterPhoneHash())
                .put("rater_phone_masked", r.raterPhoneMasked())
                .put("device_id", r.deviceId())
                .put("is_default", r.isDefault() ? 1 : 0);
        return new ClickHouseRow(RATINGS, row.toString());
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
}
