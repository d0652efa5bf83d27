package org.haochaping.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * An outage as the edge sees it: the broker is closed under a live idempotent producer and started
 * again on the same folder and the same explicit port; the producer, created once, reconnects by
 * itself and every record it had acknowledged is still there.
 */
class EmbeddedKafkaSamePortRestartITCase {

    @Test
    void aProducerCreatedBeforeTheOutageReconnectsWhenTheBrokerRestartsOnTheSamePort() throws Exception {
        Path base = Path.of(System.getProperty("hcp.test.tmp", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "kafka-same-port-");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
        String host = broker.host();
        int port = broker.port();
        String bootstrap = broker.bootstrapServers();
        broker.createTopic("outage", 2);

        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1495);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500);
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("outage", "before-" + i, "v")).get(10, TimeUnit.SECONDS);
            }

            broker.close();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("outage", "down", "v")).get(10, TimeUnit.SECONDS))
                .as("a send while the broker is down fails within delivery.timeout.ms")
                .isInstanceOf(ExecutionException.class);

            long t0 = System.nanoTime();
            broker = EmbeddedKafkaBroker.start(dir, host, port);
            System.out.printf("embedded Kafka restarted on the same port in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);

            // the first sends after the restart may still fail while the producer reconnects
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean sent = false;
            while (!sent) {
                try {
                    producer.send(new ProducerRecord<>("outage", "after-probe", "v")).get(10, TimeUnit.SECONDS);
                    sent = true;
                } catch (ExecutionException e) {
                    assertThat(System.nanoTime() - deadline).as("producer reconnected in time: " + e.getCause()).isNegative();
                    Thread.sleep(100);
                }
            }
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("outage", "after-" + i, "v")).get(10, TimeUnit.SECONDS);
            }
        } finally {
            broker.close();
        }

        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir, host, port)) {
            var keys = KafkaTestClients.readAll(again.bootstrapServers(), "outage", 201).stream()
                .map(r -> r.key()).toList();
            assertThat(keys).filteredOn(k -> k.startsWith("before-")).hasSize(100).doesNotHaveDuplicates();
            assertThat(keys).filteredOn(k -> k.startsWith("after-")).hasSizeGreaterThanOrEqualTo(101);
            assertThat(keys).filteredOn(k -> k.startsWith("after-") && !k.equals("after-probe"))
                .hasSize(100).doesNotHaveDuplicates();
        }
    }
}
