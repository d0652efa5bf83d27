package org.haochaping.evaluation;

import java.time.Instant;
import java.util.Optional;

/**
 * One revision of one month's evaluation (a row of evaluation_runs), with its approval if it has one.
 * Nothing here changes after the run was written, except that an approval may be added once.
 *
 * @param runId e.g. {@code 2026-10-r3}
 * @param revision 1, 2, … within the month
 * @param resultsHash SHA-256 (hex) of the results and audit entries in a canonical order
 * @param comparedRevision the revision this run was compared with when made: the month's approved one, else
 *     the previous; null for the first run of a month
 * @param differs whether the results differ from the compared revision's
 * @param changeSummary in Chinese, e.g. "与第 2 版（已核定）相比：3 名人员分数不同，1 名人员等级不同"; empty for the first
 */
public record EvaluationRun(String runId, String month, int revision, String policyVersion, String policyHash,
                            String createdBy, Instant createdAt, String resultsHash, long countedRatings,
                            long excludedRatings, int clerks, int counters, Integer comparedRevision,
                            boolean differs, String changeSummary, Optional<Approval> approval) {

    public boolean approved() {
        return approval.isPresent();
    }

    /** This run with its approval. */
    public EvaluationRun withApproval(Approval a) {
        return new EvaluationRun(runId, month, revision, policyVersion, policyHash, createdBy, createdAt, resultsHash,
                countedRatings, excludedRatings, clerks, counters, comparedRevision, differs, changeSummary,
                Optional.of(a));
    }
}
