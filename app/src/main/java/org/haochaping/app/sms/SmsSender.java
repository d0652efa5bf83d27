package org.haochaping.app.sms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.app.delivery.DeliveryLog;
import org.haochaping.app.delivery.DeliveryLoop;
import org.haochaping.app.delivery.DeliveryLoop.Outcome;
import org.haochaping.app.delivery.DeliveryLoop.Result;
import org.haochaping.app.delivery.DeliveryStatus;
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
 * <p>A {@link DeliveryLoop} consumes {@code kafka.smsOutboxTopic} (group {@value #GROUP_ID}) and keeps the
 * sends in {@code sms_sends}. For each invitation: one that already has a row (sent, failed, expired or in
 * doubt) is skipped; one past {@code expiresAt} is recorded {@code expired} and not sent; otherwise the
 * sealed phone is opened and the invitation's text (the 追评 template for an assess-number-2 invitation) is
 * sent through the gateway, {@code sending} before each call and {@code sent} or {@code failed} after.
 *
 * <p>The crash window: a sender that dies after writing {@code sending} leaves no outcome, and cannot know
 * whether the gateway took the message. Such an invitation is never sent again (better no SMS than two);
 * once the {@code sending} row is older than {@link DeliveryLoop.Options#inDoubtAfter} (far longer than a send with all
 * its retries can take, so no other sender can still be working on it) it is recorded
 * {@link DeliveryStatus#UNCONFIRMED} for the operators. Undecodable records and sealed phones that do not
 * open go to {@code dead_letters} (source {@value #DEAD_LETTER_SOURCE}).
 */
public final class SmsSender implements AutoCloseable {

    public static final String GROUP_ID = "hcp-sms-sender";
    static final String SENDS = "sms_sends";
    static final String DEAD_LETTER_SOURCE = "sms-outbox";
    /**
     * A batch may take this many × {@link DeliveryLoop.Options#worstCase()} when the gateway is down; few records keep
     * that short.
     */
    private static final int RECORDS_PER_BATCH = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);

    /** The sender's pacing: 5 calls over about 30 s of pauses ride out a gateway restart; a longer outage
     *  fails the invitations ({@code sms_sends} says "gave up after 5 attempts"). */
    public static DeliveryLoop.Options defaultOptions() {
        return new DeliveryLoop.Options(Duration.ofMillis(500), 5, HttpSmsGateway.DEFAULT_TIMEOUT,
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /** What the sender did since it started; each outbox record counts in exactly one of these. */
    public record Stats(long sent, long skippedDuplicates, long expired, long failed, long deadLetters) {
        public long processed() {
            return sent + skippedDuplicates + expired + failed + deadLetters;
        }
    }

    private final String topic;
    private final PhoneCipher cipher;
    private final SmsInvitationText text;
    private final SmsGateway gateway;
    private final DeliveryLoop<SmsInvitation> loop;

    public SmsSender(String bootstrapServers, String topic, PhoneCipher cipher, SmsInvitationText text,
                     SmsGateway gateway, ClickHouseStore store, Clock clock, DeliveryLoop.Options options) {
        this.topic = topic;
        this.cipher = cipher;
        this.text = text;
        this.gateway = gateway;
        DeliveryLog log = new DeliveryLog(store, SENDS, "invitation_id", Map.of("gateway", gateway.name()),
                DEAD_LETTER_SOURCE, clock);
        this.loop = new DeliveryLoop<>(GROUP_ID, "SMS invitation", bootstrapServers, topic, RECORDS_PER_BATCH, log,
                options, new Invitations());
    }

    /** The sender as configured: outbox topic, phone key and templates from the configuration. */
    public static SmsSender fromConfig(HcpConfig config, String bootstrapServers, ClickHouseStore store,
                                       SmsGateway gateway) {
        return new SmsSender(bootstrapServers, config.kafka().smsOutboxTopic(),
                PhoneCipher.fromBase64Key(config.security().phoneEncryptionKey()),
                SmsInvitationText.fromConfig(config.sms()), gateway, store, Clock.systemUTC(), defaultOptions());
    }

    /** Subscribes and starts the sending thread; returns this. */
    public SmsSender start() {
        loop.start();
        LOG.info("SMS sender started on topic {} with gateway {}", topic, gateway.name());
        return this;
    }

    public Stats stats() {
        return new Stats(loop.count(Outcome.SENT), loop.count(Outcome.DUPLICATE), loop.count(Outcome.NOT_SENT),
                loop.count(Outcome.FAILED), loop.count(Outcome.DEAD_LETTER));
    }

    /** Stops after the invitation in hand (a gateway call in flight ends within its timeout). */
    @Override
    public void close() {
        loop.close();
    }

    /** The SMS part of the delivery loop. */
    private final class Invitations implements DeliveryLoop.Handler<SmsInvitation> {

        @Override
        public SmsInvitation decode(ConsumerRecord<byte[], byte[]> r) throws DeliveryLoop.Undeliverable {
            try {
                SmsInvitation inv = RatingJson.read(r.value(), SmsInvitation.class);
                String missing = blank(inv.invitationId()) ? "invitationId"
                        : blank(inv.phoneSealed()) ? "phoneSealed"
                        : inv.expiresAt() == null ? "expiresAt"
                        : blank(inv.projectNo()) ? "projectNo" : null;
                if (missing != null) {
                    throw new DeliveryLoop.Undeliverable("not an SMS invitation: " + missing + ": required");
                }
                return inv;
            } catch (InvalidRatingException e) {
                throw new DeliveryLoop.Undeliverable("not an SMS invitation: " + e.getMessage());
            }
        }

        @Override
        public String id(SmsInvitation inv) {
            return inv.invitationId();
        }

        @Override
        public Result process(ConsumerRecord<byte[], byte[]> r, SmsInvitation inv, DeliveryLog.Entry newest)
                throws DeliveryLoop.Undeliverable {
            String id = inv.invitationId();
            DeliveryLog log = loop.log();
            if (newest != null) {
                if (loop.abandoned(newest)) {
                    LOG.warn("SMS invitation {} was left in 'sending'; recorded unconfirmed, not sent again", id);
                    return new Result(Outcome.DUPLICATE, log.write(id, newest, DeliveryStatus.UNCONFIRMED,
                            "a sender stopped during this send at " + newest.updatedAt()
                                    + "; not sent again to avoid a second SMS", newest.attempt(), Map.of()));
                }
                return new Result(Outcome.DUPLICATE, null);
            }
            Instant now = log.clock().instant();
            if (!now.isBefore(inv.expiresAt())) {
                return new Result(Outcome.NOT_SENT, log.write(id, null, DeliveryStatus.EXPIRED,
                        "rating window ended at " + inv.expiresAt(), 0, Map.of()));
            }
            String phone;
            try {
                phone = cipher.open(inv.phoneSealed());
            } catch (IllegalArgumentException e) {
                throw new DeliveryLoop.Undeliverable("invitation " + id + ": " + e.getMessage());
            }
            String message = text.render(inv);
            return loop.deliver(id, null, () -> {
                String messageId;
                try {
                    messageId = gateway.send(phone, message);
                } catch (RuntimeException e) {
                    // a gateway bug: whether the message left is unknown, so it is not tried again
                    throw new SmsSendException("gateway error: " + e, false, e);
                }
                return Map.of("gateway_message_id", messageId == null ? "" : messageId);
            });
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
