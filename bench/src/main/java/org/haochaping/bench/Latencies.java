package org.haochaping.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Timings of one repeated operation, in milliseconds: nearest-rank percentiles (p50 is the middle run, p95 of 20
 * runs is the 19th), so every figure is a time that was measured, never an interpolation. For a few dozen runs
 * of a query; millions of requests go into the fixed-size {@link org.haochaping.bench.load.LatencyHistogram}.
 */
public record Latencies(double[] sortedMillis) {

    public Latencies {
        if (sortedMillis.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        sortedMillis = sortedMillis.clone();
        Arrays.sort(sortedMillis);
    }

    public static Latencies ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return new Latencies(ms);
    }

    public int runs() {
        return sortedMillis.length;
    }

    /** The nearest-rank percentile: the smallest timing with at least {@code p}% of the runs at or below it. */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sortedMillis.length);
        return sortedMillis[Math.max(rank, 1) - 1];
    }

    public double p50() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    public double max() {
        return sortedMillis[sortedMillis.length - 1];
    }

    public double min() {
        return sortedMillis[0];
    }

    /** For the JSON report: runs, min, p50, p95, max in ms (rounded to 0.1 ms). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs());
        m.put("minMs", round(min()));
        m.put("p50Ms", round(p50()));
        m.put("p95Ms", round(p95()));
        m.put("maxMs", round(max()));
        return m;
    }

    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
