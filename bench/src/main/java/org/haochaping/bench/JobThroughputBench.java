package org.haochaping.bench;

import static org.haochaping.app.Shutdown.quietly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.app.Shutdown;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.jobs.ratings.RatingPipelineJob;
import org.haochaping.jobs.sink.ClickHouseRows;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * Throughput of the real rating pipeline job ({@link RatingPipelineJob#build} with the real Kafka source and
 * the real ClickHouse sink into embedded chDB, on a local Flink cluster), against two baselines measured in
 * the same JVM run on the same N ratings: A = a plain {@link KafkaConsumer} reading the topic (bytes only),
 * B = inserting the raw rating rows into chDB in 10,000-row {@code JSONEachRow} batches.
 *
 * <p>The N ratings are produced to Kafka first (tuned producer; its rate is reported too); the job starts
 * after that and is done when {@code ratings FINAL} holds exactly N rows and the minute scores of both scopes
 * add up to exactly N. Anything else (a dead letter, a double count, a stall, a failed job) fails the bench
 * with exit code 1 and no numbers.
 *
 * <p>Start it with {@code ./hcp bench}: the JVM needs {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (chDB's
 * signal handlers) and the {@code --add-opens} of {@code hcp.jvm.opens}.
 */
public final class JobThroughputBench {

    static final String SCRATCH_DATABASE = "hcp_bench_scratch";
    static final int INSERT_BATCH = 10_000;
    /** Baseline B builds this many rows, then times their inserts back to back. */
    static final int INSERT_CHUNK = 100_000;
    /** The producer is handed this many pre-built records at a time; only send + flush is timed. */
    static final int PRODUCE_CHUNK = 50_000;
    private static final String MARKER = ".hcp-bench-data";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(60);

    /** Experiment, not what the runtime does: {@code -Dhcp.bench.objectReuse=true} turns on Flink's object reuse. */
    static final boolean OBJECT_REUSE = Boolean.getBoolean("hcp.bench.objectReuse");

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
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, home);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return 0;
        }
        prepareDataDir(options.data());
        // before the first logger exists: the log goes to the scratch folder
        System.setProperty("hcp.log.file", options.data().resolve("bench.log").toString());
        HcpConfig config = loadConfig(options);
        return new JobThroughputBench(options, config).run();
    }

    static HcpConfig loadConfig(BenchOptions options) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("dataDir", options.data().toAbsolutePath().toString());
        overrides.put("flink.parallelism", String.valueOf(options.parallelism()));
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
        Path data = config.dataPath().toAbsolutePath();
        String topic = config.kafka().ratingsTopic();
        facts();
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
            report.baseline(kafkaRead(bootstrap, topic));
            report.baseline(chdbInsert(store));
            runJob(store, bootstrap, topic, data.resolve("checkpoints"));
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
        report.writeJson(options.out());
        System.out.println("\nJSON: " + options.out().toAbsolutePath());
        return 0;
    }

    private void facts() {
        Runtime rt = Runtime.getRuntime();
        report.fact("ratings (N)", options.ratings())
                .fact("parallelism", options.parallelism())
                .fact("cores", rt.availableProcessors())
                .fact("Xmx (MB)", rt.maxMemory() >> 20)
                .fact("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .fact("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .fact("load average at start", String.format(Locale.ROOT, "%.2f (1 min, includes the bench's own "
                        + "threads)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .fact("population", ratings.halls() + " halls, " + ratings.counters() + " counters, "
                        + ratings.clerks() + " clerks")
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

    // ---------------------------------------------------------------- baseline A

    private Measurement kafkaRead(String bootstrap, String topic) {
        long best = Long.MAX_VALUE;
        List<String> runs = new ArrayList<>();
        System.out.print("baseline A: plain KafkaConsumer reads the topic (2 runs, best counts) … ");
        for (int run = 1; run <= 2; run++) {
            long nanos = readAll(bootstrap, topic, run);
            best = Math.min(best, nanos);
            runs.add(String.format(Locale.ROOT, "%.2f s", nanos / 1e9));
        }
        Measurement m = Measurement.ofNanos("baselineA", "A: Kafka read (plain KafkaConsumer, bytes only)",
                options.ratings(), best);
        System.out.printf(Locale.ROOT, "%s (%,d records/s)%n", String.join(", ", runs), Math.round(m.rate()));
        report.detail("baseline A runs", String.join(", ", runs));
        return m;
    }

    private long readAll(String bootstrap, String topic, int run) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-baseline-a-" + run);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
            while (records < options.ratings()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += r.value().length;
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("baseline A read only " + records + " of " + options.ratings()
                            + " records in 5 minutes");
                }
            }
            long nanos = System.nanoTime() - t0;
            if (records != options.ratings() || bytes == 0) {
                throw new BenchFailure("baseline A read " + records + " records, expected " + options.ratings());
            }
            return nanos;
        }
    }

    // ---------------------------------------------------------------- baseline B

    private Measurement chdbInsert(ClickHouseStore store) {
        String table = SCRATCH_DATABASE + ".ratings";
        System.out.print("baseline B: chDB inserts the raw rating rows in " + BenchReport.count(INSERT_BATCH)
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
            throw new BenchFailure("baseline B stored " + stored + " rows, expected " + options.ratings());
        }
        Measurement m = Measurement.ofNanos("baselineB", "B: chDB insert (raw rows, 10k-row batches)", inserted,
                insertNanos);
        System.out.printf(Locale.ROOT, "%.2f s (%,d rows/s; avg row %d bytes; scratch database dropped)%n",
                m.seconds(), Math.round(m.rate()), bytes / Math.max(1, inserted));
        report.detail("avg raw-row JSON bytes", bytes / Math.max(1, inserted));
        return m;
    }

    // ---------------------------------------------------------------- the job

    private void runJob(ClickHouseStore store, String bootstrap, String topic, Path checkpoints) throws Exception {
        long n = options.ratings();
        // as the embedded runtime does it (EmbeddedRuntime.startPipeline), plus the bench's metric reporter
        Configuration conf = RatingPipelineJob.bindLocalClusterTo(
                RatingPipelineJob.flinkConfiguration(config, checkpoints), config.bindAddress());
        conf.set(ConfigOptions.key("metrics.reporter.bench.factory.class").stringType().noDefaultValue(),
                BenchMetrics.Factory.class.getName());
        if (OBJECT_REUSE) {
            conf.set(PipelineOptions.OBJECT_REUSE, true);
        }
        BenchMetrics.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        RatingPipelineJob.build(env, config, bootstrap);

        System.out.println("job: the real RatingPipelineJob, parallelism " + options.parallelism()
                + ", waiting for ratings FINAL = N and the minute scores of both scopes = N …");
        BenchMetrics.Probe read = BenchMetrics.Probe.operator("split-dead-letters", "numRecordsIn");
        BenchMetrics.Probe written = new BenchMetrics.Probe(e -> e.name().equals("numRecordsSend"));
        BenchMetrics.Probe deadLetters = BenchMetrics.Probe.operator("dead-letter-rows", "numRecordsOut");
        ThreadCpu cpuBefore = ThreadCpu.snapshot();
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync(RatingPipelineJob.JOB_NAME);
        long accepted = System.nanoTime();
        long firstRecord = -1;
        long done = -1;
        TaskTimes tasksAtFirst = null;
        long nextQuery = 0;
        long nextStatus = 0;
        long nextProgress = submitted + TimeUnit.SECONDS.toNanos(5);
        long deadline = submitted + options.timeout().toNanos();
        String lastState = "";
        long lastChange = submitted;
        Counts counts = new Counts();
        try {
            while (done < 0) {
                long now = System.nanoTime();
                long readSoFar = read.sum();
                long writtenSoFar = written.sum();
                if (firstRecord < 0 && readSoFar > 0) {
                    firstRecord = now;
                    tasksAtFirst = TaskTimes.snapshot();
                }
                if (deadLetters.sum() > 0) {
                    Thread.sleep(2_000); // let the sink write them, to say why
                    throw new BenchFailure("dead letters although every bench rating is valid and unique: "
                            + store.query("SELECT reason, count() AS n FROM dead_letters FINAL GROUP BY reason "
                            + "ORDER BY n DESC LIMIT 5"));
                }
                // ClickHouse is asked only once the sink has written at least N rows (it cannot be done before)
                if (writtenSoFar >= n && now >= nextQuery) {
                    nextQuery = now + POLL.toNanos();
                    counts.poll(store, n);
                    if (counts.done(n)) {
                        done = now; // the state was reached at the latest when this check began
                        break;
                    }
                }
                if (now >= nextStatus) {
                    nextStatus = now + TimeUnit.SECONDS.toNanos(1);
                    JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
                    if (status.isGloballyTerminalState()) {
                        throw new BenchFailure("the job ended (" + status + ") before all ratings were counted; "
                                + counts + "; see " + config.dataPath().resolve("bench.log"));
                    }
                    String state = readSoFar + "/" + writtenSoFar + "/" + counts;
                    if (!state.equals(lastState)) {
                        lastState = state;
                        lastChange = now;
                    } else if (now - lastChange > STALL.toNanos()) {
                        counts.poll(store, n);
                        throw new BenchFailure("no progress for " + STALL.toSeconds() + " s: read " + readSoFar
                                + ", rows written " + writtenSoFar + ", " + counts);
                    }
                    if (now > deadline) {
                        counts.poll(store, n);
                        throw new BenchFailure("the job did not finish within " + options.timeout() + ": read "
                                + readSoFar + ", rows written " + writtenSoFar + ", " + counts);
                    }
                }
                if (now >= nextProgress) {
                    nextProgress = now + TimeUnit.SECONDS.toNanos(5);
                    System.out.printf(Locale.ROOT, "  %5.1f s: read %,d, rows written %,d%s%n", (now - submitted) / 1e9,
                            readSoFar, writtenSoFar, writtenSoFar >= n ? ", " + counts : "");
                }
                Thread.sleep(firstRecord < 0 ? 2 : 10);
            }
            ThreadCpu.Phase cpu = ThreadCpu.snapshot().since(cpuBefore);
            List<TaskTimes.Share> shares = tasksAtFirst == null ? List.of() : TaskTimes.snapshot().since(tasksAtFirst);
            jobDetails(store, submitted, accepted, firstRecord, done, counts);
            Files.writeString(config.dataPath().resolve("flink-metrics.txt"), BenchMetrics.dump());
            report.job(Measurement.ofNanos("jobFromSubmission", "job, from submission (incl. local cluster start)", n,
                    done - submitted));
            if (firstRecord > 0) {
                report.job(Measurement.ofNanos("jobFromFirstRecord", "job, from first record read", n,
                        done - firstRecord));
            }
            report.tasks(shares).jobCpu(cpu);
        } finally {
            stop(job);
        }
        verify(store);
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

    private void jobDetails(ClickHouseStore store, long submitted, long accepted, long firstRecord, long done,
                            Counts counts) {
        long deadLetters = store.queryLong("SELECT count() FROM dead_letters");
        if (deadLetters > 0) {
            throw new BenchFailure(deadLetters + " dead letters although every bench rating is valid and unique");
        }
        long ratingRows = BenchMetrics.operatorSum("rating-rows", "numRecordsOut");
        long scoreRows = BenchMetrics.operatorSum("minute-score-rows", "numRecordsOut");
        long deadRows = BenchMetrics.operatorSum("dead-letter-rows", "numRecordsOut");
        long sinkRows = BenchMetrics.find(e -> e.name().equals("numRecordsSend")).stream()
                .mapToLong(BenchMetrics.Entry::longValue).sum();
        // the window operators' own numRecordsOut stays 0 (their output leaves the chain): the task's counts them
        long clerkFirings = BenchMetrics.Probe.task("clerk-minute-scores", "numRecordsOut").sum();
        long counterFirings = BenchMetrics.Probe.task("counter-minute-scores", "numRecordsOut").sum();
        long counterWindows = store.queryLong("SELECT count() FROM counter_minute_scores FINAL");
        long clerkWindows = store.queryLong("SELECT count() FROM clerk_minute_scores FINAL");
        report.detail("executeAsync returned after", String.format(Locale.ROOT, "%.2f s", (accepted - submitted) / 1e9));
        if (firstRecord > 0) {
            report.detail("first record read after", String.format(Locale.ROOT, "%.2f s", (firstRecord - submitted) / 1e9));
        }
        report.detail("done after", String.format(Locale.ROOT, "%.2f s", (done - submitted) / 1e9));
        report.detail("rows to ClickHouse", String.format(Locale.ROOT,
                "%,d (ratings %,d, minute scores %,d, dead letters %,d)", sinkRows, ratingRows, scoreRows, deadRows));
        report.detail("window firings", String.format(Locale.ROOT,
                "clerk %,d for %,d windows (%.1f per window), counter %,d for %,d windows (%.1f per window)",
                clerkFirings, clerkWindows, clerkFirings / (double) Math.max(1, clerkWindows),
                counterFirings, counterWindows, counterFirings / (double) Math.max(1, counterWindows)));
        report.detail("duplicates dropped", BenchMetrics.operatorSum("dedup-ratings", "duplicateRatings"));
        report.detail("completed checkpoints", BenchMetrics.jobGauge("numberOfCompletedCheckpoints"));
        report.detail("restarts", BenchMetrics.jobGauge("numRestarts"));
        report.detail("final counts", counts.toString());
    }

    /** Per-level totals of both score tables must equal what was produced (beyond the counts: nothing mixed up). */
    private void verify(ClickHouseStore store) {
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
        report.detail("verified", "ratings FINAL = N; per-level and 差评 totals of both score tables = produced");
    }

    private static void stop(JobClient job) {
        quietly("the job", () -> Shutdown.cancelAndAwait(job));
    }
}
