package org.haochaping.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an external Kafka cluster has every topic of {@code kafka.topics()} before anything produces
 * to it: a broker's auto-creation would make them with its own partition count (usually 1), and the stream
 * job's sources need them to exist. Only missing topics are created, with {@code kafka.partitions} and the
 * cluster's default replication factor; existing ones are never changed (more partitions would move keys
 * to other partitions), a different partition count is only reported.
 */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {}

    /** @return the topics that were missing, now created (empty when all existed) */
    public static List<String> ensure(String bootstrapServers, HcpConfig.Kafka kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "hcp-topics");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = missing(existing, kafka);
            if (!missing.isEmpty()) {
                createTolerantly(admin, missing);
                LOG.info("created Kafka topics {} with {} partitions", names(missing), kafka.partitions());
            }
            Map<String, TopicDescription> described = admin.describeTopics(kafka.topics()).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            described.values().stream()
                    .filter(d -> d.partitions().size() != kafka.partitions())
                    .forEach(d -> LOG.warn("Kafka topic {} has {} partitions, kafka.partitions says {}; left as it is",
                            d.name(), d.partitions().size(), kafka.partitions()));
            return names(missing);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the Kafka topics on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the Kafka topics", e);
        }
    }

    /** The topics of {@code kafka.topics()} not in {@code existing}, in configuration order. */
    static List<NewTopic> missing(Set<String> existing, HcpConfig.Kafka kafka) {
        return kafka.topics().stream()
                .filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, Optional.of(kafka.partitions()), Optional.empty()))
                .toList();
    }

    /** Another host of the same deployment may create a topic between our listing and our creating. */
    private static void createTolerantly(Admin admin, List<NewTopic> topics) throws InterruptedException,
            ExecutionException, java.util.concurrent.TimeoutException {
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static List<String> names(List<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }
}
