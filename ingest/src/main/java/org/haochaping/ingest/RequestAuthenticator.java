package org.haochaping.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.haochaping.model.RequestSignature;

/**
 * Checks the three signing headers of a signed request ({@link RequestSignature#DEVICE_HEADER},
 * {@link RequestSignature#TIMESTAMP_HEADER}, {@link RequestSignature#SIGNATURE_HEADER}) against the
 * registered secrets of one kind of party and the allowed clock skew. Evaluator devices, counter
 * business systems and SMS gateways all sign the same way (the id travels in {@code X-Device-Id});
 * each kind has its own instance over its own secrets. Replays are the {@link ReplayCache}'s job.
 */
public final class RequestAuthenticator {

    /** Who signs: names the secrets in error messages and keeps replay keys of different kinds apart. */
    public enum Party {
        DEVICE("device"),
        BUSINESS_SYSTEM("business system"),
        SMS_GATEWAY("SMS gateway");

        private final String description;

        Party(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The outcome: either {@link #ok()} with the verified values, or a message for the integrator. */
    public record Result(String signerId, long timestampMillis, String signature, String error) {
        public boolean ok() {
            return error == null;
        }

        static Result rejected(String error) {
            return new Result(null, 0, null, error);
        }
    }

    private final Party party;
    private final Map<String, String> secrets;
    private final Duration skew;

    /**
     * @param secrets id → shared HMAC secret ({@code security.devices}, {@code security.systems} or
     *     {@code security.smsGateways})
     * @param skew how far {@code X-Timestamp} may be from the server clock ({@code security.signatureSkew})
     */
    public RequestAuthenticator(Party party, Map<String, String> secrets, Duration skew) {
        this.party = party;
        this.secrets = Map.copyOf(secrets);
        this.skew = skew;
    }

    public Party party() {
        return party;
    }

    public Duration skew() {
        return skew;
    }

    public Result verify(String signerId, String timestamp, String signature, byte[] body, Instant now) {
        if (signerId == null || signerId.isBlank()) {
            return Result.rejected("missing header " + RequestSignature.DEVICE_HEADER);
        }
        String secret = secrets.get(signerId);
        if (secret == null) {
            return Result.rejected(RequestSignature.DEVICE_HEADER + " names no registered " + party.description());
        }
        if (timestamp == null || timestamp.isBlank()) {
            return Result.rejected("missing header " + RequestSignature.TIMESTAMP_HEADER);
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Result.rejected(RequestSignature.TIMESTAMP_HEADER + " must be epoch milliseconds");
        }
        long distance = Math.abs(now.toEpochMilli() - millis);
        if (millis < 0 || distance > skew.toMillis()) {
            return Result.rejected(RequestSignature.TIMESTAMP_HEADER + " is more than " + skew.toSeconds()
                    + " s away from the server clock; sign with the current time");
        }
        if (signature == null || signature.isBlank()) {
            return Result.rejected("missing header " + RequestSignature.SIGNATURE_HEADER);
        }
        if (!RequestSignature.matches(secret, millis, body, signature.trim())) {
            return Result.rejected(RequestSignature.SIGNATURE_HEADER
                    + " does not match: expected hex HMAC-SHA256 of X-Timestamp + \"\\n\" + body with the " + party.description() + "'s secret");
        }
        return new Result(signerId, millis, signature.trim(), null);
    }
}
