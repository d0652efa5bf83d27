package org.haochaping.bench.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketVisibilityTest {

    private final List<Long> delays = new ArrayList<>();
    private final BucketVisibility visibility = new BucketVisibility(delays::add);

    @Test
    void creditsRatingsInAcknowledgementOrderAsCountsGrow() {
        visibility.accepted("c1/00:01", 100, true);
        visibility.accepted("c1/00:01", 150, true);
        visibility.accepted("c1/00:01", 170, true);

        visibility.observed("c1/00:01", 1, 1_000);
        assertThat(delays).containsExactly(900L);
        visibility.observed("c1/00:01", 1, 1_100); // no change: nothing new
        visibility.observed("c1/00:01", 3, 2_000);

        assertThat(delays).containsExactly(900L, 1_850L, 1_830L);
        assertThat(visibility.pending()).isZero();
        assertThat(visibility.overCounted()).isEmpty();
    }

    @Test
    void aRatingSeenBeforeItsAcknowledgementWasHandledHasNoDelay() {
        visibility.observed("c2/00:05", 2, 500);
        visibility.accepted("c2/00:05", 600, true);
        visibility.accepted("c2/00:05", 700, true);
        visibility.accepted("c2/00:05", 800, true);

        assertThat(delays).containsExactly(0L, 0L);
        assertThat(visibility.pending()).isEqualTo(1);
        visibility.observed("c2/00:05", 3, 1_800);
        assertThat(delays).containsExactly(0L, 0L, 1_000L);
    }

    @Test
    void warmUpRatingsTakeTheirPlaceButReportNothing() {
        visibility.accepted("b", 10, false);
        visibility.accepted("b", 20, true);
        visibility.observed("b", 2, 120);

        assertThat(delays).containsExactly(100L);
        assertThat(visibility.pending()).isZero();
    }

    @Test
    void bucketsAreIndependentAndOverCountsAreReported() {
        visibility.accepted("a", 0, true);
        visibility.accepted("b", 0, true);
        visibility.observed("b", 2, 50);

        assertThat(delays).containsExactly(50L);
        assertThat(visibility.pending()).isEqualTo(1);
        assertThat(visibility.overCounted()).containsExactly("b shows 2, accepted 1");
    }
}
