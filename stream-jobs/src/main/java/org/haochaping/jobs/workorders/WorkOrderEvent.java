package org.haochaping.jobs.workorders;

import java.time.Instant;

/**
 * One entry of a work order's history ({@code work_order_events}).
 *
 * @param eventId {@code <eventType>:<cause>}, the cause being the command id, the rating id or the deadline
 *     (e.g. {@code followed_up:<commandId>}, {@code opened:<ratingId>}, {@code overdue:follow_up}), so a
 *     replay writes the same row
 * @param actorId the console user for a command, else empty
 * @param actorRole the console role for a command, {@link #CITIZEN} for ratings, {@link #SYSTEM} for timers
 * @param occurredAt event time: the command's issuedAt, the rating's time or the deadline
 * @param statusAfter wire name of the status after the event
 * @param detail the event's details as a JSON object
 */
public record WorkOrderEvent(String workOrderId, String eventId, String eventType, String actorId, String actorRole,
                             Instant occurredAt, String statusAfter, String detail) {
    public static final String SYSTEM = "system";
    public static final String CITIZEN = "citizen";

    public static final String OPENED = "opened";
    public static final String FOLLOWED_UP = "followed_up";
    public static final String RECTIFIED = "rectified";
    public static final String RERATE_INVITED = "rerate_invited";
    public static final String RERATED = "rerated";
    public static final String CLOSED = "closed";
    public static final String APPEALED = "appealed";
    public static final String APPEAL_UPHELD = "appeal_upheld";
    public static final String APPEAL_REJECTED = "appeal_rejected";
    public static final String DUE_SOON = "due_soon";
    public static final String OVERDUE = "overdue";
}
