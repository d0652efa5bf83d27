package org.haochaping.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.haochaping.model.evaluation.EvaluationPolicy;
import org.haochaping.model.evaluation.MonthlyScoring;
import org.haochaping.model.evaluation.ScoreInput;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * Turns a month's facts into results: {@link MonthlyScoring} per hall, separately for clerks and counters
 * (the hall mean comes from that hall's subjects of that kind), the hall's best counters marked 红旗窗口, and
 * each explanation told about the subject's left-out ratings.
 */
final class MonthlyResults {

    /** Clerks first, each kind by hall, then rank, unranked last (by id). */
    static final Comparator<SubjectResult> ORDER = Comparator.comparing(SubjectResult::type)
            .thenComparing(SubjectResult::hallId)
            .thenComparing((SubjectResult r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank())
            .thenComparing(SubjectResult::subjectId);

    /** By rating time (the audit sheet's order). */
    static final Comparator<AuditEntry> AUDIT_ORDER = Comparator.comparing(AuditEntry::ratedAt)
            .thenComparing(AuditEntry::ratingId).thenComparing(AuditEntry::flag);

    private MonthlyResults() {}

    private record HallKind(SubjectType type, String hallId) {}

    static List<SubjectResult> score(EvaluationPolicy policy, MonthlyFacts facts, Map<String, String> clerkNames) {
        Map<HallKind, List<MonthlyFacts.Subject>> groups = facts.subjects().stream()
                .collect(Collectors.groupingBy(s -> new HallKind(s.type(), s.hallId())));
        Map<String, Map<FairnessFlag, Long>> clerkExclusions = exclusions(facts.audit(), SubjectType.CLERK);
        Map<String, Map<FairnessFlag, Long>> counterExclusions = exclusions(facts.audit(), SubjectType.COUNTER);

        List<SubjectResult> results = new ArrayList<>();
        groups.forEach((group, subjects) -> {
            Map<String, MonthlyFacts.Subject> byId = new HashMap<>();
            List<ScoreInput> inputs = new ArrayList<>();
            for (MonthlyFacts.Subject s : subjects) {
                byId.put(s.id(), s);
                inputs.add(input(policy, s));
            }
            for (ScoreResult r : MonthlyScoring.score(policy, inputs)) {
                MonthlyFacts.Subject s = byId.get(r.subjectId());
                Map<FairnessFlag, Long> excluded = (group.type() == SubjectType.CLERK ? clerkExclusions
                        : counterExclusions).getOrDefault(s.id(), Map.of());
                results.add(result(policy, s, r, excluded,
                        group.type() == SubjectType.CLERK ? clerkNames.getOrDefault(s.id(), "") : ""));
            }
        });
        results.sort(ORDER);
        return List.copyOf(results);
    }

    private static ScoreInput input(EvaluationPolicy policy, MonthlyFacts.Subject s) {
        long active = 0;
        long defaults = 0;
        double activePoints = 0;
        double defaultPoints = 0;
        for (int level = 1; level <= 5; level++) {
            long a = s.activeLevels().get(level - 1);
            long d = s.defaultLevels().get(level - 1);
            active += a;
            defaults += d;
            activePoints += a * policy.pointsOf(level);
            defaultPoints += d * policy.pointsOf(level);
        }
        // a 差评 still counted is one no appeal overturned (a pending appeal has not overturned it yet)
        long bad = s.activeLevels().get(0) + s.activeLevels().get(1);
        return new ScoreInput(s.id(), active, activePoints, defaults, defaultPoints, bad, s.overdueRectifications(),
                s.missedFollowUps());
    }

    private static SubjectResult result(EvaluationPolicy policy, MonthlyFacts.Subject s, ScoreResult r,
                                        Map<FairnessFlag, Long> excluded, String name) {
        List<Long> levels = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            levels.add(s.activeLevels().get(i) + s.defaultLevels().get(i));
        }
        long excludedCount = excluded.values().stream().mapToLong(Long::longValue).sum();
        boolean redFlag = s.type() == SubjectType.COUNTER && r.rank() != null && r.rank() <= policy.redFlagCounters();
        return new SubjectResult(s.type(), s.id(), name, s.hallId(), s.counterId(), s.channels(), levels,
                r.activeRatings(), r.defaultRatings(), r.countedRatings(), excludedCount, r.rawScore(),
                r.adjustedScore(), r.deductions(), r.finalScore(), r.ranked(), r.rank(), r.grade(), r.payCoefficient(),
                redFlag, r.explanation() + exclusionNote(excluded, excludedCount));
    }

    /** "另有 3 条评价按公平规则未计入（申诉成立 1 条，本人自评 2 条），详见审计表。" (flags in FairnessFlag order) */
    private static String exclusionNote(Map<FairnessFlag, Long> excluded, long count) {
        if (count == 0) {
            return "";
        }
        String byFlag = excluded.entrySet().stream().map(e -> e.getKey().chinese() + " " + e.getValue() + " 条")
                .collect(Collectors.joining("，"));
        return "另有 " + count + " 条评价按公平规则未计入（" + byFlag + "），详见审计表。";
    }

    /** Subject id → left-out ratings per flag, in flag order. */
    private static Map<String, Map<FairnessFlag, Long>> exclusions(List<AuditEntry> audit, SubjectType type) {
        Map<String, Map<FairnessFlag, Long>> out = new HashMap<>();
        for (AuditEntry e : audit) {
            String id = type == SubjectType.CLERK ? e.clerkId() : e.counterId();
            out.computeIfAbsent(id, k -> new EnumMap<>(FairnessFlag.class)).merge(e.flag(), 1L, Long::sum);
        }
        return out;
    }
}
