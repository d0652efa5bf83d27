package org.haochaping.ingest;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;

/**
 * {@code POST /api/v1/token-ratings}: a rating authorised by a server-signed case token, no device
 * signature (the evaluator page on the counter's tablet posts here). Answers 202 {@code {ratingId}}
 * after Kafka's ack; 400 invalid body or token ({@code 二维码无效}); 404 poster token with no pending
 * case; 409 {@code 请勿重复评价}; 410 expired token ({@code 二维码已过期}); 503 with Retry-After.
 */
final class TokenRatingApi {

    static final String PATH = "/api/v1/token-ratings";

    private final TokenRatings tokenRatings;
    private final RatingLog ratings;
    private final IngestMetrics metrics;
    private final Clock clock;

    TokenRatingApi(TokenRatings tokenRatings, RatingLog ratings, IngestMetrics metrics, Clock clock) {
        this.tokenRatings = tokenRatings;
        this.ratings = ratings;
        this.metrics = metrics;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.post(PATH, this::post);
    }

    private void post(RoutingContext ctx) {
        Instant now = clock.instant();
        TokenRatingRequest request;
        try {
            request = EdgeHttp.readJson(EdgeHttp.body(ctx), TokenRatingRequest.class);
            if (request.source() != null && !TokenRatingRequest.KIOSK.equals(request.source())
                    && !TokenRatingRequest.QR.equals(request.source())) {
                throw new InvalidRatingException("source", "must be 'kiosk' or 'qr', got '" + request.source() + "'");
            }
        } catch (InvalidRatingException e) {
            metrics.rejected("invalid");
            EdgeHttp.invalid(ctx, "invalid rating", e);
            return;
        }
        TokenRatings.Lookup lookup = tokenRatings.lookup(request.token(), now, false);
        if (lookup instanceof TokenRatings.Refused refused) {
            EdgeHttp.error(ctx, refused.refusal().status, message(refused));
            return;
        }
        RateableCase rateable = ((TokenRatings.Found) lookup).rateable();
        Rating rating;
        try {
            rating = tokenRatings.rating(rateable, new TokenRatings.Choice(request.ratingId(), request.level(),
                    request.tagCodes(), request.comment()), TokenRatingRequest.KIOSK.equals(request.source()), now);
        } catch (InvalidRatingException e) {
            EdgeHttp.invalid(ctx, "invalid rating", e);
            return;
        }
        tokenRatings.submit(rating).onSuccess(result -> ratings.answer(ctx, rating, result, () -> { }));
    }

    /** Chinese first (the evaluator page shows it as is), then the detail for integrators. */
    static String message(TokenRatings.Refused refused) {
        return switch (refused.refusal()) {
            case FORGED -> "二维码无效 (invalid token: " + refused.detail() + ")";
            case EXPIRED -> "二维码已过期 (token " + refused.detail() + ")";
            case USED -> refused.detail();
            case NO_PENDING_CASE -> "当前窗口暂无待评价的办件 (" + refused.detail() + ")";
        };
    }
}
