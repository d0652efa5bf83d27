package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneCipherTest {

    private static final String DOES_NOT_OPEN = "sealed phone does not open with this key (altered or another key)";

    @Test
    void sealedPhoneOpensWithTheSameKey() {
        String sealed = Phones.CIPHER.seal(Phones.NORMALIZED);
        assertThat(sealed).doesNotContain(Phones.NORMALIZED).doesNotContain("5678");
        assertThat(Phones.CIPHER.open(sealed)).isEqualTo(Phones.NORMALIZED);
        assertThat(PhoneCipher.fromBase64Key(Phones.SEAL_KEY).open(sealed)).as("a cipher from the same key")
                .isEqualTo(Phones.NORMALIZED);
    }

    @Test
    void everySealUsesAFreshNonce() {
        String first = Phones.CIPHER.seal(Phones.NORMALIZED);
        String second = Phones.CIPHER.seal(Phones.NORMALIZED);
        assertThat(first).isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first)).as("12-byte nonce + 11 digits + 16-byte tag").hasSize(39);
        assertThat(Phones.CIPHER.open(second)).isEqualTo(Phones.NORMALIZED);
    }

    /** Positions in the nonce, the ciphertext and the tag. */
    @ParameterizedTest
    @ValueSource(ints = {0, 11, 12, 22, 23, 38})
    void alteredSealDoesNotOpen(int alteredByte) {
        byte[] sealed = Base64.getDecoder().decode(Phones.CIPHER.seal(Phones.NORMALIZED));
        sealed[alteredByte] ^= 1;
        String altered = Base64.getEncoder().encodeToString(sealed);
        assertThatThrownBy(() -> Phones.CIPHER.open(altered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(DOES_NOT_OPEN);
    }

    @Test
    void sealFromAnotherKeyDoesNotOpen() {
        String sealed = Phones.OTHER_CIPHER.seal(Phones.NORMALIZED);
        assertThatThrownBy(() -> Phones.CIPHER.open(sealed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(DOES_NOT_OPEN);
    }

    @Test
    void nonceOnlyOrNonBase64SealIsRefused() {
        String nonceOnly = truncatedSeal(12);
        assertThatThrownBy(() -> Phones.CIPHER.open(nonceOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed phone too short");
        assertThatThrownBy(() -> Phones.CIPHER.open("not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A nonce followed by fewer bytes than the 16-byte tag: seen as ProviderException from the JDK. */
    @ParameterizedTest
    @ValueSource(ints = {13, 20, 27})
    void sealShorterThanNonceAndTagIsRefused(int length) {
        String truncated = truncatedSeal(length);
        assertThatThrownBy(() -> Phones.CIPHER.open(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed phone too short");
    }

    private static String truncatedSeal(int length) {
        byte[] sealed = Base64.getDecoder().decode(Phones.CIPHER.seal(Phones.NORMALIZED));
        return Base64.getEncoder().encodeToString(Arrays.copyOf(sealed, length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankKeyIsRequired(String key) {
        assertThatThrownBy(() -> PhoneCipher.fromBase64Key(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("required: base64 of a 32-byte AES key (e.g. openssl rand -base64 32)");
        assertThatThrownBy(() -> PhoneCipher.fromBase64Key(null))
                .hasMessage("required: base64 of a 32-byte AES key (e.g. openssl rand -base64 32)");
    }

    @Test
    void keyMustBeBase64() {
        assertThatThrownBy(() -> PhoneCipher.fromBase64Key("not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not base64: ");
    }

    @Test
    void keyMustDecodeToThirtyTwoBytes() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        String thirtyThreeBytes = Base64.getEncoder().encodeToString(new byte[33]);
        assertThatThrownBy(() -> PhoneCipher.fromBase64Key(sixteenBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must decode to 32 bytes (AES-256), got 16");
        assertThatThrownBy(() -> PhoneCipher.fromBase64Key(thirtyThreeBytes))
                .hasMessage("must decode to 32 bytes (AES-256), got 33");
        assertThat(PhoneCipher.fromBase64Key(" " + Phones.SEAL_KEY + "\n")).as("surrounding whitespace is trimmed")
                .isNotNull();
    }
}
