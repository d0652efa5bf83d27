package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.haochaping.app.alerts.WebhookReceiver;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.ConsoleRole;
import org.junit.jupiter.api.Test;

/**
 * A 差评's work order through its whole life in the embedded runtime, through the real edge (signed
 * business-system and evaluator requests) and the real console HTTP API, with the console's clock set to
 * the moments a supervisor acts: a 差评 at 16:30 on Wednesday 2026-09-30, the day before the National Day
 * holiday (10-01 to 10-07; Saturday 10-10 is a 调休 working day), gets its follow-up due at 16:30 on
 * 10-08 and its rectification due at 16:30 on 10-27; follow-up, rectification (with the 追评 link and SMS
 * invitation), the citizen's 追评 closes it. Around it: refusals with their reasons (409, 401, 403), an
 * upheld appeal taking a 差评 out of the scores but not out of {@code ratings}, and overdue alerts reaching
 * a webhook receiver exactly once, also across a restart of the runtime from its retained checkpoint.
 *
 * <p>Event time moves only with the records: the 差评 are dated in the past (validation.maxAge raised), the
 * console's commands carry its clock, and a later rating moves the stream job's time past a deadline.
 */
class WorkOrderLifecycleITCase {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final String DEVICE = "lifecycle-evaluator";
    private static final String DEVICE_SECRET = "lifecycle-evaluator-secret-01";
    private static final String SYSTEM = "lifecycle-business-system";
    private static final String SYSTEM_SECRET = "lifecycle-system-secret-0001";
    private static final String WEBHOOK_TOKEN = "lifecycle-webhook-token";
    private static final String PHONE = "13912345678";

    private static final String SUPERVISOR = ConsoleTokenCommand.newToken();
    private static final String OTHER_HALLS_SUPERVISOR = ConsoleTokenCommand.newToken();
    private static final String AUDITOR = ConsoleTokenCommand.newToken();
    private static final String CLERK_K1 = ConsoleTokenCommand.newToken();
    private static final String CLERK_K2 = ConsoleTokenCommand.newToken();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Instant> now = new AtomicReference<>(local("2026-09-30T16:40"));
    /** The console's clock: the test moves it to the moment each command is given. */
    private final Clock consoleClock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(BEIJING).toInstant();
    }

    private static HcpConfig config(WebhookReceiver receiver) throws Exception {
        return RuntimeTestConfig.fresh(Map.of(
                        "flink.checkpointInterval", "500ms",
                        "security.devices." + DEVICE, DEVICE_SECRET,
                        "security.systems." + SYSTEM, SYSTEM_SECRET,
                        // the 差评 of this story are dated weeks before today
                        "validation.maxAge", "120d",
                        "alerts.webhookUrl", receiver.url().toString(),
                        "alerts.webhookToken", WEBHOOK_TOKEN))
                .withConsoleUser("sup-h1", ConsoleRole.SUPERVISOR, List.of("H1"), SUPERVISOR)
                .withConsoleUser("sup-h2", ConsoleRole.SUPERVISOR, List.of("H2"), OTHER_HALLS_SUPERVISOR)
                .withConsoleUser("aud-h1", ConsoleRole.AUDITOR, List.of("H1"), AUDITOR)
                .withConsoleUser("K1", ConsoleRole.CLERK, List.of(), CLERK_K1)
                .withConsoleUser("K2", ConsoleRole.CLERK, List.of(), CLERK_K2);
    }

    @Test
    void aBadRatingIsFollowedUpRectifiedReRatedAndClosedWithAlertsPostedOnceAcrossARestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            HcpConfig config = config(receiver);
            try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config, consoleClock)) {
                ClickHouseStore store = runtime.store();
                openTwoWorkOrders(runtime, store);
                refusalsBeforeTheStreamJob(runtime);
                followUpAppealAndRectify(runtime, store);
                reRateAndClose(runtime, store);
                anOverdueFollowUpIsPostedOnce(runtime, store, receiver);
                await("everything processed and checkpointed", () -> lagIsZero(runtime));
            }
            // the same data folder: the job resumes from its retained checkpoint with its timers
            assertThat(CheckpointLocator.latest(config.dataPath().resolve("checkpoints"))).isPresent();
            try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config, consoleClock)) {
                anOverdueRectificationIsPostedOnceAfterTheRestart(runtime, runtime.store(), receiver);
            }
        }
    }

    /** P1: the 差评 of the story, with its case (and phone); P2: a 差评 that will be appealed. */
    private void openTwoWorkOrders(EmbeddedRuntime runtime, ClickHouseStore store) throws Exception {
        assertThat(signed(runtime, "/api/v1/transactions", SYSTEM, SYSTEM_SECRET, """
                {"eventId":"bs-P1","type":"completed","projectNo":"P1","itemCode":"330100-001","itemName":"居民身份证换领",
                 "hallId":"H1","counterId":"W1","frontClerkId":"K1","promiseType":"immediate",
                 "acceptedAt":"%s","completedAt":"%s","citizenPhone":"%s"}"""
                .formatted(local("2026-09-30T16:05"), local("2026-09-30T16:20"), PHONE)).statusCode()).isEqualTo(202);
        assertThat(rating(runtime, "r-P1", "P1", 1, 2, "W1", "K1", local("2026-09-30T16:30")).statusCode()).isEqualTo(202);
        assertThat(rating(runtime, "r-P2", "P2", 1, 1, "W2", "K2", local("2026-09-30T17:00")).statusCode()).isEqualTo(202);

        await("two work orders", () -> count(store, "SELECT count() FROM work_orders FINAL") == 2);
        assertThat(store.query("SELECT status, rating_id, clerk_id, toString(opened_at) AS opened, "
                + "toString(follow_up_due) AS follow_up_due, toString(rectify_due) AS rectify_due "
                + "FROM work_orders FINAL WHERE work_order_id = 'P1'")).containsExactly(Map.of(
                "status", "open", "rating_id", "r-P1", "clerk_id", "K1", "opened", "2026-09-30 08:30:00.000",
                // one working day after Wednesday 16:30: the holiday runs to Wednesday 10-07, so Thursday 10-08
                "follow_up_due", "2026-10-08 08:30:00.000",
                // fifteen working days, counting Saturday 10-10 (调休) and not the weekends around it
                "rectify_due", "2026-10-27 08:30:00.000"));

        JsonNode wo = console(runtime, "GET", "/api/v1/work-orders/P1", SUPERVISOR, null).json();
        assertThat(wo.path("workOrder").path("status").asText()).isEqualTo("open");
        assertThat(wo.path("workOrder").path("statusName").asText()).isEqualTo("待回访");
    }

    /** Refused by the console itself: no token, a clerk rectifying. */
    private void refusalsBeforeTheStreamJob(EmbeddedRuntime runtime) throws Exception {
        Answer anonymous = console(runtime, "POST", "/api/v1/work-orders/P1/follow-ups", null, followUp());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").asText()).contains("Authorization: Bearer");
        assertThat(console(runtime, "GET", "/api/v1/work-orders", null, null).status()).isEqualTo(401);
        assertThat(console(runtime, "GET", "/api/v1/work-orders", "not-a-token-of-anyone", null).status()).isEqualTo(401);

        Answer clerk = console(runtime, "POST", "/api/v1/work-orders/P1/rectification", CLERK_K1, rectification());
        assertThat(clerk.status()).isEqualTo(403);
        assertThat(clerk.json().path("error").asText()).isEqualTo("您的角色（窗口工作人员）不能办理整改");
    }

    private void followUpAppealAndRectify(EmbeddedRuntime runtime, ClickHouseStore store) throws Exception {
        // rectifying before the follow-up: the stream job refuses with its reason
        now.set(local("2026-10-08T09:30"));
        Answer early = console(runtime, "POST", "/api/v1/work-orders/P1/rectification", SUPERVISOR, rectification());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("error").asText()).isEqualTo("工单尚未回访，请先回访核实后再整改");

        // the supervisor of another hall may not touch it
        Answer otherHall = console(runtime, "POST", "/api/v1/work-orders/P1/follow-ups", OTHER_HALLS_SUPERVISOR,
                followUp());
        assertThat(otherHall.status()).isEqualTo(403);
        assertThat(otherHall.json().path("error").asText()).isEqualTo("该工单属于大厅 H1，不在您的管辖范围内");
        assertThat(console(runtime, "GET", "/api/v1/work-orders/P1", OTHER_HALLS_SUPERVISOR, null).status())
                .isEqualTo(403);

        now.set(local("2026-10-08T10:00"));
        Answer followUp = console(runtime, "POST", "/api/v1/work-orders/P1/follow-ups", SUPERVISOR, followUp());
        assertThat(followUp.status()).as(followUp.body()).isEqualTo(200);
        assertThat(followUp.json().path("result").asText()).isEqualTo("applied");
        assertThat(followUp.json().path("status").asText()).isEqualTo("followed_up");

        // P2: the clerk appeals the 差评 as mistaken, the auditor upholds it
        now.set(local("2026-10-08T10:10"));
        Answer otherClerk = console(runtime, "POST", "/api/v1/work-orders/P2/appeal", CLERK_K1,
                "{\"kind\":\"mistaken\",\"reason\":\"不是我办理的\"}");
        assertThat(otherClerk.status()).isEqualTo(403);
        assertThat(otherClerk.json().path("error").asText()).isEqualTo("只能对本人收到的差评申诉，该差评评价的是其他工作人员");
        Answer appeal = console(runtime, "POST", "/api/v1/work-orders/P2/appeal", CLERK_K2,
                "{\"kind\":\"mistaken\",\"reason\":\"市民按错了按键，现场已确认\"}");
        assertThat(appeal.status()).as(appeal.body()).isEqualTo(200);
        Answer again = console(runtime, "POST", "/api/v1/work-orders/P2/appeal", SUPERVISOR,
                "{\"kind\":\"malicious\",\"reason\":\"再次申诉\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("该工单已申诉过，不能重复申诉");
        now.set(local("2026-10-08T10:20"));
        Answer upheld = console(runtime, "POST", "/api/v1/work-orders/P2/appeal/review", AUDITOR,
                "{\"decision\":\"upheld\",\"note\":\"录像核实为误按\"}");
        assertThat(upheld.status()).as(upheld.body()).isEqualTo(200);
        assertThat(upheld.json().path("status").asText()).isEqualTo("voided");

        await("P2 excluded from the scores", () -> count(store,
                "SELECT count() FROM score_exclusions FINAL WHERE rating_id = 'r-P2'") == 1
                && count(store, "SELECT count() FROM clerk_minute_scores FINAL WHERE clerk_id = 'K2'") > 0);
        assertThat(count(store, "SELECT count() FROM ratings FINAL WHERE rating_id = 'r-P2'")).as("kept").isEqualTo(1);
        assertThat(count(store, "SELECT count() FROM counted_ratings WHERE rating_id = 'r-P2'")).isZero();
        assertThat(count(store, "SELECT count() FROM counted_ratings WHERE rating_id = 'r-P1'")).isEqualTo(1);
        assertThat(count(store, "SELECT sum(ratings) FROM clerk_minute_scores FINAL WHERE clerk_id = 'K2'")).isEqualTo(1);
        assertThat(count(store, "SELECT sum(ratings) FROM clerk_scores WHERE clerk_id = 'K2'")).isZero();
        assertThat(count(store, "SELECT sum(bad_count) FROM clerk_scores WHERE clerk_id = 'K2'")).isZero();
        assertThat(count(store, "SELECT sum(bad_count) FROM counter_scores WHERE counter_id = 'W2'")).isZero();
        assertThat(count(store, "SELECT sum(bad_count) FROM clerk_scores WHERE clerk_id = 'K1'")).isEqualTo(1);
        assertThat(store.query("SELECT status, appeal_status, close_reason FROM work_orders FINAL WHERE work_order_id = 'P2'"))
                .containsExactly(Map.of("status", "voided", "appeal_status", "upheld", "close_reason", "appeal_upheld"));

        now.set(local("2026-10-09T11:00"));
        Answer rectified = console(runtime, "POST", "/api/v1/work-orders/P1/rectification", SUPERVISOR, rectification());
        assertThat(rectified.status()).as(rectified.body()).isEqualTo(200);
        assertThat(rectified.json().path("status").asText()).isEqualTo("rectified");
        await("P1 rectified in ClickHouse", () -> count(store,
                "SELECT count() FROM work_orders FINAL WHERE work_order_id = 'P1' AND status = 'rectified'") == 1);
        JsonNode p1 = console(runtime, "GET", "/api/v1/work-orders/P1", SUPERVISOR, null).json().path("workOrder");
        assertThat(p1.path("statusName").asText()).isEqualTo("待追评");
        assertThat(p1.path("rerateUrl").asText()).startsWith(runtime.config().qr().publicBaseUrl() + "/r/");
        // seven natural days after Friday 10-09, ending at midnight
        assertThat(store.query("SELECT toString(rerate_due) AS due, rectify_cause, rectify_action FROM work_orders FINAL "
                + "WHERE work_order_id = 'P1'")).containsExactly(Map.of("due", "2026-10-16 16:00:00.000",
                "rectify_cause", "窗口高峰期叫号等待过长", "rectify_action", "增开一个综合窗口并公示等候时间"));

        Answer twice = console(runtime, "POST", "/api/v1/work-orders/P1/rectification", SUPERVISOR, rectification());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("error").asText()).endsWith("，不能再整改");

        // the 追评 SMS invitation: issued with the rectification; it expired in real time long ago, so not sent
        await("the 追评 invitation handled", () -> count(store,
                "SELECT count() FROM sms_sends FINAL WHERE invitation_id = 'inv2:P1' AND status = 'expired'") == 1);
        assertThat(store.query("SELECT assess_number, toString(expires_at) AS expires FROM sms_invitations FINAL "
                + "WHERE invitation_id = 'inv2:P1'")).containsExactly(Map.of("assess_number", 2L,
                "expires", "2026-10-16 16:00:00.000"));
    }

    /** The citizen's 追评 on the evaluator closes P1; afterwards nothing more can be done to it. */
    private void reRateAndClose(EmbeddedRuntime runtime, ClickHouseStore store) throws Exception {
        assertThat(rating(runtime, "r-P1-2", "P1", 2, 4, "W1", "K1", local("2026-10-10T09:00")).statusCode())
                .isEqualTo(202);
        await("P1 closed", () -> count(store,
                "SELECT count() FROM work_orders FINAL WHERE work_order_id = 'P1' AND status = 'closed'") == 1);
        assertThat(store.query("SELECT close_reason, rerate_rating_id, rerate_level FROM work_orders FINAL "
                + "WHERE work_order_id = 'P1'")).containsExactly(Map.of("close_reason", "rerated",
                "rerate_rating_id", "r-P1-2", "rerate_level", 4L));

        now.set(local("2026-10-10T09:30"));
        Answer late = console(runtime, "POST", "/api/v1/work-orders/P1/follow-ups", SUPERVISOR, followUp());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().path("error").asText()).endsWith("，不能再回访");
        JsonNode closed = console(runtime, "GET", "/api/v1/work-orders/P1", SUPERVISOR, null).json();
        assertThat(closed.path("workOrder").path("statusName").asText()).isEqualTo("已办结");
        assertThat(closed.path("workOrder").has("rerateUrl")).isFalse();
    }

    /**
     * P3, a 差评 at 14:00 on Friday 10-09: its follow-up is due at 14:00 on the 调休 Saturday; a rating at
     * 16:00 that Saturday moves the job's time past it.
     */
    private void anOverdueFollowUpIsPostedOnce(EmbeddedRuntime runtime, ClickHouseStore store, WebhookReceiver receiver)
            throws Exception {
        assertThat(rating(runtime, "r-P3", "P3", 1, 2, "W3", "K3", local("2026-10-10T10:00")).statusCode()).isEqualTo(202);
        await("P3 opened", () -> count(store, "SELECT count() FROM work_orders FINAL WHERE work_order_id = 'P3'") == 1);
        assertThat(store.query("SELECT toString(follow_up_due) AS due FROM work_orders FINAL WHERE work_order_id = 'P3'"))
                .containsExactly(Map.of("due", "2026-10-12 02:00:00.000"));
        assertThat(rating(runtime, "r-P4", "P4", 1, 5, "W4", "K4", local("2026-10-12T12:00")).statusCode()).isEqualTo(202);

        await("the overdue follow-up of P3 posted", () -> receiver.keys().contains("overdue:follow_up:P3")
                && count(store, "SELECT count() FROM alert_deliveries FINAL") == 5);
        assertThat(receiver.keys()).containsExactlyInAnyOrder("bad:r-P1", "bad:r-P2", "bad:r-P3", "overdue:follow_up:P3");
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + WEBHOOK_TOKEN));
        assertThat(receiver.requests()).filteredOn(r -> r.idempotencyKey().equals("overdue:follow_up:P3"))
                .singleElement().satisfies(r -> assertThat(r.body()).containsEntry("type", "overdue")
                        .containsEntry("workOrderId", "P3").containsEntry("subject", "follow_up")
                        .containsEntry("text", "回访已超时：工单 P3，截止 2026-10-12 10:00"));
        assertThat(store.query("SELECT alert_id, status FROM alert_deliveries FINAL WHERE status = 'skipped'"))
                .as("due-soon alerts are not posted by default")
                .containsExactly(Map.of("alert_id", "due_soon:follow_up:P3", "status", "skipped"));
        // the alerts table is written by the job's ClickHouse sink, apart from the Kafka topic the sender reads
        await("five alerts in the table and P3 marked overdue", () -> count(store, "SELECT count() FROM alerts FINAL") == 5
                && count(store, "SELECT follow_up_overdue FROM work_orders FINAL WHERE work_order_id = 'P3'") == 1);
        assertThat(store.query("SELECT alert_id FROM alerts FINAL ORDER BY alert_id")).extracting(r -> r.get("alert_id"))
                .containsExactly("bad:r-P1", "bad:r-P2", "bad:r-P3", "due_soon:follow_up:P3", "overdue:follow_up:P3");
    }

    private void anOverdueRectificationIsPostedOnceAfterTheRestart(EmbeddedRuntime runtime, ClickHouseStore store,
                                                                   WebhookReceiver receiver) throws Exception {
        String due = store.query("SELECT toString(rectify_due) AS due FROM work_orders FINAL WHERE work_order_id = 'P3'")
                .get(0).get("due").toString();
        assertThat(due).isEqualTo("2026-10-30 02:00:00.000");
        assertThat(rating(runtime, "r-P5", "P5", 1, 5, "W5", "K5", local("2026-10-30T12:00")).statusCode()).isEqualTo(202);
        await("the overdue rectification of P3 posted", () -> receiver.keys().contains("overdue:rectify:P3")
                && count(store, "SELECT count() FROM alert_deliveries FINAL") == 7);
        // and nothing posted twice: the overdue follow-up raised before the restart is not posted again
        assertThat(receiver.keys()).containsExactlyInAnyOrder("bad:r-P1", "bad:r-P2", "bad:r-P3",
                "overdue:follow_up:P3", "overdue:rectify:P3");
        await("seven alerts in the table and P3 marked overdue twice", () -> count(store,
                "SELECT count() FROM alerts FINAL") == 7 && count(store,
                "SELECT rectify_overdue FROM work_orders FINAL WHERE work_order_id = 'P3'") == 1);
        assertThat(count(store, "SELECT count() FROM alerts WHERE alert_id = 'overdue:follow_up:P3'"))
                .as("not raised again after the restart").isEqualTo(1);
        assertThat(store.query("SELECT status, follow_up_overdue, rectify_overdue FROM work_orders FINAL "
                + "WHERE work_order_id = 'P3'")).containsExactly(Map.of("status", "open", "follow_up_overdue", 1L,
                "rectify_overdue", 1L));
        JsonNode overdue = console(runtime, "GET", "/api/v1/work-orders?overdue=true", SUPERVISOR, null).json();
        assertThat(overdue.path("total").asLong()).isEqualTo(1);
        assertThat(overdue.path("items").get(0).path("workOrderId").asText()).isEqualTo("P3");
    }

    private static String followUp() {
        return "{\"reached\":true,\"verified\":true,\"citizenFeedback\":\"等候时间过长，叫号后窗口无人\",\"note\":\"已致歉\"}";
    }

    private static String rectification() {
        return "{\"cause\":\"窗口高峰期叫号等待过长\",\"action\":\"增开一个综合窗口并公示等候时间\"}";
    }

    private HttpResponse<String> rating(EmbeddedRuntime runtime, String ratingId, String projectNo, int assessNumber,
                                        int level, String counter, String clerk, Instant ratedAt) throws Exception {
        String comment = level <= 2 ? ",\"comment\":\"等待时间太长\"" : "";
        return signed(runtime, "/api/v1/ratings", DEVICE, DEVICE_SECRET, """
                {"ratingId":"%s","projectNo":"%s","assessNumber":%d,"level":%d,"tagCodes":[]%s,"hallId":"H1",
                 "counterId":"%s","clerkId":"%s","ratedAt":"%s"}"""
                .formatted(ratingId, projectNo, assessNumber, level, comment, counter, clerk, ratedAt));
    }

    private HttpResponse<String> signed(EmbeddedRuntime runtime, String path, String id, String secret, String body)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header(RequestSignature.DEVICE_HEADER, id)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, ts, bytes))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isLessThan(300);
        return r;
    }

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Answer console(EmbeddedRuntime runtime, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.consoleUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body());
    }

    private static long count(ClickHouseStore store, String sql) {
        try {
            return store.queryLong(sql);
        } catch (RuntimeException e) {
            return -1; // e.g. sum() of no rows while the rows are still coming
        }
    }

    private static boolean lagIsZero(EmbeddedRuntime runtime) {
        try {
            return PipelineLag.of(runtime.bootstrapServers(), PipelineLag.inputTopics(runtime.config())) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
