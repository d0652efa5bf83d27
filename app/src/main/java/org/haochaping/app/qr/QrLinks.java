package org.haochaping.app.qr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.KioskKey;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;

/**
 * The links QR codes carry: {@code qr.publicBaseUrl + "/r/" + signed token}, for a counter's poster
 * (valid {@code qr.posterTokenTtl}) or for one case's receipt (valid {@code qr.caseTokenTtl}); and
 * the counter's evaluator page address, {@code qr.publicBaseUrl + "/kiosk/" + counter + "?key=" + kiosk key}.
 */
public final class QrLinks {

    /** A signed token and the URL that carries it. */
    public record QrLink(QrToken token, String signed, String url) {}

    private final String baseUrl;
    private final Duration caseTtl;
    private final Duration posterTtl;
    private final QrTokenSigner signer;
    private final KioskKey kioskKeys;
    private final Clock clock;

    public QrLinks(HcpConfig config, Clock clock) {
        String base = config.qr().publicBaseUrl().trim();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.caseTtl = config.qr().caseTokenTtl();
        this.posterTtl = config.qr().posterTokenTtl();
        this.signer = new QrTokenSigner(config.security().qrSecret());
        this.kioskKeys = new KioskKey(config.security().qrSecret());
        this.clock = clock;
    }

    /** A poster's link: anyone at this counter may rate it until the poster expires. */
    public QrLink counter(String hallId, String counterId, String clerkId) {
        return link(QrToken.forCounter(hallId, counterId, clerkId, expiry(posterTtl)));
    }

    /** A receipt's link: rating this one case (assess number 1, or 2 for a 追评). */
    public QrLink forCase(String projectNo, int assessNumber, String hallId, String counterId, String clerkId) {
        return link(QrToken.forCase(projectNo, assessNumber, hallId, counterId, clerkId, expiry(caseTtl)));
    }

    /**
     * The address of the counter's evaluator page, paired by its kiosk key (the edge refuses the page
     * without it); the counter id is already checked against the token alphabet, so it needs no escaping.
     */
    public String kiosk(String counterId) {
        return baseUrl + "/kiosk/" + counterId + "?key=" + kioskKeys.forCounter(counterId);
    }

    public String baseUrl() {
        return baseUrl;
    }

    private Instant expiry(Duration ttl) {
        // tokens carry whole seconds: the printed expiry is the one the token holds
        return clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private QrLink link(QrToken token) {
        String signed = signer.sign(token);
        return new QrLink(token, signed, baseUrl + "/r/" + signed);
    }
}
