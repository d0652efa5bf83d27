package org.haochaping.bench.freshness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * When each accepted rating became visible in a table that only shows counts per bucket (a counter's minute):
 * the k-th rating accepted into a bucket counts as visible at the first poll that shows the bucket with at
 * least k ratings. Within a bucket the job may store ratings in another order than the edge acknowledged them;
 * counting in acknowledgement order attributes each visible count to the earliest waiting rating, which is what
 * a reader of the table sees (n ratings visible), and never credits a rating before a poll saw it counted.
 *
 * <p>A poll may show a rating before the load generator has handled its 202 (the job is that fast, or the
 * answer was slow): such a rating is visible the moment its 202 is recorded, a delay of 0.
 *
 * <p>Not thread-safe: the caller serialises {@link #accepted} and {@link #observed}.
 */
public final class BucketVisibility {

    private static final class Bucket {
        final List<long[]> waiting = new ArrayList<>(); // {acceptedNanos, measured ? 1 : 0}, acknowledgement order
        int visible;   // how many of waiting are already credited
        long seen;     // highest count a poll showed

        void credit(long nanos, LongConsumer delays) {
            int upTo = (int) Math.min(seen, waiting.size());
            for (; visible < upTo; visible++) {
                long[] w = waiting.get(visible);
                if (w[1] == 1) {
                    delays.accept(Math.max(0, nanos - w[0]));
                }
            }
        }
    }

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final LongConsumer delays;
    private long pending;

    /** @param delays receives each measured rating's delay from its 202 to the poll that saw it, in nanoseconds */
    public BucketVisibility(LongConsumer delays) {
        this.delays = delays;
    }

    /**
     * A rating of the bucket got its 202 at {@code nanos}; {@code measured} = false for warm-up ratings, which
     * take their place in the bucket's count but report no delay.
     */
    public void accepted(String bucket, long nanos, boolean measured) {
        Bucket b = buckets.computeIfAbsent(bucket, k -> new Bucket());
        b.waiting.add(new long[] {nanos, measured ? 1 : 0});
        pending++;
        int before = b.visible;
        b.credit(nanos, delays);
        pending -= b.visible - before;
    }

    /** A poll at {@code nanos} showed the bucket holding {@code count} ratings. */
    public void observed(String bucket, long count, long nanos) {
        Bucket b = buckets.computeIfAbsent(bucket, k -> new Bucket());
        if (count <= b.seen) {
            return;
        }
        b.seen = count;
        int before = b.visible;
        b.credit(nanos, delays);
        pending -= b.visible - before;
    }

    /** Accepted ratings no poll has shown yet. */
    public long pending() {
        return pending;
    }

    /** Buckets whose newest count exceeds what was accepted into them: a double count, or ratings from elsewhere. */
    public List<String> overCounted() {
        List<String> over = new ArrayList<>();
        buckets.forEach((k, b) -> {
            if (b.seen > b.waiting.size()) {
                over.add(k + " shows " + b.seen + ", accepted " + b.waiting.size());
            }
        });
        return over;
    }
}
