package org.haochaping.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.clickhouse.ChdbStore;
import org.haochaping.clickhouse.ClickHouseException;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.StoreProvider;
import org.haochaping.jobs.ratings.PipelineITCaseSupport;
import org.haochaping.jobs.ratings.TestRatings;
import org.haochaping.jobs.sink.ClickHouseSink;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.junit.jupiter.api.Test;

/**
 * Fault test (issue 7): the ClickHouse backend refuses every insert for a while (60 s, or
 * {@code -Dhcp.test.outageSeconds}) in the middle of a steady stream of 20,000 ratings, then recovers. The sink
 * backs off and retries (with {@code sinkMaxRetries} set so its backoff outlasts the outage), the job stays
 * RUNNING without a single restart, and the totals end exact.
 *
 * <p>The sink's backoff is 100 ms doubling up to 5 s per retry, so {@code maxRetries} retries wait about
 * {@code 6.3 s + 5 s × (maxRetries − 6)}: the default of 10 lasts about 26 s, 18 about 66 s, 30 about 126 s.
 */
class ClickHouseOutageITCase extends PipelineITCaseSupport {

    private static final int RATINGS = 20_000;
    /** sent in chunks of this many every {@link #CHUNK_EVERY}: 400 ratings/s, so about 50 s of stream */
    private static final int CHUNK = 50;
    private static final Duration CHUNK_EVERY = Duration.ofMillis(125);
    /** the outage begins once this many ratings are stored: mid-stream, with the job warmed up */
    private static final int OUTAGE_AFTER = 2_000;
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("hcp.test.outageSeconds", 60));
    /** about 126 s of backoff: outlasts the outage with room (the default 10 gives up after about 26 s) */
    private static final int MAX_RETRIES = 30;

    @Test
    void sinkRetriesThroughAClickHouseOutageAndTheJobStaysUpWithExactTotals(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        OutageStoreProvider.reset();
        ClickHouseSink sink = ClickHouseSink.builder().stores(new OutageStoreProvider()).batchSize(500)
                .flushInterval(Duration.ofMillis(100)).maxRetries(MAX_RETRIES).build();
        startJob(new InstrumentedSink(sink));
        JobWatch watch = new JobWatch();
        watch.start();

        String topic = settings.topics().ratings();
        Instant start = Instant.parse("2026-11-20T08:00:00Z");
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < RATINGS; i++) {
            ratings.add(TestRatings.rating("o" + i, start.plusMillis(250L * i), 1 + (i * 7) % 5,
                    "counter-" + (i % 20), "clerk-" + (i % 30)));
        }
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            long next = System.nanoTime();
            for (int from = 0; from < RATINGS; from += CHUNK) {
                for (int i = from; i < Math.min(RATINGS, from + CHUNK); i++) {
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, RatingJson.write(ratings.get(i))));
                }
                producer.flush();
                sent.set(Math.min(RATINGS, from + CHUNK));
                next += CHUNK_EVERY.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "outage-test-sender");
        long t0 = System.nanoTime();
        sender.start();
        try {
            await(OUTAGE_AFTER + " ratings stored before the outage", Duration.ofSeconds(60),
                    () -> count("SELECT count() FROM ratings FINAL") >= OUTAGE_AFTER);
            long outageStart = OutageStoreProvider.beginOutage(OUTAGE);
            long sentAtOutage = sent.get();
            Thread.sleep(2_000); // an insert already under way when the outage began may still land
            long storedEarlyInOutage = count("SELECT count() FROM ratings FINAL");
            Thread.sleep(OUTAGE.toMillis() - 3_000);
            long storedLateInOutage = count("SELECT count() FROM ratings FINAL");
            long sentLateInOutage = sent.get();
            Thread.sleep(1_000);
            assertThat(watch.nonRunning()).as("job status during the outage").isEmpty();

            sender.join(Duration.ofSeconds(60).toMillis());
            assertThat(sender.isAlive()).as("sender finished").isFalse();
            awaitTotals(RATINGS);
            long expectedPoints = ratings.stream().mapToLong(r -> TestRatings.SETTINGS.pointsOf(r.level())).sum();
            assertThat(count("SELECT sum(score_sum) FROM counter_minute_scores FINAL")).isEqualTo(expectedPoints);
            assertThat(count("SELECT sum(score_sum) FROM clerk_minute_scores FINAL")).isEqualTo(expectedPoints);
            assertThat(count("SELECT sum(bad_count) FROM counter_minute_scores FINAL"))
                    .isEqualTo(ratings.stream().filter(Rating::isBad).count());

            // refused during the window, and the sink was still retrying at its end (it never gave up)
            int refused = OutageStoreProvider.REFUSED.get();
            long lastRefusal = OutageStoreProvider.LAST_REFUSAL.get();
            long maxBackoff = Duration.ofSeconds(5).toNanos();
            assertThat(refused).as("inserts refused during the outage").isGreaterThan(0);
            assertThat(lastRefusal - outageStart).as("last refusal near the outage's end (ns)")
                    .isGreaterThanOrEqualTo(OUTAGE.toNanos() - maxBackoff - Duration.ofSeconds(1).toNanos());
            assertThat(storedLateInOutage).as("nothing written during the outage").isEqualTo(storedEarlyInOutage);
            assertThat(sentLateInOutage - sentAtOutage).as("ratings sent into Kafka during the outage")
                    .isGreaterThan(5_000);
            assertThat(OutageStoreProvider.ACCEPTED_AFTER.get()).as("inserts accepted after recovery").isGreaterThan(0);

            // the job never left RUNNING, never restarted, and its sink writers were opened once each
            watch.stop();
            assertThat(watch.nonRunning()).as("job states other than RUNNING seen").isEmpty();
            assertThat(watch.polls()).as("status polls").isGreaterThan(100);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get();
            assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING)).as("time the job was RESTARTING").isZero();
            assertThat(graph.getStatusTimestamp(JobStatus.FAILING)).as("time the job was FAILING").isZero();
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                assertThat(v.getCurrentExecutionAttempt().getAttemptNumber())
                        .as("attempt of " + v.getTaskNameWithSubtaskIndex()).isZero();
            }
            assertThat(OutageStoreProvider.OPENS.get()).as("sink writers created (parallelism 2, no restart)")
                    .isEqualTo(2);
            System.out.printf("ClickHouseOutageITCase: outage %d s, %d inserts refused, %d accepted after, "
                            + "%d of %d ratings sent when it began (%d stored), %d sent near its end (%d stored); "
                            + "the whole test %.1f s%n",
                    OUTAGE.toSeconds(), refused, OutageStoreProvider.ACCEPTED_AFTER.get(), sentAtOutage, RATINGS,
                    OutageStoreProvider.STORED_AT_OUTAGE.get(), sentLateInOutage, storedLateInOutage,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            watch.stop();
            sender.interrupt();
            OutageStoreProvider.reset();
        }
    }

    @Override
    protected String diagnostics() {
        return "have ratings " + count("SELECT count() FROM ratings FINAL") + ", counter scores "
                + count("SELECT sum(ratings) FROM counter_minute_scores FINAL") + ", clerk scores "
                + count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") + ", refused inserts "
                + OutageStoreProvider.REFUSED.get() + ", " + super.diagnostics();
    }

    /** Exact totals, no dead letters; then they still hold after more checkpoints (nothing creeps upwards). */
    private void awaitTotals(long n) throws InterruptedException {
        await(n + " ratings in the raw and both minute tables", Duration.ofSeconds(90), () ->
                count("SELECT count() FROM ratings FINAL") == n
                        && count("SELECT sum(ratings) FROM counter_minute_scores FINAL") == n
                        && count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") == n);
        int flushes = InstrumentedSink.checkpointFlushes();
        await("more checkpoints", Duration.ofSeconds(30), () -> InstrumentedSink.checkpointFlushes() >= flushes + 4);
        assertThat(count("SELECT count() FROM ratings FINAL")).isEqualTo(n);
        assertThat(count("SELECT count() FROM ratings")).as("raw rows, before FINAL").isGreaterThanOrEqualTo(n);
        assertThat(count("SELECT sum(ratings) FROM counter_minute_scores FINAL")).isEqualTo(n);
        assertThat(count("SELECT sum(ratings) FROM clerk_minute_scores FINAL")).isEqualTo(n);
        assertThat(count("SELECT count() FROM dead_letters FINAL")).isZero();
        assertThat(count("SELECT count() FROM flagged_ratings FINAL")).isZero();
    }

    /** Polls the job's status every 100 ms and keeps every status other than RUNNING it sees. */
    private final class JobWatch {
        private final ConcurrentLinkedQueue<String> nonRunning = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger polls = new AtomicInteger();
        private Thread thread;

        void start() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("job not RUNNING after 30 s: " + job.getJobStatus().get());
                }
                Thread.sleep(50);
            }
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        JobStatus s = job.getJobStatus().get();
                        polls.incrementAndGet();
                        if (s != JobStatus.RUNNING) {
                            nonRunning.add(s + " at " + Instant.now());
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        nonRunning.add("status unavailable: " + e);
                    }
                }
            }, "outage-test-job-watch");
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(5_000);
            }
        }

        List<String> nonRunning() {
            return List.copyOf(nonRunning);
        }

        int polls() {
            return polls.get();
        }
    }

    /**
     * The shared embedded store behind the interface production uses, with an outage switch: while it is on,
     * every insert fails with a {@link ClickHouseException} as a ClickHouse server that is down would. The state
     * is static: the sink tasks run in this JVM (MiniCluster) and get a deserialized copy of the provider.
     */
    static final class OutageStoreProvider implements StoreProvider {
        private static final long serialVersionUID = 1L;
        static final AtomicLong OUTAGE_UNTIL = new AtomicLong(Long.MIN_VALUE);
        static final AtomicBoolean IN_OUTAGE_PERIOD = new AtomicBoolean();
        static final AtomicInteger REFUSED = new AtomicInteger();
        static final AtomicInteger ACCEPTED_AFTER = new AtomicInteger();
        static final AtomicLong LAST_REFUSAL = new AtomicLong();
        static final AtomicLong STORED_AT_OUTAGE = new AtomicLong();
        static final AtomicInteger OPENS = new AtomicInteger();

        static void reset() {
            IN_OUTAGE_PERIOD.set(false);
            OUTAGE_UNTIL.set(Long.MIN_VALUE);
            REFUSED.set(0);
            ACCEPTED_AFTER.set(0);
            LAST_REFUSAL.set(0);
            STORED_AT_OUTAGE.set(0);
            OPENS.set(0);
        }

        /** Starts refusing inserts now, for {@code length}; returns the start (System.nanoTime()). */
        static long beginOutage(Duration length) {
            long now = System.nanoTime();
            STORED_AT_OUTAGE.set(ChdbStore.current().orElseThrow().queryLong("SELECT count() FROM ratings FINAL"));
            OUTAGE_UNTIL.set(now + length.toNanos());
            IN_OUTAGE_PERIOD.set(true);
            return now;
        }

        @Override
        public ClickHouseStore open() {
            OPENS.incrementAndGet();
            ClickHouseStore real = ChdbStore.current().orElseThrow();
            return new ClickHouseStore() {
                @Override
                public void execute(String sql) {
                    real.execute(sql);
                }

                @Override
                public void insertJsonEachRow(String table, List<String> jsonRows) {
                    long now = System.nanoTime();
                    if (IN_OUTAGE_PERIOD.get() && now - OUTAGE_UNTIL.get() < 0) {
                        REFUSED.incrementAndGet();
                        LAST_REFUSAL.set(now);
                        throw new ClickHouseException("Code: 210. DB::NetException: Connection refused "
                                + "(injected outage): INSERT INTO " + table);
                    }
                    real.insertJsonEachRow(table, jsonRows);
                    if (IN_OUTAGE_PERIOD.get()) {
                        ACCEPTED_AFTER.incrementAndGet();
                    }
                }

                @Override
                public List<Map<String, Object>> query(String sql) {
                    return real.query(sql);
                }

                @Override
                public String database() {
                    return real.database();
                }

                @Override
                public void close() {
                    // the shared embedded store belongs to the process
                }
            };
        }

        @Override
        public boolean closeAfterUse() {
            return false;
        }
    }
}
