package org.haochaping.model.qr;

import java.time.Instant;

/**
 * What a QR code grants: rating one case (per-case code on the receipt) or rating at one counter
 * (poster). Signed by {@link QrTokenSigner}; the fields are ids only, never personal data.
 *
 * @param projectNo the case for {@link Kind#CASE}; empty for a poster
 * @param assessNumber 1, or 2 for a 追评 code issued after a rectified 差评; 0 for a poster
 * @param clerkId the clerk named on the receipt or poster; may be empty on a poster
 */
public record QrToken(Kind kind, String projectNo, int assessNumber, String hallId, String counterId,
                      String clerkId, Instant expiresAt) {

    public enum Kind {
        CASE('c'), COUNTER('p');

        final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public QrToken {
        projectNo = projectNo == null ? "" : projectNo;
        clerkId = clerkId == null ? "" : clerkId;
    }

    public static QrToken forCase(String projectNo, int assessNumber, String hallId, String counterId,
                                  String clerkId, Instant expiresAt) {
        return new QrToken(Kind.CASE, projectNo, assessNumber, hallId, counterId, clerkId, expiresAt);
    }

    public static QrToken forCounter(String hallId, String counterId, String clerkId, Instant expiresAt) {
        return new QrToken(Kind.COUNTER, "", 0, hallId, counterId, clerkId, expiresAt);
    }
}
