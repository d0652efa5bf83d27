package org.haochaping.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (projectNo, assessNumber) pairs rated at this edge, so a second rating of the same case is
 * refused at once with 409 "请勿重复评价" (一事一评) while the citizen is still there to read it.
 *
 * <p>Edge-local and best effort: it forgets on restart, does not see other edges or the SMS channel,
 * and holds at most {@code capacity} pairs (the oldest is forgotten first). The authority across
 * channels, edges and restarts is the stream job's gate keyed by projectNo, which counts the first
 * rating and flags every later one; this cache only spares the citizen a rating that would not count.
 *
 * <p>A pair is reserved for one rating id before its publish, marked accepted on Kafka's ack, and
 * released if Kafka did not take it. The same rating id coming again (a double submit, a retry) is not
 * a duplicate: once accepted it needs no second publish; while in flight it may be published again
 * (downstream de-duplication by rating id drops the copy). Thread-safe (one lock).
 */
final class RatedCases {

    static final int DEFAULT_CAPACITY = 200_000;

    enum Reservation {
        /** Nobody rated the case here: reserved now for this rating id. */
        FRESH,
        /** This very rating id is already accepted: answer as accepted, publish nothing. */
        ALREADY_ACCEPTED,
        /** This very rating id is being published right now: publishing it again is harmless. */
        IN_FLIGHT,
        /** Another rating id holds the case: 请勿重复评价. */
        TAKEN
    }

    private static final class Holder {
        final String ratingId;
        boolean accepted;

        Holder(String ratingId) {
            this.ratingId = ratingId;
        }
    }

    private final Map<String, Holder> byCase;

    RatedCases(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.byCase = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Holder> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Reservation reserve(String projectNo, int assessNumber, String ratingId) {
        Holder holder = byCase.putIfAbsent(key(projectNo, assessNumber), new Holder(ratingId));
        if (holder == null) {
            return Reservation.FRESH;
        }
        if (!holder.ratingId.equals(ratingId)) {
            return Reservation.TAKEN;
        }
        return holder.accepted ? Reservation.ALREADY_ACCEPTED : Reservation.IN_FLIGHT;
    }

    /** Kafka acknowledged the rating holding the case. */
    synchronized void accepted(String projectNo, int assessNumber, String ratingId) {
        Holder holder = byCase.get(key(projectNo, assessNumber));
        if (holder != null && holder.ratingId.equals(ratingId)) {
            holder.accepted = true;
        }
    }

    /** Frees a reservation whose rating Kafka did not take; an accepted one or another rating's stays. */
    synchronized void release(String projectNo, int assessNumber, String ratingId) {
        String key = key(projectNo, assessNumber);
        Holder holder = byCase.get(key);
        if (holder != null && holder.ratingId.equals(ratingId) && !holder.accepted) {
            byCase.remove(key);
        }
    }

    /** @return true when a rating of this case was reserved or accepted here */
    synchronized boolean isRated(String projectNo, int assessNumber) {
        return byCase.containsKey(key(projectNo, assessNumber));
    }

    synchronized int size() {
        return byCase.size();
    }

    private static String key(String projectNo, int assessNumber) {
        return projectNo + '#' + assessNumber;
    }
}
