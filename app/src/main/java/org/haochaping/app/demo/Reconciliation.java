package org.haochaping.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;

/**
 * Does what ClickHouse holds add up to what the edge accepted? {@code stored}: this run's ratings in
 * {@code ratings FINAL}; {@code aggregated}: how much {@code sum(ratings)} grew in both minute-score
 * tables since the {@link Baseline} (when they differ, the one that does not match).
 *
 * @param accepted answered 202 by the edge
 * @param rejected answered 4xx by the edge
 * @param stored this run's rows in {@code ratings FINAL}
 * @param aggregated the growth of {@code sum(ratings)} in {@code counter_minute_scores FINAL} and
 *                   {@code clerk_minute_scores FINAL}
 */
public record Reconciliation(long accepted, long rejected, long stored, long aggregated) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /**
     * How far before the newest stored rating a new run may start: less than the pipeline's allowed
     * lateness (10 minutes by default), so no rating of the run is too late for its window.
     */
    static final Duration SAFE_START_MARGIN = Duration.ofMinutes(5);

    /**
     * The minute-score totals before a run, and the newest rating time stored so far.
     *
     * @param latestRatedAtMillis epoch millis of the newest {@code rated_at} in {@code ratings}, 0 when empty
     */
    public record Baseline(long counterRatings, long clerkRatings, long latestRatedAtMillis) {

        public static Baseline take(ClickHouseStore store) {
            return new Baseline(
                    store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL"),
                    store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL"),
                    store.queryLong("SELECT toUnixTimestamp64Milli(max(rated_at)) FROM ratings"));
        }

        /**
         * The earliest event time a new run can use and still be aggregated: the pipeline keeps its
         * watermark (also across restarts), so a run must not reach far behind the newest rating
         * already processed. Empty when nothing is stored. Pass it to {@link DemoOptions#notBefore}.
         */
        public Optional<Instant> earliestSafeRatedAt() {
            return latestRatedAtMillis <= 0 ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(latestRatedAtMillis).minus(SAFE_START_MARGIN));
        }
    }

    /** Every accepted rating stored once and counted once in both minute-score tables. */
    public boolean balanced() {
        return stored == accepted && aggregated == accepted;
    }

    /** Exactly {@code accepted A, rejected R, stored S, aggregated G}. */
    public String line() {
        return "accepted " + accepted + ", rejected " + rejected + ", stored " + stored + ", aggregated " + aggregated;
    }

    /** The state now. */
    public static Reconciliation compute(ClickHouseStore store, String runId, Baseline baseline, SimulationResult result) {
        long stored = store.queryLong("SELECT count() FROM ratings FINAL WHERE " + runFilter(runId));
        long counters = store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL") - baseline.counterRatings();
        long clerks = store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL") - baseline.clerkRatings();
        return new Reconciliation(result.accepted(), result.rejected(), stored, aggregated(result.accepted(), counters, clerks));
    }

    /** The one to report of the two tables' growth: the one that does not match, or the smaller when neither does. */
    static long aggregated(long accepted, long counters, long clerks) {
        if (counters == accepted) {
            return clerks;
        }
        if (clerks == accepted) {
            return counters;
        }
        return Math.min(counters, clerks);
    }

    /** {@link #await(ClickHouseStore, String, Baseline, SimulationResult, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Reconciliation await(ClickHouseStore store, String runId, Baseline baseline, SimulationResult result)
            throws InterruptedException {
        return await(store, runId, baseline, result, DEFAULT_TIMEOUT);
    }

    /**
     * Polls every {@link #POLL_INTERVAL} until balanced or {@code timeout} passed, and returns the last state
     * (check {@link #balanced()}).
     */
    public static Reconciliation await(ClickHouseStore store, String runId, Baseline baseline, SimulationResult result,
                                       Duration timeout) throws InterruptedException {
        runFilter(runId);
        return await(() -> compute(store, runId, baseline, result), timeout, POLL_INTERVAL);
    }

    /**
     * Polls {@code probe} until it is balanced or {@code timeout} passed. A probe failing (e.g. the store
     * briefly busy) is retried; when it never succeeded the last failure is thrown.
     */
    static Reconciliation await(Supplier<Reconciliation> probe, Duration timeout, Duration interval)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reconciliation last = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = probe.get();
                if (last.balanced()) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (last == null) {
                    throw lastFailure;
                }
                return last;
            }
            Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
        }
    }

    /** {@code rating_id LIKE '<runId>-%'}: this run's ratings (the run id holds no LIKE wildcard). */
    static String runFilter(String runId) {
        return "rating_id LIKE " + Sql.literal(RatingGenerator.checkRunId(runId) + "-%");
    }
}
