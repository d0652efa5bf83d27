package org.haochaping.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;

/**
 * The baseline of the edge benchmark: how fast a plain {@link KafkaProducer} writes the records the edge
 * would write for the same ratings (same JSON values and keys) to the same broker, into a scratch topic with
 * as many partitions — no HTTP, no signature check, no validation. The producer uses the edge's settings that
 * shape throughput (KafkaRecordPublisher: idempotent, acks=all, linger 5 ms, lz4); its timeouts are Kafka's
 * defaults, as a backlog of a whole run is handed over at once.
 */
public final class RawProducerBaseline {

    /** Records, seconds from the first send to the last acknowledgement, records per second. */
    public record Result(long records, double seconds, long bytes) {
        public double perSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    private RawProducerBaseline() {}

    /**
     * @param records how many; their values are built before the clock starts
     * @throws IllegalStateException when any send fails
     */
    public static Result run(String bootstrap, String topic, int partitions, EdgeRatings ratings, long firstSequence,
                             int records, PhoneProtector phones) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        byte[][] keys = new byte[records][];
        byte[][] values = new byte[records][];
        Instant now = Instant.now();
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            Rating r = ratings.edgeRecord(firstSequence + i, now, phones);
            keys[i] = EdgeRatings.kafkaKey(r).getBytes(StandardCharsets.UTF_8);
            values[i] = RatingJson.write(r);
            bytes += values[i].length;
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong lastAck = new AtomicLong();
        CountDownLatch acked = new CountDownLatch(records);
        long start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, keys[i], values[i]), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                    acked.countDown();
                });
                keys[i] = null;
                values[i] = null;
            }
            if (!acked.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the raw producer got no acknowledgement for " + acked.getCount()
                        + " records within 5 minutes");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the raw producer failed: " + failure.get(), failure.get());
        }
        return new Result(records, (lastAck.get() - start) / 1e9, bytes);
    }
}
