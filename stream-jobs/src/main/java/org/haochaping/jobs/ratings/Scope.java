package org.haochaping.jobs.ratings;

import java.util.function.Function;
import org.haochaping.model.Rating;

/** What a score window is about: a clerk (经办人) or a counter (窗口), each within its hall. */
public enum Scope {
    CLERK("clerk_minute_scores", "clerk_id", Rating::clerkId),
    COUNTER("counter_minute_scores", "counter_id", Rating::counterId);

    private final String table;
    private final String subjectColumn;
    private final Function<Rating, String> subject;

    Scope(String table, String subjectColumn, Function<Rating, String> subject) {
        this.table = table;
        this.subjectColumn = subjectColumn;
        this.subject = subject;
    }

    public String table() {
        return table;
    }

    public String subjectColumn() {
        return subjectColumn;
    }

    public String subjectOf(Rating r) {
        return subject.apply(r);
    }

    /** Window key: the subject within its hall (ids are only unique within a hall). */
    public String keyOf(Rating r) {
        return r.hallId() + "/" + subject.apply(r);
    }
}
