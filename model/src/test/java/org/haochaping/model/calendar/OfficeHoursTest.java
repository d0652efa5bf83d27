package org.haochaping.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Deadlines checked by hand against the 2026 schedule (国庆 10-01..10-07, 调休 Saturday 10-10). */
class OfficeHoursTest {

    private static final WorkingCalendar CAL = WorkingCalendar.shipped();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final OfficeHours NINE_TO_FIVE = new OfficeHours(LocalTime.of(9, 0), LocalTime.of(17, 0), CHINA);

    private static Instant local(String isoLocal) {
        return LocalDateTime.parse(isoLocal).atZone(CHINA).toInstant();
    }

    @Test
    void oneWorkingDayFromLateAfternoonBeforeNationalDayEndsOnTheFirstDayBack() {
        // 30 minutes left on Wednesday, then 7.5 hours on Thursday 10-08
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T16:30"), 1, CAL)).isEqualTo(local("2026-10-08T16:30"));
    }

    @Test
    void fifteenWorkingDaysCountTheAdjustedSaturdayAndSkipSundays() {
        // working days after 09-30: 10-08, 09, 10 (Sat, 调休), 12..16, 19..23, 26, 27 = 15
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T16:30"), 15, CAL)).isEqualTo(local("2026-10-27T16:30"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T16:30"), 5, CAL)).isEqualTo(local("2026-10-13T16:30"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T16:30"), 7, CAL)).isEqualTo(local("2026-10-15T16:30"));
    }

    @Test
    void theClockStartsAtTheNextOpeningOutsideOfficeHours() {
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T20:00"), 1, CAL))
                .as("after hours: all of Thursday 10-08").isEqualTo(local("2026-10-08T17:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T17:00"), 1, CAL))
                .as("at closing time").isEqualTo(local("2026-10-08T17:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-10-08T07:45"), 1, CAL))
                .as("before opening: the same day").isEqualTo(local("2026-10-08T17:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-10-03T11:00"), 1, CAL))
                .as("on a holiday").isEqualTo(local("2026-10-08T17:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-10-09T16:00"), 1, CAL))
                .as("Friday → the 调休 Saturday").isEqualTo(local("2026-10-10T16:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-10-10T16:00"), 1, CAL))
                .as("调休 Saturday → Monday, Sunday is off").isEqualTo(local("2026-10-12T16:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-11-20T10:00"), 1, CAL))
                .as("plain Friday → Monday").isEqualTo(local("2026-11-23T10:00"));
    }

    @Test
    void officeTimeAndZeroDays() {
        assertThat(NINE_TO_FIVE.plusOfficeTime(local("2026-09-30T16:30"), Duration.ofHours(6), CAL))
                .as("due-soon two office hours before the follow-up deadline").isEqualTo(local("2026-10-08T14:30"));
        assertThat(NINE_TO_FIVE.plusOfficeTime(local("2026-09-30T16:30"), Duration.ofMinutes(30), CAL))
                .as("exactly the rest of the day ends at closing").isEqualTo(local("2026-09-30T17:00"));
        assertThat(NINE_TO_FIVE.plusWorkingDays(local("2026-09-30T16:30"), 0, CAL)).isEqualTo(local("2026-09-30T16:30"));
        assertThat(NINE_TO_FIVE.workingDay()).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void otherOfficeHours() {
        OfficeHours hours = new OfficeHours(LocalTime.of(8, 30), LocalTime.of(17, 30), CHINA);
        assertThat(hours.plusWorkingDays(local("2026-09-30T16:30"), 1, CAL)).isEqualTo(local("2026-10-08T16:30"));
        assertThat(hours.plusWorkingDays(local("2026-09-30T18:00"), 2, CAL)).isEqualTo(local("2026-10-09T17:30"));
    }

    @Test
    void knowsWhenTheHallIsOpen() {
        assertThat(NINE_TO_FIVE.isOpen(local("2026-10-10T09:00"), CAL)).as("调休 Saturday").isTrue();
        assertThat(NINE_TO_FIVE.isOpen(local("2026-10-10T17:00"), CAL)).isFalse();
        assertThat(NINE_TO_FIVE.isOpen(local("2026-10-11T10:00"), CAL)).isFalse();
    }

    @Test
    void refusesClosingBeforeOpeningAndNegativeTime() {
        assertThatThrownBy(() -> new OfficeHours(LocalTime.of(17, 0), LocalTime.of(9, 0), CHINA))
                .hasMessageContaining("close");
        assertThatThrownBy(() -> NINE_TO_FIVE.plusWorkingDays(Instant.EPOCH, -1, CAL)).hasMessageContaining("negative");
    }
}
