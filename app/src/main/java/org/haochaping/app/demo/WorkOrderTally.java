package org.haochaping.app.demo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.model.workorders.AlertType;

/**
 * The 差评 work orders and alerts of one demo run, as ClickHouse holds them: every counted 差评 of the run
 * opens one work order (id = its case number, which starts with the run id) and raises one {@code bad_rating}
 * alert; the deadline alerts follow as the run's event time passes the deadlines, and spikes where a clerk
 * or counter collects several 差评 within the spike window (their ids name the triggering rating, whose id
 * also starts with the run id).
 *
 * @param workOrders work orders of the run's cases
 * @param alerts alerts of the run by type
 */
public record WorkOrderTally(long expectedWorkOrders, long workOrders, Map<AlertType, Long> alerts) {

    /** How long alerts must stay unchanged to count as all raised: a few sink flushes. */
    static final Duration SETTLED = Duration.ofSeconds(3);

    /**
     * Waits until the run's work orders reach the expected number (or the timeout) and the alert counts stop
     * changing, then counts them.
     */
    public static WorkOrderTally await(ClickHouseStore store, String runId, long expectedWorkOrders, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        WorkOrderTally last = null;
        long stableSince = System.nanoTime();
        while (true) {
            WorkOrderTally now;
            try {
                now = count(store, runId, expectedWorkOrders);
            } catch (RuntimeException e) {
                now = last; // the store briefly busy: ask again
            }
            if (now != null && !now.equals(last)) {
                stableSince = System.nanoTime();
            }
            last = now;
            boolean settled = now != null && now.workOrders() >= expectedWorkOrders
                    && System.nanoTime() - stableSince >= SETTLED.toNanos();
            if (settled || System.nanoTime() > deadline) {
                return last == null ? count(store, runId, expectedWorkOrders) : last;
            }
            Thread.sleep(500);
        }
    }

    static WorkOrderTally count(ClickHouseStore store, String runId, long expectedWorkOrders) {
        String prefix = Sql.literal(runId + "-");
        long workOrders = store.queryLong("SELECT count() FROM work_orders FINAL WHERE startsWith(work_order_id, "
                + prefix + ")");
        Map<AlertType, Long> alerts = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            alerts.put(t, 0L);
        }
        store.query("SELECT type, count() AS n FROM alerts FINAL WHERE startsWith(work_order_id, " + prefix
                        + ") OR (type = 'spike' AND position(alert_id, " + Sql.literal(":" + runId + "-") + ") > 0) "
                        + "GROUP BY type")
                .forEach(row -> alerts.put(AlertType.fromWire(String.valueOf(row.get("type"))),
                        ((Number) row.get("n")).longValue()));
        return new WorkOrderTally(expectedWorkOrders, workOrders, Map.copyOf(alerts));
    }

    public long alerts(AlertType type) {
        return alerts.getOrDefault(type, 0L);
    }

    public long totalAlerts() {
        return alerts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One work order and one new-差评 alert per counted 差评 of the run. */
    public boolean balanced() {
        return workOrders == expectedWorkOrders && alerts(AlertType.BAD_RATING) == expectedWorkOrders;
    }

    /** The summary line, in Chinese for hall staff. */
    public String line() {
        return String.format("差评工单：开出 %d 个（预期 %d 个，即本次计入的差评数）；告警 %d 条（新差评 %d、即将到期 %d、已超时 %d、差评集中 %d）",
                workOrders, expectedWorkOrders, totalAlerts(), alerts(AlertType.BAD_RATING), alerts(AlertType.DUE_SOON),
                alerts(AlertType.OVERDUE), alerts(AlertType.SPIKE));
    }
}
