/**
 * The public HTTP edge: signed requests, evaluator pages and QR pages in; ratings, case events and SMS
 * replies to Kafka out. {@link org.haochaping.ingest.IngestVerticle} composes one router from the roles.
 *
 * <p>Follow one rating from a device: {@link org.haochaping.ingest.DeviceRatingApi} ({@code POST
 * /api/v1/ratings}) lets {@link org.haochaping.ingest.SignedRequestGate} check the HMAC headers
 * ({@link org.haochaping.ingest.RequestAuthenticator}) and refuse a used signature
 * ({@link org.haochaping.ingest.ReplayCache}); the model's {@code RatingJson}, {@code RatingRequest.toRating}
 * and {@code RatingValidator} make a valid {@code Rating} (phone hashed and masked);
 * {@link org.haochaping.ingest.RatingLog} refuses a second rating of the same case
 * ({@link org.haochaping.ingest.RatedCases}) and hands it to {@link org.haochaping.ingest.KafkaHandoff},
 * which answers only after {@link org.haochaping.ingest.KafkaRecordPublisher}'s acknowledgement.
 *
 * <p>Follow a case through the hall: the business system posts it ({@link org.haochaping.ingest.SignedRecordApi}
 * with {@link org.haochaping.ingest.TransactionDecoder}: phone hashed, masked and sealed), asks for a
 * rating ({@link org.haochaping.ingest.RatingRequestApi}: a signed case token, pushed by the
 * {@link org.haochaping.ingest.KioskHub} to the counter's page of {@link org.haochaping.ingest.KioskPages});
 * the citizen rates on that page ({@link org.haochaping.ingest.TokenRatingApi}) or by QR code
 * ({@link org.haochaping.ingest.QrPages}, {@link org.haochaping.ingest.QrPageHtml}), both through
 * {@link org.haochaping.ingest.TokenRatings}; an SMS reply comes in through {@link org.haochaping.ingest.SignedRecordApi}
 * with {@link org.haochaping.ingest.SmsReplyDecoder}. {@link org.haochaping.ingest.IngestServer} wires it
 * all for the app module.
 *
 * <p>API answers: 202 {@code {"ratingId"|"eventId"|"messageId": "..."}} or {@code {"delivered": n, ...}};
 * 400 {@code {"error": "...", "violations": [{"field": "level", "message": "..."}]}}; 401, 404, 405, 409,
 * 410, 413, 500 {@code {"error": "..."}}; 503 {@code {"error": "..."}} with {@code Retry-After}. All
 * {@code application/json; charset=utf-8}. Pages are {@code text/html; charset=utf-8}.
 */
package org.haochaping.ingest;
