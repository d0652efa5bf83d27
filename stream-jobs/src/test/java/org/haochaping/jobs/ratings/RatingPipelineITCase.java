package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.EmbeddedStoreProvider;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.jobs.sink.ClickHouseSink;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.kafka.ListeningSockets;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole rating pipeline on a Flink MiniCluster (parallelism 2) reading a real in-JVM Kafka broker
 * and writing to the real ClickHouse engine (chDB). Every assertion is an exact count.
 */
class RatingPipelineITCase {

    private static final String HOST = "127.0.0.1";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(loopbackOnly())
            .build());

    private static EmbeddedKafkaBroker kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private ClickHouseStore store;
    private String topic;
    private JobClient job;

    @BeforeAll
    static void startKafka() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("hcp.test.tmp", "target")), "kafka");
        kafka = EmbeddedKafkaBroker.start(dir);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @BeforeEach
    void setUp() {
        store = EmbeddedTestStore.get();
        EmbeddedTestStore.truncateAll();
        topic = "ratings-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 4);
        InstrumentedSink.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
    }

    private static Configuration loopbackOnly() {
        return RatingPipelineJob.bindLocalClusterTo(new Configuration(), HOST);
    }

    private void startJob(Sink<ClickHouseRow> sink) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        RatingPipelineJob.build(env, RatingPipelineJob.kafkaSource(kafka.bootstrapServers(), topic, TestRatings.SETTINGS), sink,
                TestRatings.SETTINGS);
        job = env.executeAsync("rating-pipeline-test");
    }

    private static ClickHouseSink sink() {
        return ClickHouseSink.builder().stores(new EmbeddedStoreProvider()).batchSize(500)
                .flushInterval(Duration.ofMillis(100)).maxRetries(3).build();
    }

    private void send(int partition, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
    }

    private void send(List<Rating> ratings) {
        for (int i = 0; i < ratings.size(); i++) {
            send(i % 4, RatingJson.write(ratings.get(i)));
        }
        producer.flush();
    }

    /** n ratings over 20 counters and 30 clerks, in event-time order from {@code start}, one every 250 ms. */
    private static List<Rating> ratings(String prefix, int n, Instant start) {
        List<Rating> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int level = 1 + (i * 7) % 5;
            out.add(TestRatings.rating(prefix + i, start.plusMillis(250L * i), level, "counter-" + (i % 20),
                    "clerk-" + (i % 30)));
        }
        return out;
    }

    private long count(String sql) {
        return store.queryLong(sql);
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; have ratings "
                        + count("SELECT count() FROM ratings FINAL") + ", counter scores "
                        + count("SELECT sum(ratings) FROM counter_minute_scores FINAL") + ", clerk scores "
                        + count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") + ", dead letters "
                        + store.query("SELECT dead_letter_id, reason FROM dead_letters FINAL"));
            }
            Thread.sleep(200);
        }
    }

    private void awaitTotals(long ratings, long deadLetters) throws InterruptedException {
        awaitTotals(ratings, ratings, deadLetters);
    }

    /** Waits for exact totals: raw ratings, ratings in both minute tables, dead letters; then checks they hold. */
    private void awaitTotals(long raw, long aggregated, long deadLetters) throws InterruptedException {
        await(raw + " ratings, " + aggregated + " aggregated and " + deadLetters + " dead letters",
                Duration.ofSeconds(90), () ->
                count("SELECT count() FROM ratings FINAL") == raw
                        && count("SELECT sum(ratings) FROM counter_minute_scores FINAL") == aggregated
                        && count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") == aggregated
                        && count("SELECT count() FROM dead_letters FINAL") == deadLetters);
        // let more checkpoints and early firings pass: totals must stay exact, not creep upwards
        int flushes = InstrumentedSink.checkpointFlushes();
        await("two more checkpoints", Duration.ofSeconds(30), () -> InstrumentedSink.checkpointFlushes() >= flushes + 4);
        assertThat(count("SELECT count() FROM ratings FINAL")).isEqualTo(raw);
        assertThat(count("SELECT sum(ratings) FROM counter_minute_scores FINAL")).isEqualTo(aggregated);
        assertThat(count("SELECT sum(ratings) FROM clerk_minute_scores FINAL")).isEqualTo(aggregated);
        assertThat(count("SELECT count() FROM dead_letters FINAL")).isEqualTo(deadLetters);
    }

    @Test
    void countsEveryRatingExactlyOnceAndKeepsEveryRejectWithItsReason() throws Exception {
        startJob(new InstrumentedSink(sink()));
        Instant start = Instant.parse("2026-11-20T01:00:00Z");
        List<Rating> ratings = ratings("r", 1000, start);
        send(ratings);
        send(ratings.subList(0, 50));                                  // device retries: same id, same content
        send(1, "{not json".getBytes(StandardCharsets.UTF_8));          // garbage
        Rating r0 = ratings.get(0);
        // same partition as r0, so it surely comes second: the first content of an id wins
        send(0, RatingJson.write(TestRatings.rating("r0", r0.ratedAt(), r0.level() == 5 ? 4 : 5, "counter-0", "clerk-0")));
        send(3, RatingJson.writeString(TestRatings.at("x", 1, 5)).replace("\"level\":5", "\"level\":9")
                .getBytes(StandardCharsets.UTF_8));                     // out-of-range level
        producer.flush();

        awaitTotals(1000, 3);
        long expectedPoints = ratings.stream().mapToLong(r -> TestRatings.SETTINGS.pointsOf(r.level())).sum();
        assertThat(count("SELECT sum(score_sum) FROM counter_minute_scores FINAL")).isEqualTo(expectedPoints);
        assertThat(count("SELECT sum(bad_count) FROM clerk_minute_scores FINAL"))
                .isEqualTo(ratings.stream().filter(Rating::isBad).count());
        assertThat(count("SELECT sum(level_3) FROM counter_minute_scores FINAL"))
                .isEqualTo(ratings.stream().filter(r -> r.level() == 3).count());
        assertThat(count("SELECT count() FROM counter_minute_scores FINAL WHERE counter_id = 'counter-7'"))
                .as("counter-7 rates every 20th rating (5 s apart): one per minute window over 250 s")
                .isEqualTo(5);
        List<Map<String, Object>> reasons = store.query("SELECT reason FROM dead_letters FINAL ORDER BY reason");
        assertThat(reasons).extracting(m -> (String) m.get("reason")).satisfiesExactly(
                r -> assertThat(r).startsWith("invalid rating: body: malformed JSON"),
                r -> assertThat(r).startsWith("invalid rating: level: "),
                r -> assertThat(r).isEqualTo("rating id r0 was already used for a rating with different content"));
        assertThat(ListeningSockets.notBoundTo(HOST)).isEmpty();
    }

    @Test
    void aBacklogAcrossPartitionsLosesNothingFromTheScores() throws Exception {
        // two hours of ratings already waiting in 4 partitions when the job starts: each source subtask reads
        // two partitions in large chunks, one running far ahead of the other in event time
        Instant start = Instant.parse("2026-11-20T06:00:00Z");
        List<Rating> backlog = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            backlog.add(TestRatings.rating("b" + i, start.plusMillis(360L * i), 1 + (i * 3) % 5,
                    "counter-" + (i % 40), "clerk-" + (i % 60)));
        }
        send(backlog);
        startJob(new InstrumentedSink(sink()));
        awaitTotals(20_000, 0);
    }

    @Test
    void recoversFromAFailureMidStreamWithExactTotals() throws Exception {
        startJob(new InstrumentedSink(sink()));
        Instant start = Instant.parse("2026-11-20T03:00:00Z");
        List<Rating> ratings = ratings("f", 2000, start);
        send(ratings.subList(0, 1000));
        awaitTotals(1000, 0);

        InstrumentedSink.failNextWrite();
        send(ratings.subList(1000, 2000));
        awaitTotals(2000, 0);
        assertThat(InstrumentedSink.failures()).as("the job really failed once and recovered").isEqualTo(1);
    }

    @Test
    void lateRatingReFiresItsWindowAndTooLateOneIsADeadLetter() throws Exception {
        startJob(new InstrumentedSink(sink()));
        Instant window = Instant.parse("2026-11-20T05:10:00Z");
        List<Rating> onTime = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            onTime.add(TestRatings.rating("w" + i, window.plusSeconds(5 * i), 5, "counter-late", "clerk-late"));
        }
        send(onTime);
        // move every partition's event time 3 minutes on: the watermark passes the window's end
        List<Rating> later = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            later.add(TestRatings.rating("later" + p, window.plus(Duration.ofMinutes(3)), 4, "counter-other", "clerk-other"));
        }
        send(later);
        await("the on-time result", Duration.ofSeconds(60), () -> count(
                "SELECT sum(ratings) FROM counter_minute_scores FINAL WHERE counter_id = 'counter-late'") == 10);
        Thread.sleep(1500); // the window has fired on time; a late rating now must re-fire it

        send(List.of(TestRatings.rating("late", window.plusSeconds(59), 1, "counter-late", "clerk-late")));
        // beyond the 10-minute allowed lateness once the watermark is 3 minutes past this window's end
        send(List.of(TestRatings.rating("too-late", window.minus(Duration.ofMinutes(9)), 5, "counter-late", "clerk-late")));
        awaitTotals(16, 15, 1);
        assertThat(store.query("SELECT ratings, level_1, level_5, bad_count FROM counter_minute_scores FINAL "
                + "WHERE counter_id = 'counter-late' AND window_start = toDateTime('2026-11-20 05:10:00', 'UTC')"))
                .singleElement().satisfies(row -> {
                    assertThat(((Number) row.get("ratings")).longValue()).isEqualTo(11);
                    assertThat(((Number) row.get("level_1")).longValue()).isEqualTo(1);
                    assertThat(((Number) row.get("level_5")).longValue()).isEqualTo(10);
                    assertThat(((Number) row.get("bad_count")).longValue()).isEqualTo(1);
                });
        assertThat(count("SELECT count() FROM ratings FINAL WHERE rating_id = 'too-late'"))
                .as("kept raw even though not counted").isEqualTo(1);
        assertThat(count("SELECT count() FROM dead_letters FINAL WHERE dead_letter_id = 'late:late-rating-guard:too-late'"))
                .isEqualTo(1);
    }

    /**
     * Wraps the real sink: counts the flushes Flink requests at checkpoint barriers (so tests can wait for
     * checkpoints), and once armed fails the next write as a crash would.
     */
    static final class InstrumentedSink implements Sink<ClickHouseRow> {
        private static final AtomicInteger CHECKPOINT_FLUSHES = new AtomicInteger();
        private static final java.util.concurrent.atomic.AtomicBoolean ARMED = new java.util.concurrent.atomic.AtomicBoolean();
        private static final AtomicInteger FAILURES = new AtomicInteger();
        private final Sink<ClickHouseRow> delegate;

        InstrumentedSink(Sink<ClickHouseRow> delegate) {
            this.delegate = delegate;
        }

        static void reset() {
            CHECKPOINT_FLUSHES.set(0);
            FAILURES.set(0);
            ARMED.set(false);
        }

        static int checkpointFlushes() {
            return CHECKPOINT_FLUSHES.get();
        }

        static void failNextWrite() {
            ARMED.set(true);
        }

        static int failures() {
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
