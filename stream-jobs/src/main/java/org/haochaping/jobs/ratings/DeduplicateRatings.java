package org.haochaping.jobs.ratings;

import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;

/**
 * Passes each rating id once (keyed by rating id). A device retry re-sends the same content and is
 * dropped quietly (counted in a metric); the same id with different content is suspicious and goes to
 * dead letters. The remembered content hash expires after the configured retention.
 */
public class DeduplicateRatings extends KeyedProcessFunction<String, Rating, Rating> {

    public static final OutputTag<DeadLetter> CONFLICTS = new OutputTag<>("rating-id-conflicts", RatingTypes.DEAD_LETTER);

    private final PipelineSettings settings;
    private transient ValueState<Integer> seenContent;
    private transient Counter duplicates;

    public DeduplicateRatings(PipelineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Integer> descriptor = new ValueStateDescriptor<>("seen-content-hash", Types.INT);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(settings.dedupRetention())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seenContent = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateRatings");
    }

    @Override
    public void processElement(Rating rating, Context ctx, Collector<Rating> out) throws Exception {
        int content = contentHash(rating);
        Integer seen = seenContent.value();
        if (seen == null) {
            seenContent.update(content);
            out.collect(rating);
        } else if (seen == content) {
            duplicates.inc();
        } else {
            ctx.output(CONFLICTS, new DeadLetter("conflict:" + rating.ratingId() + ":" + Integer.toHexString(content),
                    "rating-dedup", RatingJson.writeString(rating),
                    "rating id " + rating.ratingId() + " was already used for a rating with different content",
                    rating.receivedAt().toEpochMilli()));
        }
    }

    /** Everything the rater decided; received-at differs between retries and is left out on purpose. */
    static int contentHash(Rating r) {
        // enum hashCode differs between JVMs, so the channel goes in by name (state outlives the JVM)
        return Objects.hash(r.projectNo(), r.assessNumber(), r.channel() == null ? null : r.channel().wireName(), r.level(), r.tagCodes(), r.comment(),
                r.hallId(), r.counterId(), r.clerkId(), r.ratedAt(), r.raterPhoneHash(), r.isDefault());
    }
}
