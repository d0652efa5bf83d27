package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.junit.jupiter.api.Test;

class RerateLinksTest {

    private static final QrTokenSigner SIGNER = new QrTokenSigner(TestUsers.QR_SECRET);
    private static final Instant DUE = Instant.parse("2026-10-19T16:00:00Z");
    private final RerateLinks links = new RerateLinks(SIGNER, TestUsers.PUBLIC_BASE_URL);

    private static JsonObject workOrder(String status, String rerateDue) {
        return new JsonObject().put("workOrderId", "P1").put("projectNo", "P1").put("status", status)
                .put("hallId", "H1").put("counterId", "W3").put("clerkId", "K7").put("rerateDue", rerateDue);
    }

    @Test
    void aRectifiedWorkOrdersLinkIsTheQrPageWithASignedCaseTokenForTheRerateUntilItsDue() {
        String url = links.of(workOrder("rectified", DUE.toString())).orElseThrow();
        assertThat(url).startsWith("https://hcp.example.gov.cn/r/");
        String token = url.substring("https://hcp.example.gov.cn/r/".length());
        QrTokenSigner.Result result = SIGNER.verify(token, DUE.minusSeconds(1));
        assertThat(result).isEqualTo(new QrTokenSigner.Valid(QrToken.forCase("P1", 2, "H1", "W3", "K7", DUE)));
        assertThat(SIGNER.verify(token, DUE)).isInstanceOf(QrTokenSigner.Expired.class);
    }

    @Test
    void noLinkBeforeRectificationOrAfterClosingOrWithoutADueDate() {
        for (String status : new String[] {"open", "followed_up", "closed", "voided"}) {
            assertThat(links.of(workOrder(status, DUE.toString()))).as(status).isEmpty();
        }
        assertThat(links.of(workOrder("rectified", null))).isEmpty();
    }

    @Test
    void aSignerWithAnotherKeyDoesNotAcceptTheLink() {
        String url = links.of(workOrder("rectified", DUE.toString())).orElseThrow();
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(new QrTokenSigner("another-qr-secret-0123456").verify(token, DUE.minusSeconds(1)))
                .isInstanceOf(QrTokenSigner.Forged.class);
    }
}
