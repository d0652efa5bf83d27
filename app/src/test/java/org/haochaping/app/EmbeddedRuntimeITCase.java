package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.kafka.ListeningSockets;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

/**
 * The embedded all-in-one runtime end to end: signed HTTP posts → Kafka → Flink → chDB, exact rows in
 * the raw and minute tables, duplicates counted once, rejects leaving no trace, a restart on the same
 * data folder resuming without loss or double counting, and nothing listening beyond 127.0.0.1.
 */
class EmbeddedRuntimeITCase {

    private static final String DEVICE = "itcase-evaluator";
    private static final String SECRET = "itcase-evaluator-secret-0001";
    private final HttpClient http = HttpClient.newHttpClient();

    private static HcpConfig config() throws Exception {
        return RuntimeTestConfig.fresh(Map.of("flink.checkpointInterval", "500ms", "security.devices." + DEVICE, SECRET));
    }

    private static String rating(String id, String counter, String clerk, int level, String tags, Instant ratedAt) {
        return """
                {"ratingId":"%s","projectNo":"P-%s","level":%d,"tagCodes":[%s],"hallId":"hall-it",
                 "counterId":"%s","clerkId":"%s","ratedAt":"%s","raterPhone":"13912345678"}"""
                .formatted(id, id, level, tags, counter, clerk, ratedAt);
    }

    private HttpResponse<String> post(EmbeddedRuntime runtime, String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/api/v1/ratings"))
                .header(RequestSignature.DEVICE_HEADER, DEVICE)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, ts, bytes))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long count(ClickHouseStore store, String sql) {
        return store.queryLong(sql);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void signedRatingsArriveExactlyOnceAndSurviveARestart() throws Exception {
        HcpConfig config = config();
        Instant minute = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config)) {
            // start returns (and logs "haochaping running") only once Flink runs the job
            assertThat(runtime.job().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            ClickHouseStore store = runtime.store();
            for (int i = 0; i < 30; i++) {
                int level = i % 10 == 0 ? 2 : 5;
                String tags = level == 2 ? "\"214\"" : "";
                HttpResponse<String> r = post(runtime, rating("it-" + i, "c-" + (i % 3), "k-" + (i % 2), level, tags,
                        minute.plusSeconds(i)), SECRET);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                assertThat(r.body()).contains("it-" + i);
            }
            // the same rating id again (a device retry with a fresh signature): accepted, counted once
            assertThat(post(runtime, rating("it-0", "c-0", "k-0", 2, "\"214\"", minute), SECRET).statusCode()).isEqualTo(202);
            // rejects: bad signature, out-of-range level, tag of another level, 差评 without detail
            assertThat(post(runtime, rating("bad-1", "c-0", "k-0", 5, "", minute), "wrong-secret-000000000").statusCode())
                    .isEqualTo(401);
            assertThat(post(runtime, rating("bad-2", "c-0", "k-0", 6, "", minute), SECRET).statusCode()).isEqualTo(400);
            assertThat(post(runtime, rating("bad-3", "c-0", "k-0", 4, "\"517\"", minute), SECRET).statusCode()).isEqualTo(400);
            assertThat(post(runtime, rating("bad-4", "c-0", "k-0", 1, "", minute), SECRET).statusCode()).isEqualTo(400);

            await("30 ratings stored and aggregated", () ->
                    count(store, "SELECT count() FROM ratings FINAL") == 30
                            && count(store, "SELECT sum(ratings) FROM counter_minute_scores FINAL") == 30
                            && count(store, "SELECT sum(ratings) FROM clerk_minute_scores FINAL") == 30);
            assertThat(count(store, "SELECT count() FROM ratings FINAL WHERE rating_id LIKE 'bad-%'")).isZero();
            assertThat(count(store, "SELECT sum(bad_count) FROM counter_minute_scores FINAL")).isEqualTo(3);
            assertThat(count(store, "SELECT sum(ratings) FROM counter_minute_scores FINAL WHERE counter_id = 'c-1'"))
                    .isEqualTo(10);
            assertThat(count(store, "SELECT sum(score_sum) FROM clerk_minute_scores FINAL")).isEqualTo(27 * 10 + 3 * 3);
            assertThat(store.query("SELECT DISTINCT rater_phone_masked, length(rater_phone_hash) AS h FROM ratings FINAL"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.get("rater_phone_masked")).isEqualTo("139****5678");
                        assertThat(((Number) row.get("h")).intValue()).isEqualTo(64);
                    });
            assertThat(count(store, "SELECT count() FROM ratings WHERE position(toString(tuple(*)), '13912345678') > 0"))
                    .as("no phone number in clear").isZero();
            assertThat(ListeningSockets.notBoundTo("127.0.0.1")).as("every listener on loopback").isEmpty();
            await("the pipeline to checkpoint everything",
                    () -> lagIsZero(runtime));
        }

        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config)) {
            ClickHouseStore store = runtime.store();
            for (int i = 30; i < 40; i++) {
                assertThat(post(runtime, rating("it-" + i, "c-" + (i % 3), "k-" + (i % 2), 4, "", minute.plusSeconds(i)),
                        SECRET).statusCode()).isEqualTo(202);
            }
            assertThat(post(runtime, rating("it-5", "c-2", "k-1", 5, "", minute.plusSeconds(5)), SECRET).statusCode())
                    .as("a retry of a rating from before the restart").isEqualTo(202);
            await("40 ratings after the restart", () ->
                    count(store, "SELECT count() FROM ratings FINAL") == 40
                            && count(store, "SELECT sum(ratings) FROM counter_minute_scores FINAL") == 40
                            && count(store, "SELECT sum(ratings) FROM clerk_minute_scores FINAL") == 40
                            && lagIsZero(runtime));
            assertThat(count(store, "SELECT sum(ratings) FROM counter_minute_scores FINAL")).isEqualTo(40);
            assertThat(count(store, "SELECT count() FROM dead_letters FINAL")).isZero();
            assertThat(count(store, "SELECT sum(level_4) FROM counter_minute_scores FINAL")).isEqualTo(10);
        }
    }

    private static boolean lagIsZero(EmbeddedRuntime runtime) {
        try {
            return PipelineLag.of(runtime.bootstrapServers(), runtime.config().kafka().ratingsTopic()) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config())) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(post(runtime, "{oops", SECRET).statusCode()).isEqualTo(400);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).containsPattern("hcp_http_requests_total\\{[^}]*status=\"400\"[^}]*} 1\\.0");
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    Map.of("bootstrap.servers", runtime.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).containsAll(runtime.config().kafka().topics());
            }
            assertThat(runtime.smsGateway()).isInstanceOf(org.haochaping.app.sms.LoggingSmsGateway.class);
            assertThat(runtime.alertSender()).as("no alerts.webhookUrl, no webhook sender").isEmpty();
            // the console on its own port: open health, the API only with a token
            assertThat(runtime.consolePort()).isPositive().isNotEqualTo(runtime.httpPort());
            HttpResponse<String> consoleHealth = http.send(HttpRequest.newBuilder(URI.create(runtime.consoleUrl()
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(consoleHealth.statusCode()).as(consoleHealth.body()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(runtime.consoleUrl() + "/api/v1/work-orders")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(PipelineLag.of(runtime.bootstrapServers(), PipelineLag.inputTopics(runtime.config()))).isZero();
        }
    }
}
