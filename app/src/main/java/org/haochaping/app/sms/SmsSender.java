package org.haochaping.app.sms;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.sms.SmsInvitation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each SMS invitation of the outbox topic once, across restarts and re-deliveries.
 *
 * <p>One thread consumes {@code kafka.smsOutboxTopic} (group {@value #GROUP_ID}, read_committed, offsets
 * committed after each processed batch). For each invitation it reads the newest {@code sms_sends} row:
 * an invitation already sent, failed, expired or in doubt is skipped; one past {@code expiresAt} is
 * recorded {@code expired} and not sent; otherwise the sealed phone is opened, {@code sending} is written,
 * the gateway is called (retryable failures retried with backoff, a bounded number of times), and
 * {@code sent} or {@code failed} is written.
 *
 * <p>The crash window: a sender that dies after writing {@code sending} leaves no outcome, and cannot know
 * whether the gateway took the message. Such an invitation is never sent again (better no SMS than two);
 * once the {@code sending} row is older than {@link Options#inDoubtAfter} (far longer than a send with all
 * its retries can take, so no other sender can still be working on it) it is recorded
 * {@link SendStatus#UNCONFIRMED} for the operators. Undecodable records and sealed phones that do not open
 * go to {@code dead_letters} (source {@value SmsSendLog#DEAD_LETTER_SOURCE}); the loop carries on. When
 * ClickHouse fails, the unprocessed rest of the batch is read again after a pause: nothing is sent without
 * its {@code sending} row.
 */
public final class SmsSender implements AutoCloseable {

    public static final String GROUP_ID = "hcp-sms-sender";

    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);

    /**
     * @param maxAttempts gateway calls per invitation, the first included
     * @param firstBackoff pause after the first retryable failure, doubled after each further one
     * @param inDoubtAfter a {@code sending} row older than this is recorded {@code unconfirmed}
     */
    public record Options(Duration pollTimeout, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                          Duration inDoubtAfter, Duration closeTimeout) {
        public Options {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
        }

        public static Options defaults() {
            // 5 calls over about 30 s of pauses ride out a gateway restart; a longer outage fails the
            // invitations (sms_sends says "gave up after 5 attempts")
            return new Options(Duration.ofMillis(500), 5, Duration.ofSeconds(2), Duration.ofSeconds(60),
                    Duration.ofMinutes(10), Duration.ofSeconds(30));
        }

        public Options withBackoff(Duration first, Duration max) {
            return new Options(pollTimeout, maxAttempts, first, max, inDoubtAfter, closeTimeout);
        }
    }

    /** What the sender did since it started; each outbox record counts in exactly one of the first five. */
    public record Stats(long sent, long skippedDuplicates, long expired, long failed, long deadLetters) {
        public long processed() {
            return sent + skippedDuplicates + expired + failed + deadLetters;
        }
    }

    private final String bootstrapServers;
    private final String topic;
    private final PhoneCipher cipher;
    private final SmsInvitationText text;
    private final SmsGateway gateway;
    private final SmsSendLog log;
    private final Clock clock;
    private final Options options;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public SmsSender(String bootstrapServers, String topic, PhoneCipher cipher, SmsInvitationText text,
                     SmsGateway gateway, ClickHouseStore store, Clock clock, Options options) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.cipher = cipher;
        this.text = text;
        this.gateway = gateway;
        this.log = new SmsSendLog(store, gateway.name(), clock);
        this.clock = clock;
        this.options = options;
    }

    /** The sender as configured: outbox topic, phone key and template from the configuration. */
    public static SmsSender fromConfig(HcpConfig config, String bootstrapServers, ClickHouseStore store,
                                       SmsGateway gateway) {
        return new SmsSender(bootstrapServers, config.kafka().smsOutboxTopic(),
                PhoneCipher.fromBase64Key(config.security().phoneEncryptionKey()),
                new SmsInvitationText(config.sms().template()), gateway, store, Clock.systemUTC(), Options.defaults());
    }

    /** Subscribes and starts the sending thread; returns this. */
    public synchronized SmsSender start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a batch may take MAX_POLL_RECORDS × (5 calls × 10 s timeout + 30 s of pauses) when the gateway is
        // down: keep that below the poll interval, or the group would take the partitions away mid-batch
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Duration.ofMinutes(15).toMillis()));
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::loop, "hcp-sms-sender");
        thread.setDaemon(true);
        thread.start();
        LOG.info("SMS sender started on topic {} with gateway {}", topic, gateway.name());
        return this;
    }

    public Stats stats() {
        return new Stats(sent.get(), duplicates.get(), expired.get(), failed.get(), deadLetters.get());
    }

    /** Stops after the invitation in hand (a gateway call in flight ends within its timeout). */
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
            LOG.warn("SMS sender did not stop within {}", options.closeTimeout());
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
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
                    LOG.error("SMS sender: unexpected error, carrying on in {}", options.maxBackoff(), e);
                    pause(options.maxBackoff());
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("closing the SMS outbox consumer failed", e);
            }
            LOG.info("SMS sender stopped: {}", stats());
        }
    }

    /** Processes the batch in order; on a failure (ClickHouse) commits what was done and rewinds to the rest. */
    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Map<TopicPartition, Long> rewind = new HashMap<>();
        try {
            List<Decoded> decoded = new ArrayList<>(all.size());
            for (ConsumerRecord<byte[], byte[]> r : all) {
                decoded.add(decode(r));
            }
            Map<String, SmsSendLog.Entry> known = new HashMap<>(log.latest(decoded.stream()
                    .filter(d -> d.invitation != null).map(d -> d.invitation.invitationId()).toList()));
            for (Decoded d : decoded) {
                if (stopped()) {
                    break; // the rest is read again after the restart
                }
                if (d.invitation == null) {
                    deadLetter(d.record, d.problem);
                } else {
                    process(d.record, d.invitation, known);
                }
                done.put(partition(d.record), new OffsetAndMetadata(d.record.offset() + 1));
            }
        } catch (RuntimeException e) {
            // nothing is sent without its 'sending' row, so a store failure only delays the rest
            LOG.warn("SMS sender: processing failed ({}); reading the rest of the batch again in {}", e.toString(),
                    options.maxBackoff());
            pause(options.maxBackoff());
        }
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
                LOG.warn("SMS sender: committing offsets failed ({}); the records will be read again and skipped", e.toString());
            }
        }
    }

    private record Decoded(ConsumerRecord<byte[], byte[]> record, SmsInvitation invitation, String problem) {}

    private static Decoded decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            SmsInvitation inv = RatingJson.read(r.value(), SmsInvitation.class);
            String missing = inv.invitationId() == null || inv.invitationId().isBlank() ? "invitationId"
                    : inv.phoneSealed() == null || inv.phoneSealed().isBlank() ? "phoneSealed"
                    : inv.expiresAt() == null ? "expiresAt"
                    : inv.projectNo() == null || inv.projectNo().isBlank() ? "projectNo" : null;
            return missing == null ? new Decoded(r, inv, null)
                    : new Decoded(r, null, "not an SMS invitation: " + missing + ": required");
        } catch (InvalidRatingException e) {
            return new Decoded(r, null, "not an SMS invitation: " + e.getMessage());
        }
    }

    private void process(ConsumerRecord<byte[], byte[]> r, SmsInvitation inv, Map<String, SmsSendLog.Entry> known) {
        String id = inv.invitationId();
        SmsSendLog.Entry previous = known.get(id);
        Instant now = clock.instant();
        if (previous != null) {
            if (previous.status() == SendStatus.SENDING
                    && previous.updatedAt().plus(options.inDoubtAfter()).isBefore(now)) {
                known.put(id, log.write(id, previous, SendStatus.UNCONFIRMED, "",
                        "a sender stopped during this send at " + previous.updatedAt()
                                + "; not sent again to avoid a second SMS", previous.attempt()));
                LOG.warn("SMS invitation {} was left in 'sending'; recorded unconfirmed, not sent again", id);
            }
            duplicates.incrementAndGet();
            return;
        }
        if (!now.isBefore(inv.expiresAt())) {
            known.put(id, log.write(id, null, SendStatus.EXPIRED, "", "rating window ended at " + inv.expiresAt(), 0));
            expired.incrementAndGet();
            return;
        }
        String phone;
        try {
            phone = cipher.open(inv.phoneSealed());
        } catch (IllegalArgumentException e) {
            deadLetter(r, "invitation " + id + ": " + e.getMessage());
            return;
        }
        known.put(id, send(id, phone, text.render(inv)));
    }

    private SmsSendLog.Entry send(String id, String phone, String message) {
        SmsSendLog.Entry entry = null;
        Duration backoff = options.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            entry = log.write(id, entry, SendStatus.SENDING, "", "", attempt);
            String failure;
            boolean retryable;
            try {
                String messageId = gateway.send(phone, message);
                // counted once recorded: whoever reads the counters then finds the row too
                SmsSendLog.Entry done = log.write(id, entry, SendStatus.SENT, messageId == null ? "" : messageId, "", attempt);
                sent.incrementAndGet();
                return done;
            } catch (SmsSendException e) {
                failure = e.getMessage();
                retryable = e.retryable();
            } catch (RuntimeException e) {
                // a gateway bug: whether the message left is unknown, so it is not tried again
                failure = "gateway error: " + e;
                retryable = false;
            }
            if (!retryable || attempt >= options.maxAttempts() || stopped()) {
                String why = !retryable ? "refused: " : attempt >= options.maxAttempts()
                        ? "gave up after " + attempt + " attempts: " : "sender stopped before retrying: ";
                LOG.warn("SMS invitation {} not sent: {}{}", id, why, failure);
                SmsSendLog.Entry done = log.write(id, entry, SendStatus.FAILED, "", why + failure, attempt);
                failed.incrementAndGet();
                return done;
            }
            LOG.info("SMS invitation {}: attempt {} failed ({}), retrying in {}", id, attempt, failure, backoff);
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        LOG.warn("SMS outbox record {}-{}@{} is a dead letter: {}", r.topic(), r.partition(), r.offset(), reason);
        String payload = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        log.deadLetter(SmsSendLog.DEAD_LETTER_SOURCE + ":" + r.topic() + "-" + r.partition() + "@" + r.offset(),
                payload, reason);
        deadLetters.incrementAndGet();
    }

    /** Waits, but returns at once when the sender is closed. */
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
