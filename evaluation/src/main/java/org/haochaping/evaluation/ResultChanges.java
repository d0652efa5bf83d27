package org.haochaping.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What differs between two revisions' results, and the Chinese summary a new run records. */
final class ResultChanges {

    private ResultChanges() {}

    private record Key(SubjectType type, String id) {}

    /** Subjects whose final score, grade, rank or coefficient differs, or who are in only one revision. */
    static List<Comparison.Change> between(List<SubjectResult> before, List<SubjectResult> after) {
        Map<Key, SubjectResult> old = index(before);
        Map<Key, SubjectResult> now = index(after);
        List<Comparison.Change> changes = new ArrayList<>();
        for (Map.Entry<Key, SubjectResult> e : now.entrySet()) {
            SubjectResult b = old.get(e.getKey());
            SubjectResult a = e.getValue();
            if (b == null || b.finalScore() != a.finalScore() || !b.grade().equals(a.grade())
                    || !Objects.equals(b.rank(), a.rank()) || b.payCoefficient() != a.payCoefficient()) {
                changes.add(change(b, a));
            }
        }
        for (Map.Entry<Key, SubjectResult> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                changes.add(change(e.getValue(), null));
            }
        }
        changes.sort(Comparator.comparing(Comparison.Change::type).thenComparing(Comparison.Change::hallId)
                .thenComparing(Comparison.Change::subjectId));
        return changes;
    }

    /**
     * "与第 2 版（已核定）相比：3 名人员、1 个窗口的结果不同", "与第 1 版相比：结果相同"; when the hashes differ but no
     * score, grade, rank or coefficient does, says that only counts or audit entries changed.
     */
    static String summary(EvaluationRun baseline, boolean approved, boolean differs, List<Comparison.Change> changes) {
        String prefix = againstPrefix(baseline, approved);
        if (!differs) {
            return prefix + "结果相同";
        }
        long clerks = changes.stream().filter(c -> c.type() == SubjectType.CLERK).count();
        long counters = changes.size() - clerks;
        if (clerks == 0 && counters == 0) {
            return prefix + "各人员和窗口的分数、等级、排名、系数相同，评价计数、说明或审计明细不同";
        }
        List<String> parts = new ArrayList<>();
        if (clerks > 0) {
            parts.add(clerks + " 名人员");
        }
        if (counters > 0) {
            parts.add(counters + " 个窗口");
        }
        return prefix + String.join("、", parts) + "的结果不同";
    }

    /** The summary when the baseline's stored results no longer match its hash. */
    static String unverifiable(EvaluationRun baseline, boolean approved) {
        return againstPrefix(baseline, approved) + "第 " + baseline.revision() + " 版的存储结果与生成时的校验值不符，无法逐项比较";
    }

    private static String againstPrefix(EvaluationRun baseline, boolean approved) {
        return "与第 " + baseline.revision() + " 版" + (approved ? "（已核定）" : "") + "相比：";
    }

    private static Comparison.Change change(SubjectResult b, SubjectResult a) {
        SubjectResult any = a != null ? a : b;
        return new Comparison.Change(any.type(), any.subjectId(), any.subjectName(), any.hallId(),
                b == null ? null : b.finalScore(), a == null ? null : a.finalScore(),
                b == null ? null : b.grade(), a == null ? null : a.grade(),
                b == null ? null : b.rank(), a == null ? null : a.rank(),
                b == null ? null : b.payCoefficient(), a == null ? null : a.payCoefficient());
    }

    private static Map<Key, SubjectResult> index(List<SubjectResult> results) {
        Map<Key, SubjectResult> map = new LinkedHashMap<>();
        for (SubjectResult r : results) {
            map.put(new Key(r.type(), r.subjectId()), r);
        }
        return map;
    }
}
