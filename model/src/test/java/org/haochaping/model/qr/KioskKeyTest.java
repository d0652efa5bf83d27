package org.haochaping.model.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KioskKeyTest {

    private static final String SECRET = "test-qr-secret-0001";
    private static final Instant EXPIRES = Instant.parse("2026-12-20T02:30:00Z");

    private final KioskKey keys = new KioskKey(SECRET);

    @Test
    void theKeyIsStableForAFixedSecretAnd22Base64urlCharacters() {
        String key = keys.forCounter("counter-03");
        assertThat(new KioskKey(SECRET).forCounter("counter-03")).isEqualTo(key);
        assertThat(key).hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(keys.matches("counter-03", key)).isTrue();
    }

    @Test
    void theKeyDiffersPerCounterAndPerSecret() {
        String key = keys.forCounter("counter-03");
        assertThat(keys.forCounter("counter-04")).isNotEqualTo(key);
        assertThat(new KioskKey("test-qr-secret-0002").forCounter("counter-03")).isNotEqualTo(key);
        assertThat(keys.matches("counter-04", key)).isFalse();
        assertThat(new KioskKey("test-qr-secret-0002").matches("counter-03", key)).isFalse();
    }

    @Test
    void aMissingEmptyOrAlteredKeyIsRefused() {
        String key = keys.forCounter("counter-03");
        assertThat(keys.matches("counter-03", null)).isFalse();
        assertThat(keys.matches("counter-03", "")).isFalse();
        assertThat(keys.matches(null, key)).isFalse();
        assertThat(keys.matches("", key)).isFalse();
        assertThat(keys.matches("counter-03", key.substring(1))).isFalse();
        assertThat(keys.matches("counter-03", key + "A")).isFalse();
        assertThat(keys.matches("counter-03", flip(key, 0))).isFalse();
        assertThat(keys.matches("counter-03", flip(key, key.length() - 1))).isFalse();
    }

    @Test
    void aQrTokenOfTheSameCounterIsNoKioskKey() {
        QrTokenSigner signer = new QrTokenSigner(SECRET);
        String poster = signer.sign(QrToken.forCounter("hall-1", "counter-03", "", EXPIRES));
        String caseToken = signer.sign(QrToken.forCase("P202611200001", 1, "hall-1", "counter-03", "clerk-7", EXPIRES));
        assertThat(keys.matches("counter-03", poster)).isFalse();
        assertThat(keys.matches("counter-03", caseToken)).isFalse();
        assertThat(keys.matches("counter-03", poster.substring(poster.indexOf('.') + 1))).as("the poster token's MAC")
                .isFalse();
    }

    @Test
    void aShortSecretOrNoCounterIsAProgrammingError() {
        assertThatThrownBy(() -> new KioskKey("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.forCounter("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String flip(String key, int index) {
        char c = key.charAt(index);
        return key.substring(0, index) + (c == 'A' ? 'B' : 'A') + key.substring(index + 1);
    }
}
