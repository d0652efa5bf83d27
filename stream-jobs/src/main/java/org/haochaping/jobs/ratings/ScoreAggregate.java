package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.haochaping.model.Rating;

/** Incremental aggregation of one window: counts per level, points, 差评 and default ratings. */
public class ScoreAggregate implements AggregateFunction<Rating, ScoreAccumulator, ScoreAccumulator> {

    private final Scope scope;
    private final PipelineSettings settings;

    public ScoreAggregate(Scope scope, PipelineSettings settings) {
        this.scope = scope;
        this.settings = settings;
    }

    @Override
    public ScoreAccumulator createAccumulator() {
        return new ScoreAccumulator();
    }

    @Override
    public ScoreAccumulator add(Rating r, ScoreAccumulator acc) {
        acc.hallId = r.hallId();
        acc.subjectId = scope.subjectOf(r);
        acc.ratings++;
        acc.addLevel(r.level());
        int points = settings.pointsOf(r.level());
        acc.scoreSum += points;
        if (r.isBad()) {
            acc.badCount++;
        }
        // defaults are counted in the levels and the score sum like any rating, and their share apart
        if (r.isDefault()) {
            acc.defaultCount++;
            acc.defaultScoreSum += points;
        }
        return acc;
    }

    @Override
    public ScoreAccumulator getResult(ScoreAccumulator acc) {
        return acc;
    }

    @Override
    public ScoreAccumulator merge(ScoreAccumulator a, ScoreAccumulator b) {
        a.merge(b);
        return a;
    }
}
