package org.haochaping.bench.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.haochaping.app.demo.DemoRequest;
import org.haochaping.app.demo.Population;
import org.haochaping.app.demo.RatingGenerator;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.RequestSignature;

/**
 * Signed {@code POST /api/v1/ratings} requests for a load run, one per sequence number: the content (hall,
 * counter, clerk, item, level, tags, comment, phone) from the demo's generator over its synthetic population
 * ({@value #HALLS} halls × {@value #COUNTERS_PER_HALL} counters), taken in turn from {@value #TEMPLATES}
 * generated ratings, and made unique per sequence: rating id {@code <runId>-<n>}, case number
 * {@code <runId>-P<n>} (so neither 一事一评 nor the spam check refuses it) and {@code ratedAt} = the signature's
 * timestamp, near when it is sent, so validation's age and clock-skew rules pass.
 */
public final class EdgeRatings {

    static final int HALLS = 8;
    static final int COUNTERS_PER_HALL = 25;
    static final int TEMPLATES = 10_000;
    public static final String PATH = "/api/v1/ratings";

    /** One request, ready to send: exactly the bytes signed. */
    public record Prepared(long sequence, String ratingId, byte[] body, long timestampMillis, String signature) {}

    private final String runId;
    private final String deviceId;
    private final String secret;
    private final List<RatingRequest> templates;

    /**
     * @param runId    prefix of every rating id and case number: ASCII letters, digits, '.', ':' or '-', at most
     *                 40 characters (the demo's rule); different runs on one data folder need different ones
     * @param deviceId the evaluator device ({@code security.devices}) signing the requests
     * @param secret   its HMAC secret
     */
    public EdgeRatings(String runId, String deviceId, String secret, long seed) {
        this.runId = RatingGenerator.checkRunId(runId);
        this.deviceId = deviceId;
        this.secret = secret;
        Instant now = Instant.now();
        RatingGenerator generator = new RatingGenerator(Population.generate(HALLS, COUNTERS_PER_HALL, seed), runId,
                TEMPLATES, now.minus(Duration.ofHours(1)), now, 0.0, seed);
        this.templates = generator.toList().stream().map(DemoRequest::request).toList();
    }

    public String runId() {
        return runId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String ratingId(long sequence) {
        return runId + "-" + sequence;
    }

    /** The rating of this sequence number as the evaluator posts it, rated at {@code ratedAt}. */
    public RatingRequest request(long sequence, Instant ratedAt) {
        RatingRequest t = templates.get((int) Math.floorMod(sequence, (long) templates.size()));
        return new RatingRequest(ratingId(sequence), runId + "-P" + sequence, t.assessNumber(), t.channel(), t.level(),
                t.tagCodes(), t.comment(), t.hallId(), t.counterId(), t.clerkId(), t.deptCode(), t.itemCode(),
                t.areaCode(), ratedAt, t.raterPhone());
    }

    /** The signed request of this sequence number, rated and signed now. */
    public Prepared prepare(long sequence) {
        return prepare(sequence, System.currentTimeMillis());
    }

    /**
     * The signed request of this sequence number, rated and signed at {@code timestampMillis} (the time it is
     * meant to be sent; the edge accepts up to five minutes either way).
     */
    public Prepared prepare(long sequence, long timestampMillis) {
        byte[] body = RatingJson.write(request(sequence, Instant.ofEpochMilli(timestampMillis)));
        return new Prepared(sequence, ratingId(sequence), body, timestampMillis,
                RequestSignature.sign(secret, timestampMillis, body));
    }

    /**
     * The Kafka record value the edge publishes for this sequence's rating (phone hashed and masked), what
     * a raw producer baseline sends; the key is {@link #kafkaKey}.
     */
    public Rating edgeRecord(long sequence, Instant receivedAt, PhoneProtector phones) {
        try {
            return request(sequence, receivedAt).toRating(Channel.EVALUATOR, deviceId, receivedAt, phones);
        } catch (InvalidRatingException e) {
            throw new IllegalStateException("generated an invalid rating #" + sequence + ": " + e.getMessage(), e);
        }
    }

    /** The key the edge publishes a rating under (RatingLog). */
    public static String kafkaKey(Rating r) {
        return r.hallId() + "/" + r.counterId();
    }
}
