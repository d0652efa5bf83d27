package org.haochaping.ingest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;

/**
 * "请评价": {@code POST /api/v1/rating-requests}, signed by a business system. The edge signs a case
 * token (assessment 1, valid {@code qr.caseTokenTtl}) and offers the case on the counter's evaluator
 * pages through the {@link KioskHub}; the case also becomes the counter's pending case for its poster.
 *
 * <p>202 {@code {delivered, token, qrUrl}} when at least one page got it; 409 (the clerk sees it) when
 * no evaluator page of that counter is connected, the case still pending; 400 with violations; 401.
 */
final class RatingRequestApi {

    static final String PATH = "/api/v1/rating-requests";

    private final SignedRequestGate systems;
    private final QrTokenSigner tokens;
    private final KioskHub hub;
    private final IngestMetrics metrics;
    private final Duration caseTokenTtl;
    private final String publicBaseUrl;
    private final Clock clock;

    RatingRequestApi(SignedRequestGate systems, QrTokenSigner tokens, KioskHub hub, IngestMetrics metrics,
                     Duration caseTokenTtl, String publicBaseUrl, Clock clock) {
        this.systems = systems;
        this.tokens = tokens;
        this.hub = hub;
        this.metrics = metrics;
        this.caseTokenTtl = caseTokenTtl;
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.post(PATH, this::post);
    }

    private void post(RoutingContext ctx) {
        Instant now = clock.instant();
        SignedRequestGate.Signer signer = systems.admit(ctx, now);
        if (signer == null) {
            return;
        }
        CaseRatingRequest request;
        try {
            request = EdgeHttp.readJson(signer.body(), CaseRatingRequest.class);
            request.check();
        } catch (InvalidRatingException e) {
            metrics.rejected("invalid");
            EdgeHttp.invalid(ctx, "invalid rating request", e);
            return;
        }
        // whole seconds, as signed: the token read back from a page equals this one
        QrToken token = QrToken.forCase(request.projectNo(), 1, request.hallId(), request.counterId(),
                request.clerkId(), now.plus(caseTokenTtl).truncatedTo(ChronoUnit.SECONDS));
        String caseToken = tokens.sign(token);
        int delivered = hub.offer(new RateableCase(caseToken, token, request.itemName().strip(),
                orEmpty(request.deptCode()), orEmpty(request.itemCode()), orEmpty(request.areaCode()), now));
        JsonObject answer = new JsonObject()
                .put("delivered", delivered)
                .put("token", caseToken)
                .put("qrUrl", publicBaseUrl + QrPages.PATH_PREFIX + caseToken);
        if (delivered == 0) {
            metrics.rejected("evaluator_offline");
            EdgeHttp.json(ctx, 409, answer.put("error", "评价器未连接，请检查窗口评价器后重试"
                    + " (the evaluator page of counter " + request.counterId() + " is offline;"
                    + " the case stays pending for its poster code)"));
            return;
        }
        EdgeHttp.json(ctx, 202, answer);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
