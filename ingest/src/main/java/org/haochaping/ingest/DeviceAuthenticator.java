package org.haochaping.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.haochaping.model.RequestSignature;

/**
 * Checks the three signing headers of a device request ({@link RequestSignature#DEVICE_HEADER},
 * {@link RequestSignature#TIMESTAMP_HEADER}, {@link RequestSignature#SIGNATURE_HEADER}) against the
 * registered device secrets and the allowed clock skew. Replays are the {@link ReplayCache}'s job.
 */
public final class DeviceAuthenticator {

    /** The outcome: either {@link #ok()} with the verified values, or a message for the device integrator. */
    public record Result(String deviceId, long timestampMillis, String signature, String error) {
        public boolean ok() {
            return error == null;
        }

        static Result rejected(String error) {
            return new Result(null, 0, null, error);
        }
    }

    private final Map<String, String> secrets;
    private final Duration skew;

    /**
     * @param secrets device id → shared HMAC secret ({@code security.devices})
     * @param skew how far {@code X-Timestamp} may be from the server clock ({@code security.signatureSkew})
     */
    public DeviceAuthenticator(Map<String, String> secrets, Duration skew) {
        this.secrets = Map.copyOf(secrets);
        this.skew = skew;
    }

    public Duration skew() {
        return skew;
    }

    public Result verify(String deviceId, String timestamp, String signature, byte[] body, Instant now) {
        if (deviceId == null || deviceId.isBlank()) {
            return Result.rejected("missing header " + RequestSignature.DEVICE_HEADER);
        }
        String secret = secrets.get(deviceId);
        if (secret == null) {
            return Result.rejected(RequestSignature.DEVICE_HEADER + " names no registered device");
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
                    + " does not match: expected hex HMAC-SHA256 of X-Timestamp + \"\\n\" + body with the device's secret");
        }
        return new Result(deviceId, millis, signature.trim(), null);
    }
}
