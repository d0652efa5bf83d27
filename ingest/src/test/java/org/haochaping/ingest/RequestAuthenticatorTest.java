package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.haochaping.model.RequestSignature;
import org.junit.jupiter.api.Test;

class RequestAuthenticatorTest {

    private static final Instant NOW = TestConfigs.NOW;
    private static final byte[] BODY = "{\"ratingId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);
    private final RequestAuthenticator auth = new RequestAuthenticator(RequestAuthenticator.Party.DEVICE,
            Map.of("dev-1", "secret-of-device-one"), Duration.ofMinutes(5));

    private RequestAuthenticator.Result verifySignedAt(long timestamp) {
        return auth.verify("dev-1", Long.toString(timestamp),
                RequestSignature.sign("secret-of-device-one", timestamp, BODY), BODY, NOW);
    }

    @Test
    void acceptsACorrectSignatureAndReturnsTheVerifiedValues() {
        long ts = NOW.toEpochMilli();
        RequestAuthenticator.Result r = verifySignedAt(ts);
        assertThat(r.ok()).isTrue();
        assertThat(r.signerId()).isEqualTo("dev-1");
        assertThat(r.timestampMillis()).isEqualTo(ts);
        assertThat(r.signature()).isEqualTo(RequestSignature.sign("secret-of-device-one", ts, BODY));
    }

    @Test
    void acceptsUpperCaseHex() {
        long ts = NOW.toEpochMilli();
        String upper = RequestSignature.sign("secret-of-device-one", ts, BODY).toUpperCase(Locale.ROOT);
        assertThat(auth.verify("dev-1", Long.toString(ts), upper, BODY, NOW).ok()).isTrue();
    }

    @Test
    void timestampsUpToTheSkewEitherWayAreAcceptedBeyondAreNot() {
        long skew = Duration.ofMinutes(5).toMillis();
        assertThat(verifySignedAt(NOW.toEpochMilli() - skew).ok()).isTrue();
        assertThat(verifySignedAt(NOW.toEpochMilli() + skew).ok()).isTrue();
        assertThat(verifySignedAt(NOW.toEpochMilli() - skew - 1).error())
                .contains("X-Timestamp").contains("300 s");
        assertThat(verifySignedAt(NOW.toEpochMilli() + skew + 1).error()).contains("X-Timestamp");
    }

    @Test
    void refusesUnknownDevicesAndMissingHeadersNamingTheHeader() {
        long ts = NOW.toEpochMilli();
        String sig = RequestSignature.sign("secret-of-device-one", ts, BODY);
        assertThat(auth.verify("dev-2", Long.toString(ts), sig, BODY, NOW).error())
                .isEqualTo("X-Device-Id names no registered device");
        assertThat(auth.verify(null, Long.toString(ts), sig, BODY, NOW).error()).isEqualTo("missing header X-Device-Id");
        assertThat(auth.verify("dev-1", null, sig, BODY, NOW).error()).isEqualTo("missing header X-Timestamp");
        assertThat(auth.verify("dev-1", Long.toString(ts), null, BODY, NOW).error()).isEqualTo("missing header X-Signature");
        assertThat(auth.verify("dev-1", "2026-11-21T08:30:00Z", sig, BODY, NOW).error())
                .isEqualTo("X-Timestamp must be epoch milliseconds");
    }

    @Test
    void refusesATamperedBodyAWrongSecretAndAShiftedTimestamp() {
        long ts = NOW.toEpochMilli();
        String sig = RequestSignature.sign("secret-of-device-one", ts, BODY);
        byte[] tampered = "{\"ratingId\":\"r-2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(auth.verify("dev-1", Long.toString(ts), sig, tampered, NOW).error()).startsWith("X-Signature does not match");
        assertThat(auth.verify("dev-1", Long.toString(ts + 1), sig, BODY, NOW).ok()).isFalse();
        String wrongKey = RequestSignature.sign("secret-of-another-one", ts, BODY);
        assertThat(auth.verify("dev-1", Long.toString(ts), wrongKey, BODY, NOW).ok()).isFalse();
        assertThat(auth.verify("dev-1", Long.toString(ts), "not-hex", BODY, NOW).ok()).isFalse();
    }

    @Test
    void messagesNameTheKindOfParty() {
        RequestAuthenticator systems = new RequestAuthenticator(RequestAuthenticator.Party.BUSINESS_SYSTEM,
                Map.of("sys-1", "secret-of-system-one"), Duration.ofMinutes(5));
        long ts = NOW.toEpochMilli();
        assertThat(systems.verify("sys-2", Long.toString(ts), "00", BODY, NOW).error())
                .isEqualTo("X-Device-Id names no registered business system");
        assertThat(systems.verify("sys-1", Long.toString(ts), "00", BODY, NOW).error())
                .contains("with the business system's secret");
        assertThat(systems.verify("sys-1", Long.toString(ts), RequestSignature.sign("secret-of-system-one", ts, BODY),
                BODY, NOW).signerId()).isEqualTo("sys-1");
    }
}
