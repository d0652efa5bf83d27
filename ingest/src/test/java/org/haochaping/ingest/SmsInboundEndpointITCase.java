package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInboundRequest;
import org.haochaping.model.sms.SmsReply;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/sms/inbound} against real Kafka: the reply as sent, phone hashed, or nothing. */
class SmsInboundEndpointITCase extends EdgeKafkaFixture {

    static final String PHONE = "13712345678";

    private SignedClient.Reply postByGateway(byte[] body) {
        return client.postSigned(IngestVerticle.SMS_INBOUND_PATH, body, TestConfigs.GATEWAY, TestConfigs.GATEWAY_SECRET);
    }

    private static byte[] reply(String messageId, String phone, String text) {
        return RatingJson.write(new SmsInboundRequest(messageId, phone, text, TestConfigs.NOW.minusSeconds(5)));
    }

    @Test
    void aSignedReplyLandsOnceKeyedByPhoneHashWithItsTextUnparsed() throws Exception {
        SignedClient.Reply answer = postByGateway(reply("msg-1", PHONE, "5 很好"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("messageId").asText()).isEqualTo("msg-1");
        List<ConsumerRecord<byte[], byte[]>> records = read(smsTopic);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertNoClearPhone(record);
        SmsReply sms = RatingJson.read(record.value(), SmsReply.class);
        assertThat(key(record)).isEqualTo(sms.phoneHash()).matches("[0-9a-f]{64}");
        assertThat(sms.phoneMasked()).isEqualTo("137****5678");
        assertThat(sms.text()).isEqualTo("5 很好");
        assertThat(sms.gatewayId()).isEqualTo(TestConfigs.GATEWAY);
        assertThat(sms.receivedAt()).isEqualTo(TestConfigs.NOW);
        assertThat(sms.ratingId()).isEqualTo("sms:" + TestConfigs.GATEWAY + ":msg-1");
        assertThat(read(ratingsTopic)).isEmpty();
    }

    @Test
    void anUnparseableTextIsStillAcceptedForTheStreamJobToDeadLetter() throws Exception {
        assertThat(postByGateway(reply("msg-2", PHONE, "哈哈哈")).status()).isEqualTo(202);
        assertThat(RatingJson.read(read(smsTopic).get(0).value(), SmsReply.class).text()).isEqualTo("哈哈哈");
    }

    @Test
    void unsignedOrSystemSignedRepliesAre401AndStoreNothing() {
        byte[] body = reply("msg-3", PHONE, "5");
        assertThat(client.postRaw(IngestVerticle.SMS_INBOUND_PATH, body, null, null, null).status()).isEqualTo(401);
        SignedClient.Reply bySystem = client.postSigned(IngestVerticle.SMS_INBOUND_PATH, body, TestConfigs.SYSTEM,
                TestConfigs.SYSTEM_SECRET);
        assertThat(bySystem.status()).isEqualTo(401);
        assertThat(bySystem.json().get("error").asText()).isEqualTo("X-Device-Id names no registered SMS gateway");
        assertNothingPublished();
    }

    @Test
    void invalidRepliesAre400NamingTheFieldAndStoreNothing() {
        assertViolation(reply("msg 4", PHONE, "5"), "messageId");
        assertViolation(reply("msg-5", "10086", "5"), "phone");
        assertViolation(reply("msg-6", PHONE, null), "text");
        assertViolation(reply("msg-7", PHONE, "好".repeat(SmsReply.MAX_TEXT_CHARS + 1)), "text");
        assertViolation("[]".getBytes(StandardCharsets.UTF_8), "body");
        assertNothingPublished();
    }

    private void assertViolation(byte[] body, String field) {
        assertViolation(postByGateway(body), "invalid SMS reply", field);
    }
}
