package org.haochaping.app.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.app.delivery.DeliveryLog;
import org.haochaping.app.delivery.DeliveryLoop;
import org.haochaping.app.delivery.DeliveryLoop.Outcome;
import org.haochaping.app.delivery.DeliveryLoop.Result;
import org.haochaping.app.delivery.DeliveryStatus;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert of {@code kafka.alertsTopic} whose type is in {@code alerts.webhookTypes} once to the
 * {@link AlertWebhook}, across restarts and Kafka re-deliveries.
 *
 * <p>A {@link DeliveryLoop} consumes the topic (group {@value #GROUP_ID}) and keeps the deliveries in
 * {@code alert_deliveries}: an alert id that has a row is not posted again; a type that is not posted is
 * recorded {@code skipped}; otherwise {@code sending} before each post, then {@code sent} or {@code failed}
 * with the answer's HTTP status. Retryable failures (no answer, 408, 429, 5xx) are retried with backoff up
 * to {@code alerts.webhookMaxAttempts} posts.
 *
 * <p>The crash window differs from the SMS sender's on purpose: the receiver can drop a repeated post by its
 * {@code Idempotency-Key}, and an alert nobody sees is worse than one seen twice by a receiver that ignores
 * the key. So a {@code sending} row left by a sender that stopped mid-post is posted again (attempts
 * numbered on) once it is older than {@link DeliveryLoop.Options#inDoubtAfter}; until then the alert and what follows it
 * are read again after a pause, since another sender may still be posting it. Undecodable records go to
 * {@code dead_letters} (source {@value #DEAD_LETTER_SOURCE}).
 */
public final class WebhookAlertSender implements AutoCloseable {

    public static final String GROUP_ID = "hcp-alert-webhook";
    static final String DELIVERIES = "alert_deliveries";
    static final String DEAD_LETTER_SOURCE = "alerts";
    private static final int RECORDS_PER_BATCH = 10;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSender.class);

    /**
     * The sender's pacing from {@code alerts.*}: {@code webhookMaxAttempts} posts per alert, each within
     * {@code webhookTimeout}; a {@code sending} row is in doubt after twice the worst case of one alert (at
     * least ten minutes).
     */
    public static DeliveryLoop.Options optionsFrom(HcpConfig.Alerts alerts) {
        DeliveryLoop.Options o = new DeliveryLoop.Options(Duration.ofMillis(500), alerts.webhookMaxAttempts(),
                alerts.webhookTimeout(), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(30));
        Duration twiceTheWorst = o.worstCase().multipliedBy(2);
        Duration tenMinutes = Duration.ofMinutes(10);
        return o.withInDoubtAfter(twiceTheWorst.compareTo(tenMinutes) > 0 ? twiceTheWorst : tenMinutes);
    }

    /** What the sender did since it started; each alert record counts in exactly one of these. */
    public record Stats(long sent, long skippedDuplicates, long skippedTypes, long failed, long deadLetters) {
        public long processed() {
            return sent + skippedDuplicates + skippedTypes + failed + deadLetters;
        }
    }

    private final String topic;
    private final AlertWebhook webhook;
    private final Set<AlertType> types;
    private final DeliveryLoop<Alert> loop;

    /** @param types the alert types that are posted; the others are recorded skipped */
    public WebhookAlertSender(String bootstrapServers, String topic, AlertWebhook webhook, Set<AlertType> types,
                              ClickHouseStore store, Clock clock, DeliveryLoop.Options options) {
        this.topic = topic;
        this.webhook = webhook;
        this.types = types.isEmpty() ? EnumSet.noneOf(AlertType.class) : EnumSet.copyOf(types);
        DeliveryLog log = new DeliveryLog(store, DELIVERIES, "alert_id", Map.of(), DEAD_LETTER_SOURCE, clock);
        this.loop = new DeliveryLoop<>(GROUP_ID, "alert", bootstrapServers, topic, RECORDS_PER_BATCH, log, options,
                new Alerts());
    }

    /** The sender as configured, or empty when {@code alerts.webhookUrl} is empty (alerts stay in the table). */
    public static Optional<WebhookAlertSender> fromConfig(HcpConfig config, String bootstrapServers,
                                                          ClickHouseStore store, Clock clock) {
        HcpConfig.Alerts alerts = config.alerts();
        if (alerts.webhookUrl() == null || alerts.webhookUrl().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookAlertSender(bootstrapServers, config.kafka().alertsTopic(),
                AlertWebhook.fromConfig(alerts), Set.copyOf(alerts.webhookTypes()), store, clock,
                optionsFrom(alerts)));
    }

    /** Subscribes and starts the posting thread; returns this. */
    public WebhookAlertSender start() {
        loop.start();
        LOG.info("alert webhook sender started on topic {} for types {}", topic, types);
        return this;
    }

    public Stats stats() {
        return new Stats(loop.count(Outcome.SENT), loop.count(Outcome.DUPLICATE), loop.count(Outcome.NOT_SENT),
                loop.count(Outcome.FAILED), loop.count(Outcome.DEAD_LETTER));
    }

    /** Stops after the alert in hand (a post in flight ends within its timeout). */
    @Override
    public void close() {
        loop.close();
    }

    /** The alert part of the delivery loop. */
    private final class Alerts implements DeliveryLoop.Handler<Alert> {

        @Override
        public Alert decode(ConsumerRecord<byte[], byte[]> r) throws DeliveryLoop.Undeliverable {
            try {
                Alert alert = RatingJson.read(r.value(), Alert.class);
                String missing = alert.alertId() == null || alert.alertId().isBlank() ? "alertId"
                        : alert.type() == null ? "type"
                        : alert.title() == null || alert.title().isBlank() ? "title" : null;
                if (missing != null) {
                    throw new DeliveryLoop.Undeliverable("not an alert: " + missing + ": required");
                }
                return alert;
            } catch (InvalidRatingException e) {
                throw new DeliveryLoop.Undeliverable("not an alert: " + e.getMessage());
            }
        }

        @Override
        public String id(Alert alert) {
            return alert.alertId();
        }

        @Override
        public Result process(ConsumerRecord<byte[], byte[]> r, Alert alert, DeliveryLog.Entry newest) {
            String id = alert.alertId();
            if (newest != null && newest.status() == DeliveryStatus.SENDING) {
                if (!loop.abandoned(newest)) {
                    return null; // another sender may be posting it right now: decide when it is done or gone
                }
                LOG.warn("alert {} was left in 'sending' by a stopped sender; posting it again (same {})", id,
                        AlertWebhook.IDEMPOTENCY_KEY);
                return loop.deliver(id, newest, () -> webhook.post(alert));
            }
            if (newest != null) {
                return new Result(Outcome.DUPLICATE, null);
            }
            if (!types.contains(alert.type())) {
                return new Result(Outcome.NOT_SENT, loop.log().write(id, null, DeliveryStatus.SKIPPED,
                        "type " + alert.type().wireName() + " is not in alerts.webhookTypes", 0, Map.of()));
            }
            return loop.deliver(id, null, () -> webhook.post(alert));
        }
    }
}
