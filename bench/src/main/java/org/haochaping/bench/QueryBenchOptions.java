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
                                Path out, long seed, boolean reuse, boolean help) {

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
        int ratings = DEFAULT_RATINGS;
        int runs = DEFAULT_RUNS;
        int warmups = DEFAULT_WARMUPS;
        Duration budget = DEFAULT_BUDGET;
        int evaluations = DEFAULT_EVALUATIONS;
        Path data = home.resolve("bench/target/queries-data");
        Path out = BenchResults.defaultFile(home, "queries");
        long seed = BenchOptions.DEFAULT_SEED;
        boolean reuse = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("-h") || name.equals("--help")) {
                help = true;
                continue;
            }
            if (name.equals("--reuse")) {
                reuse = true;
                continue;
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option: " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--ratings" -> ratings = (int) BenchOptions.wholeNumber(name, value, Integer.MAX_VALUE);
                case "--runs" -> runs = (int) BenchOptions.wholeNumber(name, value, 100_000);
                case "--warmups" -> warmups = (int) BenchOptions.wholeNumber(name, value, 1_000);
                case "--budget" -> budget = BenchOptions.duration(name, value);
                case "--evaluations" -> evaluations = (int) BenchOptions.wholeNumber(name, value, 100);
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--seed" -> seed = BenchOptions.wholeNumber(name, value, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown option: " + name);
            }
        }
        return new QueryBenchOptions(ratings, runs, warmups, budget, evaluations, data, out, seed, reuse, help);
    }
}
