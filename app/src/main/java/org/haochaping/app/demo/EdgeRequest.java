package org.haochaping.app.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP request the simulator sends to the edge, of any channel: what it is ({@link Kind}), where it
 * goes, its body, the event time it carries (null when the edge stamps the time itself, as for QR and
 * SMS) and the answer it deserves.
 *
 * @param sequence 1-based position in its phase, for ordering retries
 * @param kind what the request is; decides the signer and the answers it deserves
 * @param path e.g. {@code /api/v1/transactions} or {@code /r/<token>}
 * @param contentType the body's media type
 * @param body exactly the bytes sent (and signed)
 * @param eventTime the event time inside the body, or null when the edge assigns it on arrival
 * @param label for log lines: a rating id, event id or message id
 * @param invalid why the edge must refuse it, or null
 */
public record EdgeRequest(long sequence, Kind kind, String path, String contentType, byte[] body, Instant eventTime,
                          String label, InvalidKind invalid) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    /** Who signs a request: an evaluator device, a business system, an SMS gateway, or nobody (a phone's browser). */
    public enum Signer { DEVICE, SYSTEM, GATEWAY, NONE }

    /** The kinds of traffic the demo produces. */
    public enum Kind {
        /** a case accepted or completed, from the counter business system */
        TRANSACTION(Signer.SYSTEM, false),
        /** a rating posted by the counter evaluator (a signed device) */
        EVALUATOR(Signer.DEVICE, false),
        /**
         * a second press on the evaluator within the spam interval, same case: 409 at the edge, or flagged;
         * sent only once the first press was answered, as a finger cannot press before the screen changed
         */
        SPAM_PRESS(Signer.DEVICE, true),
        /** the QR page's form, posted like a phone's browser ({@code POST /r/{token}}) */
        QR_FORM(Signer.NONE, false),
        /** a rating with a case token as JSON ({@code POST /api/v1/token-ratings}) */
        QR_TOKEN(Signer.NONE, false),
        /** a QR rating of a case already rated on the evaluator: 409 at the edge, or flagged */
        QR_DUPLICATE(Signer.NONE, true),
        /** a citizen's SMS reply, posted by the SMS gateway */
        SMS_REPLY(Signer.GATEWAY, false);

        private final Signer signer;
        private final boolean duplicate;

        Kind(Signer signer, boolean duplicate) {
            this.signer = signer;
            this.duplicate = duplicate;
        }

        public Signer signer() {
            return signer;
        }

        /** A deliberate second rating of a case: the edge may refuse it (409) or the stream job flags it. */
        public boolean duplicate() {
            return duplicate;
        }

        /** Sent only once every request before it was answered. */
        public boolean waitsForPrevious() {
            return this == SPAM_PRESS;
        }

    }

    public EdgeRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A rating of {@link RatingGenerator} as the evaluator posts it, at {@link DemoSimulator#RATINGS_PATH}. */
    public static EdgeRequest evaluator(DemoRequest request) {
        return evaluator(request, Kind.EVALUATOR);
    }

    public static EdgeRequest evaluator(DemoRequest request, Kind kind) {
        return new EdgeRequest(request.sequence(), kind, DemoSimulator.RATINGS_PATH, JSON, request.body(),
                request.request().ratedAt(), request.request().ratingId(), request.invalid());
    }

    public boolean isValid() {
        return invalid == null;
    }

    /** The same request at another position. */
    public EdgeRequest withSequence(long sequence) {
        return new EdgeRequest(sequence, kind, path, contentType, body, eventTime, label, invalid);
    }
}
