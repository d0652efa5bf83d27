package org.haochaping.jobs.ratings;

import java.time.Instant;
import org.haochaping.model.cases.CaseEvent;

/**
 * The stream job's current view of one case, written to {@code cases} on every state change. The
 * newest {@code version} wins in ClickHouse; versions count state changes, so a replay writes the same.
 *
 * @param event the case's facts from its latest accepted/completed event; null when only a rating is known
 * @param status {@link #ACCEPTED}, {@link #OPEN}, {@link #RATED} or {@link #DEFAULTED}
 * @param ratingChannel wire name of the counted rating's channel, empty when unrated
 * @param updatedAt the event time of the change (not the clock, so a replay writes the same row)
 */
public record CaseSnapshot(String projectNo, CaseEvent event, String status, Instant ratingWindowEnds,
                           Instant ratedAt, String ratingChannel, int ratingLevel, Instant smsInvitedAt,
                           long version, Instant updatedAt) {
    public static final String ACCEPTED = "accepted";
    public static final String OPEN = "open";
    public static final String RATED = "rated";
    public static final String DEFAULTED = "defaulted";
}
