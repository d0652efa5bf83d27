package org.haochaping.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a record to the {@link RecordPublisher} and answers only after the log acknowledged it:
 * 202 then, or 503 with {@code Retry-After} when it failed or did not answer within
 * {@code http.kafkaTimeout}, never a false accept. Must be called on the verticle's event loop.
 */
final class KafkaHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHandoff.class);

    private final RecordPublisher publisher;
    private final IngestMetrics metrics;
    private final long timeoutMillis;
    private final int retryAfterSeconds;

    KafkaHandoff(RecordPublisher publisher, IngestMetrics metrics, long timeoutMillis, int retryAfterSeconds) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.timeoutMillis = timeoutMillis;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return succeeds once Kafka acknowledged; fails (and is counted and logged) otherwise */
    Future<Void> publish(String topic, String key, byte[] value, String what) {
        Future<Void> acked;
        try {
            acked = Future.fromCompletionStage(publisher.publish(topic, key, value), Vertx.currentContext());
        } catch (RuntimeException e) {
            acked = Future.failedFuture(e);
        }
        return acked.timeout(timeoutMillis, TimeUnit.MILLISECONDS).onFailure(cause -> {
            metrics.kafkaSendFailure();
            LOG.warn("{} not acknowledged by Kafka: {}", what, cause.toString());
        });
    }

    /**
     * Publishes, then answers 202 with {@code accepted} (after {@code onAck}) or 503 (after
     * {@code onFailure}, e.g. releasing a replay-cache entry so the retry is allowed).
     */
    void publishThenAnswer(RoutingContext ctx, String topic, String key, byte[] value, String what,
                           JsonObject accepted, Runnable onAck, Runnable onFailure) {
        publish(topic, key, value, what).onComplete(ar -> {
            if (ar.succeeded()) {
                onAck.run();
                EdgeHttp.json(ctx, 202, accepted);
            } else {
                onFailure.run();
                unavailable(ctx);
            }
        });
    }

    void unavailable(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        // a timed-out send may still reach the broker, so the client must not assume either outcome
        EdgeHttp.error(ctx, 503,
                "the record log did not confirm in time; it may or may not be stored: retry with the same id (a repeat is dropped)");
    }
}
