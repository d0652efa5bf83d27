package org.haochaping.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each Flink task (operator chain) spent its time between two snapshots, from Flink's own
 * {@code accumulateBusyTimeMs}, {@code accumulateBackPressuredTimeMs} and {@code accumulateIdleTimeMs}:
 * busy = processing records or timers, back-pressured = waiting for output buffers (downstream too slow),
 * idle = waiting for input.
 */
public final class TaskTimes {

    static final String BUSY = "accumulateBusyTimeMs";
    static final String BACK_PRESSURED = "accumulateBackPressuredTimeMs";
    static final String IDLE = "accumulateIdleTimeMs";

    /** Shares of wall time, averaged over the task's subtasks (0..1). */
    public record Share(String task, int subtasks, double busy, double backPressured, double idle) {}

    private final long nanos;
    /** task → subtask → [busy, backPressured, idle] in ms */
    private final Map<String, Map<Integer, long[]>> times;

    private TaskTimes(long nanos, Map<String, Map<Integer, long[]>> times) {
        this.nanos = nanos;
        this.times = times;
    }

    public static TaskTimes snapshot() {
        Map<String, Map<Integer, long[]>> times = new TreeMap<>();
        for (BenchMetrics.Entry e : BenchMetrics.find(e -> e.task() != null && e.operator() == null)) {
            int slot = switch (e.name()) {
                case BUSY -> 0;
                case BACK_PRESSURED -> 1;
                case IDLE -> 2;
                default -> -1;
            };
            if (slot >= 0) {
                times.computeIfAbsent(e.task(), t -> new TreeMap<>())
                        .computeIfAbsent(e.subtask(), s -> new long[3])[slot] = e.longValue();
            }
        }
        return new TaskTimes(System.nanoTime(), times);
    }

    public List<Share> since(TaskTimes before) {
        double wallMs = (nanos - before.nanos) / 1e6;
        List<Share> shares = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, long[]>> task : times.entrySet()) {
            double[] sum = new double[3];
            for (Map.Entry<Integer, long[]> sub : task.getValue().entrySet()) {
                long[] earlier = before.times.getOrDefault(task.getKey(), Map.of()).get(sub.getKey());
                for (int i = 0; i < 3; i++) {
                    sum[i] += sub.getValue()[i] - (earlier == null ? 0 : earlier[i]);
                }
            }
            int n = task.getValue().size();
            shares.add(new Share(task.getKey(), n, sum[0] / (wallMs * n), sum[1] / (wallMs * n), sum[2] / (wallMs * n)));
        }
        return shares;
    }

    /** For the JSON report. */
    public static Map<String, Object> toMap(Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", s.task());
        m.put("subtasks", s.subtasks());
        m.put("busy", round3(s.busy()));
        m.put("backPressured", round3(s.backPressured()));
        m.put("idle", round3(s.idle()));
        return m;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
