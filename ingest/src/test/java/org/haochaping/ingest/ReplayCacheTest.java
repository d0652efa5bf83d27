package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    private static final long SKEW = 300_000;
    private static final long T0 = TestConfigs.NOW.toEpochMilli();

    @Test
    void aSignatureIsAcceptedOnceWithinItsWindow() {
        ReplayCache cache = new ReplayCache(100);
        String key = ReplayCache.key("dev-1", "abcd");
        assertThat(cache.tryRecord(key, T0 + SKEW, T0)).isTrue();
        assertThat(cache.tryRecord(key, T0 + SKEW, T0 + 1_000)).isFalse();
        assertThat(cache.tryRecord(key, T0 + SKEW, T0 + SKEW - 1)).isFalse();
    }

    @Test
    void keysAreCaseInsensitiveInTheSignatureAndSeparateByDevice() {
        ReplayCache cache = new ReplayCache(100);
        assertThat(cache.tryRecord(ReplayCache.key("dev-1", "ABCD"), T0 + SKEW, T0)).isTrue();
        assertThat(cache.tryRecord(ReplayCache.key("dev-1", "abcd"), T0 + SKEW, T0)).isFalse();
        assertThat(cache.tryRecord(ReplayCache.key("dev-2", "abcd"), T0 + SKEW, T0)).isTrue();
    }

    @Test
    void entriesExpireAtTheEndOfTheirWindow() {
        ReplayCache cache = new ReplayCache(100);
        cache.tryRecord("a", T0 + SKEW, T0);
        cache.tryRecord("b", T0 + 2 * SKEW, T0);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.tryRecord("c", T0 + 3 * SKEW, T0 + SKEW)).isTrue();
        assertThat(cache.size()).as("'a' expired").isEqualTo(2);
        assertThat(cache.tryRecord("a", T0 + 3 * SKEW, T0 + SKEW)).isTrue();
    }

    @Test
    void aReleasedSignatureMayBeUsedAgain() {
        ReplayCache cache = new ReplayCache(100);
        cache.tryRecord("a", T0 + SKEW, T0);
        cache.release("a");
        assertThat(cache.size()).isZero();
        assertThat(cache.tryRecord("a", T0 + SKEW, T0 + 10)).isTrue();
        assertThat(cache.tryRecord("a", T0 + SKEW, T0 + 20)).isFalse();
    }

    @Test
    void whenFullTheEntryClosestToExpiryIsEvictedAndCounted() {
        ReplayCache cache = new ReplayCache(3);
        cache.tryRecord("late", T0 + 3 * SKEW, T0);
        cache.tryRecord("soon", T0 + SKEW, T0);
        cache.tryRecord("mid", T0 + 2 * SKEW, T0);
        assertThat(cache.tryRecord("new", T0 + 2 * SKEW, T0)).isTrue();
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(cache.tryRecord("late", T0 + 3 * SKEW, T0)).isFalse();
        assertThat(cache.tryRecord("mid", T0 + 2 * SKEW, T0)).isFalse();
    }

    @Test
    void memoryStaysBoundedUnderChurnOfReleasedEntries() {
        ReplayCache cache = new ReplayCache(10);
        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.tryRecord("k" + i, T0 + SKEW + i, T0)).isTrue();
            if (i % 2 == 0) {
                cache.release("k" + i);
            }
        }
        assertThat(cache.queued()).isLessThanOrEqualTo(10);
        assertThat(cache.size()).isEqualTo(5);
        // the newest unreleased one is still remembered
        assertThat(cache.tryRecord("k9999", T0 + SKEW, T0)).isFalse();
    }

    @Test
    void aReleasedThenReusedKeyIsNotRemovedByItsStaleQueueEntry() {
        ReplayCache cache = new ReplayCache(2);
        cache.tryRecord("a", T0 + SKEW, T0);
        cache.release("a");
        cache.tryRecord("a", T0 + 2 * SKEW, T0);
        // the stale entry for "a" (expiring at T0 + SKEW) is polled first; the live one must survive
        assertThat(cache.tryRecord("b", T0 + 2 * SKEW, T0)).isTrue();
        assertThat(cache.evictions()).isZero();
        assertThat(cache.tryRecord("a", T0 + 2 * SKEW, T0 + SKEW)).isFalse();
    }

    @Test
    void anAlreadyExpiredTimestampNeedsNoEntry() {
        ReplayCache cache = new ReplayCache(2);
        assertThat(cache.tryRecord("old", T0, T0 + 1)).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new ReplayCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
