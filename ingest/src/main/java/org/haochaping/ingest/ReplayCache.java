package org.haochaping.ingest;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the signatures already used, so a captured request cannot be sent again. A signature
 * only needs remembering while its {@code X-Timestamp} is inside the skew window: after that the
 * timestamp check rejects it anyway. So each entry expires at {@code timestamp + skew}, and memory
 * is bounded by {@code capacity} entries.
 *
 * <p>When the cache is full of live entries, the entry closest to expiry is evicted (and counted):
 * that reopens a replay window of at most the rest of its skew for that one signature, which is
 * harmless for ratings (a replayed rating carries the same rating id and is dropped downstream by the
 * stream job's de-duplication), whereas refusing fresh, correctly signed requests would not be.
 * The capacity is sized so eviction only happens under abnormal load.
 *
 * <p>Thread-safe (one lock); every operation is O(log n).
 */
public final class ReplayCache {

    /** Enough for ~800 signed requests per second per edge with the default 5-minute skew (~55 MB). */
    public static final int DEFAULT_CAPACITY = 250_000;

    /** Compared by identity: a stale queue entry must never remove a newer live one for the same key. */
    private static final class Entry {
        final String key;
        final long expiresAtMillis;

        Entry(String key, long expiresAtMillis) {
            this.key = key;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final int capacity;
    private final Map<String, Entry> live = new HashMap<>();
    // Also holds entries already released (removed from live); they are skipped when polled. Bounded
    // by capacity as well, so released entries cannot grow memory either.
    private final PriorityQueue<Entry> byExpiry =
            new PriorityQueue<>(Comparator.comparingLong((Entry e) -> e.expiresAtMillis));
    private long evictions;

    public ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public static String key(String deviceId, String signature) {
        return deviceId + '\n' + signature.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Marks {@code key} as used until {@code expiresAtMillis}, unless it is in use already.
     *
     * @return true when the key was fresh (and is now recorded), false for a replay
     */
    public synchronized boolean tryRecord(String key, long expiresAtMillis, long nowMillis) {
        expire(nowMillis);
        Entry existing = live.get(key);
        if (existing != null) {
            return false;
        }
        if (expiresAtMillis <= nowMillis) {
            return true; // already outside the window: nothing to remember
        }
        while (byExpiry.size() >= capacity) {
            Entry evicted = byExpiry.poll();
            if (live.remove(evicted.key, evicted)) {
                evictions++;
            }
        }
        Entry entry = new Entry(key, expiresAtMillis);
        live.put(key, entry);
        byExpiry.add(entry);
        return true;
    }

    /** Forgets {@code key} again, so the same signed request may be retried (after a 503). */
    public synchronized void release(String key) {
        live.remove(key);
    }

    public synchronized int size() {
        return live.size();
    }

    /** Entries held, including released ones not yet expired; never more than the capacity. */
    synchronized int queued() {
        return byExpiry.size();
    }

    /** Live entries evicted because the cache was full. */
    public synchronized long evictions() {
        return evictions;
    }

    private void expire(long nowMillis) {
        Entry head;
        while ((head = byExpiry.peek()) != null && head.expiresAtMillis <= nowMillis) {
            byExpiry.poll();
            live.remove(head.key, head);
        }
    }
}
