package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.haochaping.ingest.InMemoryRecordPublisher.Mode;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RequestSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The edge's HTTP behaviour against an in-memory publisher: status codes, error bodies, replays, metrics. */
class IngestVerticleTest {

    private static Vertx vertx;

    private InMemoryRecordPublisher publisher;
    private PrometheusMeterRegistry registry;
    private IngestVerticle verticle;
    private String deploymentId;
    private SignedClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void deploy() throws Exception {
        publisher = new InMemoryRecordPublisher();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        verticle = new IngestVerticle(TestConfigs.config(), publisher, registry, TestConfigs.CLOCK);
        deploymentId = vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
        client = new SignedClient(verticle.actualPort());
    }

    @AfterEach
    void undeploy() throws Exception {
        vertx.undeploy(deploymentId).await(10, TimeUnit.SECONDS);
    }

    @Test
    void listensOnTheConfiguredLoopbackAddressAndARandomPort() {
        assertThat(verticle.actualPort()).isPositive();
    }

    @Test
    void aSignedValidRatingIsPublishedKeyedByCounterAndAnswered202WithItsId() {
        RatingRequests request = RatingRequests.valid();
        SignedClient.Reply reply = client.post(request.json());

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(reply.json().get("ratingId").asText()).isEqualTo(request.ratingId());
        assertThat(publisher.records()).hasSize(1);
        InMemoryRecordPublisher.Published record = publisher.records().get(0);
        assertThat(record.key()).isEqualTo("hall-7/counter-03");
        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain(RatingRequests.PHONE);
        Rating rating = readRating(record.value());
        assertThat(rating.ratingId()).isEqualTo(request.ratingId());
        assertThat(rating.channel()).isEqualTo(Channel.EVALUATOR);
        assertThat(rating.deviceId()).isEqualTo(TestConfigs.DEVICE);
        assertThat(rating.receivedAt()).isEqualTo(TestConfigs.NOW);
        assertThat(rating.raterPhoneMasked()).isEqualTo("138****1234");
        assertThat(rating.raterPhoneHash()).hasSize(64);
    }

    @Test
    void aKioskMayNameItsChannelButNoOtherChannelIsAcceptedHere() {
        assertThat(client.post(RatingRequests.valid().channel("kiosk").json()).status()).isEqualTo(202);
        assertThat(readRating(publisher.records().get(0).value()).channel()).isEqualTo(Channel.KIOSK);

        SignedClient.Reply sms = client.post(RatingRequests.valid().channel("sms").json());
        assertThat(sms.status()).isEqualTo(400);
        assertThat(sms.json().at("/violations/0/field").asText()).isEqualTo("channel");
    }

    @Test
    void authenticationFailuresAre401WithAMessageNamingTheHeader() {
        byte[] body = RatingRequests.valid().json();
        long now = TestConfigs.NOW.toEpochMilli();
        String sig = RequestSignature.sign(TestConfigs.SECRET, now, body);

        assertError(client.postRaw(body, "stranger", Long.toString(now), sig), 401, "X-Device-Id names no registered device");
        assertError(client.postRaw(body, null, Long.toString(now), sig), 401, "missing header X-Device-Id");
        assertError(client.postRaw(body, TestConfigs.DEVICE, null, sig), 401, "missing header X-Timestamp");
        assertError(client.postRaw(body, TestConfigs.DEVICE, Long.toString(now), null), 401, "missing header X-Signature");
        assertThat(client.postRaw(body, TestConfigs.DEVICE, Long.toString(now), sig.replace(sig.charAt(0), sig.charAt(0) == 'a' ? 'b' : 'a'))
                .json().get("error").asText()).startsWith("X-Signature does not match");
        assertThat(client.post(body, TestConfigs.DEVICE, TestConfigs.OTHER_SECRET, now).status())
                .as("signed with another device's secret").isEqualTo(401);
        long stale = TestConfigs.NOW.minusSeconds(301).toEpochMilli();
        assertThat(client.post(body, TestConfigs.DEVICE, TestConfigs.SECRET, stale).json().get("error").asText())
                .startsWith("X-Timestamp is more than 300 s away");
        assertThat(publisher.attempts()).isZero();
    }

    @Test
    void aReplayedSignatureIs401EvenAfterTheOriginalWasAccepted() {
        byte[] body = RatingRequests.valid().json();
        assertThat(client.post(body).status()).isEqualTo(202);
        SignedClient.Reply replay = client.post(body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("error").asText()).startsWith("replayed");
        assertThat(publisher.records()).hasSize(1);
        // the same body signed by the same device at another instant is a new request
        assertThat(client.post(body, TestConfigs.DEVICE, TestConfigs.SECRET, TestConfigs.NOW.toEpochMilli() - 1).status())
                .isEqualTo(202);
    }

    @Test
    void aReplayOfARequestRejectedAsInvalidIsStillAReplay() {
        byte[] body = RatingRequests.valid().level(9).json();
        assertThat(client.post(body).status()).isEqualTo(400);
        assertThat(client.post(body).status()).isEqualTo(401);
    }

    @Test
    void afterA503TheSameSignedRequestMayBeRetried() {
        byte[] body = RatingRequests.valid().json();
        publisher.mode(Mode.FAIL);
        assertThat(client.post(body).status()).isEqualTo(503);
        publisher.mode(Mode.ACK);
        assertThat(client.post(body).status()).isEqualTo(202);
        assertThat(publisher.records()).hasSize(1);
    }

    @Test
    void aCopyArrivingWhileTheOriginalWaitsForKafkaIsRefused() throws Exception {
        byte[] body = RatingRequests.valid().json();
        publisher.mode(Mode.HOLD);
        CompletableFuture<SignedClient.Reply> original = CompletableFuture.supplyAsync(() -> client.post(body));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (publisher.attempts() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(client.post(body).status()).isEqualTo(401);
        publisher.ackPending();
        assertThat(original.get(5, TimeUnit.SECONDS).status()).isEqualTo(202);
        assertThat(publisher.records()).hasSize(1);
    }

    @Test
    void malformedJsonIs400NamingTheBody() {
        SignedClient.Reply reply = client.post("{\"ratingId\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid rating");
        assertThat(reply.json().at("/violations/0/field").asText()).isEqualTo("body");
        assertThat(reply.json().at("/violations/0/message").asText()).startsWith("malformed JSON");
        assertThat(client.post(new byte[0]).json().at("/violations/0/field").asText()).isEqualTo("body");
        assertThat(publisher.attempts()).isZero();
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        String json = new String(RatingRequests.valid().json(), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"stars\":5,");
        SignedClient.Reply reply = client.post(json.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/violations/0/field").asText()).isEqualTo("stars");
    }

    @Test
    void aNullTagCodeIs400NamingTagCodesNot500() {
        String json = new String(RatingRequests.valid().json(), StandardCharsets.UTF_8)
                .replace("\"tagCodes\":[\"517\"]", "\"tagCodes\":[null]");
        assertThat(json).contains("[null]");
        SignedClient.Reply reply = client.post(json.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/violations/0/field").asText()).isEqualTo("tagCodes");
    }

    @Test
    void validationViolationsAre400NamingEveryField() {
        assertViolation(RatingRequests.valid().level(6).tags(), "level", "must be between 1 and 5");
        assertViolation(RatingRequests.valid().level(5).tags("115"), "tagCodes", "belongs to level 1");
        assertViolation(RatingRequests.valid().level(2).tags().comment(""), "tagCodes", "差评");
        assertViolation(RatingRequests.valid().raterPhone("12345"), "raterPhone", "11-digit");
        assertViolation(RatingRequests.valid().ratedAt(TestConfigs.NOW.plusSeconds(3600)), "ratedAt", "future");
        assertViolation(RatingRequests.valid().ratedAt(null), "ratedAt", "required");

        SignedClient.Reply several = client.post(RatingRequests.valid().hallId("").counterId(null).level(0).json());
        assertThat(several.status()).isEqualTo(400);
        assertThat(several.json().get("violations").findValuesAsText("field"))
                .containsExactlyInAnyOrder("hallId", "counterId", "level");
        assertThat(publisher.attempts()).isZero();
    }

    @Test
    void aBadRatingWithACommentOrAMatchingTagIsAccepted() {
        assertThat(client.post(RatingRequests.valid().level(1).tags().comment("排队两小时").json()).status()).isEqualTo(202);
        assertThat(client.post(RatingRequests.valid().level(2).tags("214").json()).status()).isEqualTo(202);
        assertThat(publisher.records()).hasSize(2);
    }

    @Test
    void anOversizedBodyIs413() {
        byte[] body = new byte[TestConfigs.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        SignedClient.Reply reply = client.post(body);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("error").asText()).isEqualTo("body larger than 4096 bytes");
        assertThat(publisher.attempts()).isZero();
    }

    @Test
    void kafkaFailureIs503WithRetryAfterAndCounted() {
        publisher.mode(Mode.FAIL);
        SignedClient.Reply reply = client.post(RatingRequests.valid().json());
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo(Integer.toString(TestConfigs.RETRY_AFTER_SECONDS));
        assertThat(reply.json().get("error").asText()).contains("retry with the same id");
        assertThat(registry.get(IngestMetrics.KAFKA_SEND_FAILURES).counter().count()).isEqualTo(1.0);
    }

    @Test
    void aPublisherThatNeverAnswersIs503AfterTheKafkaTimeout() {
        publisher.mode(Mode.HANG);
        long started = System.nanoTime();
        SignedClient.Reply reply = client.post(RatingRequests.valid().json());
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertThat(elapsedMs).isBetween(1_400L, 5_000L);
    }

    @Test
    void aPublisherThatThrowsIs503() {
        publisher.mode(Mode.THROW);
        assertThat(client.post(RatingRequests.valid().json()).status()).isEqualTo(503);
    }

    @Test
    void healthFollowsThePublisher() {
        SignedClient.Reply up = client.get("/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().get("status").asText()).isEqualTo("UP");
        publisher.ready(false);
        SignedClient.Reply down = client.get("/health");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
        publisher.ready(null);
        assertThat(client.get("/health").status()).isEqualTo(503);
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405InJson() {
        SignedClient.Reply notFound = client.get("/api/v1/nothing");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(notFound.json().get("error").asText()).contains("/api/v1/nothing");

        SignedClient.Reply wrongMethod = client.get(IngestVerticle.RATINGS_PATH);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
        assertThat(wrongMethod.json().get("error").asText()).contains("GET").contains("use POST");
        assertThat(client.request("DELETE", "/health").status()).isEqualTo(405);
    }

    @Test
    void metricsCountRequestsByRouteAndStatusInPrometheusText() {
        client.post(RatingRequests.valid().json());
        client.post(RatingRequests.valid().json());
        client.post(RatingRequests.valid().level(7).json());
        client.get("/nowhere");
        publisher.mode(Mode.FAIL);
        client.post(RatingRequests.valid().json());

        SignedClient.Reply metrics = client.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        String text = metrics.body();
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "202")).isEqualTo(2.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "400")).isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/api/v1/ratings", "status", "503")).isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "unmatched", "status", "404")).isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_kafka_send_failures_total")).isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_ratings_accepted_total", "channel", "evaluator")).isEqualTo(2.0);
        assertThat(PrometheusText.value(text, "hcp_http_request_duration_seconds_count", "route", "/api/v1/ratings")).isEqualTo(4.0);
        assertThat(text).contains("hcp_http_request_duration_seconds_bucket{route=\"/api/v1/ratings\",le=\"+Inf\"} 4");
    }

    @Test
    void aSecondDeviceRatingOfTheSameCaseIs409ButTheSameRatingIdSignedAnewIsNotStoredTwice() {
        RatingRequests first = RatingRequests.valid();
        assertThat(client.post(first.json()).status()).isEqualTo(202);

        SignedClient.Reply second = client.post(RatingRequests.valid().projectNo(first.projectNo()).json());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).startsWith("请勿重复评价");
        SignedClient.Reply resent = client.post(first.json(), TestConfigs.DEVICE, TestConfigs.SECRET,
                TestConfigs.NOW.toEpochMilli() - 1);
        assertThat(resent.status()).isEqualTo(202);
        assertThat(publisher.records()).hasSize(1);
        assertThat(PrometheusText.value(registry.scrape(), "hcp_ratings_rejected_total", "reason", "duplicate"))
                .isEqualTo(1.0);
    }

    @Test
    void aRatingKafkaDidNotTakeLeavesItsCaseFreeForTheNextRating() {
        RatingRequests first = RatingRequests.valid();
        publisher.mode(Mode.FAIL);
        assertThat(client.post(first.json()).status()).isEqualTo(503);
        publisher.mode(Mode.ACK);
        assertThat(client.post(RatingRequests.valid().projectNo(first.projectNo()).json()).status()).isEqualTo(202);
    }

    @Test
    void eachSignedRecordGoesToItsOwnTopic() {
        byte[] transaction = RatingJson.write(CaseEventEndpointITCase.completed(null));
        assertThat(client.postSigned(IngestVerticle.TRANSACTIONS_PATH, transaction, TestConfigs.SYSTEM,
                TestConfigs.SYSTEM_SECRET).status()).isEqualTo(202);
        byte[] sms = "{\"messageId\":\"m-1\",\"phone\":\"13712345678\",\"text\":\"5\",\"sentAt\":null}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(client.postSigned(IngestVerticle.SMS_INBOUND_PATH, sms, TestConfigs.GATEWAY,
                TestConfigs.GATEWAY_SECRET).status()).isEqualTo(202);
        assertThat(client.post(RatingRequests.valid().json()).status()).isEqualTo(202);
        assertThat(publisher.records()).extracting(InMemoryRecordPublisher.Published::topic)
                .containsExactly("hcp.transactions", "hcp.sms.inbound", "hcp.ratings");
        String metrics = client.get("/metrics").body();
        assertThat(PrometheusText.value(metrics, "hcp_records_accepted_total", "kind", "case_event")).isEqualTo(1.0);
        assertThat(PrometheusText.value(metrics, "hcp_records_accepted_total", "kind", "sms_reply")).isEqualTo(1.0);
    }

    @Test
    void pagesAreCountedByTheirRouteTemplateAndTakeOnlyTheirMethods() {
        assertThat(client.get("/r/forged-token").status()).isEqualTo(400);
        assertThat(client.get(CaseTokens.kioskPath("counter-03", "")).status()).isEqualTo(200);
        assertThat(client.get("/kiosk/counter%2003").status()).isEqualTo(400);
        assertThat(client.get("/kiosk/counter-03").status()).isEqualTo(403);
        SignedClient.Reply delete = client.request("DELETE", "/r/forged-token");
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("GET, POST");

        String text = client.get("/metrics").body();
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/r/:token", "status", "400"))
                .isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/kiosk/:counterId", "status", "200"))
                .isEqualTo(1.0);
        assertThat(PrometheusText.value(text, "hcp_ratings_rejected_total", "reason", "token_forged")).isEqualTo(1.0);
    }

    @Test
    void theEvaluatorPageAndItsStreamWithoutTheCountersKeyAre403AndOpenNoStream() throws Exception {
        String otherCountersKey = CaseTokens.KIOSK_KEYS.forCounter("counter-04");
        for (String query : new String[] {"", "?key=", "?key=" + otherCountersKey}) {
            SignedClient.Reply page = client.get("/kiosk/counter-03" + query);
            assertThat(page.status()).as(query).isEqualTo(403);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.body()).contains("id=\"notice\" data-notice=\"unpaired\"", "评价器未授权", "./hcp qr")
                    .doesNotContain("EventSource");
            try (EventStreamClient stream = new EventStreamClient(vertx, verticle.actualPort(),
                    "/kiosk/counter-03/events" + query)) {
                assertThat(stream.status()).as(query).isEqualTo(403);
                assertThat(stream.contentType()).isEqualTo("application/json; charset=utf-8");
            }
        }
        SignedClient.Reply wrongKey = client.get("/kiosk/counter-03/events?key=" + otherCountersKey);
        assertThat(wrongKey.json().get("error").asText())
                .isEqualTo("评价器未授权 ('key' is not the kiosk key of counter counter-03; "
                        + "open the evaluator address printed by ./hcp qr)");
        assertThat(client.get("/kiosk/counter-03/events").json().get("error").asText())
                .startsWith("评价器未授权 (query parameter 'key' is missing;");

        String text = client.get("/metrics").body();
        assertThat(PrometheusText.value(text, "hcp_kiosk_connections")).isEqualTo(0.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/kiosk/:counterId", "status", "403"))
                .isEqualTo(3.0);
        assertThat(PrometheusText.value(text, "hcp_http_requests_total", "route", "/kiosk/:counterId/events",
                "status", "403")).isEqualTo(5.0);
    }

    @Test
    void theCountersKeyOpensItsStreamAndTheKioskConnectionIsCounted() throws Exception {
        try (EventStreamClient stream = new EventStreamClient(vertx, verticle.actualPort(),
                CaseTokens.kioskPath("counter-03", "/events"))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.awaitText(": connected to counter counter-03");
            assertThat(PrometheusText.value(client.get("/metrics").body(), "hcp_kiosk_connections")).isEqualTo(1.0);
        }
    }

    @Test
    void theQrPageOfAnOfferedCaseNamesItsItemEvenWhenOfferedBetweenTwoSeconds() throws Exception {
        IngestVerticle offBeat = new IngestVerticle(TestConfigs.config(), publisher, registry,
                java.time.Clock.fixed(TestConfigs.NOW.plusMillis(500), java.time.ZoneOffset.UTC));
        String id = vertx.deployVerticle(offBeat).await(10, TimeUnit.SECONDS);
        try {
            SignedClient offBeatClient = new SignedClient(offBeat.actualPort());
            String token = offBeatClient.postSigned(IngestVerticle.RATING_REQUESTS_PATH,
                    CaseTokens.ratingRequest("P-0201"), TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET)
                    .json().get("token").asText();
            assertThat(offBeatClient.get("/r/" + token).body()).contains("办理事项：居民身份证换领");
        } finally {
            vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        }
    }

    private void assertViolation(RatingRequests request, String field, String messagePart) {
        SignedClient.Reply reply = client.post(request.json());
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode violations = reply.json().get("violations");
        assertThat(violations.findValuesAsText("field")).as(reply.body()).contains(field);
        assertThat(violations.toString()).contains(messagePart);
    }

    private static void assertError(SignedClient.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(reply.json().get("error").asText()).isEqualTo(message);
    }

    static Rating readRating(byte[] value) {
        try {
            return RatingJson.readRating(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
