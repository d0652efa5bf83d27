package org.haochaping.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerITCase {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("hcp.test.tmp", System.getProperty("java.io.tmpdir"))),
            "kafka-it-");
        long t0 = System.nanoTime();
        broker = EmbeddedKafkaBroker.start(dir);
        System.out.printf("embedded Kafka started in %d ms at %s%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            long t0 = System.nanoTime();
            broker.close();
            System.out.printf("embedded Kafka stopped in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    @Test
    void produces1000RecordsToFourPartitionsAndConsumesExactly1000() throws Exception {
        broker.createTopic("ratings-it", 4);

        KafkaTestClients.produce(broker.bootstrapServers(), "ratings-it", "r", 1000);
        List<ConsumerRecord<String, String>> records = KafkaTestClients.readAll(broker.bootstrapServers(), "ratings-it", 1000);

        assertThat(records).hasSize(1000);
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(1000);
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void listensOnLoopbackOnly() {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        List<InetSocketAddress> listening = ListeningSockets.ofThisProcess();

        assertThat(listening).extracting(InetSocketAddress::getPort)
            .contains(broker.port(), broker.controllerPort());
        assertThat(listening).allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(ListeningSockets.notBoundTo("127.0.0.1")).isEmpty();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    }

    @Test
    void createTopicTwiceIsFine() throws Exception {
        broker.createTopic("twice", 3);
        broker.createTopic("twice", 3);
        broker.createTopic("twice", 5); // an existing topic is left as it is

        try (Admin admin = Admin.create(broker.adminConfig())) {
            TopicDescription description = admin.describeTopics(List.of("twice")).allTopicNames().get().get("twice");
            assertThat(description.partitions()).hasSize(3);
        }
    }

    @Test
    void consumerOffsetsTopicExistsAfterStartAndNoAutoCreation() throws Exception {
        try (Admin admin = Admin.create(broker.adminConfig())) {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get();
            assertThat(names).contains("__consumer_offsets");
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
        // auto.create.topics.enable=false: a client asking for an unknown topic does not create it
        try (var consumer = KafkaTestClients.consumer(broker.bootstrapServers(), null)) {
            assertThat(consumer.partitionsFor("never-created")).isEmpty();
        }
        try (Admin admin = Admin.create(broker.adminConfig())) {
            assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
        }
    }

    @Test
    void adminConfigIsAFreshMutableCopy() {
        Map<String, Object> config = broker.adminConfig();
        config.put("client.id", "mine");
        assertThat(broker.adminConfig()).containsEntry("bootstrap.servers", broker.bootstrapServers())
            .doesNotContainEntry("client.id", "mine");
    }
}
