package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haochaping.jobs.ratings.TestRatings.at;
import static org.haochaping.jobs.ratings.TestRatings.millis;
import static org.haochaping.jobs.ratings.TestRatings.windowEnd;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.haochaping.model.Rating;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production window definition ({@link MinuteScoreWindows#scores}) under Flink's keyed operator
 * harness: early firing, on-time firing, late re-firing with the full result, and state cleanup.
 */
class MinuteScoreWindowsTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Rating, MinuteScore> harness;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Rating> input = env.fromData(List.of(at("seed", 0, 5)), RatingTypes.RATING);
        SingleOutputStreamOperator<MinuteScore> scores =
                MinuteScoreWindows.scores(input, Scope.COUNTER, TestRatings.SETTINGS);
        OneInputTransformation<Rating, MinuteScore> t = (OneInputTransformation<Rating, MinuteScore>) scores.getTransformation();
        OneInputStreamOperator<Rating, MinuteScore> operator = (OneInputStreamOperator<Rating, MinuteScore>)
                ((SimpleOperatorFactory<MinuteScore>) t.getOperatorFactory()).getOperator();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator,
                (org.apache.flink.api.java.functions.KeySelector<Rating, String>) t.getStateKeySelector(),
                org.apache.flink.api.common.typeinfo.Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(Rating r) throws Exception {
        harness.processElement(new StreamRecord<>(r, millis(r.ratedAt())));
    }

    private List<MinuteScore> drain() {
        List<MinuteScore> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void firesEarlyWithTheFullCurrentResultAndNotWhenIdle() throws Exception {
        send(at("a", 5, 5));
        send(at("b", 10, 2));
        assertThat(drain()).as("nothing before the early-firing interval").isEmpty();

        harness.setProcessingTime(1_000);
        List<MinuteScore> first = drain();
        assertThat(first).hasSize(1);
        MinuteScore s = first.get(0);
        assertThat(s.subjectId()).isEqualTo("counter-1");
        assertThat(s.hallId()).isEqualTo("hall-1");
        assertThat(s.windowStartMillis()).isEqualTo(millis(TestRatings.WINDOW_START));
        assertThat(s.ratings()).isEqualTo(2);
        assertThat(s.level5()).isEqualTo(1);
        assertThat(s.level2()).isEqualTo(1);
        assertThat(s.badCount()).isEqualTo(1);
        assertThat(s.scoreSum()).isEqualTo(10 + 3);

        harness.setProcessingTime(5_000);
        assertThat(drain()).as("no new ratings, no firing").isEmpty();

        send(at("c", 20, 4));
        harness.setProcessingTime(6_000);
        assertThat(drain()).singleElement().satisfies(m -> {
            assertThat(m.ratings()).as("full result, not a delta").isEqualTo(3);
            assertThat(m.scoreSum()).isEqualTo(10 + 3 + 8);
        });
    }

    @Test
    void firesOnTimeAndReFiresForALateRatingWithTheCorrectedTotal() throws Exception {
        send(at("a", 5, 5));
        send(at("b", 50, 1));
        harness.processWatermark(windowEnd() - 1);
        assertThat(drain()).singleElement().satisfies(m -> assertThat(m.ratings()).isEqualTo(2));
        assertThat(harness.numProcessingTimeTimers()).as("the pending early firing is dropped").isZero();
        harness.setProcessingTime(1_000);
        assertThat(drain()).as("no repeat of the on-time result").isEmpty();

        harness.processWatermark(windowEnd() + Duration.ofMinutes(3).toMillis());
        send(at("late", 30, 3));
        assertThat(drain()).singleElement().satisfies(m -> {
            assertThat(m.ratings()).isEqualTo(3);
            assertThat(m.level1()).isEqualTo(1);
            assertThat(m.level3()).isEqualTo(1);
            assertThat(m.level5()).isEqualTo(1);
            assertThat(m.badCount()).isEqualTo(1);
        });
        assertThat(harness.getSideOutput(MinuteScoreWindows.lateRatings(Scope.COUNTER))).isNull();
    }

    @Test
    void skipsTheOnTimeFiringWhenTheEarlyFiringAlreadyEmittedEverything() throws Exception {
        send(at("a", 5, 5));
        harness.setProcessingTime(1_000);
        assertThat(drain()).singleElement().satisfies(m -> assertThat(m.ratings()).isEqualTo(1));

        harness.processWatermark(windowEnd() - 1);
        assertThat(drain()).as("the same totals again would be a redundant row").isEmpty();
        assertThat(harness.numEventTimeTimers()).as("only the state cleanup is left").isEqualTo(1);

        harness.processWatermark(windowEnd() + Duration.ofMinutes(1).toMillis());
        send(at("late", 30, 1));
        assertThat(drain()).as("a late rating still re-fires with the corrected total").singleElement()
                .satisfies(m -> assertThat(m.ratings()).isEqualTo(2));
    }

    @Test
    void firesOnTimeWhenRatingsArrivedAfterTheLastEarlyFiring() throws Exception {
        send(at("a", 5, 5));
        harness.setProcessingTime(1_000);
        assertThat(drain()).singleElement().satisfies(m -> assertThat(m.ratings()).isEqualTo(1));

        send(at("b", 40, 2));
        harness.processWatermark(windowEnd() - 1);
        assertThat(drain()).singleElement().satisfies(m -> {
            assertThat(m.ratings()).isEqualTo(2);
            assertThat(m.level2()).isEqualTo(1);
        });
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void cleansUpStateAndTimersAfterAllowedLateness() throws Exception {
        send(at("a", 5, 5));
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        assertThat(harness.numEventTimeTimers()).as("window end and state cleanup").isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.processWatermark(windowEnd() + TestRatings.SETTINGS.allowedLateness().toMillis());
        drain();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        send(at("too-late", 10, 4));
        assertThat(drain()).isEmpty();
        assertThat(harness.getSideOutput(MinuteScoreWindows.lateRatings(Scope.COUNTER)))
                .extracting(r -> r.getValue().ratingId()).containsExactly("too-late");
    }

    @Test
    void keepsCountersApart() throws Exception {
        send(at("a", 5, 5));
        send(TestRatings.rating("b", TestRatings.WINDOW_START.plusSeconds(6), 4, "counter-2", "clerk-9"));
        harness.setProcessingTime(1_000);
        assertThat(drain()).extracting(MinuteScore::subjectId, MinuteScore::ratings)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("counter-1", 1L),
                        org.assertj.core.groups.Tuple.tuple("counter-2", 1L));
    }
}
