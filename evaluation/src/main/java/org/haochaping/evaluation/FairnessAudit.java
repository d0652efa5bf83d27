package org.haochaping.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.evaluation.EvaluationPolicy;

/**
 * Which ratings of a month the evaluation leaves out, and why (the audit sheet). Two sources:
 * <ul>
 *   <li>ratings the stream job already kept out of {@code ratings} (flagged_ratings: spam, duplicate, 追评
 *       not allowed). They are listed, but cannot change any count.</li>
 *   <li>ratings of {@code ratings} that this evaluation leaves out, one flag per rating, the first in
 *       {@link FairnessFlag} order: an upheld appeal (score_exclusions), a self-rating (the rater's phone hash
 *       is the clerk's registered one in {@code staff}), a rater burst, a device burst.</li>
 * </ul>
 * Bursts are decided over all of the month's non-default ratings, before the other exclusions: with at most
 * {@code max} ratings per {@code minutes}, a rating is a burst when the one {@code max} places before it (same
 * rater, or same device at the same counter, ordered by rated_at then rating_id) is less than {@code minutes}
 * older. Devices are the hall's own terminals (channels evaluator and kiosk; other channels' device_id names
 * the channel, not a device), counted per counter: a self-service kiosk (政务大厅其他终端) serves many
 * counters, and several citizens rating different counters on it within minutes is ordinary. A window function
 * looks exactly that far back, so the whole month is one sort per key in ClickHouse, never a self-join.
 */
final class FairnessAudit {

    /**
     * The columns of one audit row as a tuple (from {@link #monthRatingsWithFlags} and {@link #streamFlagged}):
     * the third, {@code cause}, is the upheld appeal's work order id or the stream job's own detail.
     */
    static final String ENTRY_TUPLE = "(rating_id, flag, cause, hall_id, counter_id, clerk_id, toString(channel), "
            + "level, is_default, rated_ms, rater_phone_masked, device_id)";

    private FairnessAudit() {}

    /** The flags the stream job sets: their ratings never reach {@code ratings}. */
    static boolean fromStreamJob(FairnessFlag flag) {
        return flag == FairnessFlag.SPAM || flag == FairnessFlag.DUPLICATE || flag == FairnessFlag.FOLLOWUP_NOT_ALLOWED;
    }

    /**
     * A subquery over the month's {@code ratings FINAL}, one row per rating, with {@code flag} (the wire name of
     * the first flag that applies, '' when the rating counts), {@code cause} (the upheld appeal's work order id)
     * and {@code rated_ms}, besides the rating's columns.
     *
     * <p>A burst is looked for only among ratings with a key (a rater's phone, a device at a counter); the rest
     * share the partition of the empty key, whose window values nobody reads. Ordering that partition by constants
     * instead of time and id leaves every keyed partition as it was and takes about 3 of the 7 seconds the two
     * window sorts cost over a province's month.
     */
    static String monthRatingsWithFlags(EvaluationMonth month, EvaluationPolicy policy) {
        EvaluationPolicy.Fairness fairness = policy.fairness();
        List<String> cases = new ArrayList<>();
        cases.add("x.rating_id != ''");
        cases.add(literal(FairnessFlag.APPEAL_UPHELD));
        if (fairness.selfRatings()) {
            cases.add("r.rater_phone_hash != '' AND r.rater_phone_hash = s.phone_hash");
            cases.add(literal(FairnessFlag.SELF_RATING));
        }
        cases.add(burst("rater", fairness.raterBurstMinutes()));
        cases.add(literal(FairnessFlag.RATER_BURST));
        cases.add(burst("device", fairness.deviceBurstMinutes()));
        cases.add(literal(FairnessFlag.DEVICE_BURST));
        cases.add("''");
        return """
                SELECT r.rating_id AS rating_id, r.hall_id AS hall_id, r.counter_id AS counter_id,
                       r.clerk_id AS clerk_id, r.channel AS channel, r.level AS level, r.is_default AS is_default,
                       r.rated_ms AS rated_ms, r.rater_phone_masked AS rater_phone_masked, r.device_id AS device_id,
                       x.work_order_id AS cause,
                       multiIf(%s) AS flag
                FROM
                (
                    SELECT *,
                           count() OVER rater_back AS rater_back_n, min(rated_ms) OVER rater_back AS rater_back_ms,
                           count() OVER device_back AS device_back_n, min(rated_ms) OVER device_back AS device_back_ms
                    FROM
                    (
                        SELECT rating_id, hall_id, counter_id, clerk_id, channel, level, is_default,
                               rater_phone_hash, rater_phone_masked, device_id, rated_at,
                               toUnixTimestamp64Milli(rated_at) AS rated_ms,
                               if(is_default = 0, rater_phone_hash, '') AS rater_key,
                               if(is_default = 0 AND device_id != '' AND channel IN ('evaluator', 'kiosk'),
                                  concat(device_id, '|', counter_id), '') AS device_key
                        FROM ratings FINAL
                        WHERE %s
                    )
                    WINDOW rater_back AS (PARTITION BY rater_key
                                          ORDER BY if(rater_key = '', 0, rated_ms), if(rater_key = '', '', rating_id)
                                          ROWS BETWEEN %d PRECEDING AND %d PRECEDING),
                           device_back AS (PARTITION BY device_key
                                           ORDER BY if(device_key = '', 0, rated_ms), if(device_key = '', '', rating_id)
                                           ROWS BETWEEN %d PRECEDING AND %d PRECEDING)
                ) AS r
                LEFT JOIN (SELECT rating_id, work_order_id FROM score_exclusions FINAL WHERE %s) AS x
                    ON x.rating_id = r.rating_id
                LEFT JOIN (SELECT clerk_id, phone_hash FROM staff FINAL) AS s ON s.clerk_id = r.clerk_id
                """.formatted(String.join(", ", cases), SqlInstants.within("rated_at", month),
                fairness.raterBurstMax(), fairness.raterBurstMax(), fairness.deviceBurstMax(),
                fairness.deviceBurstMax(), SqlInstants.within("rated_at", month));
    }

    /** The rating {@code max} places back exists and is less than {@code minutes} older. */
    private static String burst(String key, int minutes) {
        return "r.%1$s_key != '' AND r.%1$s_back_n = 1 AND r.rated_ms - r.%1$s_back_ms < %2$d"
                .formatted(key, minutes * 60_000L);
    }

    private static String literal(FairnessFlag flag) {
        return "'" + flag.wireName() + "'";
    }

    /** The month's rows of flagged_ratings, as audit entries. */
    static List<AuditEntry> streamFlagged(ClickHouseStore store, EvaluationMonth month, EvaluationPolicy policy) {
        List<Map<String, Object>> rows = store.query("""
                SELECT %s AS entry
                FROM
                (
                    SELECT rating_id, toString(flag) AS flag, detail AS cause, hall_id, counter_id, clerk_id, channel,
                           level, toUInt8(channel = 'default') AS is_default,
                           toUnixTimestamp64Milli(rated_at) AS rated_ms, rater_phone_masked, device_id
                    FROM flagged_ratings FINAL
                    WHERE %s
                )
                """.formatted(ENTRY_TUPLE, SqlInstants.within("rated_at", month)));
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            entries.add(entry((List<?>) row.get("entry"), policy));
        }
        return entries;
    }

    /** An audit entry from an {@link #ENTRY_TUPLE} as the store returns it. */
    static AuditEntry entry(List<?> tuple, EvaluationPolicy policy) {
        FairnessFlag flag = FairnessFlag.fromWireName((String) tuple.get(1));
        return new AuditEntry((String) tuple.get(0), flag, detail(flag, (String) tuple.get(2), policy.fairness()),
                (String) tuple.get(3), (String) tuple.get(4), (String) tuple.get(5), (String) tuple.get(6),
                ((Number) tuple.get(7)).intValue(), ((Number) tuple.get(8)).intValue() != 0,
                Instant.ofEpochMilli(((Number) tuple.get(9)).longValue()), (String) tuple.get(10),
                (String) tuple.get(11));
    }

    /** Why, in Chinese, for the audit sheet. */
    static String detail(FairnessFlag flag, String cause, EvaluationPolicy.Fairness fairness) {
        return switch (flag) {
            case APPEAL_UPHELD -> "工单 " + cause + " 申诉成立";
            case SPAM, DUPLICATE, FOLLOWUP_NOT_ALLOWED -> cause.isBlank() ? flag.chinese() : flag.chinese() + "：" + cause;
            case SELF_RATING -> "评价人手机号与该工作人员登记的手机号相同";
            case RATER_BURST -> "同一评价人 " + fairness.raterBurstMinutes() + " 分钟内超过 " + fairness.raterBurstMax()
                    + " 条评价";
            case DEVICE_BURST -> "同一窗口的同一设备 " + fairness.deviceBurstMinutes() + " 分钟内超过 " + fairness.deviceBurstMax()
                    + " 条评价";
        };
    }
}
