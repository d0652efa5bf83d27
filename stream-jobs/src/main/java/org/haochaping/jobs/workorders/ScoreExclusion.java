package org.haochaping.jobs.workorders;

import java.time.Instant;

/**
 * A rating taken out of every score ({@code score_exclusions}) because its appeal was upheld; the rating
 * itself stays in {@code ratings}. The scores views subtract it from its minute window.
 *
 * @param points the rating's points ({@code scoring.points}), as the minute scores summed them
 * @param windowStart the start of the rating's one-minute score window
 * @param reason {@link #APPEAL_UPHELD}
 * @param excludedAt event time of the decision
 */
public record ScoreExclusion(String ratingId, String workOrderId, String hallId, String counterId, String clerkId,
                             int level, int points, boolean isDefault, Instant ratedAt, Instant windowStart,
                             String reason, Instant excludedAt) {
    public static final String APPEAL_UPHELD = "appeal_upheld";
}
