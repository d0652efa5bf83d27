package org.haochaping.jobs.ratings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.EmbeddedStoreProvider;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.jobs.sink.ClickHouseSink;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.RatingJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the pipeline ITCases share: the whole job on a Flink MiniCluster (parallelism 2) reading a real
 * in-JVM Kafka broker and writing to the real ClickHouse engine (chDB); each test gets its own topics
 * (four partitions each) and empty tables.
 */
public abstract class PipelineITCaseSupport {

    protected static final String HOST = "127.0.0.1";
    protected static final int PARTITIONS = 4;

    @RegisterExtension
    protected static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(RatingPipelineJob.localCluster(new Configuration(), HOST))
            .build());

    protected static EmbeddedKafkaBroker kafka;
    protected static KafkaProducer<byte[], byte[]> producer;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    protected ClickHouseStore store;
    /** this test's topic names start with it, see {@link #settings} */
    private String topicPrefix;
    protected PipelineSettings settings;
    protected JobClient job;

    @BeforeAll
    protected static void startKafka() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("hcp.test.tmp", "target")), "kafka");
        kafka = EmbeddedKafkaBroker.start(dir);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    protected static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @BeforeEach
    protected void setUpPipeline() {
        store = EmbeddedTestStore.get();
        EmbeddedTestStore.truncateAll();
        topicPrefix = "t" + TOPICS.incrementAndGet() + "-";
        settings = settings(Map.of());
        PipelineSettings.Topics t = settings.topics();
        for (String name : List.of(t.ratings(), t.transactions(), t.smsInbound(), t.smsOutbox(), t.workOrderCommands(),
                t.workOrderOutcomes(), t.alerts())) {
            kafka.createTopic(name, PARTITIONS);
        }
        InstrumentedSink.reset();
    }

    @AfterEach
    protected void cancelJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
    }

    /** The defaults with this test's topics and the given overrides (e.g. rules). */
    protected PipelineSettings settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("kafka.ratingsTopic", topicPrefix + "ratings");
        all.put("kafka.transactionsTopic", topicPrefix + "transactions");
        all.put("kafka.smsInboundTopic", topicPrefix + "sms-inbound");
        all.put("kafka.smsOutboxTopic", topicPrefix + "sms-outbox");
        all.put("kafka.workOrderCommandsTopic", topicPrefix + "workorder-commands");
        all.put("kafka.workOrderOutcomesTopic", topicPrefix + "workorder-outcomes");
        all.put("kafka.alertsTopic", topicPrefix + "alerts");
        return TestCases.settings(all);
    }

    /** The job as the runtime builds it, with {@code sink} for ClickHouse and this test's Kafka topics. */
    protected void startJob(Sink<ClickHouseRow> sink) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        // every record and state type has explicit type information: a Kryo fallback fails the job here
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        RatingPipelineJob.build(env, PipelineSources.kafka(kafka.bootstrapServers(), settings),
                RatingPipelineJob.kafkaSinks(sink, kafka.bootstrapServers(), settings), settings);
        job = env.executeAsync("rating-pipeline-test");
    }

    protected static ClickHouseSink sink() {
        return ClickHouseSink.builder().stores(new EmbeddedStoreProvider()).batchSize(500)
                .flushInterval(Duration.ofMillis(100)).maxRetries(3).build();
    }

    /** One record (a model record as JSON, or a string as is) to one partition, acknowledged before returning. */
    protected static void send(String topicName, int partition, Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : RatingJson.write(value);
        producer.send(new ProducerRecord<>(topicName, partition, null, bytes));
        producer.flush();
    }

    protected long count(String sql) {
        return store.queryLong(sql);
    }

    /** What a timeout message adds about the tables; subclasses say what matters to them. */
    protected String diagnostics() {
        return "dead letters " + store.query("SELECT dead_letter_id, reason FROM dead_letters FINAL");
    }

    protected void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + diagnostics());
            }
            Thread.sleep(200);
        }
    }

    protected void awaitCount(String sql, long expected) throws InterruptedException {
        await(sql + " = " + expected + " (is " + count(sql) + ")", Duration.ofSeconds(60), () -> count(sql) == expected);
    }

    /** Every record of a topic, once at least {@code atLeast} are there (then 2 s more for extras). */
    protected static List<ConsumerRecord<byte[], byte[]>> readTopic(String topicName, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                partitions.add(new TopicPartition(topicName, i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
            return records;
        }
    }

    /**
     * Wraps the real sink: counts the flushes Flink requests at checkpoint barriers (so tests can wait for
     * checkpoints), records the rows a test watches, and once armed fails a write as a crash would — the next
     * one, or the one right after a given row was written and flushed.
     */
    public static final class InstrumentedSink implements Sink<ClickHouseRow> {
        private static final AtomicInteger CHECKPOINT_FLUSHES = new AtomicInteger();
        private static final AtomicBoolean ARMED = new AtomicBoolean();
        private static final AtomicReference<Predicate<ClickHouseRow>> FAIL_AFTER = new AtomicReference<>();
        private static final AtomicReference<Predicate<ClickHouseRow>> WATCHED = new AtomicReference<>();
        private static final ConcurrentLinkedQueue<ClickHouseRow> SEEN = new ConcurrentLinkedQueue<>();
        private static final AtomicInteger FAILURES = new AtomicInteger();
        private final Sink<ClickHouseRow> delegate;

        public InstrumentedSink(Sink<ClickHouseRow> delegate) {
            this.delegate = delegate;
        }

        static void reset() {
            CHECKPOINT_FLUSHES.set(0);
            FAILURES.set(0);
            ARMED.set(false);
            FAIL_AFTER.set(null);
            WATCHED.set(null);
            SEEN.clear();
        }

        public static int checkpointFlushes() {
            return CHECKPOINT_FLUSHES.get();
        }

        public static void failNextWrite() {
            ARMED.set(true);
        }

        /** The first row matching {@code row} is written and flushed to ClickHouse, then the job fails. */
        public static void failOnceAfterWriting(Predicate<ClickHouseRow> row) {
            FAIL_AFTER.set(row);
        }

        /** From now on, rows matching {@code rows} are recorded as they are written ({@link #seen()}). */
        public static void watch(Predicate<ClickHouseRow> rows) {
            WATCHED.set(rows);
        }

        public static List<ClickHouseRow> seen() {
            return List.copyOf(SEEN);
        }

        public static int failures() {
            return FAILURES.get();
        }

        @Override
        public SinkWriter<ClickHouseRow> createWriter(WriterInitContext context) throws java.io.IOException {
            SinkWriter<ClickHouseRow> writer = delegate.createWriter(context);
            return new SinkWriter<>() {
                @Override
                public void write(ClickHouseRow row, Context ctx) throws java.io.IOException, InterruptedException {
                    if (ARMED.compareAndSet(true, false)) {
                        FAILURES.incrementAndGet();
                        throw new java.io.IOException("injected failure mid-stream");
                    }
                    writer.write(row, ctx);
                    Predicate<ClickHouseRow> watched = WATCHED.get();
                    if (watched != null && watched.test(row)) {
                        SEEN.add(row);
                    }
                    Predicate<ClickHouseRow> failAfter = FAIL_AFTER.get();
                    if (failAfter != null && failAfter.test(row) && FAIL_AFTER.compareAndSet(failAfter, null)) {
                        writer.flush(false);
                        FAILURES.incrementAndGet();
                        throw new java.io.IOException("injected failure right after " + row.table() + " " + row.json());
                    }
                }

                @Override
                public void flush(boolean endOfInput) throws java.io.IOException, InterruptedException {
                    writer.flush(endOfInput);
                    CHECKPOINT_FLUSHES.incrementAndGet();
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }
    }
}
