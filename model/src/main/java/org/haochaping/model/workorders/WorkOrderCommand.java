package org.haochaping.model.workorders;

import java.time.Instant;
import java.util.List;

/**
 * A console user's command on a work order, published by the console to {@code kafka.workOrderCommandsTopic}
 * (key: work order id) and applied by the stream job, which answers with a {@link CommandOutcome}. One
 * flat record for all types: the fields a type does not use are null.
 *
 * <p>The console has authenticated the actor; the stream job, which holds the work order, decides whether
 * this actor may act on it (hall, own rating) and whether the transition is allowed.
 *
 * @param commandId chosen by the console (UUID); a command seen twice is answered with its first outcome
 * @param workOrderId the work order = the case's projectNo (one work order per case)
 * @param actorHalls halls the actor may act in; {@value #ALL_HALLS} = every hall
 * @param issuedAt the console's clock when the command was accepted: the event time of the change
 * @param reached follow-up: whether the rater was reached
 * @param verified follow-up: whether the complaint was verified (核实) as founded
 * @param citizenFeedback follow-up: what the rater said (required when reached)
 * @param cause rectify: the cause found (required)
 * @param action rectify: the action taken (required)
 * @param appealKind appeal: mistaken or malicious
 * @param reason appeal: why (required)
 * @param decision review: upheld or rejected
 * @param note follow-up remark or review opinion (required for a review)
 */
public record WorkOrderCommand(
        String commandId,
        String workOrderId,
        WorkOrderCommandType type,
        String actorId,
        ConsoleRole actorRole,
        List<String> actorHalls,
        Instant issuedAt,
        Boolean reached,
        Boolean verified,
        String citizenFeedback,
        String cause,
        String action,
        AppealKind appealKind,
        String reason,
        AppealDecision decision,
        String note) {

    public static final String ALL_HALLS = "*";

    public WorkOrderCommand {
        actorHalls = actorHalls == null ? List.of() : List.copyOf(actorHalls);
    }

    /** Whether the actor may act in {@code hallId}. */
    public boolean actsIn(String hallId) {
        return actorHalls.contains(ALL_HALLS) || actorHalls.contains(hallId);
    }
}
