package org.haochaping.model.workorders;

import java.time.Instant;

/**
 * An alert the stream job raised, to the {@code alerts} table and {@code kafka.alertsTopic}, from which
 * the webhook sender posts it. The id is derived from what caused it ({@code bad:<ratingId>},
 * {@code overdue:follow_up:<workOrderId>}, {@code spike:clerk:<hall>/<clerk>:<ratingId>}), so a replay or
 * a restart raises the same id and the table and the webhook receiver see it once.
 *
 * @param workOrderId empty for a spike
 * @param subject what the alert concerns, e.g. {@code follow_up} / {@code rectify} for deadlines,
 *     {@code clerk} / {@code counter} for spikes, empty for a new 差评
 * @param title one line in Chinese for hall staff (webhook message, dashboard)
 * @param dueAt the deadline for due-soon and overdue alerts, else null
 * @param raisedAt the event time that raised it (the 差评's time, or the deadline)
 * @param count for a spike, how many 差评 within the window; else 1
 */
public record Alert(String alertId, AlertType type, String subject, String hallId, String counterId,
                    String clerkId, String workOrderId, String title, Instant dueAt, Instant raisedAt, int count) {}
