package org.haochaping.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.haochaping.ingest.KafkaRecordPublisher;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's two ends of the command loop through Kafka. {@link #submit} publishes a command to
 * {@code kafka.workOrderCommandsTopic} (key: work order id) with the edge's idempotent, acks=all
 * {@link KafkaRecordPublisher}; one thread reads {@code kafka.workOrderOutcomesTopic} and completes the
 * request waiting for that command id.
 *
 * <p>The outcomes consumer is assigned every partition and positioned at their ends when the gateway is
 * {@link #open opened}, before the server accepts a request: every outcome of a command published
 * afterwards is after that position, so none is missed, and none from before is read. It has no group
 * and commits nothing: a restarted console has no requests waiting, and older outcomes are in
 * ClickHouse ({@code work_order_commands}).
 *
 * <p>Outcomes seen are kept in a bounded memory for {@code GET /api/v1/commands/{id}}, as are the ids of
 * commands published here (so that URL can say "pending" rather than "unknown" until the outcome comes).
 */
public final class CommandGateway implements AutoCloseable {

    /** How many outcomes (and published command ids) are remembered; older outcomes are read from ClickHouse. */
    static final int REMEMBERED = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** A published command: its Kafka acknowledgement and the stream job's outcome. */
    public record Submission(CompletionStage<Void> acked, CompletableFuture<CommandOutcome> outcome) {}

    private final KafkaRecordPublisher publisher;
    private final String commandsTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Map<String, CompletableFuture<CommandOutcome>> waiting = new ConcurrentHashMap<>();
    private final Bounded<CommandOutcome> outcomes = new Bounded<>(REMEMBERED);
    private final Bounded<String> published = new Bounded<>(REMEMBERED);
    private volatile boolean running = true;

    private CommandGateway(KafkaRecordPublisher publisher, String commandsTopic,
                           KafkaConsumer<byte[], byte[]> consumer, String name) {
        this.publisher = publisher;
        this.commandsTopic = commandsTopic;
        this.consumer = consumer;
        this.reader = new Thread(this::readOutcomes, name);
        this.reader.setDaemon(true);
    }

    /**
     * Creates the producer and the outcomes consumer, positions the consumer at the end of every partition
     * and starts reading. Blocks (up to 30 s for Kafka's metadata): call it off the event loop.
     *
     * @throws IllegalStateException when the outcomes topic does not exist (it is not created here: its
     *     partitions are the stream job's business)
     */
    public static CommandGateway open(HcpConfig config, String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        String name = "hcp-console-outcomes-" + INSTANCES.incrementAndGet();
        String outcomesTopic = config.kafka().workOrderOutcomesTopic();
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(config, bootstrapServers, "hcp-console");
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, name,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    // the job may write outcomes in Kafka transactions: an aborted one was never decided
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<PartitionInfo> infos = consumer.partitionsFor(outcomesTopic, START_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Kafka topic '" + outcomesTopic
                        + "' (kafka.workOrderOutcomesTopic) does not exist; the console reads the stream job's answers there");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(outcomesTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition p : partitions) {
                consumer.position(p, START_TIMEOUT); // resolves the lazy seek now, before any command is sent
            }
            CommandGateway gateway = new CommandGateway(publisher, config.kafka().workOrderCommandsTopic(), consumer,
                    name);
            gateway.reader.start();
            LOG.info("console reads command outcomes from {} ({} partitions, from their ends)", outcomesTopic,
                    partitions.size());
            return gateway;
        } catch (RuntimeException e) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(1));
            }
            publisher.close();
            throw e;
        }
    }

    /**
     * Starts waiting for the command's outcome, then publishes it. The wait starts first so that an outcome
     * arriving right after the acknowledgement cannot be missed.
     */
    public Submission submit(WorkOrderCommand command) {
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        waiting.put(command.commandId(), outcome);
        CompletionStage<Void> acked;
        try {
            acked = publisher.publish(commandsTopic, command.workOrderId(), RatingJson.write(command));
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        acked = acked.whenComplete((ok, error) -> {
            if (error == null) {
                published.put(command.commandId(), command.workOrderId());
            }
        });
        return new Submission(acked, outcome);
    }

    /** The request no longer waits (Kafka failed, or the answer took too long); a later outcome is still kept. */
    public void stopWaiting(String commandId) {
        CompletableFuture<CommandOutcome> f = waiting.remove(commandId);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The outcome of a command, when this console saw it. */
    public Optional<CommandOutcome> outcome(String commandId) {
        return Optional.ofNullable(outcomes.get(commandId));
    }

    /** Whether this console published the command (Kafka acknowledged it); ask {@link #outcome} first. */
    public boolean publishedHere(String commandId) {
        return published.get(commandId) != null;
    }

    /** Kafka answers, and the outcomes reader runs. */
    public CompletionStage<Boolean> ready() {
        if (!reader.isAlive()) {
            return CompletableFuture.completedFuture(false);
        }
        return publisher.ready();
    }

    private void readOutcomes() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        accept(record);
                    }
                } catch (WakeupException e) {
                    // close() wakes the poll; the loop condition decides
                } catch (RuntimeException e) {
                    LOG.warn("reading command outcomes failed; retrying: {}", e.toString());
                    sleepQuietly();
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("closing the outcomes consumer failed", e);
            }
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        CommandOutcome outcome;
        try {
            outcome = RatingJson.read(record.value(), CommandOutcome.class);
        } catch (InvalidRatingException e) {
            LOG.warn("skipping an unreadable command outcome at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (outcome.commandId() == null || outcome.result() == null) {
            LOG.warn("skipping a command outcome without command id or result at {}-{}@{}", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        outcomes.put(outcome.commandId(), outcome);
        CompletableFuture<CommandOutcome> f = waiting.remove(outcome.commandId());
        if (f != null) {
            f.complete(outcome);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the reader and closes the Kafka clients; requests still waiting are not answered by an outcome. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(f -> f.cancel(false));
        waiting.clear();
        publisher.close();
    }

    /** A size-bounded map that forgets the oldest entry first. */
    private static final class Bounded<V> {
        private final Map<String, V> map;

        Bounded(int capacity) {
            this.map = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized void put(String key, V value) {
            map.put(key, value);
        }

        synchronized V get(String key) {
            return map.get(key);
        }
    }
}
