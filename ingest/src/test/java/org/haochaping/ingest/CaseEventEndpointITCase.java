package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.RatingJson;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventType;
import org.haochaping.model.cases.PromiseType;
import org.haochaping.model.cases.TransactionRequest;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/transactions} against real Kafka: exactly one protected case event, or none. */
class CaseEventEndpointITCase extends EdgeKafkaFixture {

    static final String PHONE = "13912345678";

    static TransactionRequest completed(String phone) {
        return new TransactionRequest("ev-0017-completed", "completed", "P-20261121-0017", "item-0101",
                "居民身份证换领", "dept-gongan", "110105", "hall-7", "counter-03", "clerk-0042", "clerk-0099",
                "immediate", TestConfigs.NOW.minusSeconds(1800), TestConfigs.NOW.minusSeconds(60), phone);
    }

    private SignedClient.Reply postBySystem(byte[] body) {
        return client.postSigned(IngestVerticle.TRANSACTIONS_PATH, body, TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET);
    }

    @Test
    void aSignedCompletedCaseLandsOnceKeyedByProjectNoWithThePhoneSealedNotClear() throws Exception {
        SignedClient.Reply reply = postBySystem(RatingJson.write(completed(PHONE)));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("eventId").asText()).isEqualTo("ev-0017-completed");
        List<ConsumerRecord<byte[], byte[]>> records = read(transactionsTopic);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertThat(key(record)).isEqualTo("P-20261121-0017");
        assertNoClearPhone(record);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(PHONE);
        CaseEvent event = RatingJson.read(record.value(), CaseEvent.class);
        assertThat(event.type()).isEqualTo(CaseEventType.COMPLETED);
        assertThat(event.promiseType()).isEqualTo(PromiseType.IMMEDIATE);
        assertThat(event.frontClerkId()).isEqualTo("clerk-0042");
        assertThat(event.itemName()).isEqualTo("居民身份证换领");
        assertThat(event.systemId()).isEqualTo(TestConfigs.SYSTEM);
        assertThat(event.receivedAt()).isEqualTo(TestConfigs.NOW);
        assertThat(event.phoneMasked()).isEqualTo("139****5678");
        assertThat(event.phoneHash()).matches("[0-9a-f]{64}");
        assertThat(PhoneCipher.fromBase64Key(TestConfigs.PHONE_ENCRYPTION_KEY).open(event.phoneSealed()))
                .isEqualTo(PHONE);
        assertThat(read(ratingsTopic)).isEmpty();
        assertThat(read(smsTopic)).isEmpty();
    }

    @Test
    void aCaseWithoutAPhoneIsAcceptedWithEmptyPhoneFields() throws Exception {
        assertThat(postBySystem(RatingJson.write(completed(null))).status()).isEqualTo(202);
        CaseEvent event = RatingJson.read(read(transactionsTopic).get(0).value(), CaseEvent.class);
        assertThat(event.hasPhone()).isFalse();
        assertThat(event.phoneSealed()).isEmpty();
    }

    @Test
    void unsignedWronglySignedOrDeviceSignedRequestsAre401AndStoreNothing() {
        byte[] body = RatingJson.write(completed(PHONE));
        assertThat(client.postRaw(IngestVerticle.TRANSACTIONS_PATH, body, null, null, null).json().get("error").asText())
                .isEqualTo("missing header X-Device-Id");
        SignedClient.Reply wrongSecret = client.postSigned(IngestVerticle.TRANSACTIONS_PATH, body, TestConfigs.SYSTEM,
                TestConfigs.GATEWAY_SECRET);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().get("error").asText()).startsWith("X-Signature does not match");
        SignedClient.Reply byDevice = client.postSigned(IngestVerticle.TRANSACTIONS_PATH, body, TestConfigs.DEVICE,
                TestConfigs.SECRET);
        assertThat(byDevice.status()).isEqualTo(401);
        assertThat(byDevice.json().get("error").asText()).isEqualTo("X-Device-Id names no registered business system");
        assertNothingPublished();
    }

    @Test
    void aReplayedRequestIs401AndStoresNothingMore() {
        byte[] body = RatingJson.write(completed(PHONE));
        assertThat(postBySystem(body).status()).isEqualTo(202);
        SignedClient.Reply replay = postBySystem(body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("error").asText()).startsWith("replayed");
        assertThat(read(transactionsTopic)).hasSize(1);
    }

    @Test
    void malformedOrInvalidCasesAre400NamingTheFieldAndStoreNothing() {
        assertViolation("{\"eventId\": ".getBytes(StandardCharsets.UTF_8), "body");
        String json = new String(RatingJson.write(completed(PHONE)), StandardCharsets.UTF_8);
        assertViolation(json.replace("\"type\":\"completed\"", "\"type\":\"done\"").getBytes(StandardCharsets.UTF_8),
                "type");
        assertViolation(json.replace("\"frontClerkId\":\"clerk-0042\"", "\"frontClerkId\":\"\"")
                .getBytes(StandardCharsets.UTF_8), "frontClerkId");
        assertViolation(RatingJson.write(completed("12345")), "citizenPhone");
        assertViolation(json.replaceFirst("\\{", "{\"citizenName\":\"张三\",").getBytes(StandardCharsets.UTF_8),
                "citizenName");
        assertNothingPublished();
    }

    private void assertViolation(byte[] body, String field) {
        assertViolation(postBySystem(body), "invalid case event", field);
    }
}
