package org.haochaping.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.RequestSignature;
import org.junit.jupiter.api.Test;

/** The load generator's pure parts: the histogram's buckets and percentiles, outcomes, the signed requests. */
class LoadHelpersTest {

    @Test
    void histogramIsExactBelowSixtyFourMicrosAndWithinOnePointSixPercentAbove() {
        for (long v = 0; v < 64; v++) {
            assertThat(LatencyHistogram.value(LatencyHistogram.index(v))).isEqualTo(v);
        }
        for (long v = 64; v < 50_000_000; v = v * 3 / 2 + 7) {
            long reported = LatencyHistogram.value(LatencyHistogram.index(v));
            assertThat(Math.abs(reported - v)).as("value %d", v).isLessThanOrEqualTo(v / 64 + 1);
        }
    }

    @Test
    void percentilesOfKnownValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordMicros(i * 1000L); // 1 ms .. 1000 ms
        }
        assertThat(h.count()).isEqualTo(1000);
        assertThat(h.percentileMicros(0.5)).isBetween(492_000L, 508_000L);
        assertThat(h.percentileMicros(0.99)).isBetween(975_000L, 1_000_000L);
        assertThat(h.percentileMicros(1.0)).isEqualTo(1_000_000L);
        assertThat(h.maxMicros()).isEqualTo(1_000_000L);
        assertThat(h.meanMicros()).isEqualTo(500_500.0);
        assertThat(new LatencyHistogram().percentileMicros(0.99)).isZero();
    }

    @Test
    void outcomesOfStatusesAndFailures() {
        assertThat(Outcome.ofStatus(202)).isEqualTo(Outcome.ACCEPTED);
        assertThat(Outcome.ofStatus(401)).isEqualTo(Outcome.CLIENT_ERROR);
        assertThat(Outcome.ofStatus(503)).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(Outcome.ofStatus(200)).isEqualTo(Outcome.OTHER_STATUS);
        assertThat(LoadGenerator.failure(new RuntimeException(new TimeoutException()))).isEqualTo(Outcome.TIMEOUT);
        assertThat(LoadGenerator.failure(new java.net.ConnectException("refused"))).isEqualTo(Outcome.CONNECTION_ERROR);
        assertThat(Outcome.SERVER_ERROR.unknown()).isTrue();
        assertThat(Outcome.CLIENT_ERROR.unknown()).isFalse();
        assertThat(Outcome.ACCEPTED.unknown()).isFalse();
    }

    @Test
    void preparedRequestsAreSignedUniqueAndRatedNow() throws Exception {
        EdgeRatings ratings = new EdgeRatings("unit-1", "dev-1", "a-secret-of-sixteen-chars", 7);
        EdgeRatings.Prepared a = ratings.prepare(1);
        EdgeRatings.Prepared b = ratings.prepare(2);
        RatingRequest ra = RatingJson.readRequest(a.body());
        RatingRequest rb = RatingJson.readRequest(b.body());
        assertThat(ra.ratingId()).isEqualTo("unit-1-1").isEqualTo(a.ratingId());
        assertThat(rb.ratingId()).isEqualTo("unit-1-2");
        assertThat(ra.projectNo()).isEqualTo("unit-1-P1");
        assertThat(rb.projectNo()).isEqualTo("unit-1-P2");
        assertThat(ra.ratedAt().toEpochMilli()).isEqualTo(a.timestampMillis());
        assertThat(RequestSignature.matches("a-secret-of-sixteen-chars", a.timestampMillis(), a.body(), a.signature()))
                .isTrue();
        // the same sequence gives the same content (templates in turn), only the time differs
        RatingRequest again = RatingJson.readRequest(ratings.prepare(1).body());
        assertThat(again.clerkId()).isEqualTo(ra.clerkId());
        assertThat(again.level()).isEqualTo(ra.level());
    }
}
