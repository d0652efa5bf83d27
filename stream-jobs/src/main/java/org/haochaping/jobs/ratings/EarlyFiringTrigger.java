package org.haochaping.jobs.ratings;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Event-time trigger for live dashboards: fires at most once per interval (processing time) after new
 * ratings arrived, so an open window's current totals show within about a second, and at the window's
 * end only if ratings arrived since the last early firing: an on-time firing with nothing new would
 * write the same row again (same totals, same version), and at about one rating per clerk-minute that
 * repeat was nearly half of all score rows. A late rating (within allowed lateness) re-fires at once.
 * Every firing emits the full window result; nothing is purged until the window's lateness expires.
 *
 * <p>"Nothing new" is exactly "no early firing pending": every element that does not fire at once
 * leaves one pending, and an early firing clears it only when it emits.
 */
public class EarlyFiringTrigger extends Trigger<Object, TimeWindow> {

    private static final ValueStateDescriptor<Long> PENDING_EARLY_FIRE =
            new ValueStateDescriptor<>("pending-early-fire", Types.LONG);

    private final long intervalMillis;

    private EarlyFiringTrigger(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    public static EarlyFiringTrigger every(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("early firing interval must be positive");
        }
        return new EarlyFiringTrigger(interval.toMillis());
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE;
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        ValueState<Long> pending = ctx.getPartitionedState(PENDING_EARLY_FIRE);
        if (pending.value() == null) {
            long at = ctx.getCurrentProcessingTime() + intervalMillis;
            ctx.registerProcessingTimeTimer(at);
            pending.update(at);
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.getPartitionedState(PENDING_EARLY_FIRE).clear();
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        if (time != window.maxTimestamp()) {
            return TriggerResult.CONTINUE;
        }
        // the on-time firing carries everything a pending early firing would: drop that one; with none
        // pending, the last early firing already emitted these totals
        return cancelEarlyFiring(ctx) ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    /** @return whether an early firing was pending (ratings arrived that no firing has emitted yet) */
    private static boolean cancelEarlyFiring(TriggerContext ctx) throws Exception {
        ValueState<Long> pending = ctx.getPartitionedState(PENDING_EARLY_FIRE);
        Long at = pending.value();
        if (at != null) {
            ctx.deleteProcessingTimeTimer(at);
        }
        pending.clear();
        return at != null;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        cancelEarlyFiring(ctx);
    }

    @Override
    public String toString() {
        return "EarlyFiringTrigger(" + intervalMillis + " ms)";
    }
}
