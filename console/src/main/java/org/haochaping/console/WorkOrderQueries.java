package org.haochaping.console;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.model.workorders.AlertType;
import org.haochaping.model.workorders.ConsoleRole;

/**
 * The console's reads from ClickHouse: work orders, their events and commands, a clerk's own ratings,
 * alerts, and a command's recorded outcome. Every table is a ReplacingMergeTree, so every read uses
 * {@code FINAL} (the newest version of each row, never two). SQL text is built only from
 * {@link Sql#literal} and values already checked ({@link QueryParams}: ids, enum names, numbers, instants).
 *
 * <p>Rows come back as the API's JSON: camelCase names, instants as ISO-8601 UTC, flags as booleans. The
 * rater's phone hash is never selected. Calls block (chDB runs in this process): run them on a worker.
 */
public final class WorkOrderQueries {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    /** The work order statuses, in the order a work order goes through them. */
    public static final List<String> STATUSES = List.of("open", "followed_up", "rectified", "closed", "voided");
    public static final List<String> APPEAL_STATUSES = List.of("none", "pending", "upheld", "rejected");

    /** A list query over work orders; null / empty = no condition. */
    public record WorkOrderFilter(List<String> statuses, String hallId, String clerkId, String counterId,
                                  Boolean overdue, List<String> appealStatuses, Instant from, Instant to,
                                  int limit, int offset) {}

    public record AlertFilter(List<String> types, String hallId, String workOrderId, Instant from, Instant to,
                              int limit, int offset) {}

    public record RatingFilter(Instant from, Instant to, int limit, int offset) {}

    /** One page of a list and how many rows match in all. */
    public record Page(List<JsonObject> items, long total) {}

    private enum Kind { TEXT, NUMBER, FLAG, INSTANT, LIST, JSON }

    /** @param expression what to select; the column itself, or a computed value named {@code name} */
    private record Column(String expression, String name, Kind kind) {
        Column(String name, Kind kind) {
            this(name, name, kind);
        }

        String select() {
            if (kind == Kind.INSTANT) {
                // epoch milliseconds: one unambiguous number, whatever the store's date-time output settings;
                // under another name, because ClickHouse would use an alias named like the column in WHERE
                return "toUnixTimestamp64Milli(" + expression + ") AS " + resultName();
            }
            return expression.equals(name) ? name : expression + " AS " + name;
        }

        String resultName() {
            return kind == Kind.INSTANT ? name + "_ms" : name;
        }
    }

    private static final List<Column> WORK_ORDER = columns(
            "work_order_id project_no rating_id", Kind.TEXT,
            "rating_level", Kind.NUMBER,
            "rating_channel", Kind.TEXT,
            "tag_codes", Kind.LIST,
            "comment hall_id counter_id clerk_id dept_code item_code item_name area_code rater_phone_masked", Kind.TEXT,
            "opened_at", Kind.INSTANT,
            "status", Kind.TEXT,
            "follow_up_due rectify_due", Kind.INSTANT,
            "follow_up_overdue rectify_overdue", Kind.FLAG,
            "followed_up_at", Kind.INSTANT,
            "follow_up_count", Kind.NUMBER,
            "follow_up_reached follow_up_verified", Kind.FLAG,
            "citizen_feedback", Kind.TEXT,
            "rectified_at", Kind.INSTANT,
            "rectify_cause rectify_action", Kind.TEXT,
            "rerate_due", Kind.INSTANT,
            "rerate_sms_invited", Kind.FLAG,
            "rerate_rating_id", Kind.TEXT,
            "rerate_level", Kind.NUMBER,
            "rerated_at", Kind.INSTANT,
            "appeal_status appeal_kind appeal_reason appeal_filed_by", Kind.TEXT,
            "appeal_filed_at", Kind.INSTANT,
            "appeal_reviewed_by", Kind.TEXT,
            "appeal_reviewed_at", Kind.INSTANT,
            "appeal_note", Kind.TEXT,
            "closed_at", Kind.INSTANT,
            "close_reason", Kind.TEXT,
            "version", Kind.NUMBER,
            "updated_at", Kind.INSTANT);

    private static final List<Column> EVENT = columns(
            "event_id event_type actor_id actor_role", Kind.TEXT,
            "occurred_at", Kind.INSTANT,
            "status_after", Kind.TEXT,
            "detail", Kind.JSON);

    private static final List<Column> COMMAND = columns(
            "command_id work_order_id command_type actor_id actor_role result reason status_after", Kind.TEXT,
            "version", Kind.NUMBER,
            "issued_at decided_at", Kind.INSTANT,
            "command_json", Kind.JSON);

    private static final List<Column> RATING = columns(
            "rating_id project_no", Kind.TEXT,
            "assess_number", Kind.NUMBER,
            "channel", Kind.TEXT,
            "level", Kind.NUMBER,
            "tag_codes", Kind.LIST,
            "comment hall_id counter_id clerk_id dept_code item_code", Kind.TEXT,
            "rated_at", Kind.INSTANT,
            "is_default", Kind.FLAG);

    private static final List<Column> ALERT = columns(
            "alert_id type subject hall_id counter_id clerk_id work_order_id title", Kind.TEXT,
            "due_at raised_at", Kind.INSTANT,
            "count", Kind.NUMBER);

    private final ClickHouseStore store;

    public WorkOrderQueries(ClickHouseStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Work orders the principal may see that match the filter, newest (by opened_at) first. */
    public Page workOrders(Principal who, WorkOrderFilter f) {
        List<String> where = new ArrayList<>();
        where.add(scope(who));
        in(where, "status", f.statuses());
        in(where, "appeal_status", f.appealStatuses());
        equal(where, "hall_id", f.hallId());
        equal(where, "clerk_id", f.clerkId());
        equal(where, "counter_id", f.counterId());
        if (f.overdue() != null) {
            where.add(f.overdue() ? "(follow_up_overdue = 1 OR rectify_overdue = 1)"
                    : "(follow_up_overdue = 0 AND rectify_overdue = 0)");
        }
        between(where, "opened_at", f.from(), f.to());
        return page("work_orders", WORK_ORDER, where, "opened_at DESC, work_order_id DESC", f.limit(), f.offset());
    }

    /** One work order, whoever may see it (the caller checks scope, to tell 403 from 404). */
    public Optional<JsonObject> workOrder(String workOrderId) {
        List<JsonObject> rows = select(WORK_ORDER, "work_orders", "work_order_id = " + Sql.literal(workOrderId),
                null, 1, 0);
        return rows.stream().findFirst();
    }

    /** A work order's history, in the order it happened. */
    public List<JsonObject> events(String workOrderId) {
        return select(EVENT, "work_order_events", "work_order_id = " + Sql.literal(workOrderId),
                "occurred_at, event_id", 0, 0);
    }

    /** The commands issued on a work order and the stream job's answer to each, in the order issued. */
    public List<JsonObject> commands(String workOrderId) {
        return select(COMMAND, "work_order_commands", "work_order_id = " + Sql.literal(workOrderId),
                "issued_at, command_id", 0, 0);
    }

    /** A command's recorded outcome. */
    public Optional<JsonObject> command(String commandId) {
        return select(COMMAND, "work_order_commands", "command_id = " + Sql.literal(commandId), null, 1, 0)
                .stream().findFirst();
    }

    /**
     * A clerk's own ratings, newest first, each with {@code counted}: false when an upheld appeal took it out of
     * every score ({@code score_exclusions}; the rating itself stays stored).
     */
    public Page ratingsOf(String clerkId, RatingFilter f) {
        List<String> where = new ArrayList<>();
        where.add("clerk_id = " + Sql.literal(clerkId));
        between(where, "rated_at", f.from(), f.to());
        List<Column> columns = new ArrayList<>(RATING);
        columns.add(new Column("rating_id NOT IN (SELECT rating_id FROM score_exclusions FINAL)", "counted", Kind.FLAG));
        return page("ratings", columns, where, "rated_at DESC, rating_id DESC", f.limit(), f.offset());
    }

    /** Alerts the principal may see (supervisors and auditors: their halls; a clerk: their own), newest first. */
    public Page alerts(Principal who, AlertFilter f) {
        List<String> where = new ArrayList<>();
        where.add(scope(who));
        in(where, "type", f.types());
        equal(where, "hall_id", f.hallId());
        equal(where, "work_order_id", f.workOrderId());
        between(where, "raised_at", f.from(), f.to());
        return page("alerts", ALERT, where, "raised_at DESC, alert_id DESC", f.limit(), f.offset());
    }

    /** The alert type names a filter may use. */
    public static List<String> alertTypes() {
        return java.util.Arrays.stream(AlertType.values()).map(AlertType::wireName).toList();
    }

    // ---- SQL ----------------------------------------------------------------------------------

    /** The rows a principal may see: a clerk their own (clerk_id), the others their halls ("*" = all). */
    static String scope(Principal who) {
        if (who.role() == ConsoleRole.CLERK) {
            return "clerk_id = " + Sql.literal(who.userId());
        }
        if (who.allHalls()) {
            return "1";
        }
        if (who.halls().isEmpty()) {
            return "0";
        }
        return "hall_id IN (" + who.halls().stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    }

    private Page page(String table, List<Column> columns, List<String> where, String orderBy, int limit, int offset) {
        String condition = String.join(" AND ", where);
        long total = store.queryLong("SELECT count() FROM " + table + " FINAL WHERE " + condition);
        return new Page(select(columns, table, condition, orderBy, limit, offset), total);
    }

    /** @param limit 0 = all rows */
    private List<JsonObject> select(List<Column> columns, String table, String condition, String orderBy,
                                    int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns.stream().map(Column::select).collect(Collectors.joining(", ")))
                .append(" FROM ").append(table).append(" FINAL WHERE ").append(condition);
        if (orderBy != null) {
            sql.append(" ORDER BY ").append(orderBy);
        }
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
        }
        List<JsonObject> rows = new ArrayList<>();
        for (Map<String, Object> row : store.query(sql.toString())) {
            rows.add(toJson(columns, row));
        }
        return rows;
    }

    private static void in(List<String> where, String column, List<String> values) {
        if (values != null && !values.isEmpty()) {
            where.add(column + " IN (" + values.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static void equal(List<String> where, String column, String value) {
        if (value != null) {
            where.add(column + " = " + Sql.literal(value));
        }
    }

    /** {@code from} inclusive, {@code to} exclusive. */
    private static void between(List<String> where, String column, Instant from, Instant to) {
        if (from != null) {
            where.add(column + " >= " + millis(from));
        }
        if (to != null) {
            where.add(column + " < " + millis(to));
        }
    }

    private static String millis(Instant t) {
        return "fromUnixTimestamp64Milli(toInt64(" + t.toEpochMilli() + "), 'UTC')";
    }

    // ---- rows → JSON --------------------------------------------------------------------------

    private static JsonObject toJson(List<Column> columns, Map<String, Object> row) {
        JsonObject json = new JsonObject();
        for (Column c : columns) {
            Object value = row.get(c.resultName());
            json.put(camel(c.name()), switch (c.kind()) {
                case TEXT -> value == null ? "" : value.toString();
                case NUMBER -> value instanceof Number n ? n.longValue() : null;
                case FLAG -> value instanceof Number n && n.longValue() != 0;
                case INSTANT -> value instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : null;
                case LIST -> value instanceof List<?> list ? new JsonArray(new ArrayList<>(list)) : new JsonArray();
                case JSON -> parsed(value);
            });
        }
        return json;
    }

    /** A JSON column (event detail, command) as an object when it is one, else as the text it is. */
    private static Object parsed(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String text = value.toString();
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return text;
        }
    }

    /** {@code follow_up_due} → {@code followUpDue}; {@code command_json} → {@code command}. */
    static String camel(String column) {
        String name = column.endsWith("_json") ? column.substring(0, column.length() - 5) : column;
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = false;
        for (char ch : name.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** Column specs from pairs of (space-separated names, kind). */
    private static List<Column> columns(Object... namesAndKinds) {
        List<Column> list = new ArrayList<>();
        for (int i = 0; i < namesAndKinds.length; i += 2) {
            for (String name : ((String) namesAndKinds[i]).split(" ")) {
                list.add(new Column(name, (Kind) namesAndKinds[i + 1]));
            }
        }
        return List.copyOf(list);
    }
}
