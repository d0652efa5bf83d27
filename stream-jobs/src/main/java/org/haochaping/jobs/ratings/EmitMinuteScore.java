package org.haochaping.jobs.ratings;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the window start to the pre-aggregated totals. */
public class EmitMinuteScore extends ProcessWindowFunction<ScoreAccumulator, MinuteScore, String, TimeWindow> {

    private final Scope scope;

    public EmitMinuteScore(Scope scope) {
        this.scope = scope;
    }

    @Override
    public void process(String key, Context ctx, Iterable<ScoreAccumulator> totals, Collector<MinuteScore> out) {
        ScoreAccumulator a = totals.iterator().next();
        out.collect(new MinuteScore(scope, a.hallId, a.subjectId, ctx.window().getStart(), a.ratings, a.level1,
                a.level2, a.level3, a.level4, a.level5, a.scoreSum, a.badCount, a.defaultCount,
                a.defaultScoreSum));
    }
}
