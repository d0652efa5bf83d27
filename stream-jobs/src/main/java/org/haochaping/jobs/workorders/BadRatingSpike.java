package org.haochaping.jobs.workorders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.haochaping.jobs.ratings.PipelineSettings;
import org.haochaping.jobs.ratings.Scope;
import org.haochaping.model.Rating;
import org.haochaping.model.workorders.Alert;

/**
 * 差评集中: at least {@code alerts.spikeThreshold} counted 差评 (first ratings and 追评, never defaults) of
 * one clerk or one counter within {@code alerts.spikeWindow} of event time raise a {@code spike} alert. One
 * alert per episode: none again until the count in the window has fallen below the threshold.
 *
 * <p>Keyed by {@link Scope#keyOf} (hall and subject). Each 差评 is judged when the watermark reaches its
 * time (an event-time timer), and leaves the window by another timer at its time + window, so the result
 * does not depend on the order in which 差评 arrive; when the last one has left, the key's state is gone.
 * The alert is named after the 差评 that reached the threshold.
 */
public class BadRatingSpike extends KeyedProcessFunction<String, Rating, Alert> {

    private final Scope scope;
    private final int threshold;
    private final long windowMillis;
    private final java.time.Duration window;
    /** rating id → rated-at of the subject's 差评 still inside the window (or not yet judged) */
    private transient MapState<String, Long> recent;
    /** true from an alert until the count falls below the threshold */
    private transient ValueState<Boolean> inEpisode;

    public BadRatingSpike(Scope scope, PipelineSettings settings) {
        this.scope = scope;
        this.threshold = settings.alerts().spikeThreshold();
        this.window = settings.alerts().spikeWindow();
        this.windowMillis = window.toMillis();
    }

    /** What this operator counts: a counted 差评 that is not a default rating. */
    public static boolean counts(Rating r) {
        return r.isBad() && !r.isDefault();
    }

    @Override
    public void open(OpenContext openContext) {
        recent = getRuntimeContext().getMapState(new MapStateDescriptor<>("recent-bad", Types.STRING, Types.LONG));
        inEpisode = getRuntimeContext().getState(new ValueStateDescriptor<>("spike-episode", Types.BOOLEAN));
    }

    @Override
    public void processElement(Rating r, Context ctx, Collector<Alert> out) throws Exception {
        if (!counts(r) || recent.contains(r.ratingId())) {
            return;
        }
        long t = r.ratedAt().toEpochMilli();
        recent.put(r.ratingId(), t);
        ctx.timerService().registerEventTimeTimer(t);
        ctx.timerService().registerEventTimeTimer(t + windowMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        // window at `timestamp`: (timestamp - window, timestamp]
        List<String> expired = new ArrayList<>();
        int count = 0;
        String newestId = null;
        long newestAt = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : recent.entries()) {
            long t = e.getValue();
            if (t + windowMillis <= timestamp) {
                expired.add(e.getKey());
            } else if (t <= timestamp) {
                count++;
                if (t > newestAt || (t == newestAt && e.getKey().compareTo(newestId) > 0)) {
                    newestAt = t;
                    newestId = e.getKey();
                }
            }
        }
        for (String id : expired) {
            recent.remove(id);
        }
        boolean episode = Boolean.TRUE.equals(inEpisode.value());
        if (count >= threshold && !episode) {
            // key = hall + "/" + subject; ids never contain '/' (FieldRules.ID)
            String[] key = ctx.getCurrentKey().split("/", 2);
            out.collect(Alerts.spike(scope, key[0], key[1], newestId, Instant.ofEpochMilli(newestAt), count,
                    window));
            inEpisode.update(true);
        } else if (count < threshold && episode) {
            inEpisode.update(false);
        }
        if (recent.isEmpty()) {
            inEpisode.clear();
        }
    }
}
