/**
 * The public HTTP edge: device requests in, ratings to Kafka out.
 *
 * <p>Follow one rating: {@link org.haochaping.ingest.IngestVerticle#RATINGS_PATH} is handled by
 * {@code IngestVerticle.postRating}: {@link org.haochaping.ingest.DeviceAuthenticator} checks the
 * HMAC headers, {@link org.haochaping.ingest.ReplayCache} refuses a used signature, the model's
 * {@code RatingJson}, {@code RatingRequest.toRating} and {@code RatingValidator} turn the body into a
 * valid {@code Rating} (phone hashed and masked), and {@link org.haochaping.ingest.KafkaRatingPublisher}
 * writes it keyed {@code hallId/counterId}; the answer (202) waits for Kafka's acknowledgement.
 * {@link org.haochaping.ingest.IngestServer} wires it all for the app module.
 *
 * <p>Answers: 202 {@code {"ratingId":"..."}}; 400 {@code {"error":"invalid rating","violations":
 * [{"field":"level","message":"..."}]}}; 401, 404, 405, 413, 500 {@code {"error":"..."}}; 503
 * {@code {"error":"..."}} with {@code Retry-After}. All {@code application/json; charset=utf-8}.
 */
package org.haochaping.ingest;
