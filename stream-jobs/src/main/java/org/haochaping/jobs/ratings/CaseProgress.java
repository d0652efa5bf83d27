package org.haochaping.jobs.ratings;

/**
 * The small, long-lived part of a case's state in {@link CaseRatingGate}: which first rating counted, the
 * pending timers and the snapshot version. A Flink POJO (public fields, no-arg constructor); times are
 * epoch milliseconds, {@link #NONE} when not set.
 */
public class CaseProgress {
    public static final long NONE = Long.MIN_VALUE;

    /** Number of snapshots written: the {@code cases} row version. */
    public long version;
    /** Event id of the completion that set the rating window; null before completion. */
    public String completedEventId;
    public long windowEndMillis = NONE;
    public long invitationDueMillis = NONE;
    public long defaultDueMillis = NONE;
    public long cleanupAtMillis = NONE;
    public long invitedAtMillis = NONE;
    /** The counted first rating (assess 1), null while unrated. */
    public String ratingId;
    public String ratingChannel;
    public int ratingLevel;
    public long ratedAtMillis = NONE;
    public boolean defaulted;

    public CaseProgress() {}

    boolean isRated() {
        return ratingId != null;
    }

    /** Whether the counted first rating is a 差评 (a default rating never is): the case has a work order. */
    boolean ratedBad() {
        return isRated() && !defaulted && ratingLevel <= 2;
    }

    String status() {
        if (defaulted) {
            return CaseSnapshot.DEFAULTED;
        }
        if (isRated()) {
            return CaseSnapshot.RATED;
        }
        return windowEndMillis != NONE ? CaseSnapshot.OPEN : CaseSnapshot.ACCEPTED;
    }
}
