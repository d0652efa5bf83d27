package org.haochaping.app.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;

/**
 * The sender's memory in ClickHouse: {@code sms_sends} rows (newest {@code updated_at} wins, so every row
 * this log writes gets a strictly later time than the row before it) and {@code dead_letters} rows.
 */
final class SmsSendLog {

    static final String SENDS = "sms_sends";
    static final String DEAD_LETTERS = "dead_letters";
    static final String DEAD_LETTER_SOURCE = "sms-outbox";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ClickHouse parses DateTime64 text in the column's time zone, which is UTC for all our tables. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** The newest row of one invitation. */
    record Entry(SendStatus status, long attempt, Instant updatedAt) {}

    private final ClickHouseStore store;
    private final String gateway;
    private final Clock clock;
    private Instant lastStamp = Instant.EPOCH;

    SmsSendLog(ClickHouseStore store, String gateway, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** The newest row per invitation id, for those that have any. */
    Map<String, Entry> latest(Collection<String> invitationIds) {
        if (invitationIds.isEmpty()) {
            return Map.of();
        }
        String ids = invitationIds.stream().distinct().map(Sql::literal).collect(Collectors.joining(","));
        List<Map<String, Object>> rows = store.query("SELECT invitation_id, status, attempt, updated_at FROM "
                + SENDS + " FINAL WHERE invitation_id IN (" + ids + ")");
        Map<String, Entry> latest = new HashMap<>();
        for (Map<String, Object> row : rows) {
            latest.put((String) row.get("invitation_id"), new Entry(SendStatus.ofColumn((String) row.get("status")),
                    ((Number) row.get("attempt")).longValue(), parse((String) row.get("updated_at"))));
        }
        return latest;
    }

    /** Writes one row, visible to {@link #latest} when this returns; returns the entry it wrote. */
    Entry write(String invitationId, Entry previous, SendStatus status, String messageId, String detail, long attempt) {
        Instant stamp = clock.instant();
        Instant floor = previous == null ? lastStamp : later(lastStamp, previous.updatedAt());
        if (!stamp.isAfter(floor)) {
            stamp = floor.plusMillis(1);
        }
        lastStamp = stamp;
        String row = JSON.createObjectNode()
                .put("invitation_id", invitationId)
                .put("status", status.column())
                .put("gateway", gateway)
                .put("gateway_message_id", messageId)
                .put("detail", detail)
                .put("attempt", attempt)
                .put("updated_at", format(stamp))
                .toString();
        store.insertJsonEachRow(SENDS, List.of(row));
        return new Entry(status, attempt, stamp);
    }

    void deadLetter(String id, String payload, String reason) {
        String row = JSON.createObjectNode()
                .put("dead_letter_id", id)
                .put("source", DEAD_LETTER_SOURCE)
                .put("payload", payload)
                .put("reason", reason)
                .put("occurred_at", format(clock.instant()))
                .toString();
        store.insertJsonEachRow(DEAD_LETTERS, List.of(row));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String format(Instant t) {
        return MILLIS.format(t.atOffset(ZoneOffset.UTC));
    }

    private static Instant parse(String text) {
        return LocalDateTime.parse(text, MILLIS).toInstant(ZoneOffset.UTC);
    }
}
