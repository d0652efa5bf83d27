package org.haochaping.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.haochaping.app.EmbeddedRuntime;
import org.haochaping.app.demo.TextTable;
import org.haochaping.bench.freshness.BucketVisibility;
import org.haochaping.bench.load.EdgeRatings;
import org.haochaping.bench.load.LatencyHistogram;
import org.haochaping.bench.load.LoadGenerator;
import org.haochaping.bench.load.Outcome;
import org.haochaping.bench.load.StepResult;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp bench freshness}: how soon a rating the edge accepted shows on the dashboards. The embedded
 * runtime runs in this JVM (so its chDB can be polled while the job writes); the load generator posts signed
 * ratings to its edge over loopback at a steady rate; for every 202 the bench notes when it arrived and then
 * when the rating became visible, three ways, each the delay from the 202:
 * <ol>
 *   <li>a plain Kafka consumer reads the rating's record (the baseline: what transport alone costs);</li>
 *   <li>the raw row is in {@code ratings} (the job's direct path: source, de-duplication, the case gate, sink);</li>
 *   <li>the counter's minute in {@code counter_minute_scores FINAL} counts it (what the live panels read: the
 *       window's early firing every {@code flink.earlyFiring}, then the sink's flush).</li>
 * </ol>
 * The tables are polled every {@code --poll}; a rating is visible at the first poll that shows its counter's
 * count reaching it ({@link BucketVisibility}), so each table delay includes up to one poll interval.
 */
public final class FreshnessBench {

    static final String NAME = "freshness";
    static final String DEVICE = "bench-freshness";

    static final String USAGE = """
            usage: ./hcp bench freshness [--rate R] [--duration DURATION] [--warmup DURATION] [--poll DURATION]
                                         [--connections N] [--data DIR] [--out FILE] [--seed S]
              --rate         ratings/s posted to the edge, steadily (default 2000)
              --duration     how long the measured ratings are posted (default 60s)
              --warmup       posted first at the same rate, not measured (default 15s)
              --poll         how often the tables are read (default 100ms)
              --connections  keep-alive connections of the load generator (default 512)
              --data DIR     the runtime's data folder, deleted at start if the bench made it
                             (default bench/target/freshness-data)
              --out FILE     JSON (default bench/results/freshness.json)
            The runtime's settings come from the usual HCP_* variables (e.g. HCP_FLINK_EARLY_FIRING=500ms).""";

    private static final Set<String> OPTIONS = Set.of("--rate", "--duration", "--warmup", "--poll",
            "--connections", "--data", "--out", "--seed");

    private final Object lock = new Object();
    private final LatencyHistogram minuteDelays = new LatencyHistogram();
    private final LatencyHistogram rawDelays = new LatencyHistogram();
    private final LatencyHistogram kafkaDelays = new LatencyHistogram();
    /** The edge's answers to the measured ratings: request scheduled → 202. */
    private final LatencyHistogram edge = new LatencyHistogram();
    private final BucketVisibility minuteTable = new BucketVisibility(minuteDelays::recordNanos);
    private final BucketVisibility rawTable = new BucketVisibility(rawDelays::recordNanos);
    /** rating id → nanoTime of its 202, for measured ratings only. */
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    /** rating id → nanoTime a plain consumer read its record. */
    private final Map<String, Long> consumedAt = new ConcurrentHashMap<>();
    private volatile boolean measuring;
    /** Per counter, the newest count each table showed, and what it showed when measuring began. */
    private final Map<String, Long> minuteCounts = new HashMap<>();
    private final Map<String, Long> rawCounts = new HashMap<>();
    private Map<String, Long> minuteBase = Map.of();
    private Map<String, Long> rawBase = Map.of();
    private long polls;
    private final LatencyHistogram pollTimes = new LatencyHistogram();

    private FreshnessBench() {}

    public static int run(String[] args, Path home) throws Exception {
        CommandOptions o = BenchMain.options(() -> CommandOptions.parse(args, OPTIONS));
        long rate = o.number("--rate", 2_000, 100_000);
        Duration duration = o.duration("--duration", Duration.ofSeconds(60));
        Duration warmup = o.duration("--warmup", Duration.ofSeconds(15));
        Duration poll = o.duration("--poll", Duration.ofMillis(100));
        int connections = (int) o.number("--connections", 512, 10_000);
        Path data = o.path("--data", home.resolve("bench/target/freshness-data")).toAbsolutePath();
        Path out = o.path("--out", BenchResults.defaultFile(home, NAME));
        long seed = o.number("--seed", BenchOptions.DEFAULT_SEED, Long.MAX_VALUE);
        if (rate < 1 || duration.isZero() || poll.isZero()) {
            System.err.println("bench freshness: --rate, --duration and --poll must be positive");
            return 2;
        }

        JobThroughputBench.prepareDataDir(data);
        System.setProperty("hcp.log.file", data.resolve("bench.log").toString());
        Map<String, Object> machine = MachineDescription.collect();
        System.out.println("freshness benchmark — " + MachineDescription.line(machine));
        return new FreshnessBench().measure(config(data), rate, duration, warmup, poll, connections, seed, machine,
                out);
    }

    static HcpConfig config(Path data) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("dataDir", data.toString());
        overrides.put("http.port", "0");
        overrides.put("console.port", "0");
        overrides.put("kafka.embedded", "true");
        overrides.put("clickhouse.mode", "embedded");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return ConfigLoader.load(null, System.getenv(), overrides).withDevice(DEVICE, HexFormat.of().formatHex(secret));
    }

    private int measure(HcpConfig config, long rate, Duration duration, Duration warmup, Duration poll,
                        int connections, long seed, Map<String, Object> machine, Path out) throws Exception {
        long started = System.nanoTime();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config)) {
            System.out.printf("embedded runtime ready in %.1f s; edge %s; early firing %d ms, sink flush %d ms, "
                            + "poll %d ms%n", (System.nanoTime() - started) / 1e9, runtime.baseUrl(),
                    config.flink().earlyFiring().toMillis(), config.flink().sinkFlushInterval().toMillis(),
                    poll.toMillis());
            EdgeRatings ratings = new EdgeRatings("fresh-" + System.currentTimeMillis() / 1000, DEVICE,
                    config.security().devices().get(DEVICE), seed);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread consumer = daemon("freshness-consumer", () -> consume(runtime.bootstrapServers(),
                    config.kafka().ratingsTopic(), stop), failure);
            // only this run's minutes: the tables' older rows (none in a fresh folder) would cost every poll
            long since = Instant.now().getEpochSecond() / 60 * 60;
            Thread poller = daemon("freshness-poller", () -> pollTables(runtime.store(), since, poll, stop), failure);
            consumer.start();
            poller.start();

            List<StepResult> steps = new ArrayList<>();
            try (LoadGenerator load = new LoadGenerator(runtime.baseUrl(), connections, Duration.ofSeconds(30),
                    ratings)) {
                LoadGenerator.AnswerListener listener = (sequence, ratingId, outcome, status, latency, at) -> {
                    if (outcome == Outcome.ACCEPTED) {
                        accepted(ratings, sequence, ratingId, System.nanoTime());
                        if (measuring) {
                            edge.recordNanos(latency);
                        }
                    }
                };
                if (!warmup.isZero()) {
                    StepResult w = load.run(rate, warmup, listener);
                    System.out.printf("warm-up: %,d ratings at %,d/s: %s; the edge answered in p99 %.1f ms%n", w.sent(),
                            rate, w.outcomeCounts(), w.latency().percentileMicros(0.99) / 1000.0);
                }
                settle(failure);
                steps.add(load.run(rate, duration, listener));
            }
            long sent = steps.stream().mapToLong(StepResult::sent).sum();
            long ok = steps.stream().mapToLong(s -> s.count(Outcome.ACCEPTED)).sum();
            if (ok != sent) {
                throw new BenchFailure(String.format("only %,d of the %,d measured ratings got a 202 (%s): the others may "
                        + "or may not be stored, so the tables' counts cannot be attributed; try a lower --rate or "
                        + "more --connections", ok, sent, steps.get(0).outcomeCounts()));
            }
            System.out.printf("posted %,d measured ratings at %,d/s: %s; waiting until every accepted rating is "
                    + "visible …%n", sent, rate, steps.get(0).outcomeCounts());

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (pending() > 0 && System.nanoTime() < deadline && failure.get() == null) {
                Thread.sleep(100);
            }
            stop.set(true);
            consumer.join(10_000);
            poller.join(10_000);
            if (failure.get() != null) {
                throw new BenchFailure("freshness: " + failure.get());
            }
            check(runtime.store(), ok);
            return report(config, rate, duration, warmup, poll, connections, seed, steps, machine, out);
        }
    }

    /**
     * Waits until everything the warm-up stored is in both tables and the counts stand still, then takes each
     * counter's counts as the base the measured ratings are counted from. Warm-up ratings without a 202 (timed
     * out while the runtime was still warming up) may or may not be stored; after this they no longer matter.
     */
    private void settle(AtomicReference<Throwable> failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && failure.get() == null) {
            long raw;
            long minute;
            synchronized (lock) {
                raw = rawCounts.values().stream().mapToLong(Long::longValue).sum();
                minute = minuteCounts.values().stream().mapToLong(Long::longValue).sum();
                if (raw != last || raw != minute) {
                    last = raw;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > SETTLED.toNanos()) {
                    rawBase = new HashMap<>(rawCounts);
                    minuteBase = new HashMap<>(minuteCounts);
                    measuring = true;
                    System.out.printf("the warm-up's %,d stored ratings are in both tables; measuring%n", raw);
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new BenchFailure("the tables did not settle after the warm-up within 2 minutes: " + rawCounts.values()
                .stream().mapToLong(Long::longValue).sum() + " raw rows, " + minuteCounts.values().stream()
                .mapToLong(Long::longValue).sum() + " in the minute table");
    }

    private static final Duration SETTLED = Duration.ofSeconds(3);

    private void accepted(EdgeRatings ratings, long sequence, String ratingId, long now) {
        if (!measuring) {
            return;
        }
        String counter = ratings.request(sequence, Instant.EPOCH).counterId();
        synchronized (lock) {
            minuteTable.accepted(counter, now, true);
            rawTable.accepted(counter, now, true);
        }
        acceptedAt.put(ratingId, now);
    }

    private long pending() {
        synchronized (lock) {
            return Math.max(minuteTable.pending(), rawTable.pending());
        }
    }

    private void pollTables(ClickHouseStore store, long sinceEpochSecond, Duration interval, AtomicBoolean stop)
            throws InterruptedException {
        String minuteSql = "SELECT counter_id, sum(ratings) AS n FROM counter_minute_scores FINAL WHERE window_start >= "
                + "toDateTime(" + sinceEpochSecond + ", 'UTC') GROUP BY counter_id";
        String rawSql = "SELECT counter_id, count() AS n FROM ratings WHERE rated_at >= toDateTime64(" + sinceEpochSecond
                + ", 3, 'UTC') GROUP BY counter_id";
        while (!stop.get()) {
            long t0 = System.nanoTime();
            List<Map<String, Object>> minute = store.query(minuteSql);
            long t1 = System.nanoTime();
            List<Map<String, Object>> raw = store.query(rawSql);
            long t2 = System.nanoTime();
            synchronized (lock) {
                // a poll's rows are as of when its query ran: the end of each query is when they were seen
                for (Map<String, Object> row : minute) {
                    observe(minuteTable, minuteCounts, minuteBase, (String) row.get("counter_id"), number(row.get("n")), t1);
                }
                for (Map<String, Object> row : raw) {
                    observe(rawTable, rawCounts, rawBase, (String) row.get("counter_id"), number(row.get("n")), t2);
                }
                polls++;
                pollTimes.recordNanos(t2 - t0);
            }
            long wait = interval.toNanos() - (System.nanoTime() - t0);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private void observe(BucketVisibility table, Map<String, Long> counts, Map<String, Long> base, String counter,
                         long count, long nanos) {
        counts.put(counter, count);
        if (measuring) {
            table.observed(counter, count - base.getOrDefault(counter, 0L), nanos);
        }
    }

    private void consume(String bootstrap, String topic, AtomicBoolean stop) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-freshness");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // before any rating is posted
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String id = ratingId(r.value());
                    if (id != null) {
                        consumedAt.putIfAbsent(id, now);
                    }
                }
            }
        }
    }

    /** The {@code ratingId} of a rating record, without parsing the whole record. */
    static String ratingId(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int key = s.indexOf("\"ratingId\"");
        if (key < 0) {
            return null;
        }
        int open = s.indexOf('"', s.indexOf(':', key) + 1);
        int close = open < 0 ? -1 : s.indexOf('"', open + 1);
        return close < 0 ? null : s.substring(open + 1, close);
    }

    private void check(ClickHouseStore store, long measuredAccepted) {
        long base;
        synchronized (lock) {
            base = rawBase.values().stream().mapToLong(Long::longValue).sum();
        }
        long acceptedTotal = base + measuredAccepted;
        long stored = store.queryLong("SELECT count() FROM ratings FINAL");
        long minute = store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL");
        List<String> over;
        long pending;
        synchronized (lock) {
            over = minuteTable.overCounted();
            over.addAll(rawTable.overCounted());
            pending = Math.max(minuteTable.pending(), rawTable.pending());
        }
        if (pending > 0 || stored != acceptedTotal || minute != acceptedTotal || !over.isEmpty()) {
            throw new BenchFailure(String.format("accepted %d, but ratings FINAL holds %d and the counter minutes "
                    + "count %d; %d never became visible%s", acceptedTotal, stored, minute, pending,
                    over.isEmpty() ? "" : "; over-counted: " + String.join(", ", over.subList(0, Math.min(5,
                            over.size())))));
        }
        System.out.printf("ratings FINAL = counter minutes = %,d = the warm-up's %,d + every measured 202%n",
                acceptedTotal, base);
    }

    private int report(HcpConfig config, long rate, Duration duration, Duration warmup, Duration poll,
                       int connections, long seed, List<StepResult> steps, Map<String, Object> machine, Path out)
            throws java.io.IOException {
        acceptedAt.forEach((id, at) -> {
            Long seen = consumedAt.get(id);
            if (seen != null) {
                kafkaDelays.recordNanos(Math.max(0, seen - at));
            }
        });
        long measured = acceptedAt.size();
        if (kafkaDelays.count() != measured || minuteDelays.count() != measured || rawDelays.count() != measured) {
            throw new BenchFailure(String.format("measured %d accepted ratings but saw %d in Kafka, %d raw rows, "
                    + "%d in the minute table", measured, kafkaDelays.count(), rawDelays.count(), minuteDelays.count()));
        }

        TextTable t = new TextTable(List.of("from the 202 until", "ratings", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "p99 ÷ Kafka p99"), List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT));
        Map<String, Object> delays = new LinkedHashMap<>();
        row(t, delays, "kafka", "a plain Kafka consumer reads it (baseline)", kafkaDelays);
        row(t, delays, "ratingsTable", "its raw row is in ratings", rawDelays);
        row(t, delays, "counterMinuteTable", "its counter's minute in counter_minute_scores counts it", minuteDelays);
        System.out.println();
        System.out.println(t.render("  "));
        double p99 = minuteDelays.percentileMicros(0.99) / 1000.0;
        System.out.printf("%nthe edge's own answer (request scheduled → 202): p50 %.1f ms, p99 %.1f ms; table polls took "
                        + "p50 %.1f ms (%,d polls)%ntarget: p99 under 3 s for the minute table — %s (%.0f ms)%n",
                edge.percentileMicros(0.5) / 1000.0, edge.percentileMicros(0.99) / 1000.0,
                pollTimes.percentileMicros(0.5) / 1000.0, polls, p99 < 3000 ? "met" : "NOT met", p99);

        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("ratePerSecond", rate);
        options.put("measuredSeconds", duration.toMillis() / 1000.0);
        options.put("warmupSeconds", warmup.toMillis() / 1000.0);
        options.put("pollMillis", poll.toMillis());
        options.put("connections", connections);
        options.put("seed", seed);
        result.put("options", options);
        result.put("settings", Map.of("earlyFiringMillis", config.flink().earlyFiring().toMillis(),
                "sinkFlushMillis", config.flink().sinkFlushInterval().toMillis(),
                "sinkBatchSize", config.flink().sinkBatchSize(),
                "checkpointMillis", config.flink().checkpointInterval().toMillis(),
                "parallelism", config.flink().parallelism()));
        result.put("measuredAccepted", measured);
        result.put("offeredPerSecond", Math.round(steps.stream().mapToLong(StepResult::sent).sum()
                / Math.max(1e-9, steps.stream().mapToDouble(StepResult::sendSeconds).sum())));
        result.put("errors", steps.stream().mapToLong(StepResult::errors).sum());
        result.put("delaysMillis", delays);
        result.put("edgeLatencyMillis", percentiles(edge));
        result.put("pollMillisP50", pollTimes.percentileMicros(0.5) / 1000.0);
        result.put("targetP99Millis", 3000);
        result.put("targetMet", p99 < 3000);
        Path written = BenchResults.write(out, NAME, machine, result);
        System.out.println("JSON: " + written);
        return 0;
    }

    private void row(TextTable t, Map<String, Object> json, String key, String label, LatencyHistogram h) {
        double ratio = h.percentileMicros(0.99) / (double) Math.max(1, kafkaDelays.percentileMicros(0.99));
        t.row(label, String.format("%,d", h.count()), ms(h.percentileMicros(0.5)), ms(h.percentileMicros(0.9)),
                ms(h.percentileMicros(0.99)), ms(h.maxMicros()), h == kafkaDelays ? "1" : String.format("%.1f", ratio));
        Map<String, Object> m = percentiles(h);
        m.put("what", label);
        json.put(key, m);
    }

    private static Map<String, Object> percentiles(LatencyHistogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        m.put("p50", h.percentileMicros(0.5) / 1000.0);
        m.put("p90", h.percentileMicros(0.9) / 1000.0);
        m.put("p99", h.percentileMicros(0.99) / 1000.0);
        m.put("max", h.maxMicros() / 1000.0);
        return m;
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    private static Thread daemon(String name, ThrowingRunnable body, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
