package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void onlyTheMissingTopicsAreCreatedWithTheConfiguredPartitionsAndTheClustersReplication() {
        HcpConfig.Kafka kafka = ConfigLoader.load(null, Map.of(), Map.of("kafka.partitions", "6")).kafka();
        assertThat(KafkaTopics.missing(Set.of("hcp.ratings", "hcp.alerts", "unrelated"), kafka)).containsExactly(
                new NewTopic("hcp.transactions", Optional.of(6), Optional.empty()),
                new NewTopic("hcp.sms.inbound", Optional.of(6), Optional.empty()),
                new NewTopic("hcp.sms.outbox", Optional.of(6), Optional.empty()),
                new NewTopic("hcp.workorder.commands", Optional.of(6), Optional.empty()),
                new NewTopic("hcp.workorder.outcomes", Optional.of(6), Optional.empty()));
        assertThat(KafkaTopics.missing(Set.copyOf(kafka.topics()), kafka)).isEmpty();
    }
}
