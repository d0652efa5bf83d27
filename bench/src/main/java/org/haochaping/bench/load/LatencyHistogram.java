package org.haochaping.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, recorded from any thread: exact below {@value #SUB_BUCKETS} µs, above that in
 * log buckets of {@value #SUB_BUCKETS} per power of two, so a percentile is within 1.6% of the true value.
 * Fixed memory (a few thousand counters) however many values are recorded.
 */
public final class LatencyHistogram {

    static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    private static final int OCTAVES = 64 - SUB_BITS;

    private final AtomicLongArray counts = new AtomicLongArray(SUB_BUCKETS + OCTAVES * SUB_BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sumMicros = new AtomicLong();
    private final AtomicLong maxMicros = new AtomicLong();

    public void recordNanos(long nanos) {
        recordMicros(Math.max(0, nanos / 1_000));
    }

    public void recordMicros(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        sumMicros.addAndGet(v);
        maxMicros.accumulateAndGet(v, Math::max);
    }

    static int index(long v) {
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int octave = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // 0 for 64..127
        int sub = (int) ((v >>> octave) & (SUB_BUCKETS - 1));
        return SUB_BUCKETS + octave * SUB_BUCKETS + sub;
    }

    /** The middle of the bucket's range: the value reported for everything in the bucket. */
    static long value(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int octave = (index - SUB_BUCKETS) / SUB_BUCKETS;
        int sub = (index - SUB_BUCKETS) % SUB_BUCKETS;
        long low = ((long) (SUB_BUCKETS + sub)) << octave;
        long width = 1L << octave;
        return low + (width - 1) / 2;
    }

    public long count() {
        return total.get();
    }

    /** @param quantile 0..1, e.g. 0.99; 0 when nothing was recorded */
    public long percentileMicros(double quantile) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(value(i), maxMicros.get());
            }
        }
        return maxMicros.get();
    }

    public long maxMicros() {
        return maxMicros.get();
    }

    public double meanMicros() {
        long n = total.get();
        return n == 0 ? 0 : (double) sumMicros.get() / n;
    }
}
