package org.haochaping.app.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each item of a Kafka topic once to something outside (an SMS gateway, a webhook), across
 * restarts and re-deliveries: what the SMS sender and the alert webhook sender share.
 *
 * <p>One thread consumes the topic (its own group, read_committed, offsets committed after each processed
 * batch). Each batch is decoded, the newest {@link DeliveryLog} row of every id in it is read at once, and
 * the items are handed to the {@link Handler} in order, with their newest row (kept up to date within the
 * batch, so a copy later in the batch sees what the first did). The handler decides — skip an id that has a
 * row, record why it is not sent, or {@link #deliver} it: {@code sending} is written before each call, then
 * {@code sent} or {@code failed}; retryable failures are retried with doubling pauses up to
 * {@link Options#maxAttempts}. Records that are no item go to {@code dead_letters}; the loop carries on.
 * When ClickHouse fails, what was done is committed and the rest of the batch is read again after a pause:
 * nothing is sent without its {@code sending} row.
 *
 * @param <T> the item type of the topic's records
 */
public final class DeliveryLoop<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    /**
     * How a sender paces its loop; each sender has its own defaults.
     *
     * @param maxAttempts calls per item, the first included
     * @param attemptTimeout the longest one call may take (the receiver's timeout); bounds a batch's time
     * @param firstBackoff pause after the first retryable failure, doubled after each further one up to maxBackoff
     * @param maxBackoff the longest pause; also the pause after a ClickHouse or unexpected failure
     * @param inDoubtAfter a {@code sending} row older than this has no sender working on it any more
     */
    public record Options(Duration pollTimeout, int maxAttempts, Duration attemptTimeout, Duration firstBackoff,
                          Duration maxBackoff, Duration inDoubtAfter, Duration closeTimeout) {
        public Options {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
        }

        public Options withBackoff(Duration first, Duration max) {
            return new Options(pollTimeout, maxAttempts, attemptTimeout, first, max, inDoubtAfter, closeTimeout);
        }

        public Options withInDoubtAfter(Duration d) {
            return new Options(pollTimeout, maxAttempts, attemptTimeout, firstBackoff, maxBackoff, d, closeTimeout);
        }

        /** How long one item can take with all its calls and pauses. */
        public Duration worstCase() {
            Duration total = attemptTimeout.multipliedBy(maxAttempts);
            Duration backoff = firstBackoff;
            for (int i = 1; i < maxAttempts; i++) {
                total = total.plus(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
            return total;
        }
    }

    /** What became of one record; the loop counts each processed record in exactly one of these. */
    public enum Outcome {
        SENT,
        /** The id already had a row: delivered (or decided) before. */
        DUPLICATE,
        /** Recorded and deliberately not sent (an expired SMS invitation, an alert type not posted). */
        NOT_SENT,
        FAILED,
        DEAD_LETTER
    }

    /** @param entry the newest row of the item's id after handling it; null when nothing was written */
    public record Result(Outcome outcome, DeliveryLog.Entry entry) {}

    /** A record that is no deliverable item; the reason goes to {@code dead_letters}. */
    public static final class Undeliverable extends Exception {
        public Undeliverable(String reason) {
            super(reason);
        }
    }

    /** The sender's part; called on the loop's thread only. */
    public interface Handler<T> {
        /** The item in the record, or {@link Undeliverable} with the reason. */
        T decode(ConsumerRecord<byte[], byte[]> record) throws Undeliverable;

        /** The id the delivery log keeps the item under. */
        String id(T item);

        /**
         * Handles one item.
         *
         * @param newest the newest log row of its id, null if none
         * @return what happened, or null when the item cannot be decided yet (a {@code sending} row of another
         *     sender that may still be calling): the loop reads it and the rest of the batch again after a pause
         * @throws Undeliverable when the item turns out unusable (→ dead letter)
         */
        Result process(ConsumerRecord<byte[], byte[]> record, T item, DeliveryLog.Entry newest) throws Undeliverable;
    }

    /** One call to the receiver; returns the sender's own columns of the {@code sent} row (none: empty or null). */
    @FunctionalInterface
    public interface Call {
        Map<String, Object> call() throws DeliveryException;
    }

    private final String name;
    private final String itemNoun;
    private final String bootstrapServers;
    private final String topic;
    private final int maxPollRecords;
    private final DeliveryLog log;
    private final Options options;
    private final Handler<T> handler;

    private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name the consumer group, client id and thread name
     * @param itemNoun what an item is called in log lines, e.g. "SMS invitation"
     * @param maxPollRecords items per batch: a batch's worst case ({@link Options#worstCase}) times this stays
     *     within the poll interval the loop sets
     */
    public DeliveryLoop(String name, String itemNoun, String bootstrapServers, String topic, int maxPollRecords,
                        DeliveryLog log, Options options, Handler<T> handler) {
        if (options.maxAttempts() < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + options.maxAttempts());
        }
        this.name = name;
        this.itemNoun = itemNoun;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.maxPollRecords = maxPollRecords;
        this.log = log;
        this.options = options;
        this.handler = handler;
        for (Outcome o : Outcome.values()) {
            counts.put(o, new AtomicLong());
        }
    }

    /** Subscribes and starts the thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        // a batch may take maxPollRecords × the worst case of one item when the receiver is down: the group
        // must not take the partitions away mid-batch
        Duration pollInterval = options.worstCase().multipliedBy(maxPollRecords).plus(Duration.ofMinutes(5));
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(pollInterval.toMillis()));
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many records ended in each outcome since the start. */
    public long count(Outcome outcome) {
        return counts.get(outcome).get();
    }

    public DeliveryLog log() {
        return log;
    }

    /** Whether {@code entry} is a {@code sending} row no sender can still be working on (its sender stopped mid-call). */
    public boolean abandoned(DeliveryLog.Entry entry) {
        return entry.status() == DeliveryStatus.SENDING
                && entry.updatedAt().plus(options.inDoubtAfter()).isBefore(log.clock().instant());
    }

    /** Stops after the item in hand (a call in flight ends within its timeout). */
    @Override
    public synchronized void close() {
        stopping.countDown();
        if (thread == null) {
            return;
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(options.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within {}", name, options.closeTimeout());
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    /**
     * Delivers one item: {@code sending} before each call, then {@code sent} with the call's columns, or
     * {@code failed} when refused, out of attempts, or stopped before retrying.
     *
     * @param newest the id's newest row (an abandoned {@code sending} being delivered again), or null; the
     *     attempts are numbered on from it
     */
    public Result deliver(String id, DeliveryLog.Entry newest, Call call) {
        DeliveryLog.Entry entry = newest;
        long before = newest == null ? 0 : newest.attempt();
        Duration backoff = options.firstBackoff();
        for (int n = 1; ; n++) {
            long attempt = before + n;
            entry = log.write(id, entry, DeliveryStatus.SENDING, "", attempt, Map.of());
            Map<String, Object> sent = null;
            String failure = null;
            boolean retryable = false;
            Map<String, Object> columns = Map.of();
            try {
                sent = Objects.requireNonNullElse(call.call(), Map.of());
            } catch (DeliveryException e) {
                failure = e.getMessage();
                retryable = e.retryable();
                columns = e.columns();
            } catch (RuntimeException e) {
                // a bug on our side of the call: whether the message left is unknown, so it is not tried again
                failure = "error: " + e;
            }
            if (sent != null) {
                // a store failure here is no failed call (the message left): it propagates and leaves the
                // 'sending' row, which the sender decides about when it reads the item again
                return new Result(Outcome.SENT, log.write(id, entry, DeliveryStatus.SENT, "", attempt, sent));
            }
            if (!retryable || n >= options.maxAttempts() || stopped()) {
                String why = !retryable ? "refused: " : n >= options.maxAttempts()
                        ? "gave up after " + n + " attempts: " : "sender stopped before retrying: ";
                LOG.warn("{} {} not sent: {}{}", itemNoun, id, why, failure);
                return new Result(Outcome.FAILED, log.write(id, entry, DeliveryStatus.FAILED, why + failure, attempt, columns));
            }
            LOG.info("{} {}: attempt {} failed ({}), retrying in {}", itemNoun, id, attempt, failure, backoff);
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    private void loop() {
        try {
            while (!stopped()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(options.pollTimeout());
                    if (!records.isEmpty()) {
                        processBatch(records);
                    }
                } catch (WakeupException e) {
                    break; // close(); what was processed but not committed is read again and skipped
                } catch (RuntimeException e) {
                    LOG.error("{}: unexpected error, carrying on in {}", name, options.maxBackoff(), e);
                    pause(options.maxBackoff());
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer of {} failed", name, e);
            }
            LOG.info("{} stopped: {}", name, counts);
        }
    }

    private record Decoded<T>(ConsumerRecord<byte[], byte[]> record, T item, String problem) {}

    /** Processes the batch in order; when it cannot go on (ClickHouse) commits what was done and rewinds to the rest. */
    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            List<Decoded<T>> decoded = new ArrayList<>(all.size());
            for (ConsumerRecord<byte[], byte[]> r : all) {
                try {
                    decoded.add(new Decoded<>(r, handler.decode(r), null));
                } catch (Undeliverable e) {
                    decoded.add(new Decoded<>(r, null, e.getMessage()));
                }
            }
            Map<String, DeliveryLog.Entry> newest = new HashMap<>(log.latest(decoded.stream()
                    .filter(d -> d.item() != null).map(d -> handler.id(d.item())).toList()));
            for (Decoded<T> d : decoded) {
                if (stopped()) {
                    break; // the rest is read again after the restart
                }
                if (d.item() == null) {
                    counts.get(deadLetter(d.record(), d.problem()).outcome()).incrementAndGet();
                } else {
                    String id = handler.id(d.item());
                    Result result;
                    try {
                        result = handler.process(d.record(), d.item(), newest.get(id));
                    } catch (Undeliverable e) {
                        result = deadLetter(d.record(), e.getMessage());
                    }
                    if (result == null) {
                        LOG.info("{} {}: another sender may still be sending it; reading it again in {}", itemNoun, id,
                                options.maxBackoff());
                        pause(options.maxBackoff());
                        break;
                    }
                    if (result.entry() != null) {
                        newest.put(id, result.entry());
                    }
                    // counted once recorded: whoever reads the counters then finds the row too
                    counts.get(result.outcome()).incrementAndGet();
                }
                done.put(partition(d.record()), new OffsetAndMetadata(d.record().offset() + 1));
            }
        } catch (RuntimeException e) {
            // nothing is sent without its 'sending' row, so a store failure only delays the rest
            LOG.warn("{}: processing failed ({}); reading the rest of the batch again in {}", name, e.toString(),
                    options.maxBackoff());
            pause(options.maxBackoff());
        }
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : all) {
            TopicPartition tp = partition(r);
            OffsetAndMetadata next = done.get(tp);
            if ((next == null || r.offset() >= next.offset()) && !rewind.containsKey(tp)) {
                rewind.put(tp, r.offset());
            }
        }
        rewind.forEach(consumer::seek);
        if (!done.isEmpty()) {
            try {
                consumer.commitSync(done);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // e.g. a rebalance took the partitions: their new owner re-reads these and skips them
                LOG.warn("{}: committing offsets failed ({}); the records will be read again and skipped", name,
                        e.toString());
            }
        }
    }

    private Result deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        LOG.warn("{} record {}-{}@{} is a dead letter: {}", name, r.topic(), r.partition(), r.offset(), reason);
        String payload = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        log.deadLetter(log.deadLetterSource() + ":" + r.topic() + "-" + r.partition() + "@" + r.offset(), payload, reason);
        return new Result(Outcome.DEAD_LETTER, null);
    }

    /** Waits, but returns at once when the loop is closed. */
    private void pause(Duration d) {
        try {
            stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> r) {
        return new TopicPartition(r.topic(), r.partition());
    }
}
