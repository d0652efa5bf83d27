package org.haochaping.model;

/** Test fixtures: one citizen phone and the keys that hash and seal it. */
public final class Phones {

    /** The phone as a business system or gateway might send it. */
    public static final String AS_TYPED = "+86 138-1234-5678";
    public static final String NORMALIZED = "13812345678";
    public static final String MASKED = "138****5678";

    public static final PhoneProtector PROTECTOR = new PhoneProtector("test-phone-hash-key-0001");
    /** base64 of "test-phone-seal-key-number-0001!" (32 bytes). */
    public static final String SEAL_KEY = "dGVzdC1waG9uZS1zZWFsLWtleS1udW1iZXItMDAwMSE=";
    public static final PhoneCipher CIPHER = PhoneCipher.fromBase64Key(SEAL_KEY);
    /** base64 of "other-phone-seal-key-number-002!" (32 bytes). */
    public static final PhoneCipher OTHER_CIPHER =
            PhoneCipher.fromBase64Key("b3RoZXItcGhvbmUtc2VhbC1rZXktbnVtYmVyLTAwMiE=");

    private Phones() {}

    public static String hash() {
        return PROTECTOR.hash(NORMALIZED);
    }
}
