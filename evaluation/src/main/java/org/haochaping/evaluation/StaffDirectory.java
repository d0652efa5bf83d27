package org.haochaping.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.haochaping.clickhouse.ClickHouseStore;

/**
 * The staff roster (花名册) in the {@code staff} table: names for the results and registered phone hashes
 * for the self-rating check. Registering a clerk again replaces them from then on (the newest row per
 * clerk wins), so the evaluation always reads the current roster.
 */
public final class StaffDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseStore store;
    private final Clock clock;

    public StaffDirectory(ClickHouseStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the members; a clerk named twice in {@code members} is stored as the last one.
     *
     * @throws EvaluationException INVALID when a member has no clerk id
     */
    public void register(List<StaffMember> members) {
        Map<String, StaffMember> latest = new LinkedHashMap<>();
        for (StaffMember m : members) {
            if (m == null || m.clerkId() == null || m.clerkId().isBlank()) {
                throw new EvaluationException(EvaluationException.Kind.INVALID, "花名册中有人员缺少工号");
            }
            latest.put(m.clerkId(), m);
        }
        // one timestamp for the batch: within it each clerk appears once, and a later batch has a later one
        String updatedAt = SqlInstants.COLUMN_TEXT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        List<String> rows = new ArrayList<>(latest.size());
        for (StaffMember m : latest.values()) {
            rows.add(JSON.createObjectNode()
                    .put("clerk_id", m.clerkId())
                    .put("name", text(m.name()))
                    .put("hall_id", text(m.hallId()))
                    .put("counter_id", text(m.counterId()))
                    .put("phone_hash", text(m.phoneHash()))
                    .put("phone_masked", text(m.phoneMasked()))
                    .put("updated_at", updatedAt)
                    .toString());
        }
        store.insertJsonEachRow("staff", rows);
    }

    /** Every registered clerk as last registered, by clerk id. */
    public List<StaffMember> all() {
        List<Map<String, Object>> rows = store.query("SELECT clerk_id, name, hall_id, counter_id, phone_hash, "
                + "phone_masked FROM staff FINAL ORDER BY clerk_id");
        List<StaffMember> members = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            members.add(new StaffMember((String) row.get("clerk_id"), (String) row.get("name"),
                    (String) row.get("hall_id"), (String) row.get("counter_id"), (String) row.get("phone_hash"),
                    (String) row.get("phone_masked")));
        }
        return members;
    }

    /** Clerk id → name, for the results. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Map<String, Object> row : store.query("SELECT clerk_id, name FROM staff FINAL")) {
            names.put((String) row.get("clerk_id"), (String) row.get("name"));
        }
        return names;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
