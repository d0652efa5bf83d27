package org.haochaping.jobs.ratings;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInvitation;

/** An invitation as an outbox record: key = phone hash (one phone's invitations stay in order), value = JSON. */
public class SmsOutboxSerializer implements KafkaRecordSerializationSchema<SmsInvitation> {

    private final String topic;

    public SmsOutboxSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(SmsInvitation invitation, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, invitation.phoneHash().getBytes(StandardCharsets.UTF_8),
                RatingJson.write(invitation));
    }
}
