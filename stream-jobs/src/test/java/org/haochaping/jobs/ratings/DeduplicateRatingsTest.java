package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.Test;

class DeduplicateRatingsTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Rating, Rating> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DeduplicateRatings(TestRatings.SETTINGS), Rating::ratingId, Types.STRING);
    }

    @Test
    void aRetryIsDroppedAndAConflictingReuseIsADeadLetter() throws Exception {
        Rating first = TestRatings.at("r-1", 5, 5);
        Rating retry = new Rating(first.ratingId(), first.projectNo(), 1, first.channel(), 5, first.tagCodes(), "",
                first.hallId(), first.counterId(), first.clerkId(), "", "", "", first.ratedAt(),
                first.receivedAt().plusSeconds(30), "", "", "dev-1", false);
        Rating conflicting = TestRatings.at("r-1", 5, 1);
        try (var h = harness()) {
            h.processElement(first, 0);
            h.processElement(retry, 0);
            h.processElement(conflicting, 0);
            h.processElement(TestRatings.at("r-2", 6, 4), 0);
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("r-1", "r-2");
            assertThat(h.getSideOutput(DeduplicateRatings.CONFLICTS)).extracting(sr -> sr.getValue().reason())
                    .containsExactly("rating id r-1 was already used for a rating with different content");
        }
    }

    @Test
    void rememberedIdsSurviveASnapshotAndRestore() throws Exception {
        var snapshot = new Object() { org.apache.flink.runtime.checkpoint.OperatorSubtaskState state; };
        try (var h = harness()) {
            h.processElement(TestRatings.at("r-1", 5, 5), 0);
            snapshot.state = h.snapshot(1, 0);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Rating, Rating>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new DeduplicateRatings(TestRatings.SETTINGS)),
                Rating::ratingId, Types.STRING)) {
            h.initializeState(snapshot.state);
            h.open();
            h.processElement(TestRatings.at("r-1", 5, 5), 0);
            h.processElement(TestRatings.at("r-3", 5, 5), 0);
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("r-3");
        }
    }
}
