package org.haochaping.app.alerts;

import org.haochaping.app.delivery.DeliveryLoop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert webhook sender against the real in-JVM Kafka broker and chDB, posting over HTTP to a small
 * receiver on 127.0.0.1 that stands in for the outside webhook endpoint (and answers as each test tells it).
 */
class WebhookAlertSenderITCase {

    private static final Instant NOW = Instant.parse("2026-10-08T09:00:00Z");
    private static final String TOKEN = "webhook-token-123";
    private static final Set<AlertType> POSTED = Set.of(AlertType.BAD_RATING, AlertType.OVERDUE, AlertType.SPIKE);
    private static final DeliveryLoop.Options FAST = WebhookAlertSender.optionsFrom(
                    ConfigLoader.defaults().alerts())
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .withInDoubtAfter(Duration.ofMinutes(10));
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private String topic;
    private ClickHouseStore store;
    private WebhookReceiver receiver;
    private final List<WebhookAlertSender> senders = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path tmp = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"));
        Files.createDirectories(tmp);
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory(tmp, "alerts-it-kafka-"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void freshTopicTablesAndReceiver() throws IOException {
        topic = "hcp.alerts.it-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, 2);
        store = EmbeddedTestStore.truncateAll();
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        senders.forEach(WebhookAlertSender::close);
        receiver.close();
    }

    private WebhookAlertSender start(Duration timeout) {
        return start(timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private WebhookAlertSender start(Duration timeout, Clock clock) {
        WebhookAlertSender sender = new WebhookAlertSender(broker.bootstrapServers(), topic,
                new AlertWebhook(receiver.url(), TOKEN, timeout), POSTED, store, clock, FAST);
        senders.add(sender);
        return sender.start();
    }

    private WebhookAlertSender start() {
        return start(Duration.ofSeconds(5));
    }

    private static Alert alert(String id, AlertType type, String title) {
        boolean deadline = type == AlertType.DUE_SOON || type == AlertType.OVERDUE;
        return new Alert(id, type, deadline ? "follow_up" : "", "H1", "W3", "K7", deadline || type == AlertType.BAD_RATING
                ? "P1" : "", title, deadline ? Instant.parse("2026-10-08T08:30:00Z") : null,
                Instant.parse("2026-10-08T08:30:00Z"), 1);
    }

    private static Alert overdue(String workOrder) {
        return new Alert("overdue:follow_up:" + workOrder, AlertType.OVERDUE, "follow_up", "H1", "W3", "K7", workOrder,
                "回访已超时：工单 " + workOrder + "，截止 2026-10-08 16:30", Instant.parse("2026-10-08T08:30:00Z"),
                Instant.parse("2026-10-08T08:30:00Z"), 1);
    }

    private void publish(Alert alert) throws Exception {
        publishRaw(alert.alertId(), RatingJson.write(alert));
    }

    private void publishRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitProcessed(WebhookAlertSender sender, long records) throws InterruptedException {
        await(records + " alert records processed", () -> sender.stats().processed() >= records);
        assertThat(sender.stats().processed()).isEqualTo(records);
    }

    private List<Map<String, Object>> deliveries() {
        return store.query("SELECT alert_id, status, http_status, attempt, detail FROM alert_deliveries FINAL ORDER BY alert_id");
    }

    private static Map<String, Object> delivery(String id, String status, long httpStatus, long attempt, String detail) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("alert_id", id);
        row.put("status", status);
        row.put("http_status", httpStatus);
        row.put("attempt", attempt);
        row.put("detail", detail);
        return row;
    }

    @Test
    void postsEachAlertOnceAsJsonWithTextIdempotencyKeyAndToken() throws Exception {
        Alert bad = alert("bad:r-1", AlertType.BAD_RATING, "新差评：大厅 H1 窗口 W3 工作人员 K7，不满意");
        Alert late = overdue("P1");
        Alert spike = new Alert("spike:clerk:H1/K7:r-3", AlertType.SPIKE, "clerk", "H1", "", "K7", "",
                "差评集中：工作人员 K7 在 60 分钟内收到 3 条差评", null, Instant.parse("2026-10-08T08:31:00Z"), 3);
        for (Alert a : List.of(bad, late, spike)) {
            publish(a);
        }
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 3);

        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(3, 0, 0, 0, 0));
        assertThat(receiver.requests()).hasSize(3);
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        Map<String, WebhookReceiver.Request> byKey = new HashMap<>();
        receiver.requests().forEach(r -> byKey.put(r.idempotencyKey(), r));
        assertThat(byKey).containsOnlyKeys(bad.alertId(), late.alertId(), spike.alertId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alertId", "overdue:follow_up:P1");
        body.put("type", "overdue");
        body.put("subject", "follow_up");
        body.put("hallId", "H1");
        body.put("counterId", "W3");
        body.put("clerkId", "K7");
        body.put("workOrderId", "P1");
        body.put("title", "回访已超时：工单 P1，截止 2026-10-08 16:30");
        body.put("dueAt", "2026-10-08T08:30:00Z");
        body.put("raisedAt", "2026-10-08T08:30:00Z");
        body.put("count", 1);
        body.put("text", "回访已超时：工单 P1，截止 2026-10-08 16:30");
        assertThat(byKey.get(late.alertId()).body()).isEqualTo(body);
        assertThat(byKey.get(spike.alertId()).body()).containsEntry("type", "spike").containsEntry("count", 3)
                .containsEntry("text", spike.title()).containsEntry("dueAt", null);
        assertThat(deliveries()).containsExactly(
                delivery(bad.alertId(), "sent", 200, 1, ""),
                delivery(late.alertId(), "sent", 200, 1, ""),
                delivery(spike.alertId(), "sent", 200, 1, ""));
    }

    @Test
    void reDeliveredRecordsAndARestartedSenderDoNotPostAgain() throws Exception {
        Alert late = overdue("P1");
        Alert other = overdue("P2");
        publish(late);
        publish(late); // the same alert twice in one batch (a replay of the stream job)
        publish(other);
        WebhookAlertSender first = start();
        awaitProcessed(first, 3);
        publish(late); // and once more after the first copy was posted: found in alert_deliveries
        awaitProcessed(first, 4);
        assertThat(first.stats()).isEqualTo(new WebhookAlertSender.Stats(2, 2, 0, 0, 0));
        first.close();

        // the committed offsets are lost (e.g. the group expired): the new sender reads everything again
        try (Admin admin = Admin.create(broker.adminConfig())) {
            admin.deleteConsumerGroups(List.of(WebhookAlertSender.GROUP_ID)).all().get();
        }
        WebhookAlertSender second = start();
        awaitProcessed(second, 4);

        assertThat(second.stats()).isEqualTo(new WebhookAlertSender.Stats(0, 4, 0, 0, 0));
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey)
                .containsExactlyInAnyOrder(late.alertId(), other.alertId());
        assertThat(deliveries()).extracting(row -> row.get("status")).containsExactly("sent", "sent");
    }

    @Test
    void a503IsRetriedOnceThenThe200IsRecorded() throws Exception {
        Alert late = overdue("P1");
        receiver.answer(late.alertId(), 503);
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 1);

        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey)
                .containsExactly(late.alertId(), late.alertId());
        assertThat(receiver.requests().get(1).body()).isEqualTo(receiver.requests().get(0).body());
        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(1, 0, 0, 0, 0));
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "sent", 200, 2, ""));
    }

    @Test
    void a400IsRecordedFailedWithoutRetry() throws Exception {
        Alert late = overdue("P1");
        receiver.answer(late.alertId(), 400);
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 1);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(0, 0, 0, 1, 0));
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "failed", 400, 1,
                "refused: webhook answered 400: {\"error\":\"answer 400\"}"));
    }

    @Test
    void aReceiverThatKeepsFailingIsTriedWebhookMaxAttemptsTimes() throws Exception {
        Alert late = overdue("P1");
        for (int i = 0; i < FAST.maxAttempts(); i++) {
            receiver.answer(late.alertId(), i % 2 == 0 ? 500 : 429);
        }
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 1);

        assertThat(FAST.maxAttempts()).isEqualTo(8);
        assertThat(receiver.requests()).hasSize(8);
        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(0, 0, 0, 1, 0));
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "failed", 429, 8,
                "gave up after 8 attempts: webhook answered 429: {\"error\":\"answer 429\"}"));
    }

    @Test
    void aPostThatTimesOutIsRetried() throws Exception {
        Alert late = overdue("P1");
        receiver.delayFirst(Duration.ofSeconds(2));
        publish(late);
        WebhookAlertSender sender = start(Duration.ofMillis(300));
        awaitProcessed(sender, 1);

        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(1, 0, 0, 0, 0));
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "sent", 200, 2, ""));
        // the first post reached the receiver too (it answered too late): the key lets it drop the second
        await("both posts received", () -> receiver.requests().size() == 2);
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey)
                .containsExactly(late.alertId(), late.alertId());
    }

    @Test
    void typesThatAreNotPostedAreRecordedSkipped() throws Exception {
        Alert dueSoon = alert("due_soon:follow_up:P1", AlertType.DUE_SOON, "回访即将到期：工单 P1，截止 2026-10-08 16:30");
        Alert late = overdue("P1");
        publish(dueSoon);
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 2);

        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey).containsExactly(late.alertId());
        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(1, 0, 1, 0, 0));
        assertThat(deliveries()).containsExactly(
                delivery(dueSoon.alertId(), "skipped", 0, 0, "type due_soon is not in alerts.webhookTypes"),
                delivery(late.alertId(), "sent", 200, 1, ""));
    }

    @Test
    void anAlertLeftSendingByAStoppedSenderIsPostedAgainWithTheSameKey() throws Exception {
        Alert late = overdue("P1");
        // a sender died mid-post an hour ago
        store.insertJsonEachRow("alert_deliveries", List.of("{\"alert_id\":\"" + late.alertId()
                + "\",\"status\":\"sending\",\"attempt\":1,\"updated_at\":\"2026-10-08 08:00:00.000\"}"));
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 1);

        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey).containsExactly(late.alertId());
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "sent", 200, 2, ""));
    }

    @Test
    void anAlertAnotherSenderMayStillBePostingWaitsUntilThatSenderIsGone() throws Exception {
        Alert late = overdue("P1");
        Alert next = overdue("P2");
        // another sender (before a rebalance) started posting it a minute ago
        store.insertJsonEachRow("alert_deliveries", List.of("{\"alert_id\":\"" + late.alertId()
                + "\",\"status\":\"sending\",\"attempt\":1,\"updated_at\":\"2026-10-08 08:59:00.000\"}"));
        publishRaw("same-partition", RatingJson.write(late));
        publishRaw("same-partition", RatingJson.write(next));
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        WebhookAlertSender sender = start(Duration.ofSeconds(5), new Clock() {
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
        });
        Thread.sleep(2000);
        assertThat(receiver.requests()).as("neither it nor the alert behind it is decided yet").isEmpty();
        assertThat(sender.stats().processed()).isZero();

        now.set(NOW.plus(FAST.inDoubtAfter())); // the other sender's row is now older than inDoubtAfter
        awaitProcessed(sender, 2);
        assertThat(receiver.keys()).containsExactly(late.alertId(), next.alertId());
        assertThat(deliveries()).containsExactly(delivery(late.alertId(), "sent", 200, 2, ""),
                delivery(next.alertId(), "sent", 200, 1, ""));
    }

    @Test
    void undecodableRecordsBecomeDeadLettersAndTheLoopCarriesOn() throws Exception {
        publishRaw("k", "not json".getBytes(StandardCharsets.UTF_8));
        publishRaw("k2", "{\"alertId\":\"\",\"type\":\"overdue\",\"title\":\"t\",\"count\":1}".getBytes(StandardCharsets.UTF_8));
        Alert late = overdue("P1");
        publish(late);
        WebhookAlertSender sender = start();
        awaitProcessed(sender, 3);

        assertThat(sender.stats()).isEqualTo(new WebhookAlertSender.Stats(1, 0, 0, 0, 2));
        assertThat(receiver.requests()).hasSize(1);
        List<Map<String, Object>> dead = store.query("SELECT source, payload, reason FROM dead_letters FINAL ORDER BY payload");
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(row -> assertThat(row).containsEntry("source", "alerts"));
        assertThat(dead.get(0)).containsEntry("payload", "not json");
        assertThat((String) dead.get(0).get("reason")).startsWith("not an alert: body: malformed JSON");
        assertThat(dead.get(1).get("reason")).isEqualTo("not an alert: alertId: required");
    }

    @Test
    void noWebhookUrlMeansNoSender() {
        assertThat(WebhookAlertSender.fromConfig(ConfigLoader.defaults(), broker.bootstrapServers(), store,
                Clock.systemUTC())).isEmpty();
    }
}
