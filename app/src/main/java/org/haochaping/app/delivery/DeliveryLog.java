package org.haochaping.app.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;

/**
 * A sender's memory in ClickHouse: one table with a row per step of each delivery ({@code <idColumn>,
 * status, detail, attempt, updated_at} plus the sender's own columns; a {@code ReplacingMergeTree(updated_at)},
 * so the newest row per id is its state — every row this log writes gets a strictly later time than the
 * row before it), and {@code dead_letters} rows for records that are no deliverable item.
 *
 * <p>Used from the delivery loop's one thread only.
 */
public final class DeliveryLog {

    static final String DEAD_LETTERS = "dead_letters";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ClickHouse parses DateTime64 text in the column's time zone, which is UTC for all our tables. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** The newest row of one id. */
    public record Entry(DeliveryStatus status, long attempt, Instant updatedAt) {}

    private final ClickHouseStore store;
    private final String table;
    private final String idColumn;
    private final Map<String, Object> fixedColumns;
    private final String deadLetterSource;
    private final Clock clock;
    private Instant lastStamp = Instant.EPOCH;

    /**
     * @param fixedColumns written on every row (e.g. the SMS gateway's name)
     * @param deadLetterSource {@code dead_letters.source} of this sender's undeliverable records
     */
    public DeliveryLog(ClickHouseStore store, String table, String idColumn, Map<String, Object> fixedColumns,
                       String deadLetterSource, Clock clock) {
        this.store = store;
        this.table = table;
        this.idColumn = idColumn;
        this.fixedColumns = new LinkedHashMap<>(fixedColumns);
        this.deadLetterSource = deadLetterSource;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public String deadLetterSource() {
        return deadLetterSource;
    }

    /** The newest row per id, for those that have any. */
    public Map<String, Entry> latest(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String list = ids.stream().distinct().map(Sql::literal).collect(Collectors.joining(","));
        List<Map<String, Object>> rows = store.query("SELECT " + idColumn + " AS id, status, attempt, updated_at FROM "
                + table + " FINAL WHERE " + idColumn + " IN (" + list + ")");
        Map<String, Entry> latest = new HashMap<>();
        for (Map<String, Object> row : rows) {
            latest.put((String) row.get("id"), new Entry(DeliveryStatus.ofColumn((String) row.get("status")),
                    ((Number) row.get("attempt")).longValue(), parse((String) row.get("updated_at"))));
        }
        return latest;
    }

    /**
     * Writes one row, visible to {@link #latest} when this returns; returns the entry it wrote.
     *
     * @param previous the newest row of this id, so the new one is later than it even if the clock is not
     * @param columns the sender's own columns of this row (e.g. {@code http_status})
     */
    public Entry write(String id, Entry previous, DeliveryStatus status, String detail, long attempt,
                       Map<String, Object> columns) {
        Instant stamp = clock.instant();
        Instant floor = previous == null || lastStamp.isAfter(previous.updatedAt()) ? lastStamp : previous.updatedAt();
        if (!stamp.isAfter(floor)) {
            stamp = floor.plusMillis(1);
        }
        lastStamp = stamp;
        ObjectNode row = JSON.createObjectNode().put(idColumn, id).put("status", status.column());
        fixedColumns.forEach((k, v) -> row.set(k, JSON.valueToTree(v)));
        columns.forEach((k, v) -> row.set(k, JSON.valueToTree(v)));
        row.put("detail", detail).put("attempt", attempt).put("updated_at", format(stamp));
        store.insertJsonEachRow(table, List.of(row.toString()));
        return new Entry(status, attempt, stamp);
    }

    public void deadLetter(String deadLetterId, String payload, String reason) {
        String row = JSON.createObjectNode()
                .put("dead_letter_id", deadLetterId)
                .put("source", deadLetterSource)
                .put("payload", payload)
                .put("reason", reason)
                .put("occurred_at", format(clock.instant()))
                .toString();
        store.insertJsonEachRow(DEAD_LETTERS, List.of(row));
    }

    private static String format(Instant t) {
        return MILLIS.format(t.atOffset(ZoneOffset.UTC));
    }

    private static Instant parse(String text) {
        return LocalDateTime.parse(text, MILLIS).toInstant(ZoneOffset.UTC);
    }
}
