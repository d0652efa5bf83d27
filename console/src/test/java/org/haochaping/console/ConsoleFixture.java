package org.haochaping.console;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.haochaping.clickhouse.ChdbStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.CommandOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The console end to end for the ITCases: a real Kafka broker in this JVM (one per test class), the shared
 * chDB test store emptied before every test, the real {@link ConsoleServer} on a free port, and fresh
 * command and outcome topics for every test, so "exactly one command" is checked by reading the topic to
 * its end. The test plays the stream job: it reads commands and produces outcomes.
 */
abstract class ConsoleFixture {

    /** The console's clock: the commands' issuedAt. */
    static final Instant NOW = Instant.parse("2026-10-08T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    static Vertx vertx;
    static EmbeddedKafkaBroker broker;
    static KafkaProducer<String, String> job;

    ChdbStore store;
    String commandsTopic;
    String outcomesTopic;
    ConsoleServer console;
    ConsoleClient client;

    @BeforeAll
    static void startBrokerAndVertx() throws Exception {
        Path tmp = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"));
        Files.createDirectories(tmp);
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory(tmp, "console-it-kafka-"));
        vertx = Vertx.vertx();
        job = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBrokerAndVertx() throws Exception {
        if (job != null) {
            job.close(Duration.ofSeconds(5));
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void startConsole() throws Exception {
        store = EmbeddedTestStore.truncateAll();
        int n = TOPICS.incrementAndGet();
        commandsTopic = "it.workorder.commands-" + n;
        outcomesTopic = "it.workorder.outcomes-" + n;
        broker.createTopic(commandsTopic, 2);
        broker.createTopic(outcomesTopic, 2);
        console = start(Map.of());
        client = new ConsoleClient(console.port());
    }

    @AfterEach
    void stopConsole() throws Exception {
        console.close().await(30, TimeUnit.SECONDS);
    }

    /** A console on this test's topics, with {@code extra} configuration (e.g. a short console.commandTimeout). */
    ConsoleServer start(Map<String, String> extra) throws Exception {
        return ConsoleServer.start(vertx, config(extra), broker.bootstrapServers(), store, CLOCK)
                .await(60, TimeUnit.SECONDS);
    }

    HcpConfig config(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.workOrderCommandsTopic", commandsTopic);
        overrides.put("kafka.workOrderOutcomesTopic", outcomesTopic);
        overrides.put("console.commandTimeout", "10s");
        overrides.putAll(extra);
        return TestUsers.config(overrides);
    }

    void insert(String table, Rows.Row... rows) {
        store.insertJsonEachRow(table, java.util.Arrays.stream(rows).map(Rows.Row::json).toList());
    }

    /** The stream job's answer to a command, as it writes it to the outcomes topic (key: command id). */
    void answer(CommandOutcome outcome) throws Exception {
        job.send(new ProducerRecord<>(outcomesTopic, outcome.commandId(), RatingJson.writeString(outcome)))
                .get(10, TimeUnit.SECONDS);
    }

    /** Every record of {@code topic}, read from the beginning up to the end offsets. */
    static List<ConsumerRecord<String, String>> read(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
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

    /** Waits until {@code topic} holds {@code count} records and returns them. */
    static List<ConsumerRecord<String, String>> awaitRecords(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<ConsumerRecord<String, String>> records = read(topic);
            if (records.size() >= count || System.nanoTime() > deadline) {
                return records;
            }
            Thread.sleep(50);
        }
    }
}
