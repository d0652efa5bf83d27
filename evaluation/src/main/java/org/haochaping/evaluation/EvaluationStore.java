package org.haochaping.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * The evaluation_* tables. Rows are only ever inserted, never updated or deleted: a revision's results and
 * flags are written first and its evaluation_runs row last, so a run is listed only once it is complete.
 */
final class EvaluationStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseStore store;

    EvaluationStore(ClickHouseStore store) {
        this.store = store;
    }

    /**
     * One more than the month's highest revision, counting the results and flags of a run whose runs row was
     * never written (a write that failed half-way): such a revision is skipped, never reused, so its rows
     * cannot mix with a later run's.
     */
    int nextRevision(String month) {
        String prefix = Sql.literal(month + "-r");
        String written = "SELECT max(toUInt32OrZero(replaceOne(run_id, %1$s, ''))) FROM %2$s WHERE startsWith(run_id, %1$s)";
        return (int) store.queryLong("SELECT greatest((SELECT max(revision) FROM evaluation_runs WHERE month = "
                + Sql.literal(month) + "), (" + written.formatted(prefix, "evaluation_results") + "), ("
                + written.formatted(prefix, "evaluation_flags") + ")) + 1");
    }

    void write(EvaluationRun run, String policyYaml, List<SubjectResult> results, List<AuditEntry> audit) {
        store.insertJsonEachRow("evaluation_flags", audit.stream().map(a -> flagRow(run.runId(), a)).toList());
        store.insertJsonEachRow("evaluation_results", results.stream().map(r -> resultRow(run.runId(), r)).toList());
        store.insertJsonEachRow("evaluation_runs", List.of(runRow(run, policyYaml)));
    }

    void insertApproval(Approval a) {
        store.insertJsonEachRow("evaluation_approvals", List.of(JSON.createObjectNode()
                .put("month", a.month())
                .put("run_id", a.runId())
                .put("revision", a.revision())
                .put("results_hash", a.resultsHash())
                .put("approved_by", a.approvedBy())
                .put("approved_at", SqlInstants.COLUMN_TEXT.format(a.approvedAt()))
                .toString()));
    }

    // ---- runs and approvals

    private static final String RUN_COLUMNS = "run_id, month, revision, policy_version, policy_hash, created_by, "
            + "toUnixTimestamp64Milli(created_at) AS created_ms, results_hash, counted_ratings, excluded_ratings, "
            + "clerks, counters, compared_revision, differs, change_summary";

    Optional<EvaluationRun> run(String runId) {
        List<EvaluationRun> runs = runs("run_id = " + Sql.literal(runId));
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The month's highest revision. */
    Optional<EvaluationRun> latestRun(String month) {
        List<EvaluationRun> runs = runs("month = " + Sql.literal(month));
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** Newest month first, then revision descending; each with its approval if it is the month's approved one. */
    List<EvaluationRun> runs(Optional<String> month) {
        return runs(month.map(m -> "month = " + Sql.literal(m)).orElse("1"));
    }

    private List<EvaluationRun> runs(String where) {
        List<Map<String, Object>> rows = store.query("SELECT " + RUN_COLUMNS + " FROM evaluation_runs WHERE " + where
                + " ORDER BY month DESC, revision DESC, run_id");
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Approval> approvals = new HashMap<>();
        for (Approval a : approvals("month IN (SELECT month FROM evaluation_runs WHERE " + where + ")")) {
            approvals.put(a.runId(), a);
        }
        List<EvaluationRun> runs = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Object compared = row.get("compared_revision");
            String runId = (String) row.get("run_id");
            runs.add(new EvaluationRun(runId, (String) row.get("month"), intOf(row.get("revision")),
                    (String) row.get("policy_version"), (String) row.get("policy_hash"), (String) row.get("created_by"),
                    Instant.ofEpochMilli(longOf(row.get("created_ms"))), (String) row.get("results_hash"),
                    longOf(row.get("counted_ratings")), longOf(row.get("excluded_ratings")), intOf(row.get("clerks")),
                    intOf(row.get("counters")), compared == null ? null : intOf(compared), longOf(row.get("differs")) != 0,
                    (String) row.get("change_summary"), Optional.ofNullable(approvals.get(runId))));
        }
        return runs;
    }

    /** The month's approval: the earliest row (by approved_at, then run_id); a later racing one lost. */
    Optional<Approval> approval(String month) {
        List<Approval> approvals = approvals("month = " + Sql.literal(month));
        return approvals.isEmpty() ? Optional.empty() : Optional.of(approvals.get(0));
    }

    private List<Approval> approvals(String where) {
        List<Map<String, Object>> rows = store.query("""
                SELECT month, argMin((run_id, revision, results_hash, approved_by, toUnixTimestamp64Milli(approved_at)),
                                     (approved_at, run_id)) AS first
                FROM evaluation_approvals
                WHERE %s
                GROUP BY month
                """.formatted(where));
        List<Approval> approvals = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            List<?> first = (List<?>) row.get("first");
            approvals.add(new Approval((String) row.get("month"), (String) first.get(0), intOf(first.get(1)),
                    (String) first.get(2), (String) first.get(3), Instant.ofEpochMilli(longOf(first.get(4)))));
        }
        return approvals;
    }

    // ---- a revision's contents

    String policyYaml(String runId) {
        List<Map<String, Object>> rows = store.query("SELECT policy_yaml FROM evaluation_runs WHERE run_id = "
                + Sql.literal(runId));
        return rows.isEmpty() ? "" : (String) rows.get(0).get("policy_yaml");
    }

    List<SubjectResult> results(String runId) {
        List<Map<String, Object>> rows = store.query("""
                SELECT subject_type, subject_id, subject_name, hall_id, counter_id, ratings_by_channel,
                       [level_1, level_2, level_3, level_4, level_5] AS levels, active_ratings, default_ratings,
                       counted_ratings, excluded_ratings, raw_score, adjusted_score, deductions, final_score, ranked,
                       rank, grade, pay_coefficient, red_flag, explanation
                FROM evaluation_results
                WHERE run_id = %s
                """.formatted(Sql.literal(runId)));
        List<SubjectResult> results = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Long> channels = new HashMap<>();
            ((Map<?, ?>) row.get("ratings_by_channel")).forEach((k, v) -> channels.put((String) k, longOf(v)));
            List<Long> levels = ((List<?>) row.get("levels")).stream().map(EvaluationStore::longOf).toList();
            Object raw = row.get("raw_score");
            Object rank = row.get("rank");
            results.add(new SubjectResult(SubjectType.fromWireName((String) row.get("subject_type")),
                    (String) row.get("subject_id"), (String) row.get("subject_name"), (String) row.get("hall_id"),
                    (String) row.get("counter_id"), channels, levels, longOf(row.get("active_ratings")),
                    longOf(row.get("default_ratings")), longOf(row.get("counted_ratings")),
                    longOf(row.get("excluded_ratings")), raw == null ? null : doubleOf(raw),
                    doubleOf(row.get("adjusted_score")), deductions((String) row.get("deductions")),
                    doubleOf(row.get("final_score")), longOf(row.get("ranked")) != 0,
                    rank == null ? null : intOf(rank), (String) row.get("grade"), doubleOf(row.get("pay_coefficient")),
                    longOf(row.get("red_flag")) != 0, (String) row.get("explanation")));
        }
        return results;
    }

    List<AuditEntry> flags(String runId) {
        List<Map<String, Object>> rows = store.query("""
                SELECT rating_id, flag, detail, hall_id, counter_id, clerk_id, channel, level, is_default,
                       toUnixTimestamp64Milli(rated_at) AS rated_ms, rater_phone_masked, device_id
                FROM evaluation_flags
                WHERE run_id = %s
                """.formatted(Sql.literal(runId)));
        List<AuditEntry> audit = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            audit.add(new AuditEntry((String) row.get("rating_id"), FairnessFlag.fromWireName((String) row.get("flag")),
                    (String) row.get("detail"), (String) row.get("hall_id"), (String) row.get("counter_id"),
                    (String) row.get("clerk_id"), (String) row.get("channel"), intOf(row.get("level")),
                    longOf(row.get("is_default")) != 0, Instant.ofEpochMilli(longOf(row.get("rated_ms"))),
                    (String) row.get("rater_phone_masked"), (String) row.get("device_id")));
        }
        return audit;
    }

    // ---- rows

    private static String runRow(EvaluationRun run, String policyYaml) {
        ObjectNode row = JSON.createObjectNode()
                .put("run_id", run.runId())
                .put("month", run.month())
                .put("revision", run.revision())
                .put("policy_version", run.policyVersion())
                .put("policy_hash", run.policyHash())
                .put("policy_yaml", policyYaml)
                .put("created_by", run.createdBy())
                .put("created_at", SqlInstants.COLUMN_TEXT.format(run.createdAt()))
                .put("results_hash", run.resultsHash())
                .put("counted_ratings", run.countedRatings())
                .put("excluded_ratings", run.excludedRatings())
                .put("clerks", run.clerks())
                .put("counters", run.counters())
                .put("compared_revision", run.comparedRevision())
                .put("differs", run.differs() ? 1 : 0)
                .put("change_summary", run.changeSummary());
        return row.toString();
    }

    private static String resultRow(String runId, SubjectResult r) {
        ObjectNode row = JSON.createObjectNode()
                .put("run_id", runId)
                .put("subject_type", r.type().wireName())
                .put("subject_id", r.subjectId())
                .put("subject_name", r.subjectName())
                .put("hall_id", r.hallId())
                .put("counter_id", r.counterId());
        ObjectNode channels = row.putObject("ratings_by_channel");
        r.ratingsByChannel().forEach(channels::put);
        for (int level = 1; level <= 5; level++) {
            row.put("level_" + level, r.levels().get(level - 1));
        }
        ArrayNode deductions = JSON.createArrayNode();
        for (ScoreResult.Deduction d : r.deductions()) {
            deductions.addObject().put("reason", d.reason()).put("count", d.count()).put("points", d.points());
        }
        row.put("active_ratings", r.activeRatings())
                .put("default_ratings", r.defaultRatings())
                .put("counted_ratings", r.countedRatings())
                .put("excluded_ratings", r.excludedRatings())
                .put("raw_score", r.rawScore())
                .put("adjusted_score", r.adjustedScore())
                .put("deductions", deductions.toString())
                .put("final_score", r.finalScore())
                .put("ranked", r.ranked() ? 1 : 0)
                .put("rank", r.rank())
                .put("grade", r.grade())
                .put("pay_coefficient", r.payCoefficient())
                .put("red_flag", r.redFlag() ? 1 : 0)
                .put("explanation", r.explanation());
        return row.toString();
    }

    private static String flagRow(String runId, AuditEntry a) {
        return JSON.createObjectNode()
                .put("run_id", runId)
                .put("rating_id", a.ratingId())
                .put("flag", a.flag().wireName())
                .put("detail", a.detail())
                .put("hall_id", a.hallId())
                .put("counter_id", a.counterId())
                .put("clerk_id", a.clerkId())
                .put("channel", a.channel())
                .put("level", a.level())
                .put("is_default", a.isDefault() ? 1 : 0)
                .put("rated_at", SqlInstants.COLUMN_TEXT.format(a.ratedAt()))
                .put("rater_phone_masked", a.raterPhoneMasked())
                .put("device_id", a.deviceId())
                .toString();
    }

    private static List<ScoreResult.Deduction> deductions(String json) {
        try {
            List<ScoreResult.Deduction> list = new ArrayList<>();
            for (JsonNode d : JSON.readTree(json)) {
                list.add(new ScoreResult.Deduction(d.get("reason").asText(), d.get("count").asLong(),
                        d.get("points").asDouble()));
            }
            return list;
        } catch (JsonProcessingException e) {
            // not tampering proof by itself: the results hash decides; an unreadable column is simply wrong data
            throw new EvaluationException(EvaluationException.Kind.CONFLICT, "存储的扣分明细无法读取：" + e.getOriginalMessage());
        }
    }

    /**
     * Float64 columns: a whole number comes back as a JSON integer (Long); a fraction as ClickHouse parsed it when it
     * was written, which {@link StoredDoubles} takes back to the double that was written.
     */
    private static double doubleOf(Object value) {
        return StoredDoubles.asWritten(((Number) value).doubleValue());
    }

    private static long longOf(Object value) {
        return ((Number) value).longValue();
    }

    private static int intOf(Object value) {
        return ((Number) value).intValue();
    }
}
