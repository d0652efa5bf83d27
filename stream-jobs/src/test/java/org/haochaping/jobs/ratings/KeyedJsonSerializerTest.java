package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.model.RatingJson;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.junit.jupiter.api.Test;

class KeyedJsonSerializerTest {

    @Test
    void keysByIdAndLeavesTheRecordTimeToTheProducerEvenForAFutureEventTime() throws Exception {
        Instant deadline = Instant.parse("2027-03-01T08:30:00Z"); // far ahead of any broker's clock
        Alert alert = new Alert("overdue:follow_up:P1", AlertType.OVERDUE, "follow_up", "hall-1", "c-1", "k-1", "P1",
                "回访已超时：工单 P1", deadline, deadline, 1);
        KeyedJsonSerializer<Alert> serializer = new KeyedJsonSerializer<>("hcp.alerts", Alert::alertId);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(alert, null, deadline.toEpochMilli());

        assertThat(record.topic()).isEqualTo("hcp.alerts");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("overdue:follow_up:P1");
        assertThat(record.timestamp()).as("a broker refuses records dated more than an hour ahead").isNull();
        assertThat(RatingJson.read(record.value(), Alert.class)).isEqualTo(alert);
    }
}
