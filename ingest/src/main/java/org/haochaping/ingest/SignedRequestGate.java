package org.haochaping.ingest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.haochaping.model.RequestSignature;

/**
 * The one way into every signed endpoint (devices, business systems, SMS gateways): checks the
 * signature with the party's {@link RequestAuthenticator}, then refuses a signature already used
 * (the {@link ReplayCache} is shared; keys carry the party so a device and a system with the same id
 * stay apart). Refusals are answered 401 here.
 *
 * <p>The signature is recorded before anything else happens, which also refuses a copy arriving while
 * the original still waits for Kafka. It stays recorded when the request ends accepted or refused as
 * invalid: sending it again cannot change the answer. {@link #release} forgets it after a 503, so the
 * caller's retry may re-send the very same signed request within the skew window. A 503 after a
 * timeout may still have reached Kafka late; the retry then duplicates the record with the same id,
 * which the stream job's de-duplication drops. Requests failing authentication are never recorded:
 * they must not fill the cache.
 */
final class SignedRequestGate {

    /** A request that passed: who signed it, the signed body, and its entry in the replay cache. */
    record Signer(String id, byte[] body, String replayKey) {}

    private final RequestAuthenticator authenticator;
    private final ReplayCache replays;
    private final IngestMetrics metrics;

    SignedRequestGate(RequestAuthenticator authenticator, ReplayCache replays, IngestMetrics metrics) {
        this.authenticator = authenticator;
        this.replays = replays;
        this.metrics = metrics;
    }

    /** @return the signer, or null after answering 401 */
    Signer admit(RoutingContext ctx, Instant now) {
        HttpServerRequest request = ctx.request();
        byte[] body = EdgeHttp.body(ctx);
        RequestAuthenticator.Result auth = authenticator.verify(
                request.getHeader(RequestSignature.DEVICE_HEADER),
                request.getHeader(RequestSignature.TIMESTAMP_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                body, now);
        if (!auth.ok()) {
            metrics.rejected("unauthorized");
            EdgeHttp.error(ctx, 401, auth.error());
            return null;
        }
        String replayKey = ReplayCache.key(authenticator.party().name() + ':' + auth.signerId(), auth.signature());
        long expiresAt = auth.timestampMillis() + authenticator.skew().toMillis();
        if (!replays.tryRecord(replayKey, expiresAt, now.toEpochMilli())) {
            metrics.rejected("replayed");
            EdgeHttp.error(ctx, 401, "replayed: this " + RequestSignature.SIGNATURE_HEADER
                    + " was already used; sign every request anew");
            return null;
        }
        return new Signer(auth.signerId(), body, replayKey);
    }

    void release(Signer signer) {
        replays.release(signer.replayKey());
    }
}
