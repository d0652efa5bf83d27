package org.haochaping.app.sms;

import org.haochaping.app.delivery.DeliveryLoop;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInvitation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS sender against the real in-JVM Kafka broker and chDB; only the outside SMS gateway is a stand-in
 * ({@link RecordingGateway}, behind the {@link SmsGateway} interface production uses).
 */
class SmsSenderITCase {

    private static final String KEY = "ZGVtby1waG9uZS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=";
    private static final PhoneCipher CIPHER = PhoneCipher.fromBase64Key(KEY);
    private static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");
    private static final Instant OPEN_UNTIL = Instant.parse("2026-11-27T16:00:00Z");
    private static final SmsInvitationText TEXT = new SmsInvitationText("{hall}办理的“{item}”（{projectNo}）请回复1-5评价");
    private static final DeliveryLoop.Options FAST = SmsSender.defaultOptions()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private String topic;
    private ClickHouseStore store;
    private final List<SmsSender> senders = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path tmp = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"));
        Files.createDirectories(tmp);
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory(tmp, "sms-it-kafka-"));
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
    void freshTopicAndTables() {
        topic = "hcp.sms.outbox.it-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, 2);
        store = EmbeddedTestStore.truncateAll();
    }

    @AfterEach
    void stopSenders() {
        senders.forEach(SmsSender::close);
    }

    private SmsSender start(SmsGateway gateway) {
        SmsSender sender = new SmsSender(broker.bootstrapServers(), topic, CIPHER, TEXT, gateway, store,
                Clock.fixed(NOW, ZoneOffset.UTC), FAST);
        senders.add(sender);
        return sender.start();
    }

    private static SmsInvitation invitation(int n, String phone, Instant expiresAt) {
        String projectNo = "P2026112000" + n;
        return new SmsInvitation(SmsInvitation.idFor(projectNo), projectNo, 1, "hall-01", "c-0" + n, "k-0" + n,
                "dept-1", "item-" + n, "居民身份证换领" + n, "440100", "hash-" + n, phone.substring(0, 3) + "****"
                + phone.substring(7), CIPHER.seal(phone), NOW.minus(Duration.ofDays(3)), expiresAt);
    }

    private void publish(SmsInvitation inv) throws Exception {
        publishRaw(inv.phoneHash(), RatingJson.write(inv));
    }

    private void publishRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Publishes the invitations, starts a sender and waits until it has handled every record on the topic. */
    private SmsSender publishAndRun(SmsGateway gateway, List<SmsInvitation> invitations, int recordsOnTopic)
            throws Exception {
        for (SmsInvitation inv : invitations) {
            publish(inv);
        }
        SmsSender sender = start(gateway);
        awaitProcessed(sender, recordsOnTopic);
        return sender;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitProcessed(SmsSender sender, long records) throws InterruptedException {
        await(records + " outbox records processed", () -> sender.stats().processed() >= records);
        assertThat(sender.stats().processed()).isEqualTo(records);
    }

    private String status(String invitationId) {
        List<Map<String, Object>> rows = store.query("SELECT status FROM sms_sends FINAL WHERE invitation_id = '"
                + invitationId + "'");
        assertThat(rows).hasSize(1);
        return (String) rows.get(0).get("status");
    }

    @Test
    void sendsEachInvitationOnceToTheOpenedPhoneWithTheTemplateText() throws Exception {
        RecordingGateway gateway = new RecordingGateway();
        List<SmsInvitation> invitations = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            invitations.add(invitation(i, "1391234567" + i, OPEN_UNTIL));
        }
        SmsSender sender = publishAndRun(gateway, invitations, 6);

        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(6, 0, 0, 0, 0));
        assertThat(gateway.sends()).hasSize(6);
        for (SmsInvitation inv : invitations) {
            int n = invitations.indexOf(inv) + 1;
            assertThat(gateway.sends()).contains(new Sent("1391234567" + n, TEXT.render(inv)));
            assertThat(status(inv.invitationId())).isEqualTo("sent");
        }
        assertThat(TEXT.render(invitations.get(0))).isEqualTo("hall-01办理的“居民身份证换领1”（P20261120001）请回复1-5评价");
        assertThat(store.queryLong("SELECT count() FROM sms_sends FINAL WHERE status = 'sent' AND gateway = 'recording'"
                + " AND startsWith(gateway_message_id, 'gw-') AND attempt = 1")).isEqualTo(6);
    }

    @Test
    void anInvitationPublishedTwiceIsSentOnce() throws Exception {
        RecordingGateway gateway = new RecordingGateway();
        SmsInvitation inv = invitation(1, "13912345671", OPEN_UNTIL);
        SmsSender sender = publishAndRun(gateway, List.of(inv, inv), 2);
        // a third copy after the first two were handled: found in sms_sends, not in the batch
        publish(inv);
        awaitProcessed(sender, 3);

        assertThat(gateway.sends()).containsExactly(new Sent("13912345671", TEXT.render(inv)));
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(1, 2, 0, 0, 0));
        assertThat(status(inv.invitationId())).isEqualTo("sent");
    }

    @Test
    void aRestartedSenderReadingTheTopicAgainSendsNothingTwice() throws Exception {
        RecordingGateway gateway = new RecordingGateway();
        List<SmsInvitation> invitations = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            invitations.add(invitation(i, "1381234567" + i, OPEN_UNTIL));
        }
        SmsSender first = publishAndRun(gateway, invitations, 4);
        first.close();
        // the committed offsets are lost (e.g. the group expired): the new sender reads everything again
        try (Admin admin = Admin.create(broker.adminConfig())) {
            admin.deleteConsumerGroups(List.of(SmsSender.GROUP_ID)).all().get();
        }
        SmsSender second = start(gateway);
        awaitProcessed(second, 4);

        assertThat(gateway.sends()).hasSize(4);
        assertThat(second.stats()).isEqualTo(new SmsSender.Stats(0, 4, 0, 0, 0));
        assertThat(store.queryLong("SELECT count() FROM sms_sends FINAL WHERE status = 'sent'")).isEqualTo(4);
    }

    @Test
    void anExpiredInvitationIsRecordedAndNotSent() throws Exception {
        RecordingGateway gateway = new RecordingGateway();
        SmsInvitation late = invitation(1, "13912345671", Instant.parse("2026-11-19T16:00:00Z"));
        SmsInvitation open = invitation(2, "13912345672", OPEN_UNTIL);
        SmsSender sender = publishAndRun(gateway, List.of(late, open), 2);

        assertThat(gateway.sends()).containsExactly(new Sent("13912345672", TEXT.render(open)));
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(1, 0, 1, 0, 0));
        assertThat(status(late.invitationId())).isEqualTo("expired");
    }

    @Test
    void retryableFailuresAreRetriedUntilTheGatewayTakesTheMessage() throws Exception {
        RecordingGateway gateway = new RecordingGateway(
                new SmsSendException("gateway answered 503", true), new SmsSendException("timed out", true));
        SmsInvitation inv = invitation(1, "13912345671", OPEN_UNTIL);
        SmsSender sender = publishAndRun(gateway, List.of(inv), 1);

        assertThat(gateway.calls()).isEqualTo(3);
        assertThat(gateway.sends()).containsExactly(new Sent("13912345671", TEXT.render(inv)));
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(1, 0, 0, 0, 0));
        assertThat(store.query("SELECT status, attempt FROM sms_sends FINAL"))
                .containsExactly(Map.of("status", "sent", "attempt", 3L));
    }

    @Test
    void aRefusedMessageIsRecordedFailedAndNotRetried() throws Exception {
        RecordingGateway gateway = new RecordingGateway(new SmsSendException("gateway answered 400: bad number", false));
        SmsInvitation inv = invitation(1, "13912345671", OPEN_UNTIL);
        SmsSender sender = publishAndRun(gateway, List.of(inv), 1);

        assertThat(gateway.calls()).isEqualTo(1);
        assertThat(gateway.sends()).isEmpty();
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(0, 0, 0, 1, 0));
        assertThat(store.query("SELECT status, detail FROM sms_sends FINAL"))
                .containsExactly(Map.of("status", "failed", "detail", "refused: gateway answered 400: bad number"));
    }

    @Test
    void anInvitationLeftSendingByAnotherSenderIsNotSentAgain() throws Exception {
        SmsInvitation crashed = invitation(1, "13912345671", OPEN_UNTIL);
        SmsInvitation inFlight = invitation(2, "13912345672", OPEN_UNTIL);
        // a sender died mid-call an hour ago; another (before a rebalance) may still be calling since a minute
        store.insertJsonEachRow("sms_sends", List.of(sendingRow(crashed, "2026-11-20 01:00:00.000"),
                sendingRow(inFlight, "2026-11-20 01:59:00.000")));
        RecordingGateway gateway = new RecordingGateway();
        SmsSender sender = publishAndRun(gateway, List.of(crashed, inFlight), 2);

        assertThat(gateway.calls()).isZero();
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(0, 2, 0, 0, 0));
        assertThat(status(crashed.invitationId())).isEqualTo("unconfirmed");
        assertThat(status(inFlight.invitationId())).isEqualTo("sending");
    }

    private static String sendingRow(SmsInvitation inv, String updatedAt) {
        return "{\"invitation_id\":\"" + inv.invitationId() + "\",\"status\":\"sending\",\"gateway\":\"recording\","
                + "\"attempt\":1,\"updated_at\":\"" + updatedAt + "\"}";
    }

    @Test
    void undecodableRecordsBecomeDeadLettersAndTheLoopCarriesOn() throws Exception {
        RecordingGateway gateway = new RecordingGateway();
        publishRaw("k", "not json at all".getBytes(StandardCharsets.UTF_8));
        SmsInvitation foreign = invitation(1, "13912345671", OPEN_UNTIL);
        SmsInvitation sealedElsewhere = new SmsInvitation(foreign.invitationId(), foreign.projectNo(), foreign.assessNumber(), foreign.hallId(),
                foreign.counterId(), foreign.clerkId(), foreign.deptCode(), foreign.itemCode(), foreign.itemName(),
                foreign.areaCode(), foreign.phoneHash(), foreign.phoneMasked(),
                PhoneCipher.fromBase64Key("b3RoZXItcGhvbmUtZW5jcnlwdGlvbi1rZXktMzJieXQ=").seal("13912345671"),
                foreign.invitedAt(), foreign.expiresAt());
        publish(sealedElsewhere);
        SmsInvitation good = invitation(2, "13912345672", OPEN_UNTIL);
        publish(good);
        SmsSender sender = start(gateway);
        awaitProcessed(sender, 3);

        assertThat(gateway.sends()).containsExactly(new Sent("13912345672", TEXT.render(good)));
        assertThat(sender.stats()).isEqualTo(new SmsSender.Stats(1, 0, 0, 0, 2));
        List<Map<String, Object>> dead = store.query(
                "SELECT source, payload, reason FROM dead_letters FINAL ORDER BY payload");
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0)).containsEntry("source", "sms-outbox").containsEntry("payload", "not json at all");
        assertThat((String) dead.get(0).get("reason")).startsWith("not an SMS invitation: body: malformed JSON");
        assertThat((String) dead.get(1).get("reason"))
                .isEqualTo("invitation inv:P20261120001: sealed phone does not open with this key (altered or another key)");
        assertThat(store.queryLong("SELECT count() FROM sms_sends FINAL")).isEqualTo(1);
    }

    record Sent(String phone, String text) {}

    /** Stands in for the outside SMS gateway: records what it was given, fails as told first. */
    static final class RecordingGateway implements SmsGateway {
        private final Deque<SmsSendException> failuresFirst;
        private final List<Sent> sends = new ArrayList<>();
        private int calls;

        RecordingGateway(SmsSendException... failuresFirst) {
            this.failuresFirst = new ArrayDeque<>(List.of(failuresFirst));
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public synchronized String send(String phone, String text) throws SmsSendException {
            calls++;
            SmsSendException failure = failuresFirst.poll();
            if (failure != null) {
                throw failure;
            }
            sends.add(new Sent(phone, text));
            return "gw-" + sends.size();
        }

        synchronized List<Sent> sends() {
            return List.copyOf(sends);
        }

        synchronized int calls() {
            return calls;
        }
    }
}
