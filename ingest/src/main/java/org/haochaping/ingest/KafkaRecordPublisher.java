package org.haochaping.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the edge's records, to the topic each caller names, with an idempotent, acks=all
 * producer whose every wait is bounded by {@code http.kafkaTimeout}: a dead broker fails a publish
 * within that time instead of hanging the request.
 *
 * <p>{@link KafkaProducer#send} may block (up to {@code max.block.ms}) while it fetches metadata or
 * waits for buffer space, so sends run on one private thread, never on the caller's event loop. A
 * send still queued when its deadline passed is failed without being attempted, so a backlog built
 * up while Kafka was down cannot turn into a burst of late writes.
 */
public final class KafkaRecordPublisher implements RecordPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPublisher.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int LINGER_MS = 5;
    private static final int MAX_QUEUED_SENDS = 10_000;
    private static final long MAX_READY_TIMEOUT_MS = 3_000;

    private final long timeoutMs;
    private final long readyTimeoutMs;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final ThreadPoolExecutor sender;

    /**
     * @param bootstrapServers the brokers to use; passed in rather than read from the config because
     *     the embedded broker's address is only known once it runs
     */
    public KafkaRecordPublisher(HcpConfig config, String bootstrapServers) {
        this(config, bootstrapServers, "hcp-ingest");
    }

    /** @param clientIdPrefix names this publisher's Kafka clients (e.g. {@code hcp-console}) in broker logs and metrics */
    public KafkaRecordPublisher(HcpConfig config, String bootstrapServers, String clientIdPrefix) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeoutMs = Math.max(1, config.http().kafkaTimeout().toMillis());
        this.readyTimeoutMs = Math.min(timeoutMs, MAX_READY_TIMEOUT_MS);
        String clientId = clientIdPrefix + "-" + INSTANCES.incrementAndGet();
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, clientId, timeoutMs),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) readyTimeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) readyTimeoutMs));
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_SENDS), r -> {
                    Thread t = new Thread(r, clientId + "-sender");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The producer settings, visible for tests. */
    static Map<String, Object> producerConfig(String bootstrapServers, String clientId, long timeoutMs) {
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms, or the producer refuses to start.
        long requestTimeout = Math.max(1, timeoutMs - LINGER_MS);
        return Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, requestTimeout)),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) Math.min(Integer.MAX_VALUE, LINGER_MS + requestTimeout)));
    }

    @Override
    public CompletionStage<Void> publish(String topic, String key, byte[] value) {
        Objects.requireNonNull(topic, "topic");
        SendTask task = new SendTask(topic, key.getBytes(StandardCharsets.UTF_8), value,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            task.result.completeExceptionally(new IllegalStateException(
                    sender.isShutdown() ? "publisher closed" : "too many sends waiting for Kafka", e));
        }
        return task.result;
    }

    private final class SendTask implements Runnable {
        final String topic;
        final byte[] key;
        final byte[] value;
        final long deadlineNanos;
        final CompletableFuture<Void> result = new CompletableFuture<>();

        SendTask(String topic, byte[] key, byte[] value, long deadlineNanos) {
            this.topic = topic;
            this.key = key;
            this.value = value;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            if (System.nanoTime() - deadlineNanos >= 0) {
                result.completeExceptionally(new TimeoutException("Kafka send not attempted: timed out while queued"));
                return;
            }
            try {
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error == null) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                // e.g. a TimeoutException after max.block.ms without metadata, or a closed producer
                result.completeExceptionally(e);
            }
        }
    }

    @Override
    public CompletionStage<Boolean> ready() {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) readyTimeoutMs))
                    .nodes()
                    .toCompletionStage()
                    .handle((nodes, error) -> error == null && nodes != null && !nodes.isEmpty());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Stops accepting sends, fails what is still pending after a bounded wait, and closes the clients. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                failUnsent(sender.shutdownNow());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failUnsent(sender.shutdownNow());
        }
        Duration grace = Duration.ofMillis(timeoutMs);
        try {
            producer.close(grace);
        } catch (RuntimeException e) {
            LOG.warn("closing the Kafka producer failed", e);
        }
        try {
            admin.close(grace);
        } catch (RuntimeException e) {
            LOG.warn("closing the Kafka admin client failed", e);
        }
    }

    private static void failUnsent(java.util.List<Runnable> unsent) {
        for (Runnable r : unsent) {
            if (r instanceof SendTask task) {
                task.result.completeExceptionally(new IllegalStateException("publisher closed before the send"));
            }
        }
    }
}
