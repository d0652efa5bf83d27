package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00.123456Z");

    @Test
    void defaultsAreTheLastTenDays() {
        DemoOptions o = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(o.cases()).isEqualTo(2_000);
        assertThat(o.halls()).isEqualTo(3);
        assertThat(o.countersPerHall()).isEqualTo(6);
        assertThat(o.invalidShare()).isEqualTo(0.01);
        assertThat(o.concurrency()).isEqualTo(32);
        assertThat(o.progress()).isEqualTo(DemoOptions.Progress.AUTO);
        assertThat(o.to()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        assertThat(o.period()).isEqualTo(Duration.ofDays(10));
    }

    @Test
    void withersChangeOneField() {
        DemoOptions o = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(o.withCases(5).cases()).isEqualTo(5);
        assertThat(o.withHalls(2).halls()).isEqualTo(2);
        assertThat(o.withCountersPerHall(4).countersPerHall()).isEqualTo(4);
        assertThat(o.withSeed(9).seed()).isEqualTo(9);
        assertThat(o.withInvalidShare(0).invalidShare()).isZero();
        assertThat(o.withConcurrency(1).concurrency()).isEqualTo(1);
        assertThat(o.withProgress(DemoOptions.Progress.OFF).progress()).isEqualTo(DemoOptions.Progress.OFF);
        assertThat(o.withCases(5).withSeed(9)).isEqualTo(o.withSeed(9).withCases(5));
    }

    @Test
    void rejectsNonsense() {
        DemoOptions o = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> o.withCases(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withHalls(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withCountersPerHall(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withInvalidShare(0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withPeriod(o.to(), o.from())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notBeforeMovesTheStartButKeepsAMinute() {
        DemoOptions o = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(o.notBefore(o.from().minusSeconds(60))).isEqualTo(o);
        assertThat(o.notBefore(null)).isEqualTo(o);
        Instant oneHourAgo = o.to().minus(Duration.ofHours(1));
        assertThat(o.notBefore(oneHourAgo).from()).isEqualTo(oneHourAgo);
        assertThat(o.notBefore(oneHourAgo).to()).isEqualTo(o.to());
        assertThat(o.notBefore(o.to().plusSeconds(600)).period()).isEqualTo(DemoOptions.MIN_PERIOD);
    }
}
