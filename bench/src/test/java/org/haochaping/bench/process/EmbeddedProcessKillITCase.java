package org.haochaping.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.haochaping.app.CheckpointLocator;
import org.haochaping.bench.load.EdgeRatings;
import org.haochaping.bench.load.LoadGenerator;
import org.haochaping.bench.load.Outcome;
import org.haochaping.bench.load.StepResult;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.jobs.ratings.RatingPipelineJob;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

/**
 * The whole embedded runtime ({@code hcp run}, a child process) is killed with SIGKILL while signed ratings
 * stream in, at a seeded random point (after the K-th accepted rating), and started again on the same data folder. Every rating that got a
 * 202 must then be in ClickHouse exactly once; a rating without an answer (in flight at the kill, or refused
 * connection) at most once; nothing that was never sent; and both minute tables must count exactly the
 * stored ratings (no double counting from the replay after the restart).
 *
 * <p>{@code -Dhcp.test.killSeed=S} picks another kill point; the seed is printed.
 */
class EmbeddedProcessKillITCase {

    private static final double RATE = 1_500;
    /** At most this long; the kill comes earlier, at a seeded number of accepted ratings. */
    private static final Duration LOAD = Duration.ofSeconds(20);
    /** The kill follows the K-th 202, K seeded in [2,000, 8,000): mid-load on any machine speed. */
    private static final long KILL_FROM_ACCEPTED = 2_000;
    private static final long KILL_SPAN_ACCEPTED = 6_000;
    /** Enough for 1,500/s at up to 40 ms per answer (connections ÷ latency). */
    private static final int CONNECTIONS = 64;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    /** Completed checkpoints to wait for once nothing is left to read: early window firings and sink flushes land. */
    private static final int SETTLING_CHECKPOINTS = 3;

    @Test
    void everyAcceptedRatingIsStoredExactlyOnceAfterASigkillUnderLoad() throws Exception {
        long seed = Long.getLong("hcp.test.killSeed", 20_261_122L);
        long killAfterAccepted = KILL_FROM_ACCEPTED + new Random(seed).nextLong(KILL_SPAN_ACCEPTED);
        System.out.printf("EmbeddedProcessKillITCase: seed %d, SIGKILL after the %,d-th 202%n", seed, killAfterAccepted);
        Path home = Path.of("").toAbsolutePath().getParent();
        assertThat(home.resolve("pom.xml")).as("the project folder").exists();
        Path base = Path.of(System.getProperty("hcp.test.tmp", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        Path data = Files.createTempDirectory(base, "process-kill-");
        HcpProcess.Settings settings = new HcpProcess.Settings(home, data, HcpProcess.Launch.CLASSPATH, null,
                Map.of("flink.checkpointInterval", "1s"));

        // 1. under load, SIGKILL at the seeded moment
        StepResult load;
        String runId;
        HcpProcess first = HcpProcess.start(settings);
        try {
            first.awaitReady(READY_TIMEOUT);
            EdgeRatings ratings = new EdgeRatings("kill-" + seed, first.deviceId(), first.deviceSecret(), seed);
            runId = ratings.runId();
            AtomicLong acceptedSoFar = new AtomicLong();
            CompletableFuture<Void> killPoint = new CompletableFuture<>();
            CompletableFuture<Void> killed;
            try (LoadGenerator generator = new LoadGenerator(first.baseUrl(), CONNECTIONS, Duration.ofSeconds(20),
                    ratings)) {
                // the kill runs on its own thread (the listener is on an event loop); nothing is sent after it
                killed = killPoint.thenRunAsync(() -> {
                    try {
                        first.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    generator.stopSending();
                });
                load = generator.run(RATE, LOAD, (sequence, ratingId, outcome, status, latency, at) -> {
                    if (outcome == Outcome.ACCEPTED && acceptedSoFar.incrementAndGet() == killAfterAccepted) {
                        killPoint.complete(null);
                    }
                });
            }
            assertThat(killPoint).as("the edge accepted only %d ratings in %s, fewer than the kill point %d",
                    acceptedSoFar.get(), LOAD, killAfterAccepted).isDone();
            killed.get(1, TimeUnit.MINUTES);
        } finally {
            first.close();
        }
        assertThat(first.isAlive()).isFalse();
        Set<String> accepted = ids(load, Outcome.ACCEPTED, runId);
        Set<String> refused = ids(load, Outcome.CLIENT_ERROR, runId);
        Set<String> unknown = new HashSet<>();
        for (Outcome o : Outcome.values()) {
            if (o.unknown()) {
                unknown.addAll(ids(load, o, runId));
            }
        }
        System.out.printf("sent %,d: %s (first failure: %s)%n", load.sent(), load.outcomeCounts(), load.firstFailure());
        assertThat(accepted).as("ratings accepted before the kill").hasSizeGreaterThanOrEqualTo((int) killAfterAccepted);
        assertThat(refused).as("no rating is refused (4xx)").isEmpty();
        assertThat(load.count(Outcome.OTHER_STATUS)).isZero();

        // 2. restart on the same folder, let the job catch up with Kafka, stop gracefully
        HcpProcess second = HcpProcess.start(settings);
        try {
            HcpProcess.Ready ready = second.awaitReady(READY_TIMEOUT);
            awaitCaughtUp(ready.kafkaBootstrap(), ConfigLoader.defaults().kafka().ratingsTopic(),
                    data.resolve("checkpoints"));
            assertThat(second.stop(Duration.ofMinutes(1))).as("exit code after SIGTERM").isEqualTo(143);
        } finally {
            second.close();
        }

        // 3. what chDB holds on that folder, read in this JVM (one chDB per process: the child is gone)
        HcpConfig config = ConfigLoader.load(data.resolve(HcpProcess.CONFIG_FILE), System.getenv(), Map.of());
        try (ClickHouseStore store = ClickHouseStores.open(config)) {
            Map<String, Long> stored = new HashMap<>();
            for (Map<String, Object> row : store.query("SELECT rating_id, count() AS n FROM ratings FINAL GROUP BY rating_id")) {
                stored.put((String) row.get("rating_id"), ((Number) row.get("n")).longValue());
            }
            long finalCount = store.queryLong("SELECT count() FROM ratings FINAL");
            long counterMinutes = store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL");
            long clerkMinutes = store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL");
            long unknownStored = unknown.stream().filter(stored::containsKey).count();
            System.out.printf("stored %,d: %,d accepted, %,d of %,d unknown; minute tables %,d / %,d%n", finalCount,
                    accepted.size(), unknownStored, unknown.size(), counterMinutes, clerkMinutes);

            assertThat(accepted.stream().filter(id -> !stored.containsKey(id)).toList())
                    .as("accepted ratings missing from ratings FINAL").isEmpty();
            assertThat(stored.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList())
                    .as("ratings stored more than once").isEmpty();
            Set<String> sent = new HashSet<>(accepted);
            sent.addAll(unknown);
            assertThat(stored.keySet().stream().filter(id -> !sent.contains(id)).toList())
                    .as("stored ratings that were never sent, or were refused").isEmpty();
            assertThat(finalCount).isEqualTo(accepted.size() + unknownStored);
            assertThat(counterMinutes).as("counter minute scores").isEqualTo(finalCount);
            assertThat(clerkMinutes).as("clerk minute scores").isEqualTo(finalCount);
        }
        deleteTree(data); // kept when an assertion failed, to look at (hcp-process.log, hcp.log)
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Set<String> ids(StepResult load, Outcome outcome, String runId) {
        return load.sequences(outcome).mapToObj(seq -> runId + "-" + seq).collect(Collectors.toSet());
    }

    /**
     * Waits until the job has committed (at a completed checkpoint) every offset of the ratings topic, then
     * for {@value #SETTLING_CHECKPOINTS} more completed checkpoints: the windows' early firings of the last
     * ratings and the sink's flushes of them land before those.
     */
    private static void awaitCaughtUp(String bootstrap, String topic, Path checkpoints) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long lag;
            while ((lag = lag(admin, topic)) > 0) {
                assertThat(System.nanoTime()).as("the job still lags %d records behind %s", lag, topic)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        int seen = 0;
        Optional<Path> last = CheckpointLocator.latest(checkpoints);
        while (seen < SETTLING_CHECKPOINTS) {
            assertThat(System.nanoTime()).as("checkpoints stopped completing").isLessThan(deadline);
            Thread.sleep(100);
            Optional<Path> now = CheckpointLocator.latest(checkpoints);
            if (now.isPresent() && !now.equals(last)) {
                seen++;
                last = now;
            }
        }
    }

    /** End offsets minus the job's committed offsets over every partition of the topic. */
    private static long lag(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(RatingPipelineJob.CONSUMER_GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
