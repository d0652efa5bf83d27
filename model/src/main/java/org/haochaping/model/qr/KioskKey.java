package org.haochaping.model.qr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.haochaping.model.HmacSha256;

/**
 * The pairing key of a counter's evaluator page ({@code GET /kiosk/{counterId}?key=...}): without it
 * anyone reaching the edge could read the counter's pushed case tokens and rate in the citizen's place.
 *
 * <p>{@code base64url(HMAC-SHA256(qrSecret, "kiosk|" + counterId)[0..16])}, no padding: derived from the
 * QR secret, so there is nothing more to configure or store, and printed by {@code ./hcp qr} for the
 * administrator to open on the counter's tablet. The {@code "kiosk|"} label keeps the MAC input apart
 * from QR token payloads (which start with a one-letter kind and {@code '|'}) and a key has no '.',
 * so a QR token can never serve as a kiosk key nor the other way round.
 */
public final class KioskKey {

    private static final String DOMAIN = "kiosk|";
    private static final int KEY_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HmacSha256 hmac;

    public KioskKey(String qrSecret) {
        this.hmac = new HmacSha256(qrSecret, 16, "QR secret");
    }

    /** The key the evaluator page of {@code counterId} must present. */
    public String forCounter(String counterId) {
        if (counterId == null || counterId.isEmpty()) {
            throw new IllegalArgumentException("a kiosk key needs a counter id");
        }
        return B64.encodeToString(mac(counterId));
    }

    /** Whether {@code key} is the pairing key of {@code counterId}; false for a null or empty either. */
    public boolean matches(String counterId, String key) {
        if (counterId == null || counterId.isEmpty() || key == null) {
            return false;
        }
        // compared as bytes in constant time, so response timing tells nothing about a guessed prefix
        return MessageDigest.isEqual(forCounter(counterId).getBytes(StandardCharsets.US_ASCII),
                key.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(String counterId) {
        return Arrays.copyOf(hmac.mac(DOMAIN + counterId), KEY_BYTES);
    }
}
