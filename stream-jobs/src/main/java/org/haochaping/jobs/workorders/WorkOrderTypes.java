package org.haochaping.jobs.workorders;

import static org.haochaping.jobs.ratings.RatingTypes.fields;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.haochaping.jobs.ratings.RatingTypes;

/** Explicit Flink type information for the work-order records, so none falls back to Kryo (see {@link RatingTypes}). */
public final class WorkOrderTypes {

    /** A POJO of public fields (strings, numbers, enums and a list of strings): Flink analyses it without Kryo. */
    public static final TypeInformation<WorkOrder> WORK_ORDER = Types.POJO(WorkOrder.class);
    public static final TypeInformation<WorkOrderEvent> WORK_ORDER_EVENT = Types.POJO(WorkOrderEvent.class, fields(
            "workOrderId", Types.STRING, "eventId", Types.STRING, "eventType", Types.STRING, "actorId", Types.STRING,
            "actorRole", Types.STRING, "occurredAt", Types.INSTANT, "statusAfter", Types.STRING,
            "detail", Types.STRING));
    public static final TypeInformation<AnsweredCommand> ANSWERED_COMMAND = Types.POJO(AnsweredCommand.class, fields(
            "command", RatingTypes.WORK_ORDER_COMMAND, "outcome", RatingTypes.COMMAND_OUTCOME));
    public static final TypeInformation<ScoreExclusion> SCORE_EXCLUSION = Types.POJO(ScoreExclusion.class, fields(
            "ratingId", Types.STRING, "workOrderId", Types.STRING, "hallId", Types.STRING, "counterId", Types.STRING,
            "clerkId", Types.STRING, "level", Types.INT, "points", Types.INT, "isDefault", Types.BOOLEAN,
            "ratedAt", Types.INSTANT, "windowStart", Types.INSTANT, "reason", Types.STRING,
            "excludedAt", Types.INSTANT));

    private WorkOrderTypes() {}
}
