package org.haochaping.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.haochaping.app.demo.Population;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.StaffDirectory;
import org.haochaping.evaluation.StaffMember;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.calendar.OfficeHours;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.config.HcpConfig;

/**
 * A complete month of a large province in the store, made in chDB with {@code INSERT … SELECT} (row by row from
 * Java would take longer than the queries it is for): the demo's synthetic population at its largest
 * ({@value #HALLS} halls × {@value #COUNTERS_PER_HALL} counters, 1-2 clerks each, every clerk with their own level
 * mix), N ratings shared out by the clerks' traffic, each clerk's spread evenly with jitter over the office hours of
 * the month's working days ({@link WorkingCalendar}, {@link OfficeHours}) as the demo's generator spreads its
 * ratings (a counter serves one citizen after another: random instants would pile up presses on one evaluator that
 * the fairness audit rightly calls bursts), and everything the dashboards and the monthly evaluation read, written
 * as the stream job would have written it:
 * <ul>
 *   <li>{@code ratings}: channels evaluator / kiosk / qr / sms / default, the level from the clerk's mix (default
 *       ratings at rules.defaultLevel), 差评 with one or two tags of their level, phones on SMS ratings and some
 *       others (a few are the clerk's own registered phone: self-ratings for the audit);</li>
 *   <li>{@code clerk_minute_scores} and {@code counter_minute_scores}: one row per subject and minute with the final
 *       totals of the window ({@code version} = ratings), aggregated from {@code ratings} with the job's points;</li>
 *   <li>{@code cases}: one snapshot per rated case; {@code work_orders}, their {@code work_order_events} and
 *       {@code alerts} for every active 差评, deadlines in office time of working days; upheld appeals with their
 *       {@code score_exclusions}; {@code flagged_ratings} (repeated presses, second ratings of a case) and
 *       {@code dead_letters};</li>
 *   <li>{@code staff}: the roster through {@link StaffDirectory}.</li>
 * </ul>
 * Every random choice is a hash of (seed, rating sequence number, purpose), so a seed and N give the same rows.
 * {@link #verify} checks the result with exact counts.
 */
final class ProvinceMonth {

    /** The demo population's largest size: 1,980 counters and about 3,000 clerks. */
    static final int HALLS = Population.MAX_HALLS;
    static final int COUNTERS_PER_HALL = 20;
    /** Helper tables live here during generation, outside the service's database, and are dropped afterwards. */
    static final String SCRATCH_DB = "bench_queries_gen";

    /** Channel shares of the ratings: cumulative bounds of evaluator, kiosk, qr, sms; the rest are default ratings. */
    private static final double[] CHANNEL_BOUNDS = {0.50, 0.58, 0.76, 0.88};
    /** One active rating in this many is made with the clerk's own phone (a self-rating). */
    private static final int SELF_RATING_ONE_IN = 50_000;
    /** One rating in this many has a flagged twin (a repeated press or a second rating of the case). */
    private static final int FLAGGED_ONE_IN = 400;
    /** Dead letters: one per this many ratings. */
    private static final int DEAD_LETTER_ONE_IN = 5_000;
    private static final List<String> BAD_COMMENTS = List.of("等待时间太长", "窗口人员态度冷淡", "材料要求反复变化",
            "超出承诺时限还没办结");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseStore store;
    private final HcpConfig config;
    private final int ratings;
    private final long seed;
    private final EvaluationMonth month;
    private final Population population;
    private final ZoneId zone;
    private final OfficeHours officeHours;
    private final WorkingCalendar calendar = WorkingCalendar.shipped();
    private final List<LocalDate> workingDays;

    ProvinceMonth(ClickHouseStore store, HcpConfig config, int ratings, long seed, YearMonth month) {
        this.store = store;
        this.config = config;
        this.ratings = ratings;
        this.seed = seed;
        this.zone = config.rules().timeZone();
        this.month = new EvaluationMonth(month, zone);
        this.population = Population.generate(HALLS, COUNTERS_PER_HALL, seed);
        this.officeHours = config.workOrders().officeHours(zone);
        if (!calendar.covers(month.getYear())) {
            throw new IllegalArgumentException("the working calendar has no holiday schedule for " + month.getYear());
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                days.add(d);
            }
        }
        this.workingDays = List.copyOf(days);
    }

    EvaluationMonth month() {
        return month;
    }

    Population population() {
        return population;
    }

    List<LocalDate> workingDays() {
        return workingDays;
    }

    /** Writes the month; returns the seconds each step took. */
    Map<String, Double> generate() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        store.execute("DROP DATABASE IF EXISTS " + SCRATCH_DB);
        store.execute("CREATE DATABASE " + SCRATCH_DB);
        try {
            List<StaffMember> roster = roster();
            timed(seconds, "staff", () -> new StaffDirectory(store, Clock.systemUTC()).register(roster));
            timed(seconds, "population", () -> writeClerks(roster));
            timed(seconds, "ratings", () -> store.execute(ratingsSql()));
            timed(seconds, "clerk_minute_scores", () -> store.execute(minuteScoresSql("clerk_minute_scores", "clerk_id")));
            timed(seconds, "counter_minute_scores",
                    () -> store.execute(minuteScoresSql("counter_minute_scores", "counter_id")));
            timed(seconds, "cases", () -> store.execute(casesSql()));
            timed(seconds, "work_orders", () -> store.execute(workOrdersSql()));
            timed(seconds, "work_order_events", () -> store.execute(workOrderEventsSql()));
            timed(seconds, "alerts", () -> store.execute(alertsSql()));
            timed(seconds, "score_exclusions", () -> store.execute(scoreExclusionsSql()));
            timed(seconds, "flagged_ratings", () -> store.execute(flaggedRatingsSql()));
            timed(seconds, "dead_letters", () -> store.execute(deadLettersSql()));
        } finally {
            store.execute("DROP DATABASE IF EXISTS " + SCRATCH_DB);
        }
        return seconds;
    }

    private static void timed(Map<String, Double> seconds, String step, Runnable work) {
        long start = System.nanoTime();
        work.run();
        seconds.put(step, Math.round((System.nanoTime() - start) / 1e7) / 100.0);
    }

    /** The roster as the demo registers it: every clerk with a phone of their own (170 numbers). */
    private List<StaffMember> roster() {
        PhoneProtector phones = new PhoneProtector(config.security().phoneHashKey());
        List<StaffMember> members = new ArrayList<>();
        int n = 0;
        for (Population.Clerk clerk : population.clerks()) {
            String phone = String.format(Locale.ROOT, "170%08d", 10_000 + n++);
            members.add(new StaffMember(clerk.id(), clerk.name(), clerk.hallId(), clerk.counterId(), phones.hash(phone),
                    PhoneProtector.mask(phone)));
        }
        return members;
    }

    /**
     * One row per clerk with what the ratings need: where they work, the items of their counter, their level mix
     * as cumulative bounds, their share of the N ratings (largest remainder, so the shares add up to exactly N)
     * and the first sequence number of their ratings.
     */
    private void writeClerks(List<StaffMember> roster) {
        store.execute("""
                CREATE TABLE %s.clerks
                (
                    clerk_id String, hall_id String, counter_id String, area_code String,
                    item_codes Array(String), dept_codes Array(String), level_bounds Array(Float64),
                    n UInt64, first UInt64, staff_phone_hash String, staff_phone_masked String
                )
                ENGINE = MergeTree ORDER BY clerk_id""".formatted(SCRATCH_DB));
        List<Population.Clerk> clerks = population.clerks();
        long[] shares = shares(clerks);
        Map<String, StaffMember> staff = roster.stream().collect(Collectors.toMap(StaffMember::clerkId, Function.identity()));
        List<String> rows = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < clerks.size(); i++) {
            Population.Clerk clerk = clerks.get(i);
            Population.Counter counter = population.counter(clerk.counterId());
            Population.Hall hall = population.hall(clerk.hallId());
            ObjectNode row = JSON.createObjectNode()
                    .put("clerk_id", clerk.id())
                    .put("hall_id", clerk.hallId())
                    .put("counter_id", clerk.counterId())
                    .put("area_code", hall.areaCode().substring(0, 6));
            counter.items().forEach(item -> row.withArray("item_codes").add(item.code()));
            counter.items().forEach(item -> row.withArray("dept_codes").add(item.department().code()));
            double bound = 0;
            for (int level = 1; level <= 4; level++) {
                bound += clerk.mix().share(level);
                row.withArray("level_bounds").add(bound);
            }
            row.put("n", shares[i]).put("first", first)
                    .put("staff_phone_hash", staff.get(clerk.id()).phoneHash())
                    .put("staff_phone_masked", staff.get(clerk.id()).phoneMasked());
            first += shares[i];
            rows.add(row.toString());
        }
        store.insertJsonEachRow(SCRATCH_DB + ".clerks", rows);
    }

    /** N shared out by traffic, the remainders to the largest fractions: exactly N in all. */
    private long[] shares(List<Population.Clerk> clerks) {
        long[] shares = new long[clerks.size()];
        double[] fractions = new double[clerks.size()];
        long given = 0;
        for (int i = 0; i < clerks.size(); i++) {
            double exact = clerks.get(i).traffic() * ratings;
            shares[i] = (long) Math.floor(exact);
            fractions[i] = exact - shares[i];
            given += shares[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clerks.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(fractions[b], fractions[a]));
        for (int i = 0; given < ratings; i = (i + 1) % order.size()) {
            shares[order.get(i)]++;
            given++;
        }
        return shares;
    }

    /** The instant office hours open on {@code day}, in epoch milliseconds. */
    private long opens(LocalDate day) {
        return ZonedDateTime.of(day, officeHours.opens(), zone).toInstant().toEpochMilli();
    }

    /**
     * When office hours open on the working day {@code days} working days after each working day of the month: a
     * deadline of {@code days} working days for a 差评 at open + t is then open' + t (t strictly inside office
     * hours), which is what {@link OfficeHours#plusWorkingDays} gives; computed through it.
     */
    private String deadlineOpens(int days) {
        List<String> out = new ArrayList<>();
        for (LocalDate day : workingDays) {
            Instant second = Instant.ofEpochMilli(opens(day) + 1000);
            out.add(Long.toString(officeHours.plusWorkingDays(second, days, calendar).toEpochMilli() - 1000));
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** A uniform double in [0, 1) from the seed, the sequence number and a purpose number. */
    private String uniform(String sequence, int purpose) {
        return "(sipHash64(%d, %s, %d) / 18446744073709551616.0)".formatted(seed, sequence, purpose);
    }

    private String hash(String sequence, int purpose) {
        return "sipHash64(%d, %s, %d)".formatted(seed, sequence, purpose);
    }

    private static String stringArray(List<String> values) {
        return values.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    private String pointsArray() {
        List<String> points = new ArrayList<>();
        for (int level = 1; level <= 5; level++) {
            points.add(Integer.toString(config.scoring().pointsOf(level)));
        }
        return "[" + String.join(", ", points) + "]";
    }

    /** Tag codes per level 1..5 from the national catalogue. */
    private static String tagsByLevel() {
        List<String> levels = new ArrayList<>();
        for (int level = 1; level <= 5; level++) {
            levels.add(stringArray(TagCatalogue.national().tagsOf(level).stream().map(TagCatalogue.Tag::code).toList()));
        }
        return "[" + String.join(", ", levels) + "]";
    }

    private long officeMillis() {
        return officeHours.workingDay().toMillis();
    }

    String ratingsSql() {
        List<String> dayOpens = workingDays.stream().map(d -> Long.toString(opens(d))).toList();
        long citizens = Math.max(1_000L, ratings / 2L);
        return """
                INSERT INTO ratings (rating_id, project_no, assess_number, channel, level, tag_codes, comment, hall_id,
                                     counter_id, clerk_id, dept_code, item_code, area_code, rated_at, received_at,
                                     rater_phone_hash, rater_phone_masked, device_id, is_default)
                WITH %1$s AS day_opens, %2$s AS tags_by_level, %3$s AS bad_comments
                SELECT concat('bench-', toString(seq)) AS rating_id,
                       concat(area_code, formatDateTime(rated_at, '%%Y%%m%%d', %4$s), 'BQ', leftPad(toString(seq), 9, '0')),
                       1, channel, level,
                       multiIf(level <= 2 AND %7$s < 0.35,
                               arrayDistinct([tags_by_level[level][1 + %5$s %% length(tags_by_level[level])],
                                              tags_by_level[level][1 + %6$s %% length(tags_by_level[level])]]),
                               level <= 2 OR (is_default = 0 AND %7$s < 0.30),
                               [tags_by_level[level][1 + %5$s %% length(tags_by_level[level])]],
                               CAST([], 'Array(String)')),
                       if(level <= 2 AND %8$s < 0.40, bad_comments[1 + %9$s %% length(bad_comments)], ''),
                       hall_id, counter_id, clerk_id, dept_codes[item], item_codes[item], area_code, rated_at,
                       rated_at + toIntervalMillisecond(100 + %10$s %% 2900),
                       multiIf(NOT has_phone, '', self_rating, staff_phone_hash,
                               lower(hex(SHA256(concat('bench-citizen|', phone))))),
                       multiIf(NOT has_phone, '', self_rating, staff_phone_masked,
                               concat(substring(phone, 1, 3), '****', substring(phone, 8, 4))),
                       multiIf(channel = 'evaluator', concat(counter_id, '-evaluator'), channel = 'kiosk',
                               concat('kiosk:', counter_id), channel = 'default', '', channel),
                       is_default
                FROM
                (
                    SELECT clerk_id, hall_id, counter_id, area_code, item_codes, dept_codes, staff_phone_hash,
                           staff_phone_masked, first + k AS seq,
                           multiIf(%11$s < %12$s, 'evaluator', %11$s < %13$s, 'kiosk', %11$s < %14$s, 'qr',
                                   %11$s < %15$s, 'sms', 'default') AS channel,
                           toUInt8(channel = 'default') AS is_default,
                           if(is_default = 1, %16$d, multiIf(%17$s < level_bounds[1], 1, %17$s < level_bounds[2], 2,
                              %17$s < level_bounds[3], 3, %17$s < level_bounds[4], 4, 5)) AS level,
                           1 + %18$s %% length(item_codes) AS item,
                           -- the clerk's k-th of n ratings in the k-th of n equal slots of the month's office
                           -- time (after its first second), at a random point of its slot
                           toUInt64(floor((k + %19$s) / n * length(day_opens) * %20$d)) AS slot_ms,
                           fromUnixTimestamp64Milli(toInt64(day_opens[1 + intDiv(slot_ms, %20$d)]
                               + 1000 + slot_ms %% %20$d), 'UTC') AS rated_at,
                           channel = 'sms' OR (channel = 'qr' AND %21$s < 0.6)
                               OR (channel IN ('evaluator', 'kiosk') AND %21$s < 0.3) AS has_phone,
                           channel != 'sms' AND %22$s %% %23$d = 0 AS self_rating,
                           concat('13', leftPad(toString(%24$s %% %25$d), 9, '0')) AS phone
                    FROM %26$s.clerks
                    ARRAY JOIN range(n) AS k
                )
                """.formatted(
                "[" + String.join(", ", dayOpens) + "]", tagsByLevel(), stringArray(BAD_COMMENTS), Sql.literal(zone.getId()),
                hash("seq", 7), hash("seq", 8), uniform("seq", 9), uniform("seq", 10), hash("seq", 11),
                hash("seq", 12),
                uniform("seq", 1), CHANNEL_BOUNDS[0], CHANNEL_BOUNDS[1], CHANNEL_BOUNDS[2], CHANNEL_BOUNDS[3],
                config.rules().defaultLevel(), uniform("seq", 2),
                hash("seq", 3), uniform("seq", 4), officeMillis() - 1000,
                uniform("seq", 6), hash("seq", 13), SELF_RATING_ONE_IN, hash("seq", 14), citizens, SCRATCH_DB);
    }

    /** The job's one-minute windows: final totals per subject and minute, version = ratings as the sink writes it. */
    String minuteScoresSql(String table, String subjectColumn) {
        return """
                INSERT INTO %1$s (hall_id, %2$s, window_start, ratings, level_1, level_2, level_3, level_4, level_5,
                                  score_sum, bad_count, default_count, default_score_sum, version, updated_at)
                WITH %3$s AS points
                SELECT hall_id, %2$s, toDateTime(toStartOfMinute(rated_at), 'UTC') AS window_start, count(),
                       countIf(level = 1), countIf(level = 2), countIf(level = 3), countIf(level = 4), countIf(level = 5),
                       sum(points[level]), countIf(level <= 2), countIf(is_default = 1),
                       sumIf(points[level], is_default = 1), count(),
                       max(received_at) + toIntervalMillisecond(1000)
                FROM ratings FINAL
                GROUP BY hall_id, %2$s, window_start
                """.formatted(table, subjectColumn, pointsArray());
    }

    /** One snapshot per rated case: completed a few minutes before the rating (SMS: after the invitation's delay). */
    String casesSql() {
        Map<String, String> itemNames = itemNames();
        long smsDelayMs = config.rules().smsInvitationDelay().toMillis();
        return """
                INSERT INTO cases (project_no, item_code, item_name, dept_code, area_code, hall_id, counter_id,
                                   front_clerk_id, back_clerk_id, promise_type, accepted_at, completed_at,
                                   citizen_phone_hash, citizen_phone_masked, status, rating_window_ends, rated_at,
                                   rating_channel, rating_level, sms_invited_at, version, updated_at)
                SELECT project_no, item_code, transform(item_code, %1$s, %2$s, ''), dept_code, area_code, hall_id,
                       counter_id, clerk_id, '', if(%3$s < 0.7, 'immediate', 'promised'),
                       completed - toIntervalMillisecond(300000 + %4$s %% 3300000), completed, rater_phone_hash,
                       rater_phone_masked, if(is_default = 1, 'defaulted', 'rated'),
                       completed + toIntervalDay(%5$d), rated_at, channel, level,
                       if(channel = 'sms', completed + toIntervalMillisecond(%6$d), NULL), 3, received_at
                FROM
                (
                    SELECT *, rated_at - toIntervalMillisecond(multiIf(channel = 'default', %5$d * 86400000,
                                                 channel = 'sms', %6$d + 60000 + %4$s %% 7200000,
                                                 60000 + %4$s %% 600000)) AS completed
                    FROM ratings FINAL
                )
                """.formatted(stringArray(List.copyOf(itemNames.keySet())), stringArray(List.copyOf(itemNames.values())),
                uniform("rating_id", 30), hash("rating_id", 31), config.rules().ratingWindow(), smsDelayMs);
    }

    /** Item code → name, as the business systems report them in the cases. */
    private Map<String, String> itemNames() {
        Map<String, String> names = new LinkedHashMap<>();
        population.counters().forEach(c -> c.items().forEach(i -> names.put(i.code(), i.name())));
        return names;
    }

    /**
     * A work order for every active 差评 (id = the case's project number, as the job names it), its deadlines
     * {@code workOrders.followUpDays} / {@code rectifyDays} working days of office time after the 差评, and where
     * it stands a week after the month: each is followed up within about a day, rectified 1-21 days later and
     * closed when the 7-day 追评 window ends, unless it stops earlier (2% never followed up, 3% never rectified, 4%
     * never closed) or an appeal is upheld (3%, voided); a step later than the week after the month has not
     * happened yet. Overdue flags where a deadline passed unmet.
     */
    String workOrdersSql() {
        List<String> dayOpens = workingDays.stream().map(d -> Long.toString(opens(d))).toList();
        long asOf = month.end().plus(Duration.ofDays(7)).toEpochMilli();
        return """
                INSERT INTO work_orders (work_order_id, project_no, rating_id, rating_level, rating_channel, tag_codes,
                    comment, hall_id, counter_id, clerk_id, dept_code, item_code, item_name, area_code, rater_phone_hash,
                    rater_phone_masked, opened_at, status, follow_up_due, rectify_due, follow_up_overdue,
                    rectify_overdue, followed_up_at, follow_up_count, follow_up_reached, follow_up_verified,
                    citizen_feedback, rectified_at, rectify_cause, rectify_action, rerate_due, rerate_sms_invited,
                    rerate_rating_id, rerate_level, rerated_at, appeal_status, appeal_kind, appeal_reason,
                    appeal_filed_by, appeal_filed_at, appeal_reviewed_by, appeal_reviewed_at, appeal_note, closed_at,
                    close_reason, version, updated_at)
                WITH %1$s AS day_opens, %2$s AS follow_up_opens, %3$s AS rectify_opens,
                     fromUnixTimestamp64Milli(toInt64(%4$d), 'UTC') AS as_of
                SELECT project_no, project_no, rating_id, level, channel, tag_codes, comment, hall_id, counter_id,
                       clerk_id, dept_code, item_code, item_name, area_code, rater_phone_hash, rater_phone_masked,
                       rated_at, status, follow_up_due, rectify_due,
                       toUInt8(ifNull(if(followed_up_at IS NULL, follow_up_due < as_of, followed_up_at > follow_up_due), 0)),
                       toUInt8(ifNull(status != 'voided' AND if(rectified_at IS NULL, rectify_due < as_of,
                                                                 rectified_at > rectify_due), 0)),
                       followed_up_at, if(followed_up_at IS NULL, 0, 1), toUInt8(followed_up_at IS NOT NULL),
                       toUInt8(followed_up_at IS NOT NULL), if(followed_up_at IS NULL, '', '已联系办事人，说明情况'),
                       rectified_at, if(rectified_at IS NULL, '', '窗口人员业务不熟'),
                       if(rectified_at IS NULL, '', '组织业务培训并调整窗口排班'),
                       if(rectified_at IS NULL, NULL, rectified_at + toIntervalDay(%5$d)), toUInt8(rectified_at IS NOT NULL),
                       '', 0, NULL, if(status = 'voided', 'upheld', 'none'), if(status = 'voided', 'malicious', ''),
                       if(status = 'voided', '评价内容与办件事实不符', ''), if(status = 'voided', concat('supervisor-', hall_id), ''),
                       if(status = 'voided', rated_at + toIntervalHour(20), NULL),
                       if(status = 'voided', 'auditor-province', ''),
                       if(status = 'voided', rated_at + toIntervalHour(44), NULL), if(status = 'voided', '申诉成立', ''),
                       closed_at, multiIf(status = 'voided', 'appeal_upheld', status = 'closed', 'rerate_window_ended', ''),
                       multiIf(status = 'closed', 5, status = 'rectified', 4, status = 'followed_up', 3, status = 'voided', 3, 1),
                       greatest(rated_at, ifNull(followed_up_at, rated_at), ifNull(rectified_at, rated_at),
                                ifNull(closed_at, rated_at))
                FROM
                (
                    SELECT *, transform(item_code, %9$s, %10$s, '') AS item_name,
                           indexOf(day_opens, toUnixTimestamp64Milli(rated_at)
                                   - (toUnixTimestamp64Milli(rated_at) - day_opens[1]) %% 86400000) AS day,
                           toUnixTimestamp64Milli(rated_at) - day_opens[day] AS offset_ms,
                           fromUnixTimestamp64Milli(toInt64(follow_up_opens[day] + offset_ms), 'UTC') AS follow_up_due,
                           fromUnixTimestamp64Milli(toInt64(rectify_opens[day] + offset_ms), 'UTC') AS rectify_due,
                           %6$s AS u,
                           rated_at + toIntervalMillisecond(3600000 + %7$s %% 100800000) AS follow_up_time,
                           follow_up_time + toIntervalMillisecond(86400000 + %8$s %% 1728000000) AS rectify_time,
                           rectify_time + toIntervalDay(%5$d) AS close_time,
                           -- how far the work order would get, then how far it got by as_of
                           multiIf(u < 0.03, 'voided', u < 0.05, 'open', u < 0.08, 'followed_up', u < 0.12, 'rectified',
                                   'closed') AS destination,
                           multiIf(destination = 'voided', 'voided',
                                   destination = 'open' OR follow_up_time > as_of, 'open',
                                   destination = 'followed_up' OR rectify_time > as_of, 'followed_up',
                                   destination = 'rectified' OR close_time > as_of, 'rectified', 'closed') AS status,
                           if(status = 'open', NULL, follow_up_time) AS followed_up_at,
                           if(status IN ('rectified', 'closed'), rectify_time, NULL) AS rectified_at,
                           multiIf(status = 'closed', close_time, status = 'voided', rated_at + toIntervalHour(44), NULL)
                               AS closed_at
                    FROM ratings FINAL
                    WHERE level <= 2 AND is_default = 0 AND assess_number = 1
                )
                """.formatted("[" + String.join(", ", dayOpens) + "]",
                deadlineOpens(config.workOrders().followUpDays()), deadlineOpens(config.workOrders().rectifyDays()),
                asOf, config.workOrders().rerateWindow(), uniform("rating_id", 40), hash("rating_id", 41),
                hash("rating_id", 42), stringArray(List.copyOf(itemNames().keySet())),
                stringArray(List.copyOf(itemNames().values())));
    }

    /** What happened to each work order, one event per step it went through (ids from the cause, as the job makes them). */
    String workOrderEventsSql() {
        return """
                INSERT INTO work_order_events (work_order_id, event_id, event_type, actor_id, actor_role, occurred_at,
                                               status_after, detail)
                SELECT work_order_id, concat(e.1, ':', work_order_id), e.1, e.2, e.3, assumeNotNull(e.4), e.5, '{}'
                FROM work_orders FINAL
                ARRAY JOIN arrayFilter(x -> x.4 IS NOT NULL, [
                    ('opened', 'system', 'system', CAST(opened_at, 'Nullable(DateTime64(3, \\'UTC\\'))'), 'open'),
                    ('followed_up', concat('supervisor-', hall_id), 'supervisor', followed_up_at, 'followed_up'),
                    ('rectified', concat('supervisor-', hall_id), 'supervisor', rectified_at, 'rectified'),
                    ('appealed', concat('supervisor-', hall_id), 'supervisor', appeal_filed_at, 'open'),
                    ('appeal_upheld', 'auditor-province', 'auditor', appeal_reviewed_at, 'voided'),
                    ('closed', 'system', 'system', if(status = 'closed', closed_at, NULL), 'closed')]) AS e
                """;
    }

    /** A new-差评 alert per work order, and an overdue alert per missed deadline. */
    String alertsSql() {
        return """
                INSERT INTO alerts (alert_id, type, subject, hall_id, counter_id, clerk_id, work_order_id, title, due_at,
                                    raised_at, count)
                SELECT concat(a.1, ':', a.2, ':', work_order_id), a.1, a.2, hall_id, counter_id, clerk_id,
                       work_order_id, a.3, a.4, a.5, 1
                FROM work_orders FINAL
                ARRAY JOIN arrayFilter(x -> x.6, [
                    ('bad_rating', '', concat('新差评：', counter_id), CAST(NULL, 'Nullable(DateTime64(3, \\'UTC\\'))'),
                     opened_at + toIntervalSecond(1), 1),
                    ('overdue', 'follow_up', concat('回访已超时：', work_order_id), follow_up_due, follow_up_due,
                     follow_up_overdue = 1),
                    ('overdue', 'rectify', concat('整改已超时：', work_order_id), rectify_due, rectify_due,
                     rectify_overdue = 1)]) AS a
                """;
    }

    /** The upheld appeals' ratings, out of every score. */
    String scoreExclusionsSql() {
        return """
                INSERT INTO score_exclusions (rating_id, work_order_id, hall_id, counter_id, clerk_id, level, points,
                                              is_default, rated_at, window_start, reason, excluded_at)
                WITH %s AS points
                SELECT rating_id, work_order_id, hall_id, counter_id, clerk_id, rating_level, points[rating_level], 0,
                       opened_at, toDateTime(toStartOfMinute(opened_at), 'UTC'), 'appeal_upheld', assumeNotNull(closed_at)
                FROM work_orders FINAL
                WHERE status = 'voided'
                """.formatted(pointsArray());
    }

    /** Repeated presses on an evaluator (spam) and second ratings of a rated case (duplicate), kept out of ratings. */
    String flaggedRatingsSql() {
        return """
                INSERT INTO flagged_ratings (rating_id, project_no, assess_number, channel, level, hall_id, counter_id,
                                             clerk_id, device_id, rated_at, received_at, rater_phone_hash,
                                             rater_phone_masked, flag, detail, rating_json)
                SELECT concat(rating_id, '-', flag), project_no, 1, channel, level, hall_id, counter_id, clerk_id,
                       device_id, rated_at + toIntervalSecond(2), received_at + toIntervalSecond(2), rater_phone_hash,
                       rater_phone_masked, flag, if(flag = 'spam', concat('同一评价器 5 秒内重复提交：', rating_id),
                       concat('该办件已评价：', rating_id)),
                       concat('{"ratingId":"', rating_id, '-', flag, '","projectNo":"', project_no, '"}')
                FROM
                (
                    SELECT *, if(channel = 'evaluator', 'spam', 'duplicate') AS flag
                    FROM ratings FINAL
                    WHERE is_default = 0 AND %s %% %d = 0
                )
                """.formatted(hash("rating_id", 50), FLAGGED_ONE_IN);
    }

    /** Records the job could not use, spread over the month. */
    String deadLettersSql() {
        long count = Math.max(1, ratings / DEAD_LETTER_ONE_IN);
        long from = month.start().toEpochMilli();
        long span = month.end().toEpochMilli() - from;
        return """
                INSERT INTO dead_letters (dead_letter_id, source, payload, reason, occurred_at)
                SELECT concat(source, '-0@', toString(number)), source, concat('{"n":', toString(number), '}'),
                       ['rating failed validation: level must be 1..5', 'not JSON: unexpected end of input',
                        'SMS reply without an open invitation'][1 + number %% 3],
                       fromUnixTimestamp64Milli(toInt64(%1$d + %2$s %% %3$d), 'UTC')
                FROM
                (
                    SELECT number, ['hcp.ratings', 'hcp.transactions', 'sms-reply'][1 + number %% 3] AS source
                    FROM numbers(%4$d)
                )
                """.formatted(from, hash("number", 60), span, count);
    }

    /**
     * Exact checks of what {@link #generate} wrote; a failure names the first figure that is off. Returns the
     * counts per table.
     */
    Map<String, Long> verify() {
        Map<String, Long> counts = new LinkedHashMap<>();
        long stored = store.queryLong("SELECT count() FROM ratings FINAL");
        counts.put("ratings", stored);
        expect("ratings", ratings, stored);
        expect("ratings, rows without FINAL (every rating id once)", ratings, store.queryLong("SELECT count() FROM ratings"));
        List<String> dayOpens = workingDays.stream().map(d -> Long.toString(opens(d))).toList();
        expect("ratings outside office hours of the month's working days", 0, store.queryLong("""
                WITH %s AS day_opens
                SELECT countIf(NOT arrayExists(o -> toUnixTimestamp64Milli(rated_at) > o
                                              AND toUnixTimestamp64Milli(rated_at) < o + %d, day_opens))
                FROM ratings FINAL""".formatted("[" + String.join(", ", dayOpens) + "]", officeMillis())));
        for (String table : List.of("clerk_minute_scores", "counter_minute_scores")) {
            Map<String, Object> sums = store.query("""
                    SELECT sum(ratings) AS ratings, sum(level_1) AS l1, sum(level_2) AS l2, sum(level_3) AS l3,
                           sum(level_4) AS l4, sum(level_5) AS l5, sum(score_sum) AS score, sum(bad_count) AS bad,
                           sum(default_count) AS defaults, count() AS rows
                    FROM %s FINAL""".formatted(table)).get(0);
            Map<String, Object> truth = store.query("""
                    WITH %s AS points
                    SELECT count() AS ratings, countIf(level = 1) AS l1, countIf(level = 2) AS l2, countIf(level = 3) AS l3,
                           countIf(level = 4) AS l4, countIf(level = 5) AS l5, sum(points[level]) AS score,
                           countIf(level <= 2) AS bad, countIf(is_default = 1) AS defaults
                    FROM ratings FINAL""".formatted(pointsArray())).get(0);
            truth.forEach((column, value) -> expect(table + "." + column, ((Number) value).longValue(),
                    ((Number) sums.get(column)).longValue()));
            counts.put(table, ((Number) sums.get("rows")).longValue());
        }
        long cases = store.queryLong("SELECT count() FROM cases FINAL");
        expect("cases (one per rated case)", ratings, cases);
        counts.put("cases", cases);
        long activeBad = store.queryLong("SELECT countIf(level <= 2 AND is_default = 0) FROM ratings FINAL");
        long workOrders = store.queryLong("SELECT count() FROM work_orders FINAL");
        expect("work orders (one per active 差评)", activeBad, workOrders);
        counts.put("work_orders", workOrders);
        expect("work orders with an item name", workOrders,
                store.queryLong("SELECT countIf(item_name != '') FROM work_orders FINAL"));
        long voided = store.queryLong("SELECT countIf(status = 'voided') FROM work_orders FINAL");
        long exclusions = store.queryLong("SELECT count() FROM score_exclusions FINAL");
        expect("score exclusions (one per upheld appeal)", voided, exclusions);
        counts.put("score_exclusions", exclusions);
        expect("counted ratings", ratings - voided, store.queryLong("SELECT count() FROM counted_ratings"));
        counts.put("work_order_events", store.queryLong("SELECT count() FROM work_order_events FINAL"));
        expect("opened events", workOrders,
                store.queryLong("SELECT countIf(event_type = 'opened') FROM work_order_events FINAL"));
        counts.put("alerts", store.queryLong("SELECT count() FROM alerts FINAL"));
        expect("new-差评 alerts", workOrders, store.queryLong("SELECT countIf(type = 'bad_rating') FROM alerts FINAL"));
        counts.put("flagged_ratings", store.queryLong("SELECT count() FROM flagged_ratings FINAL"));
        long deadLetters = store.queryLong("SELECT count() FROM dead_letters FINAL");
        expect("dead letters", Math.max(1, ratings / DEAD_LETTER_ONE_IN), deadLetters);
        counts.put("dead_letters", deadLetters);
        long staff = store.queryLong("SELECT count() FROM staff FINAL");
        expect("staff", population.clerks().size(), staff);
        counts.put("staff", staff);
        verifyDeadlines();
        return counts;
    }

    /** A sample of work orders: their deadlines are exactly what {@link OfficeHours#plusWorkingDays} gives. */
    private void verifyDeadlines() {
        List<Map<String, Object>> rows = store.query("""
                SELECT toUnixTimestamp64Milli(opened_at) AS opened, toUnixTimestamp64Milli(follow_up_due) AS follow_up,
                       toUnixTimestamp64Milli(rectify_due) AS rectify
                FROM work_orders FINAL ORDER BY sipHash64(work_order_id) LIMIT 500""");
        if (rows.isEmpty()) {
            throw new BenchFailure("no work orders: the generated month has no active 差评");
        }
        for (Map<String, Object> row : rows) {
            Instant opened = Instant.ofEpochMilli(((Number) row.get("opened")).longValue());
            expect("follow-up deadline of the 差评 at " + opened,
                    officeHours.plusWorkingDays(opened, config.workOrders().followUpDays(), calendar).toEpochMilli(),
                    ((Number) row.get("follow_up")).longValue());
            expect("rectification deadline of the 差评 at " + opened,
                    officeHours.plusWorkingDays(opened, config.workOrders().rectifyDays(), calendar).toEpochMilli(),
                    ((Number) row.get("rectify")).longValue());
        }
    }

    private static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new BenchFailure("generated data: " + what + " is " + actual + ", expected " + expected);
        }
    }
}
