package org.haochaping.bench;

import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.Durations;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line options of {@link JobThroughputBench}.
 *
 * @param ratings     N, the ratings pre-produced to Kafka and then measured
 * @param parallelism the Flink job's parallelism
 * @param partitions  partitions of the ratings topic; 0 = the runtime's default (kafka.partitions)
 * @param data        scratch folder (Kafka log, chDB files, checkpoints, log), deleted at start
 * @param out         where the JSON report goes
 * @param span        the event-time period the N ratings are spread over, ascending
 * @param seed        fixes the population and the ratings
 * @param timeout     how long the job may take before the bench gives up
 */
public record BenchOptions(int ratings, int parallelism, int partitions, Path data, Path out, Duration span, long seed,
                           Duration timeout, boolean help) {

    public static final int DEFAULT_RATINGS = 1_000_000;
    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    public static final long DEFAULT_SEED = 20_261_121L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public static final String USAGE = """
            usage: ./hcp bench [--ratings N] [--parallelism P] [--partitions K] [--span DURATION] [--data DIR]
                               [--out FILE] [--seed S] [--timeout DURATION]
              --ratings N        ratings pre-produced to Kafka and pushed through the job (default 1000000)
              --parallelism P    Flink parallelism of the job (default 2)
              --partitions K     partitions of the ratings topic (default: the runtime's kafka.partitions, 4)
              --span DURATION    event-time period the ratings are spread over, ascending (default 7d: with
                                 200 counters and N = 1M, each counter is rated about every 2 minutes)
              --data DIR         scratch folder, deleted at start (default bench/target/bench-data)
              --out FILE         JSON report (default bench/target/job-throughput.json)
              --seed S           population and ratings seed (default 20261121)
              --timeout DURATION give up when the job has not finished by then (default 10m)
            Durations: 500ms, 30s, 5m, 2h, 1d. Flink/sink settings come from the usual HCP_* variables,
            e.g. HCP_FLINK_SINK_BATCH_SIZE=20000.""";

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--ratings", "--parallelism", "--partitions", "--data",
            "--out", "--span", "--seed", "--timeout");

    public BenchOptions {
        if (ratings < 1) {
            throw new IllegalArgumentException("--ratings must be at least 1, got " + ratings);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("--parallelism must be 1..64, got " + parallelism);
        }
        if (partitions < 0 || partitions > 256) {
            throw new IllegalArgumentException("--partitions must be 1..256, got " + partitions);
        }
        if (span.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("--span must be at least 1m, got " + span);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
    }

    /** Partitions of the ratings topic: the runtime's default unless given. */
    public int topicPartitions() {
        return partitions > 0 ? partitions : ConfigLoader.defaults().kafka().partitions();
    }

    /** @param home the project folder; the default paths are under {@code home/bench/target} */
    public static BenchOptions parse(String[] args, Path home) {
        int ratings = DEFAULT_RATINGS;
        int parallelism = DEFAULT_PARALLELISM;
        int partitions = 0;
        Path data = home.resolve("bench/target/bench-data");
        Path out = home.resolve("bench/target/job-throughput.json");
        Duration span = DEFAULT_SPAN;
        long seed = DEFAULT_SEED;
        Duration timeout = DEFAULT_TIMEOUT;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                help = true;
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
                case "--ratings" -> ratings = (int) wholeNumber(name, value, Integer.MAX_VALUE);
                case "--parallelism" -> parallelism = (int) wholeNumber(name, value, 64);
                case "--partitions" -> partitions = (int) wholeNumber(name, value, 256);
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--span" -> span = duration(name, value);
                case "--seed" -> seed = wholeNumber(name, value, Long.MAX_VALUE);
                case "--timeout" -> timeout = duration(name, value);
                default -> throw new IllegalArgumentException("unknown option: " + name);
            }
        }
        return new BenchOptions(ratings, parallelism, partitions, data, out, span, seed, timeout, help);
    }

    /** Digits with optional {@code _} or {@code ,} separators, or a {@code k}/{@code m} suffix: 1_000_000, 1m, 250k. */
    static long wholeNumber(String option, String text, long max) {
        String t = text.strip().replace("_", "").replace(",", "").toLowerCase();
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long value = Math.multiplyExact(Long.parseLong(t), factor);
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(option + " out of range: " + text);
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
        }
    }

    static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
