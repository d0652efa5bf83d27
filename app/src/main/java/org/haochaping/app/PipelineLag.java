package org.haochaping.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.haochaping.jobs.ratings.RatingPipelineJob;
import org.haochaping.model.config.HcpConfig;

/**
 * How far the rating pipeline is behind its topics: end offsets minus the offsets the job committed at
 * its last completed checkpoint, summed over every partition of the given topics. Zero means every record
 * was processed, checkpointed and flushed to ClickHouse.
 */
final class PipelineLag {

    private PipelineLag() {}

    /**
     * The topics the rating pipeline reads (ratings, transactions, SMS replies, its own SMS invitations,
     * work-order commands); the others (command outcomes, alerts) are only written by it, so they have no lag.
     */
    static List<String> inputTopics(HcpConfig config) {
        HcpConfig.Kafka k = config.kafka();
        return List.of(k.ratingsTopic(), k.transactionsTopic(), k.smsInboundTopic(), k.smsOutboxTopic(),
                k.workOrderCommandsTopic());
    }

    static long of(String bootstrapServers, String topic) throws Exception {
        return of(bootstrapServers, java.util.List.of(topic));
    }

    static long of(String bootstrapServers, Collection<String> topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(RatingPipelineJob.CONSUMER_GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.forEach((topic, description) -> description.partitions()
                    .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /** @return true when the lag reached zero within the timeout */
    static boolean awaitZero(String bootstrapServers, Collection<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(bootstrapServers, topics) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }
}
