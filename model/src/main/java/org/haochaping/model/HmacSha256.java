package org.haochaping.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a key made from a configured secret: what request signatures, phone hashes, QR
 * tokens and evaluator pairing keys are all built on, so the JCA plumbing lives once.
 */
public final class HmacSha256 {

    private final SecretKeySpec key;

    /**
     * @param secret at least {@code minChars} characters
     * @param what names the secret in the error ("QR secret", "phone hash key")
     */
    public HmacSha256(String secret, int minChars, String what) {
        if (secret == null || secret.length() < minChars) {
            throw new IllegalArgumentException(what + " must have at least " + minChars + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The MAC of the parts, fed one after another. */
    public byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public byte[] mac(String text) {
        return mac(text.getBytes(StandardCharsets.UTF_8));
    }
}
