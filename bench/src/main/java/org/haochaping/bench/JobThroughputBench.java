package org.haochaping.bench;

import static org.haochaping.app.Shutdown.quietly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.app.Shutdown;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.jobs.ratings.PipelineSettings;
import org.haochaping.jobs.ratings.PipelineSources;
import org.haochaping.jobs.ratings.RatingPipelineJob;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.jobs.sink.ClickHouseRows;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp bench pipeline}: throughput of the rating pipeline job from a Kafka backlog, at each chosen
 * parallelism, beside baselines measured in the same JVM run on the same N ratings.
 *
 * <p>The N ratings are produced to the embedded Kafka once (tuned producer; its rate is reported too). Then:
 * <ul>
 *   <li>insert: the raw rating rows inserted into chDB in 10,000-row {@code JSONEachRow} batches (no Flink);</li>
 *   <li>per parallelism P, each Flink job reading the topic from its beginning on a local cluster configured
 *       as the runtime does it (checkpoints, heap state), until all N are through:
 *     <ul>
 *       <li>bare: a Kafka source → a discarding sink, bytes only (what reading the backlog costs in Flink);</li>
 *       <li>discard: the rating job as the runtime builds it (same sources, operators and Kafka sinks) with a
 *           discarding sink in place of ClickHouse; done when exactly N raw rating rows reached it;</li>
 *       <li>full: the rating job as the runtime builds it ({@link RatingPipelineJob#build(StreamExecutionEnvironment,
 *           HcpConfig, String)}, real ClickHouse sink into embedded chDB), into emptied tables; done when
 *           {@code ratings FINAL} holds exactly N rows and the minute scores of both scopes add up to exactly N;
 *           then the per-level and 差评 totals are checked against what was produced.</li>
 *     </ul></li>
 * </ul>
 * Anything else (a dead letter, a double count, a stall, a failed job) fails the bench with exit code 1 and no
 * numbers. Each full run's rate is reported as ratios to the baselines of the same run and parallelism.
 *
 * <p>Start it with {@code ./hcp bench pipeline}: the JVM needs {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}
 * (chDB's signal handlers) and the {@code --add-opens} of {@code hcp.jvm.opens}.
 */
public final class JobThroughputBench {

    static final String SCRATCH_DATABASE = "hcp_bench_scratch";
    static final int INSERT_BATCH = 10_000;
    /** The insert baseline builds this many rows, then times their inserts back to back. */
    static final int INSERT_CHUNK = 100_000;
    /** The producer is handed this many pre-built records at a time; only send + flush is timed. */
    static final int PRODUCE_CHUNK = 50_000;
    /** What the bare job's discarding sink counts its records under. */
    static final String BARE_RECORDS = "records";
    private static final String MARKER = ".hcp-bench-data";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(60);

    /** Experiment, not what the runtime does: {@code -Dhcp.bench.objectReuse=true} turns on Flink's object reuse. */
    static final boolean OBJECT_REUSE = Boolean.getBoolean("hcp.bench.objectReuse");
    /** Experiments: {@code -Dhcp.bench.flink.<option>=<value>} sets any Flink option of the local cluster. */
    static final String FLINK_OPTION_PREFIX = "hcp.bench.flink.";

    /** The {@code -Dhcp.bench.flink.*} options, without the prefix, sorted. */
    static Map<String, String> experimentalFlinkOptions() {
        Map<String, String> options = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(FLINK_OPTION_PREFIX))
                .forEach(k -> options.put(k.substring(FLINK_OPTION_PREFIX.length()), System.getProperty(k)));
        return options;
    }

    private final BenchOptions options;
    private final HcpConfig config;
    private final BenchRatings ratings;
    private final BenchReport report = new BenchReport();
    private final long[] levels = new long[6];

    JobThroughputBench(BenchOptions options, HcpConfig config) {
        this.options = options;
        this.config = config;
        this.ratings = new BenchRatings(options.ratings(), options.span(), options.seed(), config);
    }

    /** {@code ./hcp bench pipeline [options]}. */
    public static int run(String[] args, Path home) throws Exception {
        BenchOptions options = BenchMain.options(() -> BenchOptions.parse(args, home));
        prepareDataDir(options.data());
        // before the first logger exists: the log goes to the scratch folder
        System.setProperty("hcp.log.file", options.data().resolve("bench.log").toString());
        HcpConfig config = loadConfig(options);
        return new JobThroughputBench(options, config).run();
    }

    static HcpConfig loadConfig(BenchOptions options) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("dataDir", options.data().toAbsolutePath().toString());
        overrides.put("kafka.partitions", String.valueOf(options.topicPartitions()));
        overrides.put("kafka.embedded", "true");
        overrides.put("clickhouse.mode", "embedded");
        String library = System.getProperty("hcp.chdb.library");
        if (library != null && System.getenv("HCP_CLICKHOUSE_CHDB_LIBRARY") == null) {
            overrides.put("clickhouse.chdbLibrary", library);
        }
        return ConfigLoader.load(null, System.getenv(), overrides);
    }

    /** Deletes the scratch folder, but only one the bench made (marker file) or an empty one. */
    static void prepareDataDir(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(d)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(d.resolve(MARKER))) {
                throw new BenchFailure("--data " + d + " is not empty and was not made by the bench (no " + MARKER
                        + "): refusing to delete it");
            }
            try (Stream<Path> walk = Files.walk(d)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete " + p, e);
                    }
                });
            }
        }
        Files.createDirectories(d);
        Files.writeString(d.resolve(MARKER), "scratch folder of the haochaping bench; deleted at its next start\n");
    }

    int run() throws Exception {
        long start = System.nanoTime();
        Map<String, Object> machine = MachineDescription.collect();
        Path data = config.dataPath().toAbsolutePath();
        String topic = config.kafka().ratingsTopic();
        facts(machine);
        System.out.println(report.factsText());

        // chDB first: it installs signal handlers, which must happen before Kafka's and Flink's threads start
        ClickHouseStore store = ClickHouseStores.open(config);
        EmbeddedKafkaBroker kafka = null;
        try {
            kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), config.bindAddress(), 0);
            for (String t : config.kafka().topics()) {
                kafka.createTopic(t, config.kafka().partitions());
            }
            String bootstrap = kafka.bootstrapServers();

            report.measurement(produce(bootstrap, topic));
            if (options.runs(BenchOptions.Run.INSERT)) {
                report.insert(chdbInsert(store));
            }
            for (int parallelism : options.parallelisms()) {
                for (BenchOptions.Run kind : List.of(BenchOptions.Run.BARE, BenchOptions.Run.DISCARD,
                        BenchOptions.Run.FULL)) {
                    if (options.runs(kind)) {
                        report.run(flinkRun(kind, parallelism, store, kafka, topic));
                    }
                }
            }
        } finally {
            if (kafka != null) {
                quietly("kafka", kafka::close);
            }
            quietly("chDB", store::close);
        }
        report.fact("load average at end", String.format(Locale.ROOT, "%.2f (1 min, includes the bench's own threads)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.fact("wall time", String.format(Locale.ROOT, "%.1f s (whole bench run)", (System.nanoTime() - start) / 1e9));
        System.out.println();
        System.out.print(report.text());
        Path written = BenchResults.write(options.out(), BenchOptions.NAME, machine, report.toMap());
        System.out.println("\nJSON: " + written.toAbsolutePath());
        return 0;
    }

    private void facts(Map<String, Object> machine) {
        report.fact("machine", MachineDescription.line(machine))
                .fact("ratings (N)", BenchReport.count(options.ratings()))
                .fact("parallelisms", options.parallelisms())
                .fact("runs", options.runs().stream().sorted().map(BenchOptions.Run::option).toList())
                .fact("Xmx (MB)", Runtime.getRuntime().maxMemory() >> 20)
                .fact("population", ratings.halls() + " halls, " + ratings.counters() + " counters (an evaluator "
                        + "each), " + ratings.clerks() + " clerks")
                .fact("event time", ratings.from() + " .. " + ratings.to() + " (" + options.span().toMinutes()
                        + " min, ascending)")
                .fact("kafka", config.kafka().partitions() + " partition(s) of " + config.kafka().ratingsTopic()
                        + (options.partitions() == 0 ? " (the runtime's default)" : ""))
                .fact("flink settings", "checkpoint " + config.flink().checkpointInterval().toMillis()
                        + " ms, sink batch " + config.flink().sinkBatchSize() + " / "
                        + config.flink().sinkFlushInterval().toMillis() + " ms, early firing "
                        + config.flink().earlyFiring().toMillis() + " ms, out-of-orderness "
                        + config.flink().outOfOrderness().toMillis() + " ms, lateness "
                        + config.flink().allowedLateness().toMinutes() + " min")
                .fact("data", config.dataPath().toAbsolutePath().toString());
        if (OBJECT_REUSE) {
            report.fact("EXPERIMENT", "Flink object reuse on (-Dhcp.bench.objectReuse; the runtime does not do this)");
        }
        if (!experimentalFlinkOptions().isEmpty()) {
            report.fact("EXPERIMENT options", "Flink options the runtime does not set (-Dhcp.bench.flink.*): "
                    + experimentalFlinkOptions());
        }
    }

    // ---------------------------------------------------------------- producer

    private Measurement produce(String bootstrap, String topic) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        long sendNanos = 0;
        long buildNanos = 0;
        long bytes = 0;
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        System.out.print("producing " + BenchReport.count(options.ratings()) + " ratings to Kafka … ");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            byte[][] keys = new byte[PRODUCE_CHUNK][];
            byte[][] values = new byte[PRODUCE_CHUNK][];
            Iterator<Rating> it = ratings.iterator();
            while (it.hasNext()) {
                long b0 = System.nanoTime();
                int n = 0;
                while (n < PRODUCE_CHUNK && it.hasNext()) {
                    Rating r = it.next();
                    levels[r.level()]++;
                    keys[n] = BenchRatings.key(r).getBytes(StandardCharsets.UTF_8);
                    values[n] = RatingJson.write(r);
                    bytes += values[n].length;
                    n++;
                }
                long s0 = System.nanoTime();
                buildNanos += s0 - b0;
                for (int i = 0; i < n; i++) {
                    producer.send(new ProducerRecord<>(topic, keys[i], values[i]), (md, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
                sendNanos += System.nanoTime() - s0;
                sent += n;
                if (failure.get() != null) {
                    throw new BenchFailure("Kafka send failed: " + failure.get());
                }
            }
        }
        Measurement m = Measurement.ofNanos("producer", "producer (tuned: lz4, 256 KB batches, linger 20 ms)",
                sent, sendNanos);
        System.out.printf(Locale.ROOT, "%.2f s (%,d records/s; %.1f MB of JSON, avg %d bytes; building the "
                        + "records took another %.2f s, not timed)%n", m.seconds(), Math.round(m.rate()), bytes / 1e6,
                bytes / Math.max(1, sent), buildNanos / 1e9);
        report.detail("avg rating JSON bytes", bytes / Math.max(1, sent));
        report.detail("levels 1..5 produced", levels[1] + " / " + levels[2] + " / " + levels[3] + " / " + levels[4]
                + " / " + levels[5]);
        return m;
    }

    // ---------------------------------------------------------------- baseline: chDB insert

    private Measurement chdbInsert(ClickHouseStore store) {
        String table = SCRATCH_DATABASE + ".ratings";
        System.out.print("insert: chDB inserts the raw rating rows in " + BenchReport.count(INSERT_BATCH)
                + "-row JSONEachRow batches … ");
        store.execute("DROP DATABASE IF EXISTS " + SCRATCH_DATABASE);
        store.execute("CREATE DATABASE " + SCRATCH_DATABASE);
        store.execute("CREATE TABLE " + table + " AS ratings");
        long insertNanos = 0;
        long inserted = 0;
        long bytes = 0;
        List<List<String>> chunk = new ArrayList<>();
        Iterator<Rating> it = ratings.iterator();
        while (it.hasNext()) {
            chunk.clear();
            List<String> batch = new ArrayList<>(INSERT_BATCH);
            for (int i = 0; i < INSERT_CHUNK && it.hasNext(); i++) {
                String json = ClickHouseRows.rating(it.next()).json();
                bytes += json.getBytes(StandardCharsets.UTF_8).length;
                batch.add(json);
                if (batch.size() == INSERT_BATCH) {
                    chunk.add(batch);
                    batch = new ArrayList<>(INSERT_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                chunk.add(batch);
            }
            long t0 = System.nanoTime();
            for (List<String> b : chunk) {
                store.insertJsonEachRow(table, b);
                inserted += b.size();
            }
            insertNanos += System.nanoTime() - t0;
        }
        long stored = store.queryLong("SELECT count() FROM " + table);
        store.execute("DROP DATABASE " + SCRATCH_DATABASE); // not SYNC: crashes chDB 26.5.3
        if (stored != options.ratings() || inserted != options.ratings()) {
            throw new BenchFailure("the insert baseline stored " + stored + " rows, expected " + options.ratings());
        }
        Measurement m = Measurement.ofNanos("insert", "chDB insert of the raw rating rows (10k-row batches)", inserted,
                insertNanos);
        System.out.printf(Locale.ROOT, "%.2f s (%,d rows/s; avg row %d bytes; scratch database dropped)%n",
                m.seconds(), Math.round(m.rate()), bytes / Math.max(1, inserted));
        report.detail("avg raw-row JSON bytes", bytes / Math.max(1, inserted));
        return m;
    }

    // ---------------------------------------------------------------- the Flink runs

    /** What one Flink run waits for; polled every few milliseconds from the bench's thread. */
    private interface Completion {
        /** Records the job has read so far (the first one starts the clock of the rate). */
        long read();

        /** Records past the job's last operator so far (rows to ClickHouse, records counted by the sink). */
        long written();

        /** True once all N are through; throws {@link BenchFailure} when the state is wrong. */
        boolean done(long now);

        /** What the run stands at, for the progress lines and failures. */
        String state();
    }

    private PipelineRun flinkRun(BenchOptions.Run kind, int parallelism, ClickHouseStore store, EmbeddedKafkaBroker kafka,
                                 String topic) throws Exception {
        long n = options.ratings();
        String key = PipelineRun.key(kind, parallelism);
        String bootstrap = kafka.bootstrapServers();
        if (kind != BenchOptions.Run.BARE) {
            // the job's source starts from its group's committed offsets: without them, from the beginning
            forgetCommittedOffsets(kafka, RatingPipelineJob.CONSUMER_GROUP);
        }
        if (kind == BenchOptions.Run.FULL) {
            EmbeddedTestStore.truncateTables(store); // so this run's exact counts hold on their own
            if (store.queryLong("SELECT count() FROM ratings") != 0) {
                throw new BenchFailure("ratings still holds rows after TRUNCATE");
            }
        }
        BenchMetrics.reset();
        CountingDiscardSink.reset();
        // as the embedded runtime does it (EmbeddedRuntime.startPipeline), plus the bench's metric reporter
        Configuration conf = RatingPipelineJob.localCluster(RatingPipelineJob.flinkConfiguration(config,
                config.dataPath().resolve("checkpoints").resolve(key)), config.bindAddress());
        conf.set(ConfigOptions.key("metrics.reporter.bench.factory.class").stringType().noDefaultValue(),
                BenchMetrics.Factory.class.getName());
        if (OBJECT_REUSE) {
            conf.set(PipelineOptions.OBJECT_REUSE, true);
        }
        experimentalFlinkOptions().forEach((k, v) -> conf.set(ConfigOptions.key(k).stringType().noDefaultValue(), v));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        PipelineSettings settings = PipelineSettings.from(config);
        Completion completion;
        switch (kind) {
            case BARE -> {
                buildBareJob(env, bootstrap, topic, parallelism);
                completion = discardCompletion(BARE_RECORDS, () -> CountingDiscardSink.count(BARE_RECORDS));
            }
            case DISCARD -> {
                RatingPipelineJob.build(env, PipelineSources.kafka(bootstrap, settings), RatingPipelineJob.kafkaSinks(
                        new CountingDiscardSink<>(ClickHouseRow::table), bootstrap, settings), settings);
                BenchMetrics.Probe read = BenchMetrics.Probe.operator("split-dead-letters", "numRecordsIn");
                completion = discardCompletion(ClickHouseRows.RATINGS, read::sum);
            }
            case FULL -> {
                RatingPipelineJob.build(env, config, bootstrap);
                completion = clickHouseCompletion(store);
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        System.out.println();
        System.out.println(key + ": " + switch (kind) {
            case BARE -> "bare Flink job, Kafka source → discarding sink, waiting for N records";
            case DISCARD -> "the rating job → discarding sink, waiting for N raw rating rows";
            default -> "the rating job → ClickHouse, waiting for ratings FINAL = N and the minute scores of both "
                    + "scopes = N";
        } + " …");

        BenchMetrics.Probe deadLetters = BenchMetrics.Probe.operator("dead-letter-rows", "numRecordsOut");
        ThreadCpu cpuBefore = ThreadCpu.snapshot();
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync(kind == BenchOptions.Run.BARE ? "hcp-bench-bare" : RatingPipelineJob.JOB_NAME);
        long accepted = System.nanoTime();
        long firstRecord = -1;
        long done = -1;
        TaskTimes tasksAtFirst = null;
        long nextStatus = 0;
        long nextProgress = submitted + TimeUnit.SECONDS.toNanos(5);
        long deadline = submitted + options.timeout().toNanos();
        String lastState = "";
        long lastChange = submitted;
        Map<String, Object> details = new LinkedHashMap<>();
        ThreadCpu.Phase cpu;
        List<TaskTimes.Share> shares;
        try {
            while (done < 0) {
                long now = System.nanoTime();
                long readSoFar = completion.read();
                if (firstRecord < 0 && readSoFar > 0) {
                    firstRecord = now;
                    tasksAtFirst = TaskTimes.snapshot();
                }
                if (deadLetters.sum() > 0) {
                    throw new BenchFailure(key + ": dead letters although every bench rating is valid and unique"
                            + (kind == BenchOptions.Run.FULL ? deadLetterReasons(store) : ""));
                }
                if (completion.done(now)) {
                    done = now; // the state was reached at the latest when this check began
                    break;
                }
                if (now >= nextStatus) {
                    nextStatus = now + TimeUnit.SECONDS.toNanos(1);
                    JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
                    if (status.isGloballyTerminalState()) {
                        throw new BenchFailure(key + ": the job ended (" + status + ") before all records were "
                                + "through; " + completion.state() + "; see " + config.dataPath().resolve("bench.log"));
                    }
                    String state = readSoFar + "/" + completion.written() + "/" + completion.state();
                    if (!state.equals(lastState)) {
                        lastState = state;
                        lastChange = now;
                    } else if (now - lastChange > STALL.toNanos()) {
                        throw new BenchFailure(key + ": no progress for " + STALL.toSeconds() + " s: read "
                                + readSoFar + ", written " + completion.written() + ", " + completion.state());
                    }
                    if (now > deadline) {
                        throw new BenchFailure(key + ": not done within " + options.timeout() + ": read " + readSoFar
                                + ", written " + completion.written() + ", " + completion.state());
                    }
                }
                if (now >= nextProgress) {
                    nextProgress = now + TimeUnit.SECONDS.toNanos(5);
                    System.out.printf(Locale.ROOT, "  %5.1f s: read %,d, written %,d, %s%n", (now - submitted) / 1e9,
                            readSoFar, completion.written(), completion.state());
                }
                Thread.sleep(firstRecord < 0 ? 2 : 10);
            }
            cpu = ThreadCpu.snapshot().since(cpuBefore);
            shares = tasksAtFirst == null ? List.of() : TaskTimes.snapshot().since(tasksAtFirst);
            details.put("executeAsync returned after", String.format(Locale.ROOT, "%.2f s", (accepted - submitted) / 1e9));
            details.put("first record read after", String.format(Locale.ROOT, "%.2f s", (firstRecord - submitted) / 1e9));
            details.put("done after", String.format(Locale.ROOT, "%.2f s", (done - submitted) / 1e9));
            // CPU per record: comparable between runs even when other processes compete for the cores
            details.put("process CPU", String.format(Locale.ROOT, "%.1f s in %.1f s wall (%.2f cores), %.2f ms per "
                    + "1,000 records; GC %.2f s; other processes %.2f cores", cpu.processCpuSeconds(), cpu.wallSeconds(),
                    cpu.coresUsed(), 1e6 * cpu.processCpuSeconds() / n, cpu.gcSeconds(),
                    cpu.otherProcessesCpuSeconds() / cpu.wallSeconds()));
            if (kind != BenchOptions.Run.BARE) {
                jobDetails(kind, store, details);
            }
            details.put("final state", completion.state());
            details.put("completed checkpoints", BenchMetrics.jobGauge("numberOfCompletedCheckpoints"));
            // the heap state grows with N (rating ids, cases): each checkpoint writes all of it
            details.put("last checkpoint", String.format(Locale.ROOT, "%.1f MB in %,d ms",
                    BenchMetrics.jobGauge("lastCheckpointFullSize") / 1e6, BenchMetrics.jobGauge("lastCheckpointDuration")));
            details.put("restarts", BenchMetrics.jobGauge("numRestarts"));
            details.put("live heap at done", liveHeap());
            Files.writeString(config.dataPath().resolve("flink-metrics-" + key + ".txt"), BenchMetrics.dump());
        } finally {
            stop(job);
        }
        switch (kind) {
            case FULL -> verify(store, details);
            default -> {
                // after the job stopped: nothing more arrives, so an overshoot (a replay) shows now
                String label = kind == BenchOptions.Run.BARE ? BARE_RECORDS : ClickHouseRows.RATINGS;
                long counted = CountingDiscardSink.count(label);
                if (counted != n || CountingDiscardSink.count(ClickHouseRows.DEAD_LETTERS) != 0) {
                    throw new BenchFailure(key + ": the discarding sink counted " + CountingDiscardSink.counts()
                            + ", expected exactly " + n + " " + label + " and no dead letters");
                }
                details.put("verified", "exactly N " + label + " reached the discarding sink");
            }
        }
        PipelineRun run = new PipelineRun(kind, parallelism, n, Math.max(1, done - submitted) / 1e9,
                Math.max(1, done - firstRecord) / 1e9, details, shares, cpu);
        System.out.printf(Locale.ROOT, "%s: %,d records/s from the first record (%.2f s), %,d/s from submission%n", key,
                Math.round(run.rate()), run.secondsFromFirstRecord(), Math.round(run.rateFromSubmission()));
        return run;
    }

    /**
     * The heap still in use after a full collection, with the job still running: mostly the job's state, which
     * grows with N (rating ids, cases). Taken after the clocks stopped.
     */
    private static String liveHeap() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%,d MB of %,d MB max (after a full GC)", heap.getUsed() >> 20,
                heap.getMax() >> 20);
    }

    /**
     * Baseline 2: the topic's records as bytes into a discarding sink, with the runtime's checkpointing; its own
     * consumer group, from the beginning of the topic.
     */
    private static void buildBareJob(StreamExecutionEnvironment env, String bootstrap, String topic, int parallelism) {
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId("hcp-bench-bare-p" + parallelism)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bare-kafka-source").uid("bare-kafka-source")
                .sinkTo(new CountingDiscardSink<byte[]>(value -> BARE_RECORDS)).name("discard").uid("discard");
    }

    /** Done when exactly N records arrived under {@code label} at the discarding sink. */
    private Completion discardCompletion(String label, LongSupplier read) {
        long n = options.ratings();
        return new Completion() {
            @Override
            public long read() {
                return read.getAsLong();
            }

            @Override
            public long written() {
                return CountingDiscardSink.counts().values().stream().mapToLong(Long::longValue).sum();
            }

            @Override
            public boolean done(long now) {
                long counted = CountingDiscardSink.count(label);
                if (counted > n) {
                    throw new BenchFailure("the discarding sink counted " + counted + " " + label + ", N = " + n
                            + " (a replay after a restart?)");
                }
                return counted == n;
            }

            @Override
            public String state() {
                return String.format(Locale.ROOT, "%s counted %,d", label, CountingDiscardSink.count(label));
            }
        };
    }

    /** Done when ClickHouse holds exactly N ratings and both minute-score scopes add up to N. */
    private Completion clickHouseCompletion(ClickHouseStore store) {
        long n = options.ratings();
        BenchMetrics.Probe read = BenchMetrics.Probe.operator("split-dead-letters", "numRecordsIn");
        BenchMetrics.Probe written = new BenchMetrics.Probe(e -> e.name().equals("numRecordsSend"));
        Counts counts = new Counts();
        return new Completion() {
            private long nextQuery;

            @Override
            public long read() {
                return read.sum();
            }

            @Override
            public long written() {
                return written.sum();
            }

            @Override
            public boolean done(long now) {
                // ClickHouse is asked only once the sink has written at least N rows (it cannot be done before)
                if (written.sum() < n || now < nextQuery) {
                    return false;
                }
                nextQuery = now + POLL.toNanos();
                counts.poll(store, n);
                return counts.done(n);
            }

            @Override
            public String state() {
                return counts.toString();
            }
        };
    }

    private static String deadLetterReasons(ClickHouseStore store) {
        try {
            Thread.sleep(2_000); // let the sink write them, to say why
            return ": " + store.query("SELECT reason, count() AS n FROM dead_letters FINAL GROUP BY reason "
                    + "ORDER BY n DESC LIMIT 5");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Deletes the consumer group's committed offsets (nothing to do when it has none). */
    private static void forgetCommittedOffsets(EmbeddedKafkaBroker kafka, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new BenchFailure("cannot delete the committed offsets of consumer group " + group + ": "
                            + e.getCause());
                }
            }
            if (!admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .isEmpty()) {
                throw new BenchFailure("consumer group " + group + " still has committed offsets");
            }
        }
    }

    /** What ClickHouse holds, polled while the job runs: cheap counts first, FINAL only near the end. */
    private static final class Counts {
        long rawRatings;
        long counterSum = -1;
        long clerkSum = -1;
        long finalRatings = -1;

        void poll(ClickHouseStore store, long n) {
            rawRatings = store.queryLong("SELECT count() FROM ratings");
            if (rawRatings < n) {
                return;
            }
            counterSum = store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL");
            clerkSum = store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL");
            if (counterSum > n || clerkSum > n) {
                throw new BenchFailure("ratings counted more than once: counter scores add up to " + counterSum
                        + ", clerk scores to " + clerkSum + ", N = " + n);
            }
            if (counterSum == n && clerkSum == n) {
                finalRatings = store.queryLong("SELECT count() FROM ratings FINAL");
                if (finalRatings > n) {
                    throw new BenchFailure("ratings FINAL holds " + finalRatings + " rows, N = " + n);
                }
            }
        }

        boolean done(long n) {
            return finalRatings == n && counterSum == n && clerkSum == n;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ratings rows %,d, counter-score sum %s, clerk-score sum %s",
                    rawRatings, counterSum < 0 ? "(not yet)" : String.format(Locale.ROOT, "%,d", counterSum),
                    clerkSum < 0 ? "(not yet)" : String.format(Locale.ROOT, "%,d", clerkSum));
        }
    }

    /** What the rating job wrote and how often its windows fired (full and discard runs). */
    private static void jobDetails(BenchOptions.Run kind, ClickHouseStore store, Map<String, Object> details) {
        long ratingRows = BenchMetrics.operatorSum("rating-rows", "numRecordsOut");
        long scoreRows = BenchMetrics.operatorSum("minute-score-rows", "numRecordsOut");
        long deadRows = BenchMetrics.operatorSum("dead-letter-rows", "numRecordsOut");
        // the window operators' own numRecordsOut stays 0 (their output leaves the chain): the task's counts them
        long clerkFirings = BenchMetrics.Probe.task("clerk-minute-scores", "numRecordsOut").sum();
        long counterFirings = BenchMetrics.Probe.task("counter-minute-scores", "numRecordsOut").sum();
        if (kind == BenchOptions.Run.FULL) {
            long deadLetters = store.queryLong("SELECT count() FROM dead_letters");
            if (deadLetters > 0) {
                throw new BenchFailure(deadLetters + " dead letters although every bench rating is valid and unique");
            }
            long sinkRows = BenchMetrics.find(e -> e.name().equals("numRecordsSend")).stream()
                    .mapToLong(BenchMetrics.Entry::longValue).sum();
            details.put("rows to ClickHouse", String.format(Locale.ROOT,
                    "%,d (ratings %,d, minute scores %,d, dead letters %,d)", sinkRows, ratingRows, scoreRows,
                    deadRows));
            long counterWindows = store.queryLong("SELECT count() FROM counter_minute_scores FINAL");
            long clerkWindows = store.queryLong("SELECT count() FROM clerk_minute_scores FINAL");
            details.put("window firings", String.format(Locale.ROOT,
                    "clerk %,d for %,d windows (%.1f per window), counter %,d for %,d windows (%.1f per window)",
                    clerkFirings, clerkWindows, clerkFirings / (double) Math.max(1, clerkWindows),
                    counterFirings, counterWindows, counterFirings / (double) Math.max(1, counterWindows)));
        } else {
            details.put("rows to the discarding sink", CountingDiscardSink.counts());
            details.put("window firings", String.format(Locale.ROOT, "clerk %,d, counter %,d", clerkFirings,
                    counterFirings));
        }
        details.put("duplicates dropped", BenchMetrics.operatorSum("dedup-ratings", "duplicateRatings"));
    }

    /** Per-level totals of both score tables must equal what was produced (beyond the counts: nothing mixed up). */
    private void verify(ClickHouseStore store, Map<String, Object> details) {
        for (String table : List.of("counter_minute_scores", "clerk_minute_scores")) {
            Map<String, Object> row = store.query("SELECT sum(level_1) AS l1, sum(level_2) AS l2, sum(level_3) AS l3, "
                    + "sum(level_4) AS l4, sum(level_5) AS l5, sum(bad_count) AS bad FROM " + table + " FINAL").get(0);
            long[] got = new long[6];
            for (int level = 1; level <= 5; level++) {
                got[level] = ((Number) row.get("l" + level)).longValue();
            }
            long bad = ((Number) row.get("bad")).longValue();
            for (int level = 1; level <= 5; level++) {
                if (got[level] != levels[level]) {
                    throw new BenchFailure(table + ": level " + level + " adds up to " + got[level] + ", produced "
                            + levels[level]);
                }
            }
            if (bad != levels[1] + levels[2]) {
                throw new BenchFailure(table + ": bad_count adds up to " + bad + ", produced " + (levels[1] + levels[2]));
            }
        }
        details.put("verified", "ratings FINAL = N; per-level and 差评 totals of both score tables = produced");
    }

    private static void stop(JobClient job) {
        quietly("the job", () -> Shutdown.cancelAndAwait(job));
    }
}
