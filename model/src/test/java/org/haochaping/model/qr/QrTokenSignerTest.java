package org.haochaping.model.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.haochaping.model.qr.QrTokenSigner.Expired;
import org.haochaping.model.qr.QrTokenSigner.Forged;
import org.haochaping.model.qr.QrTokenSigner.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrTokenSignerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T02:30:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-12-20T02:30:00Z");
    private static final QrToken CASE = QrToken.forCase("P202611200001", 1, "hall-1", "counter-3", "clerk-7", EXPIRES);
    private static final QrToken POSTER = QrToken.forCounter("hall-1", "counter-3", "", EXPIRES);

    private final QrTokenSigner signer = new QrTokenSigner("test-qr-secret-0001");

    @Test
    void caseTokenRoundTrips() {
        assertThat(signer.verify(signer.sign(CASE), NOW)).isEqualTo(new Valid(CASE));
        QrToken followUp = QrToken.forCase("P202611200001", 2, "hall-1", "counter-3", "clerk-7", EXPIRES);
        assertThat(signer.verify(signer.sign(followUp), NOW)).isEqualTo(new Valid(followUp));
    }

    @Test
    void counterTokenRoundTrips() {
        assertThat(signer.verify(signer.sign(POSTER), NOW)).isEqualTo(new Valid(
                new QrToken(QrToken.Kind.COUNTER, "", 0, "hall-1", "counter-3", "", EXPIRES)));
        QrToken withoutClerk = QrToken.forCounter("hall-1", "counter-3", null, EXPIRES);
        assertThat(signer.verify(signer.sign(withoutClerk), NOW)).isEqualTo(new Valid(POSTER));
    }

    @Test
    void tokenExpiresExactlyAtExpiresAt() {
        String token = signer.sign(CASE);
        assertThat(signer.verify(token, EXPIRES.minusSeconds(1))).isEqualTo(new Valid(CASE));
        assertThat(signer.verify(token, EXPIRES)).isEqualTo(new Expired(CASE));
        assertThat(signer.verify(token, EXPIRES.plusSeconds(86_400))).isEqualTo(new Expired(CASE));
    }

    @Test
    void tokenSignedWithAnotherSecretIsForged() {
        String token = new QrTokenSigner("test-qr-secret-0002").sign(CASE);
        assertThat(signer.verify(token, NOW)).isEqualTo(new Forged("signature does not match"));
    }

    @Test
    void flippedCharacterInPayloadOrMacIsForged() {
        String token = signer.sign(CASE);
        int dot = token.indexOf('.');
        for (int i : new int[] {0, 5, dot - 2, dot + 1, dot + 10}) {
            assertThat(signer.verify(flip(token, i), NOW)).as("character %d flipped", i)
                    .isEqualTo(new Forged("signature does not match"));
        }
    }

    /**
     * The last character of an unpadded base64url block carries unused low bits ('A' and 'B' differ only
     * there); a token differing only there must not verify, or one QR code has several valid spellings.
     */
    @Test
    void lastCharacterOfPayloadAndMacIsSignificant() {
        String token = signer.sign(CASE);
        assertThat(signer.verify(flip(token, token.indexOf('.') - 1), NOW)).isInstanceOf(Forged.class);
        assertThat(signer.verify(flip(token, token.length() - 1), NOW)).isInstanceOf(Forged.class);
    }

    @Test
    void textWithoutExactlyOneDotInsideIsNotAToken() {
        String token = signer.sign(CASE);
        Forged notAToken = new Forged("not a token");
        assertThat(signer.verify(token.replace(".", ""), NOW)).isEqualTo(notAToken);
        assertThat(signer.verify(token + ".AAAA", NOW)).isEqualTo(notAToken);
        assertThat(signer.verify(token.substring(token.indexOf('.')), NOW)).isEqualTo(notAToken);
        assertThat(signer.verify("", NOW)).isEqualTo(notAToken);
    }

    @Test
    void garbageIsNotBase64url() {
        assertThat(signer.verify("!!!!.????", NOW)).isEqualTo(new Forged("not base64url"));
        assertThat(signer.verify("abc+/.def", NOW)).as("standard, not url-safe, alphabet")
                .isEqualTo(new Forged("not base64url"));
    }

    @Test
    void oversizedOrMissingTokenIsForged() {
        Forged oversized = new Forged("missing or oversized token");
        assertThat(signer.verify("A".repeat(401), NOW)).isEqualTo(oversized);
        assertThat(signer.verify(null, NOW)).isEqualTo(oversized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1|1", "P 1", "办件1", "P1/2", "P1.2?x=1"})
    void forbiddenCharactersInIdsAreRefusedAtSignTime(String projectNo) {
        QrToken token = QrToken.forCase(projectNo, 1, "hall-1", "counter-3", "clerk-7", EXPIRES);
        assertThatThrownBy(() -> signer.sign(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QR token ids must be letters, digits, '.', '_', ':' or '-': " + projectNo);
    }

    @Test
    void everyIdIsCheckedAtSignTime() {
        assertThatThrownBy(() -> signer.sign(QrToken.forCounter("hall|1", "counter-3", "", EXPIRES)))
                .hasMessageEndingWith(": hall|1");
        assertThatThrownBy(() -> signer.sign(QrToken.forCounter("hall-1", "counter 3", "", EXPIRES)))
                .hasMessageEndingWith(": counter 3");
        assertThatThrownBy(() -> signer.sign(QrToken.forCounter("hall-1", "counter-3", "x".repeat(65), EXPIRES)))
                .hasMessageEndingWith(": " + "x".repeat(65));
    }

    @Test
    void secretMustHaveSixteenCharacters() {
        assertThatThrownBy(() -> new QrTokenSigner("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QR secret must have at least 16 characters");
    }

    /** The token is printed as a QR code on a receipt: short text keeps the code coarse. */
    @Test
    void tokenForRealisticIdsStaysShort() {
        assertThat(signer.sign(CASE)).hasSize(94);
        QrToken longerIds = QrToken.forCase("44030420261120000123", 2, "hall-1", "counter-12",
                "clerk-0042", EXPIRES);
        assertThat(signer.sign(longerIds)).hasSizeLessThan(120);
        assertThat(signer.sign(POSTER)).hasSizeLessThan(80);
    }

    private static String flip(String token, int index) {
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
        return token.substring(0, index) + replacement + token.substring(index + 1);
    }
}
