package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.Test;

class LateRatingGuardTest {

    private static final long LATENESS = TestRatings.SETTINGS.allowedLateness().toMillis();

    @Test
    void passesRatingsWithinLatenessAndDivertsOlderOnes() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<Rating, Rating>(new LateRatingGuard(TestRatings.SETTINGS))) {
            h.open();
            h.processElement(TestRatings.at("first", 5, 5), 0);
            h.processWatermark(TestRatings.windowEnd() - 1 + LATENESS - 1);
            h.processElement(TestRatings.at("still-ok", 6, 5), 0);
            h.processWatermark(TestRatings.windowEnd() - 1 + LATENESS);
            h.processElement(TestRatings.at("too-late", 7, 5), 0);
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("first", "still-ok");
            assertThat(h.getSideOutput(LateRatingGuard.TOO_LATE)).extracting(sr -> sr.getValue().id())
                    .containsExactly("late:late-rating-guard:too-late");
        }
    }

    @Test
    void remembersTheWatermarkAcrossARestore() throws Exception {
        OperatorSubtaskState state;
        try (var h = new OneInputStreamOperatorTestHarness<Rating, Rating>(new LateRatingGuard(TestRatings.SETTINGS))) {
            h.open();
            h.processWatermark(TestRatings.windowEnd() + LATENESS);
            state = h.snapshot(1, 0);
        }
        try (var h = new OneInputStreamOperatorTestHarness<Rating, Rating>(new LateRatingGuard(TestRatings.SETTINGS))) {
            h.initializeState(state);
            h.open();
            h.processElement(TestRatings.at("replayed-late", 10, 5), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(LateRatingGuard.TOO_LATE)).hasSize(1);
        }
    }
}
