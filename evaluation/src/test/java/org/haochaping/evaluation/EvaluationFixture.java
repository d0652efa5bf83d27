package org.haochaping.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.evaluation.EvaluationPolicy;

/**
 * A small October 2026 (Asia/Shanghai) written straight into the stream job's tables: two halls, six clerks,
 * four counters, every rating at a fixed instant. {@link EvaluationServiceITCase} works its expected numbers
 * out by hand from the list in {@link #october}.
 */
final class EvaluationFixture {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final EvaluationMonth SEPTEMBER = new EvaluationMonth(YearMonth.of(2026, 9), ZONE);
    static final EvaluationMonth OCTOBER = new EvaluationMonth(YearMonth.of(2026, 10), ZONE);
    static final EvaluationMonth NOVEMBER = new EvaluationMonth(YearMonth.of(2026, 11), ZONE);

    /**
     * Small numbers so the fixture stays small: a prior of 10 ratings, 3 active ratings to be ranked, at most 2
     * ratings per rater per hour and 3 per device per 10 minutes.
     */
    static final String POLICY_YAML = """
            version: "test-2026-10"
            points: {5: 10, 4: 8, 3: 6, 2: 3, 1: 0}
            countDefaults: false
            priorStrength: 10
            minActiveRatings: 3
            deductions: {perBadRating: 1, perOverdueRectification: 2, perMissedFollowUp: 1}
            gradeBy: score
            grades:
              - {name: 优秀, minScore: 88, payCoefficient: 1.2}
              - {name: 良好, minScore: 85, payCoefficient: 1.1}
              - {name: 合格, minScore: 70, payCoefficient: 1.0}
              - {name: 不合格, minScore: 0, payCoefficient: 0.8}
            fairness: {selfRatings: true, raterBurstMax: 2, raterBurstMinutes: 60, deviceBurstMax: 3, deviceBurstMinutes: 10}
            redFlagCounters: 1
            unrankedPayCoefficient: 1.0
            """;

    static final EvaluationPolicy POLICY = EvaluationPolicy.parse(POLICY_YAML);

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Stored(String hall, String counter, String clerk, int level, boolean isDefault, Instant at) {}

    private final ClickHouseStore store;
    private final Map<String, Stored> ratings = new HashMap<>();

    EvaluationFixture(ClickHouseStore store) {
        this.store = store;
    }

    /** Local time in Asia/Shanghai, e.g. {@code 2026-10-06T09:00}. */
    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    static String masked(String phoneHash) {
        return phoneHash.isEmpty() ? "" : "138****" + phoneHash;
    }

    /**
     * The October fixture (local times; levels score 10/8/6/3/0 points):
     *
     * <pre>
     * Hall H1
     *   K1 张三 at C1: k1-1 qr 5 (2026-09-30T16:30Z = 1 Oct 00:30 local), k1-2 evaluator 5, k1-3 sms 5;
     *      k1-sep qr 1 at 2026-09-30T15:59:59.999Z (September, with an upheld appeal WO-0),
     *      k1-nov qr 1 at 2026-10-31T16:00Z (= 1 Nov 00:00 local, November)
     *   K2 李四: k2-1..4 evaluator 5, k2-5..6 qr 5, k2-7 sms 4 at C1; k2-8 sms 4 at C2 by K3's phone (not a
     *      self-rating: K2 is rated); defaults k2-d1, k2-d2 (level 5) at C1;
     *      flagged_ratings: fr-dup (duplicate) at C1
     *   K3 王五 (phone ph-K3) at C2: k3-a qr 5, k3-b sms 5, k3-c evaluator 4, k3-d qr 2, k3-e sms 1 (its work
     *      order WO-1; the appeal test upholds it), k3-f qr 3, k3-g qr 3, k3-self qr 5 by ph-K3, default k3-def 5
     *      work orders: WO-1 (no deadline missed), WO-2 rectification overdue (due 20 Oct), WO-3 follow-up
     *      missed (due 15 Oct), WO-4 voided (rectification overdue, ignored), WO-5 rectification overdue due
     *      3 Nov (November)
     *   K6 赵六: no ratings; WO-6 at C2 follow-up missed (due 25 Oct)
     * Hall H2
     *   K4 孙七 at C3: k4-b0..b3 sms 5 by ph-PB at 10:00, 10:20, 10:40, 11:20 on 10 Oct (b2 is the 3rd within
     *      an hour; b3 is exactly 60 minutes after b1, not within); k4-n1 evaluator 3, k4-n2 qr 4;
     *      flagged_ratings: fr-spam (spam) in October, fr-spam-nov in November
     *   K5 周八 at C4: k5-d0..d4 evaluator 4 on device D-1 (no phone) at 14:00, 14:02, 14:04, 14:06, 14:12 on
     *      12 Oct (d3 is the 4th within 10 minutes; d4 is exactly 10 minutes after d1); k5-e0..e3 evaluator 5
     *      on device D-2 by ph-PC at 09:00, 09:01, 09:02, 09:03 on 13 Oct (e2 and e3 are rater bursts; e3 is
     *      also a device burst, and rater_burst comes first)
     * </pre>
     */
    static EvaluationFixture october(ClickHouseStore store, Clock clock) {
        EvaluationFixture f = new EvaluationFixture(store);
        new StaffDirectory(store, clock).register(List.of(
                new StaffMember("K1", "张三", "H1", "C1", "ph-K1", masked("ph-K1")),
                new StaffMember("K2", "李四", "H1", "C1", "ph-K2", masked("ph-K2")),
                new StaffMember("K3", "王五", "H1", "C2", "ph-K3", masked("ph-K3")),
                new StaffMember("K4", "孙七", "H2", "C3", "ph-K4", masked("ph-K4")),
                new StaffMember("K5", "周八", "H2", "C4", "ph-K5", masked("ph-K5")),
                new StaffMember("K6", "赵六", "H1", "C2", "ph-K6", masked("ph-K6"))));

        f.rating("k1-1", "H1", "C1", "K1", "qr", 5, Instant.parse("2026-09-30T16:30:00Z"), "ph-r01", "");
        f.rating("k1-2", "H1", "C1", "K1", "evaluator", 5, local("2026-10-05T09:00"), "ph-r02", "");
        f.rating("k1-3", "H1", "C1", "K1", "sms", 5, local("2026-10-08T10:00"), "ph-r03", "");
        f.rating("k1-sep", "H1", "C1", "K1", "qr", 1, Instant.parse("2026-09-30T15:59:59.999Z"), "ph-r04", "");
        f.rating("k1-nov", "H1", "C1", "K1", "qr", 1, Instant.parse("2026-10-31T16:00:00Z"), "ph-r05", "");
        f.exclusion("k1-sep", "WO-0");

        f.rating("k2-1", "H1", "C1", "K2", "evaluator", 5, local("2026-10-06T09:00"), "ph-r11", "");
        f.rating("k2-2", "H1", "C1", "K2", "evaluator", 5, local("2026-10-06T10:00"), "ph-r12", "");
        f.rating("k2-3", "H1", "C1", "K2", "evaluator", 5, local("2026-10-06T11:00"), "ph-r13", "");
        f.rating("k2-4", "H1", "C1", "K2", "evaluator", 5, local("2026-10-06T14:00"), "ph-r14", "");
        f.rating("k2-5", "H1", "C1", "K2", "qr", 5, local("2026-10-07T09:00"), "ph-r15", "");
        f.rating("k2-6", "H1", "C1", "K2", "qr", 5, local("2026-10-07T10:00"), "ph-r16", "");
        f.rating("k2-7", "H1", "C1", "K2", "sms", 4, local("2026-10-09T09:00"), "ph-r17", "");
        f.rating("k2-8", "H1", "C2", "K2", "sms", 4, local("2026-10-09T15:00"), "ph-K3", "");
        f.defaultRating("k2-d1", "H1", "C1", "K2", local("2026-10-20T18:00"));
        f.defaultRating("k2-d2", "H1", "C1", "K2", local("2026-10-20T19:00"));
        f.flagged("fr-dup", "duplicate", "办件 P-k2-1 已评价", "H1", "C1", "K2", "qr", 5, local("2026-10-06T09:05"));

        f.rating("k3-a", "H1", "C2", "K3", "qr", 5, local("2026-10-11T09:00"), "ph-r21", "");
        f.rating("k3-b", "H1", "C2", "K3", "sms", 5, local("2026-10-11T10:00"), "ph-r22", "");
        f.rating("k3-c", "H1", "C2", "K3", "evaluator", 4, local("2026-10-12T09:00"), "ph-r23", "");
        f.rating("k3-d", "H1", "C2", "K3", "qr", 2, local("2026-10-13T09:00"), "ph-r24", "");
        f.rating("k3-e", "H1", "C2", "K3", "sms", 1, local("2026-10-14T09:00"), "ph-r25", "");
        f.rating("k3-f", "H1", "C2", "K3", "qr", 3, local("2026-10-15T09:00"), "ph-r26", "");
        f.rating("k3-g", "H1", "C2", "K3", "qr", 3, local("2026-10-16T09:00"), "ph-r27", "");
        f.rating("k3-self", "H1", "C2", "K3", "qr", 5, local("2026-10-17T09:00"), "ph-K3", "");
        f.defaultRating("k3-def", "H1", "C2", "K3", local("2026-10-21T18:00"));
        f.workOrder("WO-1", "H1", "C2", "K3", "rectified", false, local("2026-10-24T10:00"), false,
                local("2026-10-15T10:00"));
        f.workOrder("WO-2", "H1", "C2", "K3", "closed", true, local("2026-10-20T10:00"), false,
                local("2026-10-14T10:00"));
        f.workOrder("WO-3", "H1", "C2", "K3", "closed", false, local("2026-10-22T10:00"), true,
                local("2026-10-15T10:00"));
        f.workOrder("WO-4", "H1", "C2", "K3", "voided", true, local("2026-10-22T10:00"), false,
                local("2026-10-16T10:00"));
        f.workOrder("WO-5", "H1", "C2", "K3", "open", true, local("2026-11-03T10:00"), false,
                local("2026-10-27T10:00"));
        f.workOrder("WO-6", "H1", "C2", "K6", "open", false, local("2026-11-05T10:00"), true,
                local("2026-10-25T10:00"));

        f.rating("k4-b0", "H2", "C3", "K4", "sms", 5, local("2026-10-10T10:00"), "ph-PB", "");
        f.rating("k4-b1", "H2", "C3", "K4", "sms", 5, local("2026-10-10T10:20"), "ph-PB", "");
        f.rating("k4-b2", "H2", "C3", "K4", "sms", 5, local("2026-10-10T10:40"), "ph-PB", "");
        f.rating("k4-b3", "H2", "C3", "K4", "sms", 5, local("2026-10-10T11:20"), "ph-PB", "");
        f.rating("k4-n1", "H2", "C3", "K4", "evaluator", 3, local("2026-10-18T09:00"), "ph-r41", "");
        f.rating("k4-n2", "H2", "C3", "K4", "qr", 4, local("2026-10-19T09:00"), "ph-r42", "");
        f.flagged("fr-spam", "spam", "1 秒内连按 2 次", "H2", "C3", "K4", "evaluator", 1,
                local("2026-10-18T09:00:01"));
        f.flagged("fr-spam-nov", "spam", "1 秒内连按 2 次", "H2", "C3", "K4", "evaluator", 1,
                local("2026-11-02T09:00"));

        String[] deviceTimes = {"14:00", "14:02", "14:04", "14:06", "14:12"};
        for (int i = 0; i < deviceTimes.length; i++) {
            f.rating("k5-d" + i, "H2", "C4", "K5", "evaluator", 4, local("2026-10-12T" + deviceTimes[i]), "", "D-1");
        }
        for (int i = 0; i < 4; i++) {
            f.rating("k5-e" + i, "H2", "C4", "K5", "evaluator", 5, local("2026-10-13T09:0" + i), "ph-PC", "D-2");
        }
        return f;
    }

    void rating(String id, String hall, String counter, String clerk, String channel, int level, Instant at,
                String raterPhoneHash, String deviceId) {
        insertRating(id, hall, counter, clerk, channel, level, at, raterPhoneHash, deviceId, false);
    }

    /** A 默认好评 the system gave when the rating window passed: no phone, no device. */
    void defaultRating(String id, String hall, String counter, String clerk, Instant at) {
        insertRating(id, hall, counter, clerk, "default", 5, at, "", "", true);
    }

    private void insertRating(String id, String hall, String counter, String clerk, String channel, int level,
                              Instant at, String raterPhoneHash, String deviceId, boolean isDefault) {
        ratings.put(id, new Stored(hall, counter, clerk, level, isDefault, at));
        ObjectNode row = common(id, hall, counter, clerk, channel, level, at, raterPhoneHash, deviceId);
        row.put("is_default", isDefault ? 1 : 0);
        store.insertJsonEachRow("ratings", List.of(row.toString()));
    }

    /** A rating the stream job kept out of ratings (spam, duplicate, followup_not_allowed). */
    void flagged(String id, String flag, String detail, String hall, String counter, String clerk, String channel,
                 int level, Instant at) {
        ObjectNode row = common(id, hall, counter, clerk, channel, level, at, "ph-f-" + id, "D-9");
        row.put("flag", flag).put("detail", detail).put("rating_json", "{}");
        store.insertJsonEachRow("flagged_ratings", List.of(row.toString()));
    }

    /** The stream job's record of an upheld appeal on a stored rating. */
    void exclusion(String ratingId, String workOrderId) {
        Stored r = ratings.get(ratingId);
        store.insertJsonEachRow("score_exclusions", List.of(JSON.createObjectNode()
                .put("rating_id", ratingId)
                .put("work_order_id", workOrderId)
                .put("hall_id", r.hall())
                .put("counter_id", r.counter())
                .put("clerk_id", r.clerk())
                .put("level", r.level())
                .put("points", (long) POLICY.pointsOf(r.level()))
                .put("is_default", r.isDefault() ? 1 : 0)
                .put("rated_at", SqlInstants.COLUMN_TEXT.format(r.at()))
                .put("window_start", r.at().truncatedTo(ChronoUnit.MINUTES).getEpochSecond())
                .put("reason", "appeal_upheld")
                .put("excluded_at", SqlInstants.COLUMN_TEXT.format(r.at().plus(3, ChronoUnit.DAYS)))
                .toString()));
    }

    void workOrder(String id, String hall, String counter, String clerk, String status, boolean rectifyOverdue,
                   Instant rectifyDue, boolean followUpOverdue, Instant followUpDue) {
        store.insertJsonEachRow("work_orders", List.of(JSON.createObjectNode()
                .put("work_order_id", id)
                .put("hall_id", hall)
                .put("counter_id", counter)
                .put("clerk_id", clerk)
                .put("status", status)
                .put("opened_at", SqlInstants.COLUMN_TEXT.format(followUpDue.minus(2, ChronoUnit.DAYS)))
                .put("rectify_overdue", rectifyOverdue ? 1 : 0)
                .put("rectify_due", SqlInstants.COLUMN_TEXT.format(rectifyDue))
                .put("follow_up_overdue", followUpOverdue ? 1 : 0)
                .put("follow_up_due", SqlInstants.COLUMN_TEXT.format(followUpDue))
                .put("version", 1)
                .toString()));
    }

    private static ObjectNode common(String id, String hall, String counter, String clerk, String channel, int level,
                                     Instant at, String raterPhoneHash, String deviceId) {
        return JSON.createObjectNode()
                .put("rating_id", id)
                .put("project_no", "P-" + id)
                .put("assess_number", 1)
                .put("channel", channel)
                .put("level", level)
                .put("hall_id", hall)
                .put("counter_id", counter)
                .put("clerk_id", clerk)
                .put("device_id", deviceId)
                .put("rated_at", SqlInstants.COLUMN_TEXT.format(at))
                .put("received_at", SqlInstants.COLUMN_TEXT.format(at.plusSeconds(1)))
                .put("rater_phone_hash", raterPhoneHash)
                .put("rater_phone_masked", masked(raterPhoneHash));
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the evaluation reads instants only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
