package org.haochaping.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.evaluation.EvaluationPolicy;

/**
 * What a month holds for each clerk and counter before scoring, read from ClickHouse in three queries:
 * the month's ratings (counted ones aggregated per clerk, counter, hall, channel and level, with the audit rows of
 * the left-out ones nested in those rows, so counts and audit come from one read and one window pass), the stream
 * job's flagged ratings, and the work orders with a deadline missed in the month. Only aggregated rows and audit
 * rows come back to Java.
 *
 * @param subjects every clerk and counter with a rating of the month (counted or left out) or a deduction
 * @param audit every left-out rating of the month
 * @param countedRatings the month's ratings that count (active and default)
 */
record MonthlyFacts(List<Subject> subjects, List<AuditEntry> audit, long countedRatings) {

    /**
     * One clerk's or counter's month.
     *
     * @param hallId the hall of most of the subject's ratings of the month (ties: the smallest id); without
     *     any, of its flagged ratings; without those, of its work orders
     * @param counterId for a clerk, the counter chosen the same way; for a counter, itself
     * @param channels counted ratings per channel wire name (defaults included)
     * @param activeLevels counted non-default ratings per level, index 0 = level 1
     * @param defaultLevels counted default ratings per level
     */
    record Subject(SubjectType type, String id, String hallId, String counterId, Map<String, Long> channels,
                   List<Long> activeLevels, List<Long> defaultLevels, long overdueRectifications,
                   long missedFollowUps) {}

    private record Key(SubjectType type, String id) {}

    /** Where a subject's hall and counter are read from, the most telling first. */
    private enum Source { RATINGS, FLAGGED, WORK_ORDERS }

    /** Ratings (or work orders) per hall or counter id, by source. */
    private static final class Votes {
        private final Map<Source, Map<String, Long>> bySource = new EnumMap<>(Source.class);

        void add(Source source, Map<String, Long> counts) {
            counts.forEach((id, n) -> add(source, id, n));
        }

        void add(Source source, String id, long n) {
            bySource.computeIfAbsent(source, s -> new TreeMap<>()).merge(id, n, Long::sum);
        }

        /** The most voted id of the first source with votes; ties go to the smallest id (the maps are sorted). */
        String winner() {
            for (Map<String, Long> votes : bySource.values()) {
                String best = null;
                long most = 0;
                for (Map.Entry<String, Long> e : votes.entrySet()) {
                    if (e.getValue() > most) {
                        best = e.getKey();
                        most = e.getValue();
                    }
                }
                if (best != null) {
                    return best;
                }
            }
            return "";
        }
    }

    private static final class Draft {
        final Map<String, Long> channels = new TreeMap<>();
        final long[] activeLevels = new long[5];
        final long[] defaultLevels = new long[5];
        long overdueRectifications;
        long missedFollowUps;
        final Votes halls = new Votes();
        final Votes counters = new Votes();
    }

    static MonthlyFacts read(ClickHouseStore store, EvaluationMonth month, EvaluationPolicy policy) {
        Map<Key, Draft> drafts = new LinkedHashMap<>();
        List<AuditEntry> audit = new ArrayList<>();
        long counted = readRatings(store, month, policy, drafts, audit);

        for (AuditEntry e : FairnessAudit.streamFlagged(store, month, policy)) {
            audit.add(e);
            for (Draft d : List.of(draft(drafts, SubjectType.CLERK, e.clerkId()),
                    draft(drafts, SubjectType.COUNTER, e.counterId()))) {
                d.halls.add(Source.FLAGGED, e.hallId(), 1);
                d.counters.add(Source.FLAGGED, e.counterId(), 1);
            }
        }
        readWorkOrders(store, month, drafts);

        List<Subject> subjects = new ArrayList<>();
        drafts.forEach((key, d) -> {
            if (key.id().isEmpty()) {
                return; // ratings always name their clerk and counter; an empty id is nobody to evaluate
            }
            subjects.add(new Subject(key.type(), key.id(), d.halls.winner(),
                    key.type() == SubjectType.COUNTER ? key.id() : d.counters.winner(), new TreeMap<>(d.channels),
                    boxed(d.activeLevels), boxed(d.defaultLevels), d.overdueRectifications, d.missedFollowUps));
        });
        subjects.sort(Comparator.comparing(Subject::type).thenComparing(Subject::id));
        return new MonthlyFacts(subjects, audit, counted);
    }

    /**
     * One pass over the month's ratings, grouped by everything a subject's counts depend on (clerk, counter, hall,
     * channel, level, default, counted or left out): a few rows per clerk, which Java adds up per clerk and per
     * counter. Cheaper than grouping per subject in ClickHouse, which needs every rating twice (once per subject)
     * and a map per rating.
     *
     * @return the month's counted ratings
     */
    private static long readRatings(ClickHouseStore store, EvaluationMonth month, EvaluationPolicy policy,
                                    Map<Key, Draft> drafts, List<AuditEntry> audit) {
        List<Map<String, Object>> rows = store.query("""
                SELECT clerk_id, counter_id, hall_id, toString(channel) AS channel, level, is_default,
                       flag = '' AS counted, count() AS ratings,
                       groupArrayIf(%s, flag != '') AS audit
                FROM (%s)
                GROUP BY clerk_id, counter_id, hall_id, channel, level, is_default, counted
                """.formatted(FairnessAudit.ENTRY_TUPLE, FairnessAudit.monthRatingsWithFlags(month, policy)));
        long counted = 0;
        for (Map<String, Object> row : rows) {
            long n = ((Number) row.get("ratings")).longValue();
            String hall = (String) row.get("hall_id");
            String counter = (String) row.get("counter_id");
            boolean counts = ((Number) row.get("counted")).intValue() != 0;
            int level = ((Number) row.get("level")).intValue();
            boolean isDefault = ((Number) row.get("is_default")).intValue() != 0;
            for (Draft d : List.of(draft(drafts, SubjectType.CLERK, (String) row.get("clerk_id")),
                    draft(drafts, SubjectType.COUNTER, counter))) {
                d.halls.add(Source.RATINGS, hall, n);
                d.counters.add(Source.RATINGS, counter, n);
                if (counts) {
                    d.channels.merge((String) row.get("channel"), n, Long::sum);
                    if (level >= 1 && level <= 5) {
                        (isDefault ? d.defaultLevels : d.activeLevels)[level - 1] += n;
                    }
                }
            }
            if (counts) {
                counted += n;
            }
            for (Object tuple : (List<?>) row.get("audit")) {
                audit.add(FairnessAudit.entry((List<?>) tuple, policy));
            }
        }
        return counted;
    }

    private static void readWorkOrders(ClickHouseStore store, EvaluationMonth month, Map<Key, Draft> drafts) {
        String rectify = "rectify_overdue = 1 AND " + SqlInstants.within("rectify_due", month);
        String followUp = "follow_up_overdue = 1 AND " + SqlInstants.within("follow_up_due", month);
        List<Map<String, Object>> rows = store.query("""
                SELECT subject.1 AS subject_type, subject.2 AS subject_id,
                       countIf(%1$s) AS overdue_rectifications,
                       countIf(%2$s) AS missed_follow_ups,
                       sumMap(map(hall_id, toUInt64(1))) AS halls,
                       sumMap(map(counter_id, toUInt64(1))) AS counters
                FROM work_orders FINAL
                ARRAY JOIN [('clerk', clerk_id), ('counter', counter_id)] AS subject
                WHERE status != 'voided' AND ((%1$s) OR (%2$s))
                GROUP BY subject_type, subject_id
                """.formatted(rectify, followUp));
        for (Map<String, Object> row : rows) {
            Draft d = draft(drafts, SubjectType.fromWireName((String) row.get("subject_type")),
                    (String) row.get("subject_id"));
            d.overdueRectifications = ((Number) row.get("overdue_rectifications")).longValue();
            d.missedFollowUps = ((Number) row.get("missed_follow_ups")).longValue();
            d.halls.add(Source.WORK_ORDERS, longs(row.get("halls")));
            d.counters.add(Source.WORK_ORDERS, longs(row.get("counters")));
        }
    }

    private static Draft draft(Map<Key, Draft> drafts, SubjectType type, String id) {
        return drafts.computeIfAbsent(new Key(type, id), k -> new Draft());
    }

    private static List<Long> boxed(long[] counts) {
        return Arrays.stream(counts).boxed().toList();
    }

    private static Map<String, Long> longs(Object map) {
        Map<String, Long> out = new TreeMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> out.put(String.valueOf(k), ((Number) v).longValue()));
        return out;
    }
}
