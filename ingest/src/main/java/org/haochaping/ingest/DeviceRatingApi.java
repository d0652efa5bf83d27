package org.haochaping.ingest;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.RatingValidator;

/**
 * {@code POST /api/v1/ratings}: a stand-alone evaluator device posts a signed rating (channel
 * {@code evaluator} or {@code kiosk}); its phone, if any, is hashed and masked here. Answers 202
 * {@code {ratingId}} after Kafka's ack; 400 {@code invalid rating} with violations; 401; 409
 * {@code 请勿重复评价} when this edge already accepted another rating of the same (projectNo, assessNumber).
 */
final class DeviceRatingApi {

    static final String PATH = "/api/v1/ratings";

    private final SignedRequestGate devices;
    private final RatingLog ratings;
    private final PhoneProtector phones;
    private final RatingValidator validator;
    private final IngestMetrics metrics;
    private final Clock clock;

    DeviceRatingApi(SignedRequestGate devices, RatingLog ratings, PhoneProtector phones,
                    RatingValidator validator, IngestMetrics metrics, Clock clock) {
        this.devices = devices;
        this.ratings = ratings;
        this.phones = phones;
        this.validator = validator;
        this.metrics = metrics;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.post(PATH, this::postRating);
    }

    private void postRating(RoutingContext ctx) {
        Instant now = clock.instant();
        SignedRequestGate.Signer signer = devices.admit(ctx, now);
        if (signer == null) {
            return;
        }
        Rating rating;
        try {
            rating = EdgeHttp.readJson(signer.body(), RatingRequest.class).toRating(Channel.EVALUATOR, signer.id(), now, phones);
            if (rating.channel() != Channel.EVALUATOR && rating.channel() != Channel.KIOSK) {
                throw new InvalidRatingException("channel", "this endpoint takes ratings from hall devices: '"
                        + Channel.EVALUATOR.wireName() + "' or '" + Channel.KIOSK.wireName() + "'");
            }
            validator.check(rating, now);
        } catch (InvalidRatingException e) {
            metrics.rejected("invalid");
            EdgeHttp.invalid(ctx, "invalid rating", e);
            return;
        }
        ratings.submit(rating).onSuccess(result -> ratings.answer(ctx, rating, result, () -> devices.release(signer)));
    }
}
