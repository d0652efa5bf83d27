package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer's settings and its behaviour without a broker (no broker needed). */
class KafkaRecordPublisherTest {

    @Test
    void theProducerIsIdempotentAcksAllAndEveryWaitIsBoundedByTheKafkaTimeout() {
        Map<String, Object> c = KafkaRecordPublisher.producerConfig("127.0.0.1:9092", "t", 1500);
        assertThat(c).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int linger = (Integer) c.get(ProducerConfig.LINGER_MS_CONFIG);
        int request = (Integer) c.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        assertThat(linger).isBetween(0, 20);
        assertThat(linger + request).isLessThanOrEqualTo(1500);
    }

    @Test
    void withoutABrokerPublishFailsWithinTheTimeoutAndReadyIsFalse() throws Exception {
        String deadAddress = "127.0.0.1:" + closedPort();
        try (KafkaRecordPublisher publisher = new KafkaRecordPublisher(TestConfigs.config(), deadAddress)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> publisher.publish("hcp.ratings", "hall/counter", "{}".getBytes(StandardCharsets.UTF_8))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(elapsedMs).as("bounded by http.kafkaTimeout = 1500ms").isBetween(1_000L, 4_000L);

            assertThat(publisher.ready().toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void afterCloseAPublishFailsAtOnce() throws Exception {
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(TestConfigs.config(), "127.0.0.1:" + closedPort());
        publisher.close();
        assertThatThrownBy(() -> publisher.publish("hcp.ratings", "k", new byte[1]).toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasMessageContaining("publisher closed");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
