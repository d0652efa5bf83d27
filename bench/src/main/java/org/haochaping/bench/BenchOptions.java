package org.haochaping.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.Durations;

/**
 * Command-line options of {@code ./hcp bench pipeline} ({@link JobThroughputBench}).
 *
 * @param ratings      N, the ratings pre-produced to Kafka and then read by every run
 * @param parallelisms the Flink parallelisms to measure, ascending (each with every chosen run)
 * @param runs         which measurements to take
 * @param partitions   partitions of the ratings topic; 0 = the runtime's default (kafka.partitions)
 * @param data         scratch folder (Kafka log, chDB files, checkpoints, log), deleted at start
 * @param out          where the JSON result goes
 * @param span         the event-time period the N ratings are spread over, ascending
 * @param seed         fixes the population and the ratings
 * @param timeout      how long one run may take before the bench gives up
 */
public record BenchOptions(int ratings, List<Integer> parallelisms, Set<Run> runs, int partitions, Path data,
                           Path out, Duration span, long seed, Duration timeout) {

    /** The measurements of one bench run; {@code --runs} picks some. */
    public enum Run {
        /** baseline: the raw rating rows inserted into chDB, no Flink */
        INSERT,
        /** baseline: a bare Flink job, Kafka source → discarding sink, bytes only */
        BARE,
        /** baseline: the rating job with its ClickHouse sink replaced by a discarding one */
        DISCARD,
        /** the rating job as the runtime builds it, into ClickHouse */
        FULL;

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String NAME = "pipeline";
    public static final int DEFAULT_RATINGS = 2_000_000;
    public static final List<Integer> DEFAULT_PARALLELISMS = List.of(1, 2);
    public static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    public static final long DEFAULT_SEED = 20_261_121L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);

    public static final String USAGE = """
            usage: ./hcp bench pipeline [--ratings N] [--parallelism P[,P…]] [--runs LIST] [--partitions K]
                                        [--span DURATION] [--data DIR] [--out FILE] [--seed S] [--timeout DURATION]
              --ratings N          ratings pre-produced to Kafka, read by every run (default 2000000; 100k, 2m work)
              --parallelism P,…    Flink parallelisms to measure (default 1,2; --parallelism 2 runs only 2)
              --runs LIST          which measurements, comma-separated (default insert,bare,discard,full):
                                   insert  = chDB inserting the raw rating rows (baseline, no Flink)
                                   bare    = bare Flink job, Kafka source -> discarding sink (baseline)
                                   discard = the rating job into a discarding sink instead of ClickHouse (baseline)
                                   full    = the rating job into ClickHouse, as the runtime builds it
              --partitions K       partitions of the ratings topic (default: the runtime's kafka.partitions, 4)
              --span DURATION      event-time period the ratings are spread over, ascending (default 7d)
              --data DIR           scratch folder, deleted at start (default bench/target/pipeline-data)
              --out FILE           JSON result (default bench/results/pipeline.json)
              --seed S             population and ratings seed (default 20261121)
              --timeout DURATION   give up when one run has not finished by then (default 20m)
            Durations: 500ms, 30s, 5m, 2h, 1d. Flink/sink settings come from the usual HCP_* variables,
            e.g. HCP_FLINK_SINK_BATCH_SIZE=20000.""";

    private static final Set<String> OPTIONS = Set.of("--ratings", "--parallelism", "--runs", "--partitions",
            "--data", "--out", "--span", "--seed", "--timeout");

    public BenchOptions {
        if (ratings < 1) {
            throw new IllegalArgumentException("--ratings must be at least 1, got " + ratings);
        }
        if (parallelisms.isEmpty()) {
            throw new IllegalArgumentException("--parallelism needs at least one value");
        }
        for (int p : parallelisms) {
            if (p < 1 || p > 64) {
                throw new IllegalArgumentException("--parallelism must be 1..64, got " + p);
            }
        }
        parallelisms = List.copyOf(new TreeSet<>(parallelisms));
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--runs needs at least one of insert, bare, discard, full");
        }
        runs = Set.copyOf(runs);
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

    public boolean runs(Run run) {
        return runs.contains(run);
    }

    /** @param home the project folder; the default paths are under {@code home/bench} */
    public static BenchOptions parse(String[] args, Path home) {
        CommandOptions o = CommandOptions.parse(args, OPTIONS);
        String parallelism = o.text("--parallelism", null);
        String runs = o.text("--runs", null);
        return new BenchOptions(
                (int) o.number("--ratings", DEFAULT_RATINGS, Integer.MAX_VALUE),
                parallelism == null ? DEFAULT_PARALLELISMS : parallelisms("--parallelism", parallelism),
                runs == null ? EnumSet.allOf(Run.class) : runs("--runs", runs),
                (int) o.number("--partitions", 0, 256),
                o.path("--data", home.resolve("bench/target/pipeline-data")),
                o.path("--out", BenchResults.defaultFile(home, NAME)),
                o.duration("--span", DEFAULT_SPAN),
                o.number("--seed", DEFAULT_SEED, Long.MAX_VALUE),
                o.duration("--timeout", DEFAULT_TIMEOUT));
    }

    static List<Integer> parallelisms(String option, String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add((int) wholeNumber(option, part, 64));
        }
        return values;
    }

    static Set<Run> runs(String option, String text) {
        Set<Run> runs = EnumSet.noneOf(Run.class);
        for (String part : text.split(",")) {
            String wanted = part.strip().toLowerCase(Locale.ROOT);
            Run run = null;
            for (Run r : Run.values()) {
                if (r.option().equals(wanted)) {
                    run = r;
                }
            }
            if (run == null) {
                throw new IllegalArgumentException(option + ": unknown run '" + part.strip()
                        + "' (insert, bare, discard, full)");
            }
            runs.add(run);
        }
        return runs;
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
