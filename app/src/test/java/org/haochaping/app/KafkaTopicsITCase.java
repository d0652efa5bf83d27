package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KafkaTopics} against a real broker, as {@code hcp serve} meets an external cluster. */
class KafkaTopicsITCase {

    @Test
    void createsTheMissingTopicsOnceAndLeavesExistingOnesAsTheyAre(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            broker.createTopic("hcp.ratings", 2);
            HcpConfig.Kafka kafka = ConfigLoader.load(null, Map.of(), Map.of("kafka.embedded", "false",
                    "kafka.bootstrapServers", broker.bootstrapServers(), "kafka.partitions", "3")).kafka();

            assertThat(KafkaTopics.ensure(broker.bootstrapServers(), kafka)).containsExactly("hcp.transactions",
                    "hcp.sms.inbound", "hcp.sms.outbox", "hcp.workorder.commands", "hcp.workorder.outcomes",
                    "hcp.alerts");
            assertThat(KafkaTopics.ensure(broker.bootstrapServers(), kafka)).isEmpty();

            try (Admin admin = Admin.create(broker.adminConfig())) {
                Map<String, TopicDescription> topics = admin.describeTopics(kafka.topics()).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                Map<String, Integer> partitions = new TreeMap<>();
                topics.forEach((name, d) -> partitions.put(name, d.partitions().size()));
                assertThat(partitions).isEqualTo(new TreeMap<>(Map.of("hcp.ratings", 2, "hcp.transactions", 3,
                        "hcp.sms.inbound", 3, "hcp.sms.outbox", 3, "hcp.workorder.commands", 3,
                        "hcp.workorder.outcomes", 3, "hcp.alerts", 3)));
            }
        }
    }
}
