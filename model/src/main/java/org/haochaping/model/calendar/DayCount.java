package org.haochaping.model.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A period like "7 natural days" or "5 working days" counted from an event, as localities write their
 * rules (rating window before a default rating, 差评 deadlines). The period ends at midnight (local
 * time) after its last day; the event's own day never counts, whatever the hour.
 */
public record DayCount(int days, Kind kind) {

    public enum Kind { NATURAL, WORKING }

    public DayCount {
        if (days < 1) {
            throw new IllegalArgumentException("a period needs at least one day, got " + days);
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind (natural or working days) is required");
        }
    }

    /** The instant the period ends: 00:00 local time after its last day. */
    public Instant endAfter(Instant event, ZoneId zone, WorkingCalendar calendar) {
        LocalDate start = event.atZone(zone).toLocalDate();
        LocalDate last = kind == Kind.NATURAL ? start.plusDays(days) : calendar.plusWorkingDays(start, days);
        return ZonedDateTime.of(last.plusDays(1).atStartOfDay(), zone).toInstant();
    }
}
