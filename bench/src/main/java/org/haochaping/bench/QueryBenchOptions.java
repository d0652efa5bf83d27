package org.haochaping.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Command-line options of {@link QueryBench}.
 *
 * @param ratings     ratings of the generated month
 * @param runs        timed runs per query (fewer when {@code budget} runs out first, never fewer than
 *                    {@link #MIN_RUNS})
 * @param warmups     untimed runs of each query first
 * @param budget      how long the timed runs of one query may take before the bench moves on
 * @param evaluations timed runs of the monthly evaluation (each a new revision)
 * @param data        scratch folder (chDB files, log)
 * @param out         where the JSON report goes
 * @param seed        fixes the population and every generated row
 * @param reuse       keep the data of an earlier run with the same ratings and seed instead of generating again
 */
public record QueryBenchOptions(int ratings, int runs, int warmups, Duration budget, int evaluations, Path data,
                                Path out, long seed, boolean reuse) {

    public static final int DEFAULT_RATINGS = 10_000_000;
    public static final int DEFAULT_RUNS = 20;
    public static final int DEFAULT_WARMUPS = 2;
    public static final int MIN_RUNS = 5;
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    public static final int DEFAULT_EVALUATIONS = 3;

    public static final String USAGE = """
            usage: ./hcp bench queries [--ratings N] [--runs K] [--warmups W] [--budget DURATION] [--evaluations E]
                                       [--data DIR] [--out FILE] [--seed S] [--reuse]
              --ratings N        ratings of the generated month, October 2026 (default 10000000; 200k, 1m work)
              --runs K           timed runs of every query (default 20)
              --warmups W        untimed runs of every query before (default 2)
              --budget DURATION  a query whose timed runs take longer stops after this, with at least 5 runs
                                 (default 10s)
              --evaluations E    timed runs of the monthly evaluation, each a new revision (default 3)
              --data DIR         scratch folder, deleted at start unless --reuse finds matching data there
                                 (default bench/target/queries-data)
              --out FILE         JSON report (default bench/results/queries.json)
              --seed S           population and data seed (default 20261121)
              --reuse            keep the data folder when an earlier run made it with the same --ratings and
                                 --seed (the evaluation's revisions then add up)""";

    private static final Set<String> OPTIONS = Set.of("--ratings", "--runs", "--warmups", "--budget", "--evaluations",
            "--data", "--out", "--seed");

    public QueryBenchOptions {
        if (ratings < 1) {
            throw new IllegalArgumentException("--ratings must be at least 1, got " + ratings);
        }
        if (runs < MIN_RUNS) {
            throw new IllegalArgumentException("--runs must be at least " + MIN_RUNS + ", got " + runs);
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("--warmups must not be negative");
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("--budget must be positive");
        }
        if (evaluations < 1) {
            throw new IllegalArgumentException("--evaluations must be at least 1, got " + evaluations);
        }
    }

    /** @param home the project folder; default paths are under it */
    public static QueryBenchOptions parse(String[] args, Path home) {
        CommandOptions o = CommandOptions.parse(args, OPTIONS, Set.of("--reuse"));
        return new QueryBenchOptions(
                (int) o.number("--ratings", DEFAULT_RATINGS, Integer.MAX_VALUE),
                (int) o.number("--runs", DEFAULT_RUNS, 100_000),
                (int) o.number("--warmups", DEFAULT_WARMUPS, 1_000),
                o.duration("--budget", DEFAULT_BUDGET),
                (int) o.number("--evaluations", DEFAULT_EVALUATIONS, 100),
                o.path("--data", home.resolve("bench/target/queries-data")),
                o.path("--out", BenchResults.defaultFile(home, "queries")),
                o.number("--seed", BenchOptions.DEFAULT_SEED, Long.MAX_VALUE),
                o.flag("--reuse"));
    }
}
