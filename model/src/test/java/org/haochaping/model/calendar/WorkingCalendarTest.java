package org.haochaping.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    private static final WorkingCalendar CAL = WorkingCalendar.shipped();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void holidaysWeekendsAndAdjustedWorkingDays() {
        assertThat(CAL.isWorkingDay(day("2026-09-30"))).as("Wednesday").isTrue();
        assertThat(CAL.isWorkingDay(day("2026-10-01"))).as("国庆节").isFalse();
        assertThat(CAL.isWorkingDay(day("2026-10-07"))).as("国庆节, a Wednesday").isFalse();
        assertThat(CAL.isWorkingDay(day("2026-10-10"))).as("调休 Saturday").isTrue();
        assertThat(CAL.isWorkingDay(day("2026-10-11"))).as("plain Sunday").isFalse();
        assertThat(CAL.isWorkingDay(day("2026-01-04"))).as("调休 Sunday after 元旦").isTrue();
        assertThat(CAL.isWorkingDay(day("2026-02-23"))).as("last day of 春节").isFalse();
        assertThat(CAL.isWorkingDay(day("2026-02-24"))).isTrue();
    }

    @Test
    void countsWorkingDaysAcrossNationalDayAndItsSaturday() {
        LocalDate wednesday = day("2026-09-30");
        assertThat(CAL.plusWorkingDays(wednesday, 0)).isEqualTo(wednesday);
        assertThat(CAL.plusWorkingDays(wednesday, 1)).isEqualTo(day("2026-10-08"));
        assertThat(CAL.plusWorkingDays(wednesday, 2)).isEqualTo(day("2026-10-09"));
        assertThat(CAL.plusWorkingDays(wednesday, 3)).as("调休 Saturday counts").isEqualTo(day("2026-10-10"));
        assertThat(CAL.plusWorkingDays(wednesday, 4)).isEqualTo(day("2026-10-12"));
        assertThat(CAL.plusWorkingDays(wednesday, 15)).as("rectification within 15 working days").isEqualTo(day("2026-10-27"));
        assertThatThrownBy(() -> CAL.plusWorkingDays(wednesday, -1)).hasMessageContaining("negative");
    }

    @Test
    void knowsWhichYearsItCovers() {
        assertThat(CAL.covers(2026)).isTrue();
        assertThat(CAL.covers(2027)).isFalse();
        assertThat(CAL.isWorkingDay(day("2027-01-04"))).as("beyond the schedule: weekdays work").isTrue();
        assertThatThrownBy(() -> WorkingCalendar.load(List.of("holidays-cn-2099.json")))
                .hasMessage("holiday schedule not found: holidays-cn-2099.json");
    }

    @Test
    void periodsEndAtMidnightAfterTheirLastDay() {
        Instant completed = Instant.parse("2026-09-30T08:30:00Z"); // 16:30 in China
        assertThat(new DayCount(7, DayCount.Kind.NATURAL).endAfter(completed, CHINA, CAL))
                .as("Guangdong: 7 natural days").isEqualTo(Instant.parse("2026-10-07T16:00:00Z"));
        assertThat(new DayCount(5, DayCount.Kind.WORKING).endAfter(completed, CHINA, CAL))
                .as("Xinjiang: 5 working days → 10-08, 09, 10 (Sat), 12, 13").isEqualTo(Instant.parse("2026-10-13T16:00:00Z"));
        assertThat(new DayCount(1, DayCount.Kind.WORKING).endAfter(Instant.parse("2026-09-30T15:59:59Z"), CHINA, CAL))
                .as("23:59 local is still 09-30").isEqualTo(Instant.parse("2026-10-08T16:00:00Z"));
        assertThat(new DayCount(1, DayCount.Kind.WORKING).endAfter(Instant.parse("2026-09-30T16:00:00Z"), CHINA, CAL))
                .as("00:00 local on 10-01 is a holiday's day").isEqualTo(Instant.parse("2026-10-08T16:00:00Z"));
        assertThatThrownBy(() -> new DayCount(0, DayCount.Kind.NATURAL)).hasMessageContaining("at least one day");
    }
}
