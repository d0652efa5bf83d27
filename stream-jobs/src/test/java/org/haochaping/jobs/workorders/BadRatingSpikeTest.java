package org.haochaping.jobs.workorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.haochaping.jobs.ratings.PipelineSettings;
import org.haochaping.jobs.ratings.Scope;
import org.haochaping.jobs.ratings.TestCases;
import org.haochaping.jobs.ratings.TestRatings;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.junit.jupiter.api.Test;

/** 差评 spikes per clerk and per counter (defaults: 3 差评 within 60 minutes) under Flink's keyed harness. */
class BadRatingSpikeTest {

    private static final Instant T0 = Instant.parse("2026-11-20T01:00:00Z");
    private static final PipelineSettings SETTINGS = TestCases.settings(Map.of());

    private static KeyedOneInputStreamOperatorTestHarness<String, Rating, Alert> harness(Scope scope) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new BadRatingSpike(scope, SETTINGS), scope::keyOf,
                Types.STRING);
    }

    private static Rating bad(String id, Instant at, String counter, String clerk) {
        return TestRatings.rating(id, at, 1, counter, clerk);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Rating, Alert> h, Rating... ratings)
            throws Exception {
        for (Rating r : ratings) {
            h.processElement(new StreamRecord<>(r, r.ratedAt().toEpochMilli()));
        }
    }

    private static void watermark(KeyedOneInputStreamOperatorTestHarness<String, Rating, Alert> h, Instant t)
            throws Exception {
        h.processWatermark(new Watermark(t.toEpochMilli()));
    }

    @Test
    void threeBadRatingsOfAClerkWithinAnHourRaiseOneAlertPerEpisode() throws Exception {
        try (var h = harness(Scope.CLERK)) {
            send(h, bad("b1", T0, "counter-1", "clerk-7"), bad("b2", T0.plusSeconds(1200), "counter-2", "clerk-7"),
                    bad("b3", T0.plusSeconds(3540), "counter-1", "clerk-7"),
                    bad("b4", T0.plusSeconds(3550), "counter-1", "clerk-7"));
            watermark(h, T0.plusSeconds(3560));
            assertThat(h.extractOutputValues()).containsExactly(new Alert("spike:clerk:hall-1/clerk-7:b3", AlertType.SPIKE,
                    "clerk", "hall-1", "", "clerk-7", "", "差评集中：工作人员 clerk-7 在 60 分钟内收到 3 条差评", null,
                    T0.plusSeconds(3540), 3));

            // b1 leaves the window at +60 min: b2..b5 make 4, the same episode
            send(h, bad("b5", T0.plusSeconds(4000), "counter-1", "clerk-7"));
            watermark(h, T0.plusSeconds(4500));
            assertThat(h.extractOutputValues()).as("still the same episode").hasSize(1);
            // b2 leaves at +80 min (3 left), b3 at +119 min (2 left: the episode ends), b4 at +119 min 10 s
            watermark(h, T0.plusSeconds(7200));
            send(h, bad("b6", T0.plusSeconds(7300), "counter-1", "clerk-7"),
                    bad("b7", T0.plusSeconds(7310), "counter-1", "clerk-7"));
            watermark(h, T0.plusSeconds(7400));
            assertThat(h.extractOutputValues()).extracting(Alert::alertId, Alert::count).containsExactly(
                    tuple("spike:clerk:hall-1/clerk-7:b3", 3), tuple("spike:clerk:hall-1/clerk-7:b7", 3));

            watermark(h, T0.plus(Duration.ofHours(4)));
            assertThat(h.numKeyedStateEntries()).as("every 差评 left the window").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theArrivalOrderDoesNotMatterAndOnlyCounted差评Count() throws Exception {
        try (var h = harness(Scope.COUNTER)) {
            Rating good = TestRatings.rating("g1", T0.plusSeconds(10), 5, "counter-3", "clerk-1");
            Rating defaulted = new Rating("default:P-x", "P-x", 1, Channel.DEFAULT, 1, List.of(), "", "hall-1", "counter-3",
                    "clerk-1", "", "", "", T0.plusSeconds(20), T0.plusSeconds(20), "", "", "", true);
            send(h, bad("c3", T0.plusSeconds(600), "counter-3", "clerk-1"), good, defaulted,
                    bad("c1", T0, "counter-3", "clerk-2"), bad("c2", T0.plusSeconds(300), "counter-3", "clerk-3"),
                    bad("other", T0.plusSeconds(300), "counter-4", "clerk-3"), bad("c1", T0, "counter-3", "clerk-2"));
            watermark(h, T0.plusSeconds(700));
            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.alertId()).isEqualTo("spike:counter:hall-1/counter-3:c3");
                assertThat(a.title()).isEqualTo("差评集中：窗口 counter-3 在 60 分钟内收到 3 条差评");
                assertThat(a.counterId()).isEqualTo("counter-3");
                assertThat(a.clerkId()).isEmpty();
                assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(600));
            });
        }
    }

    @Test
    void badRatingsFurtherApartThanTheWindowRaiseNothing() throws Exception {
        try (var h = harness(Scope.CLERK)) {
            send(h, bad("d1", T0, "counter-1", "clerk-1"), bad("d2", T0.plusSeconds(1800), "counter-1", "clerk-1"),
                    bad("d3", T0.plusSeconds(3600), "counter-1", "clerk-1"));
            watermark(h, T0.plus(Duration.ofHours(2)));
            assertThat(h.extractOutputValues()).as("d1 left the window as d3 came: (t - 60 min, t]").isEmpty();
        }
    }
}
