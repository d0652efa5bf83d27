package org.haochaping.model.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Office hours on working days, the clock 差评 deadlines run on: "follow up within 1 working day" means
 * one working day's worth of office time, counted from the 差评 (or from the next opening when it came
 * after hours, on a weekend or on a holiday). A 差评 at 16:30 on Wednesday 2026-09-30 with 09:00–17:00
 * hours is due at 16:30 on Thursday 2026-10-08, past the National Day holiday.
 *
 * <p>Deadlines computed this way always fall inside office hours, when the hall is open.
 */
public record OfficeHours(LocalTime opens, LocalTime closes, ZoneId zone) implements java.io.Serializable {

    public OfficeHours {
        if (opens == null || closes == null || zone == null) {
            throw new IllegalArgumentException("office hours need an opening time, a closing time and a time zone");
        }
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("office hours must close (" + closes + ") after they open (" + opens + ")");
        }
    }

    /** The office time of one working day. */
    public Duration workingDay() {
        return Duration.between(opens, closes);
    }

    /** The instant {@code days} working days of office time after {@code start}. */
    public Instant plusWorkingDays(Instant start, int days, WorkingCalendar calendar) {
        if (days < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + days);
        }
        return plusOfficeTime(start, workingDay().multipliedBy(days), calendar);
    }

    /**
     * The instant when {@code amount} of office time has passed since {@code start}. Time outside office
     * hours, on weekends and on holidays does not count; 调休 working days do.
     */
    public Instant plusOfficeTime(Instant start, Duration amount, WorkingCalendar calendar) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("office time must not be negative: " + amount);
        }
        ZonedDateTime t = start.atZone(zone);
        Duration remaining = amount;
        while (true) {
            LocalDate day = t.toLocalDate();
            LocalTime time = t.toLocalTime();
            if (!calendar.isWorkingDay(day) || !time.isBefore(closes)) {
                t = nextOpening(day, calendar);
                continue;
            }
            if (time.isBefore(opens)) {
                t = ZonedDateTime.of(day, opens, zone);
                time = opens;
            }
            Duration available = Duration.between(time, closes);
            if (remaining.compareTo(available) <= 0) {
                return t.plus(remaining).toInstant();
            }
            remaining = remaining.minus(available);
            t = nextOpening(day, calendar);
        }
    }

    /** Whether {@code t} falls inside office hours on a working day. */
    public boolean isOpen(Instant t, WorkingCalendar calendar) {
        ZonedDateTime z = t.atZone(zone);
        LocalTime time = z.toLocalTime();
        return calendar.isWorkingDay(z.toLocalDate()) && !time.isBefore(opens) && time.isBefore(closes);
    }

    private ZonedDateTime nextOpening(LocalDate after, WorkingCalendar calendar) {
        LocalDate d = calendar.plusWorkingDays(after, 1);
        return ZonedDateTime.of(d, opens, zone);
    }
}
