package org.haochaping.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;

/**
 * The last step of every rating accepted at this edge (device, kiosk and QR ratings): reserve its case
 * in {@link RatedCases} (一事一评 where this edge can know it), publish it to the ratings topic keyed
 * {@code hallId/counterId}, and free the case again when Kafka did not take it. The same rating id
 * sent again after it was accepted (a double submit) is answered as accepted without a second record.
 */
final class RatingLog {

    enum Result { ACCEPTED, DUPLICATE, UNAVAILABLE }

    private final KafkaHandoff kafka;
    private final RatedCases ratedCases;
    private final IngestMetrics metrics;
    private final String topic;

    RatingLog(KafkaHandoff kafka, RatedCases ratedCases, IngestMetrics metrics, String topic) {
        this.kafka = kafka;
        this.ratedCases = ratedCases;
        this.metrics = metrics;
        this.topic = topic;
    }

    /** @return never fails: {@link Result#UNAVAILABLE} when Kafka did not acknowledge */
    Future<Result> submit(Rating rating) {
        String projectNo = rating.projectNo();
        int assessNumber = rating.assessNumber();
        switch (ratedCases.reserve(projectNo, assessNumber, rating.ratingId())) {
            case TAKEN -> {
                metrics.rejected("duplicate");
                return Future.succeededFuture(Result.DUPLICATE);
            }
            case ALREADY_ACCEPTED -> {
                return Future.succeededFuture(Result.ACCEPTED);
            }
            default -> { }
        }
        return kafka.publish(topic, rating.hallId() + "/" + rating.counterId(), RatingJson.write(rating),
                        "rating " + rating.ratingId())
                .map(acked -> {
                    ratedCases.accepted(projectNo, assessNumber, rating.ratingId());
                    metrics.accepted(rating.channel().wireName());
                    return Result.ACCEPTED;
                })
                .otherwise(failure -> {
                    ratedCases.release(projectNo, assessNumber, rating.ratingId());
                    return Result.UNAVAILABLE;
                });
    }

    /** The JSON answer of a rating API: 202 {@code {ratingId}}, 409 请勿重复评价, or 503 (after {@code onUnavailable}). */
    void answer(RoutingContext ctx, Rating rating, Result result, Runnable onUnavailable) {
        switch (result) {
            case ACCEPTED -> EdgeHttp.json(ctx, 202, new JsonObject().put("ratingId", rating.ratingId()));
            case DUPLICATE -> EdgeHttp.error(ctx, 409, duplicateMessage(rating.projectNo(), rating.assessNumber()));
            case UNAVAILABLE -> {
                onUnavailable.run();
                kafka.unavailable(ctx);
            }
        }
    }

    boolean isRated(String projectNo, int assessNumber) {
        return ratedCases.isRated(projectNo, assessNumber);
    }

    /** The 409 message for a second rating of a case, for APIs (pages say it in their own words). */
    static String duplicateMessage(String projectNo, int assessNumber) {
        return "请勿重复评价 (case " + projectNo + ", assessment " + assessNumber + " was already rated)";
    }
}
