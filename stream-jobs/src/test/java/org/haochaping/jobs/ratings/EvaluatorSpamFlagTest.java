package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haochaping.jobs.ratings.TestCases.evaluator;
import static org.haochaping.jobs.ratings.TestCases.rating;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.Test;

class EvaluatorSpamFlagTest {

    private static final Instant T = Instant.parse("2026-11-20T02:01:00Z");

    private static KeyedOneInputStreamOperatorTestHarness<String, Rating, Rating> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EvaluatorSpamFlag(TestRatings.SETTINGS),
                EvaluatorSpamFlag.KEY, Types.STRING);
    }

    @Test
    void repeatedPressesForOneCaseWithinTheIntervalAreSpam() throws Exception {
        try (var h = harness()) {
            h.processElement(evaluator("a", "P-1", 5, T), 0);
            h.processElement(evaluator("b", "P-1", 4, T.plusMillis(4_999)), 0);  // within 5 s of "a"
            h.processElement(evaluator("c", "P-1", 4, T.plusMillis(9_998)), 0);  // within 5 s of "b": still hammering
            h.processElement(evaluator("d", "P-1", 3, T.plusMillis(14_998)), 0); // 5 s after "c": a press of its own
            h.processElement(evaluator("e", "P-2", 5, T.plusMillis(15_000)), 0); // a new case
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("a", "d", "e");
            assertThat(h.getSideOutput(EvaluatorSpamFlag.SPAM)).extracting(r -> r.getValue().rating().ratingId())
                    .containsExactly("b", "c");
            assertThat(h.getSideOutput(EvaluatorSpamFlag.SPAM).peek().getValue().detail()).isEqualTo(
                    "repeated press on kiosk:counter-1 for case P-1 4999 ms after the previous one (spam interval 5000 ms)");
            assertThat(h.getSideOutput(EvaluatorSpamFlag.SPAM).peek().getValue().flag()).isEqualTo("spam");
        }
    }

    @Test
    void otherChannelsPassWithoutState() throws Exception {
        try (var h = harness()) {
            h.processElement(rating("q1", "P-1", 1, Channel.QR, 5, T, "qr"), 0);
            h.processElement(rating("q2", "P-1", 1, Channel.QR, 5, T.plusSeconds(1), "qr"), 0);
            h.processElement(rating("s1", "P-1", 1, Channel.SMS, 5, T.plusSeconds(2), "gw-1"), 0);
            assertThat(h.extractOutputValues()).extracting(Rating::ratingId).containsExactly("q1", "q2", "s1");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
