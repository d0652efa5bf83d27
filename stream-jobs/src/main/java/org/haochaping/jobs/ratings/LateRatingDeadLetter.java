package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.functions.MapFunction;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;

/**
 * A rating that arrived after its window's allowed lateness: it is kept in the raw ratings but not in
 * the minute scores, and this dead letter says so.
 */
public class LateRatingDeadLetter implements MapFunction<Rating, DeadLetter> {

    private final String stage;
    private final String notCountedIn;

    /** @param stage which operator found it late; @param notCountedIn what it is missing from */
    public LateRatingDeadLetter(String stage, String notCountedIn) {
        this.stage = stage;
        this.notCountedIn = notCountedIn;
    }

    public static LateRatingDeadLetter forScope(Scope scope) {
        return new LateRatingDeadLetter(scope.table(), scope.table());
    }

    @Override
    public DeadLetter map(Rating r) {
        return new DeadLetter("late:" + stage + ":" + r.ratingId(), stage, RatingJson.writeString(r),
                "rating arrived after its one-minute window's allowed lateness; kept in ratings but not counted in "
                        + notCountedIn, r.receivedAt().toEpochMilli());
    }
}
