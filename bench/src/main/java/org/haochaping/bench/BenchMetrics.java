package org.haochaping.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that only keeps references to the metrics of the local cluster (same JVM), so the
 * bench reads operator counters and task busy times live, without REST or a reporting interval.
 * Configured with {@code metrics.reporter.bench.factory.class} = {@link Factory}; found by ServiceLoader.
 */
public final class BenchMetrics implements MetricReporter {

    /** One registered metric with where it lives: task (chain) name, operator name (null for task metrics), subtask. */
    public record Entry(String name, String task, String operator, int subtask, Metric metric) {

        public long longValue() {
            if (metric instanceof Counter c) {
                return c.getCount();
            }
            if (metric instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                return n.longValue();
            }
            return 0;
        }
    }

    private static final Map<String, Entry> METRICS = new ConcurrentHashMap<>();

    /** Forgets everything registered so far (before a job starts). */
    public static void reset() {
        METRICS.clear();
    }

    public static List<Entry> find(Predicate<Entry> filter) {
        List<Entry> found = new ArrayList<>();
        for (Entry e : METRICS.values()) {
            if (filter.test(e)) {
                found.add(e);
            }
        }
        return found;
    }

    /** Sum over subtasks of an operator's metric, e.g. ("split-dead-letters", "numRecordsIn"). */
    public static long operatorSum(String operator, String metric) {
        long sum = 0;
        for (Entry e : METRICS.values()) {
            if (metric.equals(e.name()) && operator.equals(e.operator())) {
                sum += e.longValue();
            }
        }
        return sum;
    }

    /** The job-level gauge (numRestarts, numberOfCompletedCheckpoints …), or -1 when not registered. */
    public static long jobGauge(String metric) {
        for (Entry e : METRICS.values()) {
            if (metric.equals(e.name()) && e.task() == null && e.operator() == null) {
                return e.longValue();
            }
        }
        return -1;
    }

    /**
     * A sum over the subtasks of one metric, cheap to read often: the matching metrics are looked up at most once
     * a second (a restarted task registers new ones), in between only their current values are added up.
     */
    public static final class Probe {
        private final Predicate<Entry> filter;
        private List<Entry> entries = List.of();
        private long lookedUp;

        public Probe(Predicate<Entry> filter) {
            this.filter = filter;
        }

        /** Operator metric: {@code new Probe("split-dead-letters", "numRecordsIn")}. */
        public static Probe operator(String operator, String metric) {
            return new Probe(e -> metric.equals(e.name()) && operator.equals(e.operator()));
        }

        /** Task (operator chain) metric, the task named by its first operator. */
        public static Probe task(String firstOperator, String metric) {
            return new Probe(e -> metric.equals(e.name()) && e.operator() == null && e.task() != null
                    && (e.task().equals(firstOperator) || e.task().startsWith(firstOperator + " ->")));
        }

        public long sum() {
            long now = System.nanoTime();
            if (entries.isEmpty() || now - lookedUp > 1_000_000_000L) {
                entries = find(filter);
                lookedUp = now;
            }
            long sum = 0;
            for (Entry e : entries) {
                sum += e.longValue();
            }
            return sum;
        }
    }

    /** Every numeric metric of the job, one per line (task | operator | subtask | name = value), for a closer look. */
    public static String dump() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Entry> m : METRICS.entrySet()) {
            Entry e = m.getValue();
            try {
                Object value = e.metric() instanceof Counter c ? c.getCount()
                        : e.metric() instanceof Gauge<?> g ? g.getValue() : null;
                if (value instanceof Number) {
                    lines.add(e.task() + " | " + e.operator() + " | " + e.subtask() + " | " + e.name() + " = " + value);
                }
            } catch (RuntimeException ex) {
                // a gauge of a finished task
            }
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        Map<String, String> vars = group.getAllVariables();
        String subtask = vars.get("<subtask_index>");
        METRICS.put(group.getMetricIdentifier(metricName), new Entry(metricName, vars.get("<task_name>"),
                vars.get("<operator_name>"), subtask == null ? -1 : Integer.parseInt(subtask), metric));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // kept: the bench reads the final values after the job is cancelled; a restart re-registers under the same id
    }

    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new BenchMetrics();
        }
    }
}
