package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The edge end to end for the ITCases of the case channels: a real Kafka broker in this JVM (one per
 * test class), the real {@link IngestServer}, and fresh ratings, transactions and SMS topics for every
 * test, so "no record" is checked by reading each topic to its end and counting exactly.
 */
abstract class EdgeKafkaFixture {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    static Vertx vertx;
    static EmbeddedKafkaBroker broker;

    String ratingsTopic;
    String transactionsTopic;
    String smsTopic;
    IngestServer edge;
    SignedClient client;

    @BeforeAll
    static void startBrokerAndVertx() throws Exception {
        Path tmp = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"));
        Files.createDirectories(tmp);
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory(tmp, "ingest-it-kafka-"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopBrokerAndVertx() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void startEdge() throws Exception {
        int n = TOPICS.incrementAndGet();
        ratingsTopic = "it.ratings-" + n;
        transactionsTopic = "it.transactions-" + n;
        smsTopic = "it.sms-inbound-" + n;
        broker.createTopic(ratingsTopic, 2);
        broker.createTopic(transactionsTopic, 1);
        broker.createTopic(smsTopic, 1);
        edge = IngestServer.start(vertx, TestConfigs.config(Map.of(
                        "kafka.ratingsTopic", ratingsTopic,
                        "kafka.transactionsTopic", transactionsTopic,
                        "kafka.smsInboundTopic", smsTopic)),
                broker.bootstrapServers(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), TestConfigs.CLOCK)
                .await(30, TimeUnit.SECONDS);
        client = new SignedClient(edge.port());
    }

    @AfterEach
    void stopEdge() throws Exception {
        edge.close().await(30, TimeUnit.SECONDS);
    }

    /** Every record of {@code topic}, read from the beginning up to the end offsets. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Asserts that no topic of this test holds any record. */
    void assertNothingPublished() {
        assertThat(read(ratingsTopic)).isEmpty();
        assertThat(read(transactionsTopic)).isEmpty();
        assertThat(read(smsTopic)).isEmpty();
    }

    /**
     * No phone in clear: no run of 11 digits once the 64-hex-digit hashes are taken out (a hash may hold
     * 11 decimal digits in a row by chance; the test data's other values hold no such run).
     */
    static void assertNoClearPhone(ConsumerRecord<byte[], byte[]> record) {
        for (byte[] part : new byte[][] {record.key(), record.value()}) {
            String text = new String(part, StandardCharsets.UTF_8).replaceAll("[0-9a-f]{64}", "<hash>");
            assertThat(text).doesNotContainPattern("\\d{11}");
        }
    }

    /** A 400 with the given {@code error} whose violations name {@code field}. */
    static void assertViolation(SignedClient.Reply reply, String error, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo(error);
        assertThat(reply.json().get("violations").findValuesAsText("field")).as(reply.body()).contains(field);
    }

    static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
