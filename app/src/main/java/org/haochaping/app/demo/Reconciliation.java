package org.haochaping.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.model.Channel;

/**
 * Does what ClickHouse holds add up to what the edge accepted and the scenario expected? For this run
 * (project numbers {@code <runId>-…}, SMS message ids {@code <runId>-m…}):
 *
 * <pre>
 *   stored = accepted − flagged − dead letters + defaults = aggregated
 * </pre>
 *
 * where {@code accepted} counts the ratings the edge accepted on every channel (evaluator, QR, SMS replies,
 * deliberate duplicates it did not refuse), {@code flagged} the run's rows in {@code flagged_ratings}
 * (received, kept for audit, not counted), {@code dead letters} the run's SMS replies in
 * {@code dead_letters}, {@code defaults} the run's default ratings, {@code stored} the run's rows in
 * {@code ratings FINAL} and {@code aggregated} how much {@code sum(ratings)} grew in both minute-score
 * tables since the {@link Baseline}, less what other runs' cases added meanwhile (their defaults may
 * fall due). Balanced also needs every figure to be the expected one: per channel, flagged = the
 * duplicates the edge accepted plus the SMS replies to cases rated by QR, dead letters = the unparseable
 * and unmatched replies, invitations issued, sent and expired (window over before sending) = expected.
 *
 * @param accepted ratings answered 2xx by the edge, all channels
 * @param rejected requests answered 4xx by the edge (deliberately invalid ones, duplicates refused with 409)
 * @param stored this run's rows in {@code ratings FINAL}, defaults included
 * @param aggregated this run's growth of {@code sum(ratings)} in the minute-score tables (the one that does
 *                   not match when they differ)
 * @param flagged this run's rows in {@code flagged_ratings FINAL}
 * @param deadLetters this run's SMS replies in {@code dead_letters FINAL}
 * @param storedByChannel this run's {@code ratings} rows by channel wire name
 * @param invitations this run's rows in {@code sms_invitations FINAL}
 * @param sent this run's invitations the SMS sender recorded as sent
 * @param expired this run's invitations the SMS sender recorded as expired (window over before sending)
 * @param expected what the scenario expects
 * @param expectedFlagged duplicates the edge accepted plus the SMS replies to cases rated by QR (the stream
 *                        job must flag them all)
 */
public record Reconciliation(long accepted, long rejected, long stored, long aggregated, long flagged, long deadLetters,
                             Map<String, Long> storedByChannel, long invitations, long sent, long expired,
                             DemoExpectation expected, long expectedFlagged) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /**
     * How far before the newest stored rating a new run may start: less than the pipeline's allowed
     * lateness (10 minutes by default), so no rating of the run is too late for its window.
     */
    static final Duration SAFE_START_MARGIN = Duration.ofMinutes(5);

    public Reconciliation {
        storedByChannel = Map.copyOf(storedByChannel);
    }

    /**
     * The minute-score totals and the raw rating count before a run, and the newest rating time stored so far.
     *
     * @param latestRatedAtMillis epoch millis of the newest {@code rated_at} in {@code ratings}, 0 when empty
     */
    public record Baseline(long counterRatings, long clerkRatings, long ratings, long latestRatedAtMillis) {

        public static Baseline take(ClickHouseStore store) {
            return new Baseline(
                    store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL"),
                    store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL"),
                    store.queryLong("SELECT count() FROM ratings FINAL"),
                    store.queryLong("SELECT toUnixTimestamp64Milli(max(rated_at)) FROM ratings"));
        }

        /**
         * The earliest event time a new run can use and still be aggregated: the pipeline keeps its
         * watermark (also across restarts), so a run must not reach far behind the newest rating
         * already processed. Empty when nothing is stored. Pass it to {@link DemoOptions#notBefore}.
         */
        public Optional<Instant> earliestSafeRatedAt() {
            return latestRatedAtMillis <= 0 ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(latestRatedAtMillis).minus(SAFE_START_MARGIN));
        }
    }

    /** One figure with what it should be. */
    public record Check(String name, long expected, long actual) {
        public boolean ok() {
            return expected == actual;
        }
    }

    public long storedOf(Channel channel) {
        return storedByChannel.getOrDefault(channel.wireName(), 0L);
    }

    public long defaults() {
        return storedOf(Channel.DEFAULT);
    }

    /** Every figure next to what it should be, in the order they are printed. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("评价器评价", expected.evaluator(), storedOf(Channel.EVALUATOR)));
        checks.add(new Check("二维码评价", expected.qr(), storedOf(Channel.QR)));
        checks.add(new Check("短信评价", expected.sms(), storedOf(Channel.SMS)));
        checks.add(new Check("默认评价", expected.defaults(), defaults()));
        checks.add(new Check("入库评价（受理 − 标记 − 死信 + 默认）", accepted - flagged - deadLetters + defaults(), stored));
        checks.add(new Check("计入分钟统计", stored, aggregated));
        checks.add(new Check("标记未计（重复评价）", expectedFlagged, flagged));
        checks.add(new Check("短信死信（无法识别、无邀请）", expected.smsDeadLetters(), deadLetters));
        checks.add(new Check("短信邀请", expected.invitations(), invitations));
        checks.add(new Check("短信已发送", expected.smsSent(), sent));
        checks.add(new Check("短信过期未发（评价期已过）", expected.smsExpired(), expired));
        return checks;
    }

    /** Every figure as expected: each accepted rating stored once (or flagged, or a dead letter) and counted once. */
    public boolean balanced() {
        return checks().stream().allMatch(Check::ok);
    }

    /**
     * Exactly {@code accepted A, rejected R, stored S, aggregated G, flagged F, dead letters D, defaults X,
     * invitations I}; the first four as before this run had channels, so a reader of them still works.
     */
    public String line() {
        return "accepted " + accepted + ", rejected " + rejected + ", stored " + stored + ", aggregated " + aggregated
                + ", flagged " + flagged + ", dead letters " + deadLetters + ", defaults " + defaults()
                + ", invitations " + invitations;
    }

    /** The checks as a small table for the console. */
    public String report() {
        TextTable table = new TextTable(List.of("项目", "预期", "实际", ""),
                List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.LEFT));
        for (Check c : checks()) {
            table.row(c.name(), Long.toString(c.expected()), Long.toString(c.actual()), c.ok() ? "✓" : "✗");
        }
        return "对账明细\n" + table.render("  ");
    }

    /** The state now. */
    public static Reconciliation compute(ClickHouseStore store, String runId, Baseline baseline, SimulationResult result,
                                         DemoExpectation expected) {
        String run = runFilter(runId);
        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (Map<String, Object> row : store.query("SELECT channel, count() AS n FROM ratings FINAL WHERE " + run
                + " GROUP BY channel ORDER BY channel")) {
            byChannel.put(String.valueOf(row.get("channel")), DemoSummary.asLong(row.get("n")));
        }
        long stored = byChannel.values().stream().mapToLong(Long::longValue).sum();
        long others = store.queryLong("SELECT count() FROM ratings FINAL") - baseline.ratings() - stored;
        long counters = store.queryLong("SELECT sum(ratings) FROM counter_minute_scores FINAL") - baseline.counterRatings() - others;
        long clerks = store.queryLong("SELECT sum(ratings) FROM clerk_minute_scores FINAL") - baseline.clerkRatings() - others;
        long flagged = store.queryLong("SELECT count() FROM flagged_ratings FINAL WHERE " + run);
        long deadLetters = store.queryLong("SELECT count() FROM dead_letters FINAL WHERE position(payload, "
                + Sql.literal(smsMessagePrefix(runId)) + ") > 0");
        long invitations = store.queryLong("SELECT count() FROM sms_invitations FINAL WHERE " + run);
        String sends = "SELECT count() FROM sms_sends FINAL WHERE invitation_id LIKE " + Sql.literal("inv:" + runId + "-%")
                + " AND status = ";
        long sent = store.queryLong(sends + "'sent'");
        long expired = store.queryLong(sends + "'expired'");
        long acceptedRatings = result.accepted() - result.accepted(EdgeRequest.Kind.TRANSACTION);
        long acceptedDuplicates = result.accepted(EdgeRequest.Kind.SPAM_PRESS) + result.accepted(EdgeRequest.Kind.QR_DUPLICATE);
        return new Reconciliation(acceptedRatings, result.rejected(), stored, aggregated(stored, counters, clerks), flagged,
                deadLetters, byChannel, invitations, sent, expired, expected, acceptedDuplicates + expected.smsDuplicates());
    }

    /** The one to report of the two tables' growth: the one that does not match, or the smaller when neither does. */
    static long aggregated(long stored, long counters, long clerks) {
        if (counters == stored) {
            return clerks;
        }
        if (clerks == stored) {
            return counters;
        }
        return Math.min(counters, clerks);
    }

    /**
     * Polls every {@link #POLL_INTERVAL} until balanced or {@code timeout} passed, and returns the last state
     * (check {@link #balanced()}).
     */
    public static Reconciliation await(ClickHouseStore store, String runId, Baseline baseline, SimulationResult result,
                                       DemoExpectation expected, Duration timeout) throws InterruptedException {
        runFilter(runId);
        return await(() -> compute(store, runId, baseline, result, expected), timeout, POLL_INTERVAL);
    }

    /**
     * Polls {@code probe} until it is balanced or {@code timeout} passed. A probe failing (e.g. the store
     * briefly busy) is retried; when it never succeeded the last failure is thrown.
     */
    static Reconciliation await(Supplier<Reconciliation> probe, Duration timeout, Duration interval)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reconciliation last = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = probe.get();
                if (last.balanced()) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (last == null) {
                    throw lastFailure;
                }
                return last;
            }
            Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
        }
    }

    /** {@code project_no LIKE '<runId>-%'}: this run's cases (the run id holds no LIKE wildcard). */
    static String runFilter(String runId) {
        return "project_no LIKE " + Sql.literal(RatingGenerator.checkRunId(runId) + "-%");
    }

    /** What every SMS message id of the run starts with. */
    static String smsMessagePrefix(String runId) {
        return RatingGenerator.checkRunId(runId) + "-m";
    }
}
