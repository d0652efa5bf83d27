package org.haochaping.ingest;

import java.time.Instant;
import org.haochaping.model.qr.QrToken;

/**
 * A case a citizen may rate with a server-signed token: the case token itself and what the edge knows
 * beyond it. When the case was offered with "请评价" the item name and codes are known; for a case
 * token printed on a receipt and not offered at this edge they are empty (the stream job joins the
 * case events anyway).
 *
 * @param caseToken the signed {@link QrToken.Kind#CASE} token text
 * @param offeredAt when "请评价" offered it at the counter; null when it was not offered here
 */
record RateableCase(String caseToken, QrToken token, String itemName, String deptCode, String itemCode,
                    String areaCode, Instant offeredAt) {

    static RateableCase ofToken(String caseToken, QrToken token) {
        return new RateableCase(caseToken, token, "", "", "", "", null);
    }
}
