package org.haochaping.jobs.ratings;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Rating;

/**
 * Decides "too late for its window" the same way before and after a restart. Flink does not
 * checkpoint watermarks: after a restore the window operators start from no watermark and would
 * re-open windows they had already purged, and a re-opened window's partial total would then compete
 * with the complete one already in ClickHouse. This operator keeps the watermark in operator state and
 * sends a rating whose window plus allowed lateness lies behind it to dead letters, exactly as the
 * window operator did before the restart (it sits upstream, so its watermark is never behind theirs).
 */
public class LateRatingGuard extends AbstractStreamOperator<Rating> implements OneInputStreamOperator<Rating, Rating> {

    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("too-late", RatingTypes.DEAD_LETTER);

    private final long windowMillis;
    private final long allowedLatenessMillis;
    private final LateRatingDeadLetter deadLetter = new LateRatingDeadLetter("late-rating-guard", "the minute scores");
    private transient ListState<Long> checkpointedWatermark;
    private transient long watermark;

    public LateRatingGuard(PipelineSettings settings) {
        this.windowMillis = settings.window().toMillis();
        this.allowedLatenessMillis = settings.allowedLateness().toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointedWatermark = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("guard-watermark", Types.LONG));
        watermark = Long.MIN_VALUE;
        boolean first = true;
        // after rescaling every subtask sees all values: the smallest is safe for each of them
        for (Long w : checkpointedWatermark.get()) {
            watermark = first ? w : Math.min(watermark, w);
            first = false;
        }
    }

    @Override
    public void processElement(StreamRecord<Rating> element) throws Exception {
        Rating rating = element.getValue();
        long timestamp = rating.ratedAt().toEpochMilli();
        long windowMaxTimestamp = timestamp - Math.floorMod(timestamp, windowMillis) + windowMillis - 1;
        if (watermark != Long.MIN_VALUE && windowMaxTimestamp + allowedLatenessMillis <= watermark) {
            output.collect(TOO_LATE, new StreamRecord<>(deadLetter.map(rating), element.getTimestamp()));
        } else {
            output.collect(element);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedWatermark.update(List.of(watermark));
    }
}
