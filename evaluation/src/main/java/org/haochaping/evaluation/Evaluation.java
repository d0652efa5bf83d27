package org.haochaping.evaluation;

import java.util.List;

/**
 * A whole revision as stored: the run, the policy text it was computed under, every clerk's and counter's
 * result (clerks first, each kind by hall, then rank, unranked last) and the audit entries (by rating time).
 */
public record Evaluation(EvaluationRun run, String policyYaml, List<SubjectResult> results, List<AuditEntry> audit) {

    public Evaluation {
        results = List.copyOf(results);
        audit = List.copyOf(audit);
    }

    public List<SubjectResult> clerks() {
        return results.stream().filter(r -> r.type() == SubjectType.CLERK).toList();
    }

    public List<SubjectResult> counters() {
        return results.stream().filter(r -> r.type() == SubjectType.COUNTER).toList();
    }

    /** The same revision showing only these halls' results and audit entries ("*" = all). */
    public Evaluation forHalls(java.util.Collection<String> halls) {
        if (halls.contains("*")) {
            return this;
        }
        return new Evaluation(run, policyYaml, results.stream().filter(r -> halls.contains(r.hallId())).toList(),
                audit.stream().filter(a -> halls.contains(a.hallId())).toList());
    }

    /** The halls in this revision, sorted. */
    public List<String> halls() {
        return results.stream().map(SubjectResult::hallId).distinct().sorted().toList();
    }
}
