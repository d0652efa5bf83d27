package org.haochaping.console;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 追评 link of a rectified work order: the ingest edge's QR page {@code /r/{token}} with a per-case
 * token for assess number 2, valid until the work order's {@code rerate_due}. The supervisor shows it (as a
 * QR code) or sends it to the citizen; the edge's page and the stream job do the rest, as for any QR rating.
 * Signed on every read, never stored: the token is a function of the work order.
 */
final class RerateLinks {

    static final int RERATE_ASSESS_NUMBER = 2;
    private static final Logger LOG = LoggerFactory.getLogger(RerateLinks.class);

    private final QrTokenSigner signer;
    private final String publicBaseUrl;

    RerateLinks(QrTokenSigner signer, String publicBaseUrl) {
        this.signer = signer;
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** @param workOrder a work order as {@link WorkOrderQueries} returns it */
    Optional<String> of(JsonObject workOrder) {
        String due = workOrder.getString("rerateDue");
        if (!"rectified".equals(workOrder.getString("status")) || due == null) {
            return Optional.empty();
        }
        try {
            String token = signer.sign(QrToken.forCase(workOrder.getString("projectNo"), RERATE_ASSESS_NUMBER,
                    workOrder.getString("hallId"), workOrder.getString("counterId"), workOrder.getString("clerkId"),
                    Instant.parse(due)));
            return Optional.of(publicBaseUrl + "/r/" + token);
        } catch (IllegalArgumentException e) {
            // ids outside the token alphabet cannot come from the edge; a link we cannot sign is left out
            LOG.warn("no 追评 link for work order {}: {}", workOrder.getString("workOrderId"), e.getMessage());
            return Optional.empty();
        }
    }
}
