package org.haochaping.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaRestartITCase {

    private static Path newDataDir() throws Exception {
        Path base = Path.of(System.getProperty("hcp.test.tmp", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "kafka-restart-");
    }

    private static EmbeddedKafkaBroker timedStart(Path dir) {
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
        System.out.printf("embedded Kafka started in %d ms at %s%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), broker.bootstrapServers());
        return broker;
    }

    @Test
    void restartKeepsTopicsRecordsAndCommittedOffsets() throws Exception {
        Path dir = newDataDir();
        String clusterId;
        int port;
        try (EmbeddedKafkaBroker broker = timedStart(dir)) {
            clusterId = broker.clusterId();
            port = broker.port();
            broker.createTopic("ratings", 4);
            KafkaTestClients.produce(broker.bootstrapServers(), "ratings", "before", 1000);
            try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(broker.bootstrapServers(), "flink-like")) {
                consumer.subscribe(List.of("ratings"));
                assertThat(KafkaTestClients.pollUntil(consumer, 1000)).hasSize(1000);
                consumer.commitSync();
            }
        }

        try (EmbeddedKafkaBroker broker = timedStart(dir)) {
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            assertThat(broker.port()).as("the saved port is reused when free").isEqualTo(port);
            try (Admin admin = Admin.create(broker.adminConfig())) {
                assertThat(admin.listTopics().names().get()).contains("ratings");
                assertThat(admin.describeTopics(List.of("ratings")).allTopicNames().get().get("ratings").partitions())
                    .hasSize(4);
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("flink-like").partitionsToOffsetAndMetadata().get();
                assertThat(committed).hasSize(4);
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(1000);
            }
            List<ConsumerRecord<String, String>> all = KafkaTestClients.readAll(broker.bootstrapServers(), "ratings", 1000);
            assertThat(all).hasSize(1000);
            assertThat(all.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(1000);

            KafkaTestClients.produce(broker.bootstrapServers(), "ratings", "after", 7);
            try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(broker.bootstrapServers(), "flink-like")) {
                consumer.subscribe(List.of("ratings"));
                List<ConsumerRecord<String, String>> fresh = KafkaTestClients.pollUntil(consumer, 7);
                assertThat(fresh).hasSize(7).allSatisfy(r -> assertThat(r.key()).startsWith("after-"));
            }
        }
    }

    @Test
    void restartWhenTheSavedPortsAreTakenPicksNewOnes() throws Exception {
        Path dir = newDataDir();
        int oldPort;
        int oldControllerPort;
        try (EmbeddedKafkaBroker broker = timedStart(dir)) {
            oldPort = broker.port();
            oldControllerPort = broker.controllerPort();
            broker.createTopic("kept", 2);
            KafkaTestClients.produce(broker.bootstrapServers(), "kept", "k", 100);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress(loopback, oldPort));
            b.bind(new InetSocketAddress(loopback, oldControllerPort));
            try (EmbeddedKafkaBroker broker = timedStart(dir)) {
                assertThat(broker.port()).isNotEqualTo(oldPort);
                assertThat(broker.controllerPort()).isNotEqualTo(oldControllerPort);
                assertThat(KafkaTestClients.readAll(broker.bootstrapServers(), "kept", 100)).hasSize(100);
                broker.createTopic("new-after-port-change", 1);
                KafkaTestClients.produce(broker.bootstrapServers(), "new-after-port-change", "n", 10);
                assertThat(KafkaTestClients.readAll(broker.bootstrapServers(), "new-after-port-change", 10)).hasSize(10);
            }
        }
        // and once more on the now remembered new ports
        try (EmbeddedKafkaBroker broker = timedStart(dir)) {
            assertThat(KafkaTestClients.readAll(broker.bootstrapServers(), "kept", 100)).hasSize(100);
        }
    }

    @Test
    void closeIsIdempotentAndTheBrokerRefusesWorkAfterwards() throws Exception {
        EmbeddedKafkaBroker broker = timedStart(newDataDir());
        long t0 = System.nanoTime();
        broker.close();
        System.out.printf("embedded Kafka stopped in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        broker.close();
        assertThatThrownBy(() -> broker.createTopic("late", 1)).isInstanceOf(IllegalStateException.class);
        if (ListeningSockets.supported()) {
            assertThat(ListeningSockets.ofThisProcess()).extracting(InetSocketAddress::getPort)
                .doesNotContain(broker.port(), broker.controllerPort());
        }
    }

    @Test
    void explicitPortIsUsed() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(newDataDir(), "127.0.0.1", free)) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + free);
            broker.createTopic("t", 1);
            KafkaTestClients.produce(broker.bootstrapServers(), "t", "x", 5);
            assertThat(KafkaTestClients.readAll(broker.bootstrapServers(), "t", 5)).hasSize(5);
        }
    }

    @Test
    void anExplicitPortInUseFailsClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path dir = newDataDir();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, "127.0.0.1", taken.getLocalPort()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in use");
        }
    }

    @Test
    void listenerPropertiesCannotBeOverridden() throws Exception {
        Path dir = newDataDir();
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, "127.0.0.1", 0, Map.of("listeners", "PLAINTEXT://0.0.0.0:9092")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("listeners");
    }
}
