package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.TagCatalogue;
import org.junit.jupiter.api.Test;

/**
 * The counter evaluator flow against real Kafka: "请评价" pushes the case to the evaluator page's event
 * stream, the page posts a token rating, exactly one rating lands; every refusal stores nothing.
 */
class KioskFlowITCase extends EdgeKafkaFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = CaseTokens.kioskPath(CaseTokens.COUNTER, "/events");

    private SignedClient.Reply offer(String projectNo) {
        return client.postSigned(IngestVerticle.RATING_REQUESTS_PATH, CaseTokens.ratingRequest(projectNo),
                TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET);
    }

    private SignedClient.Reply rate(String token, String ratingId, int level, String tags, String comment) {
        return client.postJson(IngestVerticle.TOKEN_RATINGS_PATH, "{\"token\":\"" + token + "\",\"ratingId\":\""
                + ratingId + "\",\"level\":" + level + ",\"tagCodes\":[" + tags + "],\"comment\":\"" + comment
                + "\",\"source\":\"kiosk\"}");
    }

    @Test
    void aRatingRequestIsPushedToTheConnectedEvaluatorPage() throws Exception {
        try (EventStreamClient page = new EventStreamClient(vertx, edge.port(), EVENTS)) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/event-stream");
            page.awaitText(": connected to counter counter-03");

            SignedClient.Reply answer = offer("P-0001");

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("delivered").asInt()).isEqualTo(1);
            JsonNode pushed = JSON.readTree(page.firstCaseData());
            assertThat(pushed.get("projectNo").asText()).isEqualTo("P-0001");
            assertThat(pushed.get("itemName").asText()).isEqualTo("居民身份证换领");
            assertThat(pushed.get("token").asText()).isEqualTo(answer.json().get("token").asText());
            for (int level = 1; level <= 5; level++) {
                assertThat(pushed.at("/tags/" + level).size()).isEqualTo(TagCatalogue.national().tagsOf(level).size());
            }
            assertThat(pushed.at("/tags/5/0/code").asText()).isEqualTo(TagCatalogue.national().tagsOf(5).get(0).code());
        }
        assertNothingPublished();
    }

    @Test
    void withNoEvaluatorPageTheClerkGets409ButThePageConnectingLaterStillGetsTheCase() throws Exception {
        SignedClient.Reply answer = offer("P-0002");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("delivered").asInt()).isZero();
        assertThat(answer.json().get("error").asText()).startsWith("评价器未连接").contains("offline");
        try (EventStreamClient page = new EventStreamClient(vertx, edge.port(), EVENTS)) {
            assertThat(JSON.readTree(page.firstCaseData()).get("projectNo").asText()).isEqualTo("P-0002");
        }
    }

    @Test
    void aStreamWithoutTheCountersKeyIsRefusedAndNeverReceivesItsCases() throws Exception {
        String unkeyed = "/kiosk/" + CaseTokens.COUNTER + "/events";
        String otherCountersKey = unkeyed + "?key=" + CaseTokens.KIOSK_KEYS.forCounter("counter-04");
        try (EventStreamClient noKey = new EventStreamClient(vertx, edge.port(), unkeyed);
             EventStreamClient wrongKey = new EventStreamClient(vertx, edge.port(), otherCountersKey)) {
            assertThat(noKey.status()).isEqualTo(403);
            assertThat(wrongKey.status()).isEqualTo(403);
            assertThat(PrometheusText.value(client.get("/metrics").body(), "hcp_kiosk_connections")).isEqualTo(0.0);

            SignedClient.Reply answer = offer("P-0008");

            assertThat(answer.status()).as("no evaluator page is connected").isEqualTo(409);
            assertThat(answer.json().get("delivered").asInt()).isZero();
        }
        try (EventStreamClient page = new EventStreamClient(vertx, edge.port(), EVENTS)) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(PrometheusText.value(client.get("/metrics").body(), "hcp_kiosk_connections")).isEqualTo(1.0);
            assertThat(JSON.readTree(page.firstCaseData()).get("projectNo").asText()).isEqualTo("P-0008");
        }
        assertNothingPublished();
    }

    @Test
    void ratingRequestsMustBeSignedByABusinessSystemAndValid() {
        byte[] body = CaseTokens.ratingRequest("P-0003");
        assertThat(client.postRaw(IngestVerticle.RATING_REQUESTS_PATH, body, null, null, null).status()).isEqualTo(401);
        SignedClient.Reply byDevice = client.postSigned(IngestVerticle.RATING_REQUESTS_PATH, body, TestConfigs.DEVICE,
                TestConfigs.SECRET);
        assertThat(byDevice.json().get("error").asText()).isEqualTo("X-Device-Id names no registered business system");
        SignedClient.Reply invalid = client.postSigned(IngestVerticle.RATING_REQUESTS_PATH,
                "{\"projectNo\":\"P 3\",\"hallId\":\"hall-7\",\"counterId\":\"counter-03\",\"clerkId\":\"c\"}".getBytes(),
                TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("violations").findValuesAsText("field")).containsExactly("projectNo", "itemName");
    }

    @Test
    void theEvaluatorPagesRatingLandsOnceAsAnEvaluatorRatingOfTheOfferedCase() throws Exception {
        String token = offer("P-0004").json().get("token").asText();

        SignedClient.Reply answer = rate(token, "kiosk-r1", 2, "\"214\"", "等了很久");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("ratingId").asText()).isEqualTo("kiosk-r1");
        List<ConsumerRecord<byte[], byte[]>> records = read(ratingsTopic);
        assertThat(records).hasSize(1);
        assertThat(key(records.get(0))).isEqualTo("hall-7/counter-03");
        Rating rating = IngestVerticleTest.readRating(records.get(0).value());
        assertThat(rating).isEqualTo(new Rating("kiosk-r1", "P-0004", 1, Channel.EVALUATOR, 2, List.of("214"), "等了很久",
                "hall-7", "counter-03", "clerk-0042", "dept-gongan", "item-0101", "110105", TestConfigs.NOW,
                TestConfigs.NOW, "", "", "kiosk:counter-03", false));
    }

    @Test
    void aSecondRatingOfTheCaseIs409ButTheSameRatingIdAgainIsHarmless() {
        String token = offer("P-0005").json().get("token").asText();
        assertThat(rate(token, "kiosk-r2", 5, "", "").status()).isEqualTo(202);

        SignedClient.Reply again = rate(token, "kiosk-r3", 4, "", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).startsWith("请勿重复评价");
        assertThat(rate(token, "kiosk-r2", 5, "", "").status()).as("a double submit").isEqualTo(202);
        assertThat(read(ratingsTopic)).hasSize(1);
    }

    @Test
    void forgedExpiredOrInvalidTokenRatingsAreRefusedAndStoreNothing() {
        String token = CaseTokens.caseToken("P-0006");
        assertError(rate(CaseTokens.forged(token), "r-a", 5, "", ""), 400, "二维码无效");
        assertError(rate(CaseTokens.expiredCaseToken("P-0006"), "r-b", 5, "", ""), 410, "二维码已过期");
        assertViolation(rate(token, "r-c", 6, "", ""), "level");
        assertViolation(rate(token, "r-d", 1, "", ""), "tagCodes");
        assertViolation(rate(token, "r-e", 5, "\"214\"", ""), "tagCodes");
        assertViolation(rate(token, "r f", 5, "", ""), "ratingId");
        assertViolation(client.postJson(IngestVerticle.TOKEN_RATINGS_PATH,
                "{\"token\":\"" + token + "\",\"ratingId\":\"r-g\",\"level\":5,\"source\":\"sms\"}"), "source");
        assertViolation(client.postJson(IngestVerticle.TOKEN_RATINGS_PATH, "{\"token\":"), "body");
        assertNothingPublished();
    }

    @Test
    void aPosterTokenRatesTheCounterPendingCaseOrIs404WithoutOne() {
        String poster = CaseTokens.posterToken();
        assertError(client.postJson(IngestVerticle.TOKEN_RATINGS_PATH,
                "{\"token\":\"" + poster + "\",\"ratingId\":\"qr-1\",\"level\":5}"), 404, "当前窗口暂无待评价的办件");
        offer("P-0007");

        SignedClient.Reply answer = client.postJson(IngestVerticle.TOKEN_RATINGS_PATH,
                "{\"token\":\"" + poster + "\",\"ratingId\":\"qr-2\",\"level\":5}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        Rating rating = IngestVerticleTest.readRating(read(ratingsTopic).get(0).value());
        assertThat(rating.projectNo()).isEqualTo("P-0007");
        assertThat(rating.channel()).isEqualTo(Channel.QR);
        assertThat(rating.deviceId()).isEqualTo("qr");
        assertError(client.postJson(IngestVerticle.TOKEN_RATINGS_PATH,
                "{\"token\":\"" + poster + "\",\"ratingId\":\"qr-3\",\"level\":5}"), 404, "当前窗口暂无待评价的办件");
        assertThat(read(ratingsTopic)).hasSize(1);
    }

    private static void assertError(SignedClient.Reply reply, int status, String prefix) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).startsWith(prefix);
    }

    private static void assertViolation(SignedClient.Reply reply, String field) {
        assertViolation(reply, "invalid rating", field);
    }
}
