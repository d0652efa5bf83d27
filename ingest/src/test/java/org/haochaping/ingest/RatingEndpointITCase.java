package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.kafka.ListeningSockets;
import org.haochaping.model.Rating;
import org.haochaping.model.RequestSignature;
import org.junit.jupiter.api.Test;

/**
 * The device ratings endpoint end to end: a real HTTP client, the real {@link IngestServer} and a real
 * Kafka broker in this JVM ({@link EdgeKafkaFixture}). Every test gets its own topic, so "no record"
 * is checked by reading that topic to its end and counting exactly.
 */
class RatingEndpointITCase extends EdgeKafkaFixture {

    @Test
    void aSignedValidRatingIsAcceptedAndLandsInKafkaExactlyOnceWithoutTheClearPhone() {
        RatingRequests request = RatingRequests.valid();
        SignedClient.Reply reply = client.post(request.json());

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("ratingId").asText()).isEqualTo(request.ratingId());
        List<ConsumerRecord<byte[], byte[]>> records = readTopicToEnd();
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("hall-7/counter-03");
        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain(RatingRequests.PHONE).contains("138****1234");
        Rating rating = IngestVerticleTest.readRating(record.value());
        assertThat(rating.ratingId()).isEqualTo(request.ratingId());
        assertThat(rating.raterPhoneHash()).matches("[0-9a-f]{64}");
        assertThat(rating.raterPhoneMasked()).isEqualTo("138****1234");
        assertThat(rating.receivedAt()).isEqualTo(TestConfigs.NOW);
        assertThat(rating.deviceId()).isEqualTo(TestConfigs.DEVICE);
    }

    @Test
    void aBadSignatureIs401AndStoresNothing() {
        byte[] body = RatingRequests.valid().json();
        long now = TestConfigs.NOW.toEpochMilli();
        String wrong = RequestSignature.sign(TestConfigs.OTHER_SECRET, now, body);
        SignedClient.Reply reply = client.postRaw(body, TestConfigs.DEVICE, Long.toString(now), wrong);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).startsWith("X-Signature does not match");
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void aReplayedSignatureIs401AndStoresNothingMore() {
        byte[] body = RatingRequests.valid().json();
        assertThat(client.post(body).status()).isEqualTo(202);
        SignedClient.Reply replay = client.post(body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("error").asText()).startsWith("replayed");
        assertThat(readTopicToEnd()).hasSize(1);
    }

    @Test
    void malformedJsonIs400AndStoresNothing() {
        SignedClient.Reply reply = client.post("{\"ratingId\": \"r-1\", ".getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/violations/0/field").asText()).isEqualTo("body");
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void anOutOfRangeLevelIs400NamingLevel() {
        SignedClient.Reply reply = client.post(RatingRequests.valid().level(6).tags().json());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid rating");
        assertThat(reply.json().get("violations").findValuesAsText("field")).containsExactly("level");
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void aTagOfAnotherLevelIs400NamingTagCodes() {
        SignedClient.Reply reply = client.post(RatingRequests.valid().level(4).tags("214").json());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("violations").findValuesAsText("field")).containsExactly("tagCodes");
        assertThat(reply.json().at("/violations/0/message").asText()).contains("214").contains("level 2");
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void aBadRatingWithoutTagOrCommentIs400AndStoresNothing() {
        for (int level : new int[] {1, 2}) {
            SignedClient.Reply reply = client.post(RatingRequests.valid().level(level).tags().comment(" ").json());
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("violations").findValuesAsText("field")).containsExactly("tagCodes");
            assertThat(reply.json().at("/violations/0/message").asText()).contains("差评");
        }
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void anOversizedBodyIs413AndStoresNothing() {
        String padding = "x".repeat(TestConfigs.MAX_BODY_BYTES);
        byte[] body = RatingRequests.valid().comment(padding).json();
        SignedClient.Reply reply = client.post(body);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("error").asText()).contains("4096");
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void healthIsUpWithTheBroker() {
        SignedClient.Reply health = client.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void withKafkaUnreachableARatingIs503WithRetryAfterAndHealthIsDown() throws Exception {
        String deadKafka = "127.0.0.1:" + KafkaRecordPublisherTest.closedPort();
        IngestServer cutOff = IngestServer.start(vertx, TestConfigs.config(Map.of("kafka.ratingsTopic", ratingsTopic)),
                deadKafka, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), TestConfigs.CLOCK)
                .await(30, TimeUnit.SECONDS);
        try {
            SignedClient cutOffClient = new SignedClient(cutOff.port());
            long started = System.nanoTime();
            SignedClient.Reply reply = cutOffClient.post(RatingRequests.valid().json());
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo(Integer.toString(TestConfigs.RETRY_AFTER_SECONDS));
            assertThat(elapsedMs).as("bounded by http.kafkaTimeout").isLessThan(5_000);

            SignedClient.Reply health = cutOffClient.get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(PrometheusText.value(cutOffClient.get("/metrics").body(), "hcp_kafka_send_failures_total"))
                    .isEqualTo(1.0);
        } finally {
            cutOff.close().await(30, TimeUnit.SECONDS);
        }
        assertThat(readTopicToEnd()).isEmpty();
    }

    @Test
    void metricsCountTheRequestsByRouteAndStatus() {
        client.post(RatingRequests.valid().json());
        client.post(RatingRequests.valid().json());
        client.post(RatingRequests.valid().level(0).json());
        client.postRaw(RatingRequests.valid().json(), "stranger", "0", "00");
        client.get("/health");

        String text = client.get("/metrics").body();
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "202"))
                .isEqualTo(2.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "400"))
                .isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "401"))
                .isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/health", "status", "200"))
                .isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_ratings_accepted_total", "channel", "evaluator")).isEqualTo(2.0);
        assertThat(PrometheusText.value(text, "hcp_kafka_send_failures_total")).isZero();
        assertThat(PrometheusText.value(text, "hcp_http_request_duration_seconds_count", "route", "/api/v1/ratings"))
                .isEqualTo(4.0);
        assertThat(readTopicToEnd()).hasSize(2);
    }

    @Test
    void theHttpServerListensOnlyOnLoopback() {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        List<InetSocketAddress> sockets = ListeningSockets.ofThisProcess();
        assertThat(sockets).filteredOn(a -> a.getPort() == edge.port())
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(ListeningSockets.notBoundTo("127.0.0.1")).as("nothing in this JVM listens beyond loopback").isEmpty();
    }

    private List<ConsumerRecord<byte[], byte[]>> readTopicToEnd() {
        return read(ratingsTopic);
    }
}
