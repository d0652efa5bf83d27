package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault test (issue 7): the Kafka broker stops under a steady load of signed device ratings and starts
 * again on the same folder and port. While it is down the edge answers 503 with {@code Retry-After}
 * and {@code /health} is 503; once it is back the edge accepts again by itself; and every rating that
 * was ever answered 202 is in the ratings topic at the end (a 503'd rating may be there too: Kafka may
 * have stored it without the edge hearing back in time, which is why a retry keeps the rating id).
 */
class KafkaOutageITCase {

    private static final int RATINGS = 3000;
    private static final int IN_FLIGHT = 8;
    /** The load's pace: rating i is sent no earlier than i / RATE s after the start. */
    private static final int RATE_PER_SECOND = 400;
    /** The broker is stopped once this many ratings were answered. */
    private static final int STOP_AFTER = 1000;
    /** The outage lasts at least until this many ratings sent during it were answered 503. */
    private static final int MIN_503_WHILE_DOWN = 16;
    private static final String TOPIC = "outage.ratings";

    private static final int BEFORE = 0;
    private static final int STOPPING = 1;
    private static final int DOWN = 2;
    private static final int RESTARTING = 3;
    private static final int UP_AGAIN = 4;
    private static final String[] PHASES = {"before", "stopping", "down", "restarting", "up again"};

    /** One answer: the phase the request was sent in and the phase it was answered in. */
    record Answer(String ratingId, int status, int sentIn, int answeredIn, long answeredAtNanos, String retryAfter,
                  String body) {}

    private Vertx vertx;
    private EmbeddedKafkaBroker broker;
    private IngestServer edge;
    private ExecutorService load;

    @AfterEach
    void tearDown() throws Exception {
        if (load != null) {
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (edge != null) {
            edge.close().await(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBrokerOutageIs503AndNotReadyThenAcceptsAgainAndNoAcceptedRatingIsLost() throws Exception {
        long testStart = System.nanoTime();
        Path tmp = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"));
        Files.createDirectories(tmp);
        Path kafkaDir = Files.createTempDirectory(tmp, "ingest-outage-kafka-");
        broker = EmbeddedKafkaBroker.start(kafkaDir);
        String host = broker.host();
        int port = broker.port();
        broker.createTopic(TOPIC, 2);
        broker.createTopic("outage.transactions", 1);
        broker.createTopic("outage.sms-inbound", 1);
        vertx = Vertx.vertx();
        edge = IngestServer.start(vertx, TestConfigs.config(Map.of(
                        "http.kafkaTimeout", "1500ms",
                        "kafka.ratingsTopic", TOPIC,
                        "kafka.transactionsTopic", "outage.transactions",
                        "kafka.smsInboundTopic", "outage.sms-inbound")),
                broker.bootstrapServers(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), TestConfigs.CLOCK)
                .await(30, TimeUnit.SECONDS);
        SignedClient client = new SignedClient(edge.port());
        assertThat(client.get(IngestVerticle.HEALTH_PATH).status()).isEqualTo(200);

        // the load: RATINGS signed device ratings, IN_FLIGHT at a time, paced, each answer recorded
        AtomicInteger phase = new AtomicInteger(BEFORE);
        AtomicInteger next = new AtomicInteger();
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long loadStart = System.nanoTime();
        load = Executors.newFixedThreadPool(IN_FLIGHT, r -> new Thread(r, "outage-load"));
        for (int w = 0; w < IN_FLIGHT; w++) {
            load.execute(() -> {
                for (int i = next.getAndIncrement(); i < RATINGS; i = next.getAndIncrement()) {
                    long due = loadStart + TimeUnit.SECONDS.toNanos(i) / RATE_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    String ratingId = ratingId(i);
                    int sentIn = phase.get();
                    try {
                        SignedClient.Reply reply = client.post(rating(i));
                        answers.put(ratingId, new Answer(ratingId, reply.status(), sentIn, phase.get(), System.nanoTime(),
                                reply.header("Retry-After"), reply.body()));
                    } catch (RuntimeException e) {
                        failures.add(ratingId + ": " + e);
                    }
                }
            });
        }

        // 1. the broker stops mid-load
        await("the first " + STOP_AFTER + " answers", Duration.ofSeconds(30), () -> answers.size() >= STOP_AFTER);
        phase.set(STOPPING);
        long t0 = System.nanoTime();
        broker.close();
        long stopMillis = millisSince(t0);
        phase.set(DOWN);
        long downAt = System.nanoTime();

        // 2. while it is down: /health 503, ratings 503 with Retry-After
        await("/health 503 while Kafka is down", Duration.ofSeconds(10),
                () -> client.get(IngestVerticle.HEALTH_PATH).status() == 503);
        SignedClient.Reply health = client.get(IngestVerticle.HEALTH_PATH);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
        await(MIN_503_WHILE_DOWN + " ratings sent while Kafka is down answered 503", Duration.ofSeconds(20),
                () -> answers.values().stream().filter(a -> a.sentIn() == DOWN && a.status() == 503).count()
                        >= MIN_503_WHILE_DOWN);
        long downMillis = millisSince(downAt);

        // 3. it restarts on the same folder and port; the edge accepts again by itself
        phase.set(RESTARTING);
        t0 = System.nanoTime();
        broker = EmbeddedKafkaBroker.start(kafkaDir, host, port);
        long restartMillis = millisSince(t0);
        phase.set(UP_AGAIN);
        long upAt = System.nanoTime();
        await("a 202 for a rating sent after the restart", Duration.ofSeconds(15),
                () -> answers.values().stream().anyMatch(a -> a.sentIn() == UP_AGAIN && a.status() == 202));
        long firstAcceptMillis = answers.values().stream()
                .filter(a -> a.sentIn() == UP_AGAIN && a.status() == 202)
                .mapToLong(a -> TimeUnit.NANOSECONDS.toMillis(a.answeredAtNanos() - upAt)).min().orElseThrow();
        await("/health 200 after the restart", Duration.ofSeconds(15),
                () -> client.get(IngestVerticle.HEALTH_PATH).status() == 200);

        load.shutdown();
        assertThat(load.awaitTermination(40, TimeUnit.SECONDS)).as("the load finished").isTrue();
        long loadMillis = millisSince(loadStart);
        assertThat(failures).as("requests without an answer (hang or dropped connection)").isEmpty();
        assertThat(answers).hasSize(RATINGS);

        // every answer is 202 or 503; every 503 says why, in JSON, with Retry-After
        Map<Integer, Long> byStatus = answers.values().stream()
                .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        assertThat(byStatus.keySet()).as("statuses answered: " + byStatus).containsOnly(202, 503);
        for (Answer a : answers.values()) {
            if (a.status() == 503) {
                assertThat(a.retryAfter()).as(a.ratingId()).isEqualTo(Integer.toString(TestConfigs.RETRY_AFTER_SECONDS));
                assertThat(a.body()).as(a.ratingId()).contains("\"error\"").contains("retry with the same id");
            }
        }
        // sent and answered entirely while the broker was down: never a 202
        assertThat(answers.values()).filteredOn(a -> a.sentIn() == DOWN && a.answeredIn() == DOWN)
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.status()).as(a.ratingId()).isEqualTo(503));
        long before202 = count(answers, BEFORE, 202);
        long rejected = byStatus.getOrDefault(503, 0L);
        long after202 = count(answers, UP_AGAIN, 202);
        assertThat(before202).isGreaterThan(0);
        assertThat(rejected).isGreaterThan(0);
        assertThat(after202).isGreaterThan(0);

        // a 503'd rating retried after the outage (same rating id, new signature) is accepted
        List<String> retried = answers.values().stream().filter(a -> a.status() == 503).map(Answer::ratingId)
                .sorted().toList();
        for (String ratingId : retried) {
            int i = Integer.parseInt(ratingId.substring(ratingId.lastIndexOf('-') + 1));
            SignedClient.Reply reply = client.post(rating(i), TestConfigs.DEVICE, TestConfigs.SECRET,
                    TestConfigs.NOW.toEpochMilli() + 1);
            assertThat(reply.status()).as(ratingId + " retried: " + reply.body()).isEqualTo(202);
        }

        // at the end: every rating ever answered 202 is in the topic
        Map<String, Integer> inTopic = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readToEnd(broker.bootstrapServers())) {
            inTopic.merge(IngestVerticleTest.readRating(r.value()).ratingId(), 1, Integer::sum);
        }
        TreeSet<String> accepted = answers.values().stream().filter(a -> a.status() == 202).map(Answer::ratingId)
                .collect(Collectors.toCollection(TreeSet::new));
        accepted.addAll(retried);
        List<String> missing = accepted.stream().filter(id -> !inTopic.containsKey(id)).toList();
        Map<String, Integer> duplicated = new TreeMap<>(inTopic);
        duplicated.values().removeIf(n -> n < 2);
        List<String> storedDespite503 = answers.values().stream()
                .filter(a -> a.status() == 503 && inTopic.getOrDefault(a.ratingId(), 0) > 1)
                .map(Answer::ratingId).sorted().toList();
        List<String> unknown = inTopic.keySet().stream().filter(id -> !accepted.contains(id)).toList();

        System.out.printf("""
                Kafka outage: %d ratings, %d in flight, %d/s; statuses %s; by phase sent %s
                  broker stopped in %d ms, down %d ms, restarted on the same port in %d ms, \
                first 202 after restart %d ms after it; load %d ms, test %d ms
                  202 before the stop %d, 503 %d (all retried: 202), 202 after the restart %d; \
                in topic %d ids, missing %d, duplicated ids %d %s (of them first answered 503: %s)%n""",
                RATINGS, IN_FLIGHT, RATE_PER_SECOND, byStatus, phaseCounts(answers),
                stopMillis, downMillis, restartMillis, firstAcceptMillis, loadMillis, millisSince(testStart),
                before202, rejected, after202, inTopic.size(), missing.size(), duplicated.size(),
                abbreviate(duplicated.keySet()), abbreviate(storedDespite503));

        assertThat(missing).as("ratings answered 202 but not in Kafka").isEmpty();
        assertThat(unknown).as("records in Kafka for ratings never sent").isEmpty();
        assertThat(inTopic.keySet()).containsAll(accepted);
    }

    private static String ratingId(int i) {
        return String.format("outage-%05d", i);
    }

    private static byte[] rating(int i) {
        return RatingRequests.valid()
                .ratingId(ratingId(i))
                .projectNo(String.format("OUT%05d", i))
                .counterId("counter-" + (i % 10))
                .json();
    }

    private static long count(Map<String, Answer> answers, int sentIn, int status) {
        return answers.values().stream().filter(a -> a.sentIn() == sentIn && a.status() == status).count();
    }

    private static Map<String, Map<Integer, Long>> phaseCounts(Map<String, Answer> answers) {
        Map<String, Map<Integer, Long>> counts = new java.util.LinkedHashMap<>();
        for (int p = BEFORE; p <= UP_AGAIN; p++) {
            int phase = p;
            Map<Integer, Long> byStatus = answers.values().stream().filter(a -> a.sentIn() == phase)
                    .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
            if (!byStatus.isEmpty()) {
                counts.put(PHASES[p], byStatus);
            }
        }
        return counts;
    }

    private static String abbreviate(java.util.Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        return list.size() <= 10 ? list.toString() : list.subList(0, 10) + "…";
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Every record of the ratings topic, read from the beginning up to the end offsets. */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + TOPIC + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return Collections.unmodifiableList(records);
        }
    }
}
