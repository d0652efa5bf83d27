package org.haochaping.model.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Working days as the State Council's holiday schedule defines them: Monday to Friday, except public
 * holidays, plus the weekend days that are made working days (调休). Deadlines in working days (default
 * ratings, 差评 follow-up and rectification) are counted with this.
 *
 * <p>A year without a schedule is not guessed silently: {@link #covers(int)} tells, and counting into
 * such a year falls back to plain weekends, which callers should warn about.
 */
public final class WorkingCalendar {

    private static final String SHIPPED = "holidays-cn-2026.json";

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> extraWorkingDays;
    private final Set<Integer> years;

    private WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays, Set<Integer> years) {
        this.holidays = Collections.unmodifiableSet(holidays);
        this.extraWorkingDays = Collections.unmodifiableSet(extraWorkingDays);
        this.years = Collections.unmodifiableSet(years);
    }

    /** The schedules shipped with haochaping (2026). */
    public static WorkingCalendar shipped() {
        return load(List.of(SHIPPED));
    }

    /** @param resources schedule files next to this class, one per year, in the shipped JSON format */
    public static WorkingCalendar load(List<String> resources) {
        Set<LocalDate> holidays = new HashSet<>();
        Set<LocalDate> extra = new HashSet<>();
        Set<Integer> years = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String resource : resources) {
            try (InputStream in = WorkingCalendar.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("holiday schedule not found: " + resource);
                }
                JsonNode root = json.readTree(in);
                int year = root.path("year").asInt();
                years.add(year);
                for (JsonNode h : root.path("holidays")) {
                    LocalDate from = LocalDate.parse(h.path("from").asText());
                    LocalDate to = LocalDate.parse(h.path("to").asText());
                    if (to.isBefore(from)) {
                        throw new IllegalArgumentException(resource + ": holiday " + h.path("name").asText()
                                + " ends before it starts");
                    }
                    from.datesUntil(to.plusDays(1)).forEach(holidays::add);
                }
                for (JsonNode d : root.path("extra_working_days")) {
                    LocalDate day = LocalDate.parse(d.asText());
                    if (!isWeekend(day)) {
                        throw new IllegalArgumentException(resource + ": extra working day " + day
                                + " is not a Saturday or Sunday");
                    }
                    extra.add(day);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read holiday schedule " + resource, e);
            }
        }
        return new WorkingCalendar(holidays, extra, years);
    }

    /** Whether the schedule of {@code year} is known (otherwise only weekends are off). */
    public boolean covers(int year) {
        return years.contains(year);
    }

    public boolean isWorkingDay(LocalDate day) {
        if (extraWorkingDays.contains(day)) {
            return true;
        }
        return !isWeekend(day) && !holidays.contains(day);
    }

    /**
     * The {@code n}-th working day after {@code day} ({@code day} itself never counts), e.g. 1 working
     * day after Wednesday 2026-09-30 is Thursday 2026-10-08, past the National Day holiday.
     */
    public LocalDate plusWorkingDays(LocalDate day, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + n);
        }
        LocalDate d = day;
        for (int counted = 0; counted < n; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                counted++;
            }
        }
        return d;
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
