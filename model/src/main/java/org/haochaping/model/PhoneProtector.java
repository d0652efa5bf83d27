package org.haochaping.model;

import java.util.HexFormat;

/**
 * Keeps phone numbers out of analytics: a keyed hash (HMAC-SHA256, so the 10^11 possible numbers
 * cannot be enumerated without the key) for joins, and a masked form for display.
 */
public final class PhoneProtector {

    private final HmacSha256 hmac;

    public PhoneProtector(String hashKey) {
        this.hmac = new HmacSha256(hashKey, 16, "phone hash key");
    }

    public String hash(String normalizedPhone) {
        return HexFormat.of().formatHex(hmac.mac(normalizedPhone));
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
