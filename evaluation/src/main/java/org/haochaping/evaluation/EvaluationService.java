package org.haochaping.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.evaluation.EvaluationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly evaluation (月度考核): runs a month over all halls into a new stored revision, lists, loads and
 * compares revisions, and approves one, which locks the month. Stored revisions are never changed; every load
 * recomputes the results hash and refuses rows that no longer match it.
 *
 * <p>Calls block on ClickHouse; run them off an event loop.
 */
public final class EvaluationService {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationService.class);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * Runs and approvals of every service in this process, one at a time: a revision number is taken and
     * written, and an approval checked and written, without another writer in between (the console and the CLI
     * are the writers; across processes the approval's earliest-row rule decides).
     */
    private static final ReentrantLock WRITES = new ReentrantLock();

    private final ClickHouseStore store;
    private final EvaluationStore storage;
    private final StaffDirectory staff;
    private final Supplier<EvaluationPolicy> policy;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param policy read at every run, so a changed policy file applies from the next run
     * @param zone rules.timeZone: months given as text are read in it, approval times shown in it
     */
    public EvaluationService(ClickHouseStore store, Supplier<EvaluationPolicy> policy, ZoneId zone, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.storage = new EvaluationStore(store);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staff = new StaffDirectory(store, clock);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The service as the configuration sets it up: the policy file (or the built-in policy), rules.timeZone. */
    public static EvaluationService forConfig(ClickHouseStore store, org.haochaping.model.config.HcpConfig config,
                                              Clock clock) {
        String file = config.evaluation().policyFile();
        return new EvaluationService(store, () -> EvaluationPolicy.load(file), config.rules().timeZone(), clock);
    }

    /**
     * Evaluates {@code month} over all halls and stores the outcome as the month's next revision, compared with
     * the month's approved revision if there is one, else with the previous.
     *
     * @throws EvaluationException INVALID when the month has neither ratings nor work-order deductions, the actor
     *     is blank or the policy cannot be read
     */
    public Evaluation run(EvaluationMonth month, String actor) {
        requireActor(actor);
        WRITES.lock();
        try {
            EvaluationPolicy rules = currentPolicy();
            MonthlyFacts facts = MonthlyFacts.read(store, month, rules);
            if (facts.subjects().isEmpty()) {
                throw new EvaluationException(EvaluationException.Kind.INVALID,
                        month.chinese() + "没有评价，也没有工单扣分，无可考核");
            }
            List<SubjectResult> results = MonthlyResults.score(rules, facts, staff.names());
            List<AuditEntry> audit = facts.audit().stream().sorted(MonthlyResults.AUDIT_ORDER).toList();
            String hash = ResultsHash.of(results, audit);
            String label = month.label();
            int revision = storage.nextRevision(label);

            Integer comparedRevision = null;
            boolean differs = false;
            String summary = "";
            Optional<Approval> approved = storage.approval(label);
            Optional<EvaluationRun> baseline = approved.isPresent() ? storage.run(approved.get().runId())
                    : storage.latestRun(label);
            if (baseline.isPresent()) {
                EvaluationRun base = baseline.get();
                comparedRevision = base.revision();
                differs = !hash.equals(base.resultsHash());
                try {
                    List<Comparison.Change> changes = ResultChanges.between(load(base.runId()).results(), results);
                    summary = ResultChanges.summary(base, approved.isPresent(), differs, changes);
                } catch (EvaluationException e) {
                    if (e.kind() != EvaluationException.Kind.CONFLICT) {
                        throw e;
                    }
                    summary = ResultChanges.unverifiable(base, approved.isPresent());
                }
            }
            long clerks = results.stream().filter(r -> r.type() == SubjectType.CLERK).count();
            EvaluationRun run = new EvaluationRun(label + "-r" + revision, label, revision, rules.version(),
                    rules.contentHash(), actor, now(), hash, facts.countedRatings(), audit.size(), (int) clerks,
                    results.size() - (int) clerks, comparedRevision, differs, summary, Optional.empty());
            storage.write(run, rules.yaml(), results, audit);
            LOG.info("evaluation {} by {}: {} clerks, {} counters, {} ratings counted, {} left out{}", run.runId(),
                    actor, run.clerks(), run.counters(), run.countedRatings(), run.excludedRatings(),
                    summary.isEmpty() ? "" : "; " + summary);
            return new Evaluation(run, rules.yaml(), results, audit);
        } finally {
            WRITES.unlock();
        }
    }

    /** Every run, newest month first, then revision descending; {@code month} (YYYY-MM) narrows to one month. */
    public List<EvaluationRun> list(Optional<String> month) {
        return storage.runs(month.map(m -> parse(m).label()));
    }

    /**
     * The whole revision as stored, after checking it against its results hash.
     *
     * @throws EvaluationException NOT_FOUND; CONFLICT when the stored rows no longer match the hash
     */
    public Evaluation load(String runId) {
        EvaluationRun run = find(runId);
        List<SubjectResult> results = new ArrayList<>(storage.results(runId));
        results.sort(MonthlyResults.ORDER);
        List<AuditEntry> audit = new ArrayList<>(storage.flags(runId));
        audit.sort(MonthlyResults.AUDIT_ORDER);
        String hash = ResultsHash.of(results, audit);
        boolean approvalMismatch = run.approval().map(a -> !a.resultsHash().equals(hash)).orElse(false);
        if (!hash.equals(run.resultsHash()) || approvalMismatch) {
            throw new EvaluationException(EvaluationException.Kind.CONFLICT,
                    "第 " + run.revision() + " 版的存储结果与生成时的校验值不符，可能被改动，不能使用");
        }
        return new Evaluation(run, storage.policyYaml(runId), results, audit);
    }

    /** @throws EvaluationException NOT_FOUND */
    public EvaluationRun find(String runId) {
        return storage.run(runId == null ? "" : runId).orElseThrow(() -> new EvaluationException(
                EvaluationException.Kind.NOT_FOUND, "没有考核版本 " + runId));
    }

    /**
     * The subjects whose result differs from {@code fromRunId} to {@code toRunId}.
     *
     * @throws EvaluationException NOT_FOUND; CONFLICT when either revision's stored rows no longer match its hash
     */
    public Comparison compare(String fromRunId, String toRunId) {
        Evaluation from = load(fromRunId);
        Evaluation to = load(toRunId);
        return new Comparison(from.run(), to.run(), ResultChanges.between(from.results(), to.results()));
    }

    /**
     * Approves (核定) a revision, which locks its month: no other revision of it can be approved.
     *
     * @throws EvaluationException NOT_FOUND; CONFLICT when the month is already approved (this or another
     *     revision, also by a racing approver) or the revision's stored rows no longer match its hash; INVALID
     *     when the actor is blank
     */
    public Approval approve(String runId, String actor) {
        requireActor(actor);
        WRITES.lock();
        try {
            EvaluationRun run = find(runId);
            Optional<Approval> existing = storage.approval(run.month());
            if (existing.isPresent()) {
                throw alreadyApproved(existing.get(), run);
            }
            load(runId);
            Approval mine = new Approval(run.month(), run.runId(), run.revision(), run.resultsHash(), actor, now());
            storage.insertApproval(mine);
            Approval first = storage.approval(run.month()).orElseThrow(() -> new IllegalStateException(
                    "the approval just written for " + runId + " is not readable"));
            if (!first.equals(mine)) {
                throw alreadyApproved(first, run);
            }
            LOG.info("evaluation {} approved by {}", runId, actor);
            return mine;
        } finally {
            WRITES.unlock();
        }
    }

    /** The month's approval, if any. */
    public Optional<Approval> approvalOf(String month) {
        return storage.approval(parse(month).label());
    }

    private EvaluationException alreadyApproved(Approval existing, EvaluationRun run) {
        if (existing.runId().equals(run.runId())) {
            return new EvaluationException(EvaluationException.Kind.CONFLICT, "第 " + run.revision() + " 版已经核定");
        }
        return new EvaluationException(EvaluationException.Kind.CONFLICT, parse(existing.month()).chinese() + "已核定第 "
                + existing.revision() + " 版（" + existing.approvedBy() + " 于 "
                + MINUTES.format(existing.approvedAt().atZone(zone)) + " 核定），不能再核定其他版本");
    }

    private EvaluationPolicy currentPolicy() {
        try {
            return policy.get();
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(EvaluationException.Kind.INVALID, "考核办法无法使用：" + e.getMessage());
        }
    }

    private EvaluationMonth parse(String month) {
        try {
            return EvaluationMonth.parse(month, zone);
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(EvaluationException.Kind.INVALID, e.getMessage());
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new EvaluationException(EvaluationException.Kind.INVALID, "未指明操作人");
        }
    }

    /** DateTime64(3) keeps milliseconds: what is returned must equal what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
