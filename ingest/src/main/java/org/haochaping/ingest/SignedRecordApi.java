package org.haochaping.ingest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import org.haochaping.model.InvalidRatingException;

/**
 * A signed endpoint that turns a JSON body into one Kafka record: {@code POST /api/v1/transactions}
 * (business systems, {@link TransactionDecoder}) and {@code POST /api/v1/sms/inbound} (SMS gateways,
 * {@link SmsReplyDecoder}). Answers 202 {@code {<idField>: id}} after Kafka's ack; 400
 * {@code {error, violations}}; 401 from the {@link SignedRequestGate}; 503 with Retry-After.
 */
final class SignedRecordApi {

    /** Body → the record to publish; personal data is protected here, before anything leaves the edge. */
    interface Decoder {
        Decoded decode(byte[] body, String signerId, Instant now) throws InvalidRatingException;
    }

    /** The record: Kafka key and value, and the id the 202 answer names. */
    record Decoded(String key, byte[] value, String id) {}

    /**
     * @param kind metric tag and log word, e.g. {@code case_event}
     * @param idField the 202 answer's field, e.g. {@code eventId}
     * @param invalidError the 400 answer's {@code error}, e.g. {@code invalid case event}
     */
    record Spec(String path, String topic, String kind, String idField, String invalidError) {}

    private final Spec spec;
    private final SignedRequestGate gate;
    private final Decoder decoder;
    private final KafkaHandoff kafka;
    private final IngestMetrics metrics;
    private final Clock clock;

    SignedRecordApi(Spec spec, SignedRequestGate gate, Decoder decoder, KafkaHandoff kafka, IngestMetrics metrics,
                    Clock clock) {
        this.spec = spec;
        this.gate = gate;
        this.decoder = decoder;
        this.kafka = kafka;
        this.metrics = metrics;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.post(spec.path(), this::post);
    }

    private void post(RoutingContext ctx) {
        Instant now = clock.instant();
        SignedRequestGate.Signer signer = gate.admit(ctx, now);
        if (signer == null) {
            return;
        }
        Decoded record;
        try {
            record = decoder.decode(signer.body(), signer.id(), now);
        } catch (InvalidRatingException e) {
            metrics.rejected("invalid");
            EdgeHttp.invalid(ctx, spec.invalidError(), e);
            return;
        }
        kafka.publishThenAnswer(ctx, spec.topic(), record.key(), record.value(), spec.kind() + " " + record.id(),
                new JsonObject().put(spec.idField(), record.id()),
                () -> metrics.recordAccepted(spec.kind()),
                () -> gate.release(signer));
    }
}
