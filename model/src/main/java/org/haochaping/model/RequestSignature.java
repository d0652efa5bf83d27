package org.haochaping.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 over {@code timestamp + "\n" + body}, hex-encoded: how evaluators (and later the
 * business system and SMS gateway) sign requests. One implementation serves signer and verifier.
 */
public final class RequestSignature {

    public static final String DEVICE_HEADER = "X-Device-Id";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Signature";

    private RequestSignature() {}

    public static String sign(String secret, long timestampMillis, byte[] body) {
        byte[] timestamp = (timestampMillis + "\n").getBytes(StandardCharsets.US_ASCII);
        return HexFormat.of().formatHex(new HmacSha256(secret, 1, "signing secret").mac(timestamp, body));
    }

    /** Constant-time comparison, so the signature cannot be guessed byte by byte from timings. */
    public static boolean matches(String secret, long timestampMillis, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(secret, timestampMillis, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
