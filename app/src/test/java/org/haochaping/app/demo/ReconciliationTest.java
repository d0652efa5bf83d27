package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    @Test
    void lineHasTheExactFormat() {
        assertThat(new Reconciliation(19_900, 100, 19_900, 19_900).line())
                .isEqualTo("accepted 19900, rejected 100, stored 19900, aggregated 19900");
        assertThat(new Reconciliation(0, 0, 0, 0).line()).isEqualTo("accepted 0, rejected 0, stored 0, aggregated 0");
    }

    @Test
    void balancedWhenStoredAndAggregatedEqualAccepted() {
        assertThat(new Reconciliation(10, 3, 10, 10).balanced()).isTrue();
        assertThat(new Reconciliation(10, 3, 9, 10).balanced()).isFalse();
        assertThat(new Reconciliation(10, 3, 10, 9).balanced()).isFalse();
        assertThat(new Reconciliation(10, 3, 11, 10).balanced()).isFalse();
        assertThat(new Reconciliation(0, 5, 0, 0).balanced()).isTrue();
    }

    @Test
    void reportsTheMismatchingTableOrTheSmallerOne() {
        assertThat(Reconciliation.aggregated(10, 10, 10)).isEqualTo(10);
        assertThat(Reconciliation.aggregated(10, 10, 7)).isEqualTo(7);
        assertThat(Reconciliation.aggregated(10, 12, 10)).isEqualTo(12);
        assertThat(Reconciliation.aggregated(10, 8, 9)).isEqualTo(8);
    }

    @Test
    void awaitPollsUntilBalanced() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        Reconciliation r = Reconciliation.await(() -> {
            int n = polls.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("store busy");
            }
            return new Reconciliation(100, 1, Math.min(100, n * 30), Math.min(100, n * 25));
        }, Duration.ofSeconds(10), Duration.ofMillis(5));
        assertThat(r.balanced()).isTrue();
        assertThat(polls.get()).isEqualTo(4);
    }

    @Test
    void awaitGivesUpAfterTheTimeoutWithTheLastState() throws Exception {
        long started = System.nanoTime();
        Reconciliation r = Reconciliation.await(() -> new Reconciliation(100, 0, 100, 99), Duration.ofMillis(200),
                Duration.ofMillis(20));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(r.line()).isEqualTo("accepted 100, rejected 0, stored 100, aggregated 99");
        assertThat(r.balanced()).isFalse();
    }

    @Test
    void awaitRethrowsWhenTheProbeNeverWorked() {
        assertThatThrownBy(() -> Reconciliation.await(() -> {
            throw new IllegalStateException("no store");
        }, Duration.ofMillis(50), Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class).hasMessage("no store");
    }

    @Test
    void runFilterSelectsThisRunOnly() {
        assertThat(Reconciliation.runFilter("demo-20261121T100000-3fa2"))
                .isEqualTo("rating_id LIKE 'demo-20261121T100000-3fa2-%'");
        assertThatThrownBy(() -> Reconciliation.runFilter("a_b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baselineGivesASafeStartBehindTheNewestRating() {
        assertThat(new Reconciliation.Baseline(0, 0, 0).earliestSafeRatedAt()).isEmpty();
        Instant latest = Instant.parse("2026-11-21T09:30:00Z");
        assertThat(new Reconciliation.Baseline(5, 5, latest.toEpochMilli()).earliestSafeRatedAt())
                .contains(latest.minus(Duration.ofMinutes(5)));
    }
}
