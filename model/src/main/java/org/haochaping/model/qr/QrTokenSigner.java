package org.haochaping.model.qr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.haochaping.model.FieldRules;
import org.haochaping.model.HmacSha256;

/**
 * Signs and checks QR tokens: {@code base64url(payload) + "." + base64url(HMAC-SHA256(payload)[0..16])},
 * payload {@code kind|projectNo|assessNumber|hallId|counterId|clerkId|expiresEpochSeconds}. Short, so
 * the printed code stays coarse enough for a cheap phone camera; 128 bits of MAC cannot be guessed.
 */
public final class QrTokenSigner {

    /** The outcome of {@link #verify}: a token, or why there is none. */
    public sealed interface Result permits Valid, Forged, Expired {}

    public record Valid(QrToken token) implements Result {}

    /** Malformed, altered, or signed with another key. */
    public record Forged(String reason) implements Result {}

    /** Genuine but past its expiry; the token is still told so the page can name the counter. */
    public record Expired(QrToken token) implements Result {}

    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final HmacSha256 hmac;

    public QrTokenSigner(String secret) {
        this.hmac = new HmacSha256(secret, 16, "QR secret");
    }

    public String sign(QrToken t) {
        for (String id : new String[] {t.projectNo(), t.hallId(), t.counterId(), t.clerkId()}) {
            if (id == null || !(id.isEmpty() || FieldRules.ID.matcher(id).matches())) {
                throw new IllegalArgumentException("QR token ids must be letters, digits, '.', '_', ':' or '-': " + id);
            }
        }
        if (!FieldRules.ID.matcher(t.hallId()).matches() || !FieldRules.ID.matcher(t.counterId()).matches()) {
            throw new IllegalArgumentException("a QR token needs a hall and a counter");
        }
        String payload = String.join("|", String.valueOf(t.kind().code), t.projectNo(),
                Integer.toString(t.assessNumber()), t.hallId(), t.counterId(), t.clerkId(),
                Long.toString(t.expiresAt().getEpochSecond()));
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    public Result verify(String token, Instant now) {
        if (token == null || token.length() > 400) {
            return new Forged("missing or oversized token");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return new Forged("not a token");
        }
        byte[] payload;
        byte[] given;
        try {
            payload = B64D.decode(token.substring(0, dot));
            given = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Forged("not base64url");
        }
        // the decoder ignores a last character's unused bits: insist on the one spelling we issue
        if (!B64.encodeToString(payload).equals(token.substring(0, dot))
                || !B64.encodeToString(given).equals(token.substring(dot + 1))) {
            return new Forged("not base64url");
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return new Forged("signature does not match");
        }
        String[] f = new String(payload, StandardCharsets.US_ASCII).split("\\|", -1);
        if (f.length != 7 || f[0].length() != 1 || QrToken.Kind.of(f[0].charAt(0)) == null) {
            return new Forged("unknown token layout");
        }
        QrToken t;
        try {
            t = new QrToken(QrToken.Kind.of(f[0].charAt(0)), f[1], Integer.parseInt(f[2]), f[3], f[4], f[5],
                    Instant.ofEpochSecond(Long.parseLong(f[6])));
        } catch (RuntimeException e) {
            return new Forged("unknown token layout");
        }
        return now.isBefore(t.expiresAt()) ? new Valid(t) : new Expired(t);
    }

    private byte[] mac(byte[] payload) {
        return Arrays.copyOf(hmac.mac(payload), MAC_BYTES);
    }
}
