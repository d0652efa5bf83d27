package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import org.haochaping.model.WireEnum;

/**
 * The stream job's answer to a {@link WorkOrderCommand}, to {@code kafka.workOrderOutcomesTopic} (key:
 * command id) and to the {@code work_order_commands} table. The console turns it into the HTTP answer.
 *
 * @param reason for anything but {@link Status#APPLIED}: why, in Chinese, for the person who acted
 * @param status the work order's status after the command (unchanged when refused)
 * @param version the work order's snapshot version after the command
 */
public record CommandOutcome(String commandId, String workOrderId, Result result, String reason,
                             String status, long version, Instant decidedAt) {

    public enum Result {
        /** Done: 200. */
        APPLIED(200),
        /** Not allowed in the work order's state (e.g. rectify before any follow-up): 409. */
        CONFLICT(409),
        /** Another hall's work order, or a clerk acting on someone else's rating: 403. */
        FORBIDDEN(403),
        /** No work order with this id (no 差评 for that case, or long closed and forgotten): 404. */
        NOT_FOUND(404),
        /** The command itself is malformed (the console validates first, so only a foreign producer): 400. */
        INVALID(400);

        private final int httpStatus;

        Result(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }

        @JsonValue
        public String wireName() {
            return WireEnum.name(this);
        }

        @JsonCreator
        public static Result fromWire(String wire) {
            return WireEnum.parse(Result.class, wire);
        }
    }
}
