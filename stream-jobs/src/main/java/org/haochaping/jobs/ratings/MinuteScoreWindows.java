package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Rating;

/** The one-minute tumbling score windows, one definition for both scopes (clerk, counter). */
public final class MinuteScoreWindows {

    private static final TypeInformation<ScoreAccumulator> ACCUMULATOR = Types.POJO(ScoreAccumulator.class);

    private MinuteScoreWindows() {}

    public static OutputTag<Rating> lateRatings(Scope scope) {
        return new OutputTag<>("too-late-" + scope.name().toLowerCase(), RatingTypes.RATING);
    }

    public static SingleOutputStreamOperator<MinuteScore> scores(DataStream<Rating> ratings, Scope scope,
                                                                 PipelineSettings settings) {
        String name = scope.name().toLowerCase();
        return ratings
                .keyBy(scope::keyOf, Types.STRING)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .trigger(EarlyFiringTrigger.every(settings.earlyFiring()))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(lateRatings(scope))
                .aggregate(new ScoreAggregate(scope, settings), new EmitMinuteScore(scope),
                        ACCUMULATOR, ACCUMULATOR, Types.POJO(MinuteScore.class))
                .name(name + "-minute-scores")
                .uid(name + "-minute-scores");
    }
}
