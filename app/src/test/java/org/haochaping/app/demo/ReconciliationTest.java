package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    /**
     * 100 cases: 50 evaluator, 10 QR, 8 SMS, 12 defaults; 14 invitations (10 sent, 4 expired), 3 SMS dead
     * letters, 4 duplicates through the edge, 1 SMS reply to a case rated by QR.
     */
    private static final DemoExpectation EXPECTED = new DemoExpectation(100, 50, 10, 8, 12, 14, 10, 3, 4, 1, 2, 20, 6);
    private static final Map<String, Long> CHANNELS = Map.of("evaluator", 50L, "qr", 10L, "sms", 8L, "default", 12L);

    /**
     * The edge accepted 60 evaluator and QR ratings, 12 SMS replies and 1 of the 4 duplicates (3 refused with
     * 409): 73 accepted; 2 flagged (that duplicate and the SMS reply to a QR-rated case); stored
     * 80 = 73 − 2 flagged − 3 dead letters + 12 defaults.
     */
    private static Reconciliation reconciliation(long stored, long aggregated, long flagged, long deadLetters,
                                                 Map<String, Long> channels, long sent) {
        return new Reconciliation(73, 5, stored, aggregated, flagged, deadLetters, channels, 14, sent, 14 - sent,
                EXPECTED, 2);
    }

    private static Reconciliation balanced() {
        return reconciliation(80, 80, 2, 3, CHANNELS, 10);
    }

    @Test
    void lineHasTheExactFormat() {
        assertThat(balanced().line()).isEqualTo(
                "accepted 73, rejected 5, stored 80, aggregated 80, flagged 2, dead letters 3, defaults 12, invitations 14");
    }

    @Test
    void balancedWhenEveryFigureIsTheExpectedOne() {
        Reconciliation ok = balanced();
        assertThat(ok.balanced()).isTrue();
        assertThat(ok.checks()).allMatch(Reconciliation.Check::ok).hasSize(11);
        assertThat(ok.report()).startsWith("对账明细\n").contains("默认评价", "短信死信").doesNotContain("✗");
    }

    @Test
    void anyFigureOffUnbalances() {
        assertThat(reconciliation(80, 79, 2, 3, CHANNELS, 10).balanced()).as("aggregated short").isFalse();
        assertThat(reconciliation(79, 79, 2, 4, Map.of("evaluator", 50L, "qr", 10L, "sms", 7L, "default", 12L), 10)
                .balanced()).as("an SMS rating became a dead letter").isFalse();
        assertThat(reconciliation(81, 81, 1, 3, Map.of("evaluator", 50L, "qr", 10L, "sms", 9L, "default", 12L), 10)
                .balanced()).as("the SMS duplicate counted").isFalse();
        assertThat(reconciliation(80, 80, 2, 3, CHANNELS, 9).balanced()).as("one invitation not sent").isFalse();
        Reconciliation oneDefaultMissing = reconciliation(79, 79, 2, 3,
                Map.of("evaluator", 50L, "qr", 10L, "sms", 8L, "default", 11L), 10);
        assertThat(oneDefaultMissing.balanced()).isFalse();
        assertThat(oneDefaultMissing.checks()).filteredOn(c -> !c.ok()).extracting(Reconciliation.Check::name)
                .containsExactly("默认评价");
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
            return n < 4 ? reconciliation(80, 60, 2, 3, CHANNELS, 10) : balanced();
        }, Duration.ofSeconds(10), Duration.ofMillis(5));
        assertThat(r.balanced()).isTrue();
        assertThat(polls.get()).isEqualTo(4);
    }

    @Test
    void awaitGivesUpAfterTheTimeoutWithTheLastState() throws Exception {
        long started = System.nanoTime();
        Reconciliation stuck = reconciliation(80, 79, 2, 3, CHANNELS, 10);
        Reconciliation r = Reconciliation.await(() -> stuck, Duration.ofMillis(200), Duration.ofMillis(20));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(r.line()).startsWith("accepted 73, rejected 5, stored 80, aggregated 79, ");
        assertThat(r.balanced()).isFalse();
    }

    @Test
    void awaitRethrowsWhenTheProbeNeverWorked() {
        assertThatThrownBy(() -> Reconciliation.await(() -> {
            throw new IllegalStateException("no store");
        }, Duration.ofMillis(50), Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class).hasMessage("no store");
    }

    @Test
    void runFilterSelectsThisRunsCasesOnly() {
        assertThat(Reconciliation.runFilter("demo-20261121T100000-3fa2"))
                .isEqualTo("project_no LIKE 'demo-20261121T100000-3fa2-%'");
        assertThat(Reconciliation.smsMessagePrefix("demo-20261121T100000-3fa2")).isEqualTo("demo-20261121T100000-3fa2-m");
        assertThatThrownBy(() -> Reconciliation.runFilter("a_b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baselineGivesASafeStartBehindTheNewestRating() {
        assertThat(new Reconciliation.Baseline(0, 0, 0, 0).earliestSafeRatedAt()).isEmpty();
        Instant latest = Instant.parse("2026-11-21T09:30:00Z");
        assertThat(new Reconciliation.Baseline(5, 5, 5, latest.toEpochMilli()).earliestSafeRatedAt())
                .contains(latest.minus(Duration.ofMinutes(5)));
    }
}
