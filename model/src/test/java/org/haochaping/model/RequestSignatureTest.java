package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final byte[] BODY = "{\"level\":5}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureCoversTimestampAndBody() {
        String sig = RequestSignature.sign("secret-0123456789", 1_700_000_000_000L, BODY);
        assertThat(sig).hasSize(64);
        assertThat(RequestSignature.matches("secret-0123456789", 1_700_000_000_000L, BODY, sig)).isTrue();
        assertThat(RequestSignature.matches("secret-0123456789", 1_700_000_000_000L, BODY, sig.toUpperCase())).isTrue();
        assertThat(RequestSignature.matches("secret-0123456789", 1_700_000_000_001L, BODY, sig)).isFalse();
        assertThat(RequestSignature.matches("other-secret-0000", 1_700_000_000_000L, BODY, sig)).isFalse();
        assertThat(RequestSignature.matches("secret-0123456789", 1_700_000_000_000L,
                "{\"level\":1}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(RequestSignature.matches("secret-0123456789", 1_700_000_000_000L, BODY, null)).isFalse();
    }
}
