package org.haochaping.app.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What the demo simulates: how many cases (办件), how big the synthetic population is, the seed that makes
 * it repeatable, the event-time period the cases are completed in, the share of deliberately invalid
 * evaluator requests, how many requests are in flight at once and how progress is shown.
 *
 * @param cases cases to complete (see {@link DemoScenario}; a few more when the closing burst needs them)
 * @param halls 政务服务中心 (1..{@value Population#MAX_HALLS})
 * @param countersPerHall 窗口 per hall (1..{@value Population#MAX_COUNTERS_PER_HALL}), each with 1-2 clerks
 * @param seed fixes the population and the generated ratings (not the run id)
 * @param from first instant of the event-time period (inclusive), millisecond precision
 * @param to end of the event-time period (exclusive), millisecond precision
 * @param invalidShare share of evaluator ratings preceded by a deliberately invalid request, 0..0.5
 * @param concurrency requests in flight at once
 * @param progress how the simulator shows progress on stderr
 */
public record DemoOptions(int cases, int halls, int countersPerHall, long seed, Instant from, Instant to,
                          double invalidShare, int concurrency, Progress progress) {

    public static final int DEFAULT_CASES = 2_000;
    public static final int DEFAULT_HALLS = 3;
    public static final int DEFAULT_COUNTERS_PER_HALL = 6;
    public static final long DEFAULT_SEED = 20_261_121L;
    /** Longer than the default rating window (7 days), so some cases get default ratings. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(10);
    public static final double DEFAULT_INVALID_SHARE = 0.01;
    public static final int DEFAULT_CONCURRENCY = 32;
    /** The shortest period {@link #notBefore} leaves. */
    public static final Duration MIN_PERIOD = Duration.ofMinutes(1);

    /** How progress is shown on stderr. */
    public enum Progress {
        /** a bar redrawn in place when stderr looks like a terminal, otherwise a line every 10% */
        AUTO,
        /** always the bar redrawn with {@code \r} */
        BAR,
        /** always a line every 10% (for CI logs) */
        LINES,
        /** nothing */
        OFF
    }

    public DemoOptions {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(progress, "progress");
        from = ceilToMillis(from);
        to = ceilToMillis(to);
        if (cases < 1) {
            throw new IllegalArgumentException("cases must be positive, got " + cases);
        }
        if (halls < 1 || halls > Population.MAX_HALLS) {
            throw new IllegalArgumentException("halls must be 1.." + Population.MAX_HALLS + ", got " + halls);
        }
        if (countersPerHall < 1 || countersPerHall > Population.MAX_COUNTERS_PER_HALL) {
            throw new IllegalArgumentException("countersPerHall must be 1.." + Population.MAX_COUNTERS_PER_HALL
                    + ", got " + countersPerHall);
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the period must not be empty: from " + from + " to " + to);
        }
        if (!(invalidShare >= 0 && invalidShare <= 0.5)) {
            throw new IllegalArgumentException("invalidShare must be 0..0.5, got " + invalidShare);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive, got " + concurrency);
        }
    }

    /** 2,000 cases, 3 halls × 6 counters, the last 10 days ending now, 1% invalid, 32 in flight. */
    public static DemoOptions defaults(Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new DemoOptions(DEFAULT_CASES, DEFAULT_HALLS, DEFAULT_COUNTERS_PER_HALL, DEFAULT_SEED,
                now.minus(DEFAULT_PERIOD), now, DEFAULT_INVALID_SHARE, DEFAULT_CONCURRENCY, Progress.AUTO);
    }

    public Duration period() {
        return Duration.between(from, to);
    }

    public DemoOptions withCases(int cases) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withHalls(int halls) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withCountersPerHall(int countersPerHall) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withSeed(long seed) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withPeriod(Instant from, Instant to) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withInvalidShare(double invalidShare) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withConcurrency(int concurrency) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    public DemoOptions withProgress(Progress progress) {
        return new DemoOptions(cases, halls, countersPerHall, seed, from, to, invalidShare, concurrency, progress);
    }

    /**
     * Moves the start of the period to {@code earliest} when it is later, keeping at least
     * {@link #MIN_PERIOD}. The entry point passes {@link Reconciliation.Baseline#earliestSafeRatedAt()}: the
     * pipeline keeps its watermark across restarts, so ratings far older than the newest one already
     * processed would be too late for their windows and never aggregated.
     */
    public DemoOptions notBefore(Instant earliest) {
        if (earliest == null || !earliest.isAfter(from)) {
            return this;
        }
        Instant latestStart = to.minus(MIN_PERIOD);
        Instant start = earliest.isAfter(latestStart) ? latestStart : earliest;
        return start.isAfter(from) ? withPeriod(start, to) : this;
    }

    private static Instant ceilToMillis(Instant t) {
        Instant truncated = t.truncatedTo(ChronoUnit.MILLIS);
        return truncated.equals(t) ? t : truncated.plusMillis(1);
    }
}
