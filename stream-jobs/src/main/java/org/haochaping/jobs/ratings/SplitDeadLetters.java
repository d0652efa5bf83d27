package org.haochaping.jobs.ratings;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Valid records go on; records the source could not decode go to {@link #DEAD_LETTERS}. */
public class SplitDeadLetters<T> extends ProcessFunction<ParsedRecord<T>, T> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", RatingTypes.DEAD_LETTER);

    @Override
    public void processElement(ParsedRecord<T> record, Context ctx, Collector<T> out) {
        if (record.isValid()) {
            out.collect(record.value());
        } else {
            ctx.output(DEAD_LETTERS, record.deadLetter());
        }
    }
}
