package org.haochaping.jobs.ratings;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Rating;

/** Valid ratings go on; records the source could not decode go to {@link #DEAD_LETTERS}. */
public class SplitDeadLetters extends ProcessFunction<ParsedRecord, Rating> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", RatingTypes.DEAD_LETTER);

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<Rating> out) {
        if (record.isValid()) {
            out.collect(record.rating());
        } else {
            ctx.output(DEAD_LETTERS, record.deadLetter());
        }
    }
}
