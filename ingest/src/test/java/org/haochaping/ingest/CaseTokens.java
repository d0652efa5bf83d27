package org.haochaping.ingest;

import java.time.Duration;
import org.haochaping.model.RatingJson;
import org.haochaping.model.qr.KioskKey;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;

/** Test data for the token channels: "请评价" bodies and tokens signed with the test QR secret. */
final class CaseTokens {

    static final String HALL = "hall-7";
    static final String COUNTER = "counter-03";
    static final String CLERK = "clerk-0042";
    static final QrTokenSigner SIGNER = new QrTokenSigner(TestConfigs.QR_SECRET);
    static final KioskKey KIOSK_KEYS = new KioskKey(TestConfigs.QR_SECRET);

    private CaseTokens() {}

    static byte[] ratingRequest(String projectNo) {
        return RatingJson.write(new CaseRatingRequest(projectNo, HALL, COUNTER, CLERK, "居民身份证换领",
                "dept-gongan", "item-0101", "110105"));
    }

    /** {@code /kiosk/<counterId>} with the counter's kiosk key, as {@code ./hcp qr} prints it ({@code suffix}: e.g. "/events"). */
    static String kioskPath(String counterId, String suffix) {
        return "/kiosk/" + counterId + suffix + "?key=" + KIOSK_KEYS.forCounter(counterId);
    }

    static String caseToken(String projectNo) {
        return SIGNER.sign(QrToken.forCase(projectNo, 1, HALL, COUNTER, CLERK, TestConfigs.NOW.plus(Duration.ofDays(30))));
    }

    static String expiredCaseToken(String projectNo) {
        return SIGNER.sign(QrToken.forCase(projectNo, 1, HALL, COUNTER, CLERK, TestConfigs.NOW.minusSeconds(1)));
    }

    static String posterToken() {
        return SIGNER.sign(QrToken.forCounter(HALL, COUNTER, CLERK, TestConfigs.NOW.plus(Duration.ofDays(365))));
    }

    /** The same token with one character of its MAC changed. */
    static String forged(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
