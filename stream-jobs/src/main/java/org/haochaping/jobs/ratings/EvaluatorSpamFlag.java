package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;

/**
 * Repeated presses on one counter evaluator with no new case in between: a rating from an evaluator or
 * kiosk whose case (projectNo) is the previous press's case on that device, rated less than
 * {@code rules.evaluatorSpamInterval} after it, is not counted and goes to {@link #SPAM} for audit.
 * Every press, flagged or not, becomes the "previous press", so hammering the buttons stays flagged.
 *
 * <p>Keyed by {@link #KEY}: evaluator and kiosk ratings by their device; any other channel by its own
 * rating id, so QR, SMS or default ratings pass without state and without piling onto one key.
 */
public class EvaluatorSpamFlag extends KeyedProcessFunction<String, Rating, Rating> {

    public static final OutputTag<FlaggedRating> SPAM = new OutputTag<>("evaluator-spam", RatingTypes.FLAGGED_RATING);

    /** The device for evaluator and kiosk ratings; a key of their own for all others. */
    public static final KeySelector<Rating, String> KEY =
            r -> isPressed(r) ? "device:" + r.deviceId() : "rating:" + r.ratingId();

    private static final TypeInformation<Tuple2<String, Long>> LAST_PRESS = Types.TUPLE(Types.STRING, Types.LONG);

    private final long intervalMillis;
    /** projectNo and rated-at of the device's latest press */
    private transient ValueState<Tuple2<String, Long>> lastPress;

    public EvaluatorSpamFlag(PipelineSettings settings) {
        this.intervalMillis = settings.rules().evaluatorSpamInterval().toMillis();
    }

    static boolean isPressed(Rating r) {
        return r.channel() == Channel.EVALUATOR || r.channel() == Channel.KIOSK;
    }

    @Override
    public void open(OpenContext openContext) {
        lastPress = getRuntimeContext().getState(new ValueStateDescriptor<>("last-press", LAST_PRESS));
    }

    @Override
    public void processElement(Rating rating, Context ctx, Collector<Rating> out) throws Exception {
        if (!isPressed(rating)) {
            out.collect(rating);
            return;
        }
        Tuple2<String, Long> previous = lastPress.value();
        long ratedAt = rating.ratedAt().toEpochMilli();
        if (previous != null && previous.f0.equals(rating.projectNo()) && ratedAt >= previous.f1
                && ratedAt - previous.f1 < intervalMillis) {
            ctx.output(SPAM, new FlaggedRating(rating, FlaggedRating.SPAM, "repeated press on " + rating.deviceId()
                    + " for case " + rating.projectNo() + " " + (ratedAt - previous.f1) + " ms after the previous one (spam interval " + intervalMillis + " ms)"));
        } else {
            out.collect(rating);
        }
        if (previous == null || ratedAt >= previous.f1) {
            lastPress.update(Tuple2.of(rating.projectNo(), ratedAt));
        }
    }
}
