package org.haochaping.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.haochaping.evaluation.Approval;
import org.haochaping.evaluation.AuditEntry;
import org.haochaping.evaluation.Comparison;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.model.evaluation.ScoreResult;

/** The console's JSON for evaluation runs, results, audit entries, comparisons and approvals. */
final class EvaluationJson {

    private EvaluationJson() {}

    static JsonArray runs(List<EvaluationRun> runs) {
        JsonArray items = new JsonArray();
        runs.forEach(r -> items.add(run(r)));
        return items;
    }

    static JsonObject run(EvaluationRun r) {
        return new JsonObject()
                .put("runId", r.runId())
                .put("month", r.month())
                .put("revision", r.revision())
                .put("policyVersion", r.policyVersion())
                .put("policyHash", r.policyHash())
                .put("createdBy", r.createdBy())
                .put("createdAt", r.createdAt().toString())
                .put("resultsHash", r.resultsHash())
                .put("countedRatings", r.countedRatings())
                .put("excludedRatings", r.excludedRatings())
                .put("clerks", r.clerks())
                .put("counters", r.counters())
                .put("comparedRevision", r.comparedRevision())
                .put("differs", r.differs())
                .put("changeSummary", r.changeSummary())
                .put("status", r.approved() ? "approved" : "draft")
                .put("statusName", r.approved() ? "已核定" : "未核定")
                .put("approval", r.approval().map(EvaluationJson::approval).orElse(null));
    }

    static JsonObject approval(Approval a) {
        return new JsonObject()
                .put("month", a.month())
                .put("runId", a.runId())
                .put("revision", a.revision())
                .put("resultsHash", a.resultsHash())
                .put("approvedBy", a.approvedBy())
                .put("approvedAt", a.approvedAt().toString());
    }

    /** @param withPolicyAndAudit the full revision (GET) rather than the answer to a run (POST) */
    static JsonObject evaluation(Evaluation e, boolean withPolicyAndAudit) {
        JsonArray results = new JsonArray();
        e.results().forEach(r -> results.add(result(r)));
        JsonObject body = new JsonObject().put("run", run(e.run())).put("results", results);
        if (withPolicyAndAudit) {
            JsonArray audit = new JsonArray();
            e.audit().forEach(a -> audit.add(audit(a)));
            body.put("policyYaml", e.policyYaml()).put("audit", audit);
        }
        return body;
    }

    static JsonObject result(SubjectResult r) {
        JsonArray deductions = new JsonArray();
        for (ScoreResult.Deduction d : r.deductions()) {
            deductions.add(new JsonObject().put("reason", d.reason()).put("count", d.count()).put("points", d.points()));
        }
        JsonObject channels = new JsonObject();
        new TreeMap<>(r.ratingsByChannel()).forEach(channels::put);
        return new JsonObject()
                .put("type", r.type().wireName())
                .put("subjectId", r.subjectId())
                .put("subjectName", r.subjectName())
                .put("hallId", r.hallId())
                .put("counterId", r.counterId())
                .put("ratingsByChannel", channels)
                .put("levels", new JsonArray(List.copyOf(r.levels())))
                .put("activeRatings", r.activeRatings())
                .put("defaultRatings", r.defaultRatings())
                .put("countedRatings", r.countedRatings())
                .put("excludedRatings", r.excludedRatings())
                .put("rawScore", r.rawScore())
                .put("adjustedScore", r.adjustedScore())
                .put("deductions", deductions)
                .put("finalScore", r.finalScore())
                .put("ranked", r.ranked())
                .put("rank", r.rank())
                .put("grade", r.grade())
                .put("payCoefficient", r.payCoefficient())
                .put("redFlag", r.redFlag())
                .put("explanation", r.explanation());
    }

    static JsonObject audit(AuditEntry a) {
        return new JsonObject()
                .put("ratingId", a.ratingId())
                .put("flag", a.flag().wireName())
                .put("flagName", a.flag().chinese())
                .put("detail", a.detail())
                .put("hallId", a.hallId())
                .put("counterId", a.counterId())
                .put("clerkId", a.clerkId())
                .put("channel", a.channel())
                .put("level", a.level())
                .put("isDefault", a.isDefault())
                .put("ratedAt", a.ratedAt().toString())
                .put("raterPhoneMasked", a.raterPhoneMasked())
                .put("deviceId", a.deviceId());
    }

    /** Only the changes in {@code halls} ("*" = all). */
    static JsonObject comparison(Comparison c, Collection<String> halls) {
        JsonArray changes = new JsonArray();
        for (Comparison.Change ch : c.changes()) {
            if (!halls.contains("*") && !halls.contains(ch.hallId())) {
                continue;
            }
            changes.add(new JsonObject()
                    .put("type", ch.type().wireName()).put("subjectId", ch.subjectId())
                    .put("subjectName", ch.subjectName()).put("hallId", ch.hallId())
                    .put("scoreBefore", ch.scoreBefore()).put("scoreAfter", ch.scoreAfter())
                    .put("gradeBefore", ch.gradeBefore()).put("gradeAfter", ch.gradeAfter())
                    .put("rankBefore", ch.rankBefore()).put("rankAfter", ch.rankAfter())
                    .put("coefficientBefore", ch.coefficientBefore()).put("coefficientAfter", ch.coefficientAfter()));
        }
        return new JsonObject()
                .put("from", run(c.from()))
                .put("to", run(c.to()))
                .put("same", c.same())
                .put("changes", changes);
    }
}
