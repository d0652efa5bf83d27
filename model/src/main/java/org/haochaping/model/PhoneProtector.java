package org.haochaping.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps phone numbers out of analytics: a keyed hash (HMAC-SHA256, so the 10^11 possible numbers
 * cannot be enumerated without the key) for joins, and a masked form for display.
 */
public final class PhoneProtector {

    private final SecretKeySpec key;

    public PhoneProtector(String hashKey) {
        if (hashKey == null || hashKey.length() < 16) {
            throw new IllegalArgumentException("phone hash key must have at least 16 characters");
        }
        this.key = new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String normalizedPhone) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(normalizedPhone.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** @return the 11 digits of a mainland mobile number (accepting +86, spaces and dashes), or null */
    public static String normalize(String raw) {
        String digits = raw.replaceAll("[\\s-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        }
        return digits.matches("1[3-9]\\d{9}") ? digits : null;
    }

    /** 13812341234 → 138****1234 */
    public static String mask(String normalizedPhone) {
        return normalizedPhone.substring(0, 3) + "****" + normalizedPhone.substring(7);
    }
}
