package org.haochaping.jobs.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.kafka.ListeningSockets;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInvitation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole rating pipeline on a Flink MiniCluster (parallelism 2) reading a real in-JVM Kafka broker
 * and writing to the real ClickHouse engine (chDB). Every assertion is an exact count.
 */
class RatingPipelineITCase extends PipelineITCaseSupport {

    /** this test's ratings topic */
    private String topic;

    @BeforeEach
    void setUp() {
        topic = settings.topics().ratings();
    }

    private void send(int partition, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
    }

    private void send(List<Rating> ratings) {
        for (int i = 0; i < ratings.size(); i++) {
            send(i % 4, RatingJson.write(ratings.get(i)));
        }
        producer.flush();
    }

    /** n ratings over 20 counters and 30 clerks, in event-time order from {@code start}, one every 250 ms. */
    private static List<Rating> ratings(String prefix, int n, Instant start) {
        List<Rating> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int level = 1 + (i * 7) % 5;
            out.add(TestRatings.rating(prefix + i, start.plusMillis(250L * i), level, "counter-" + (i % 20),
                    "clerk-" + (i % 30)));
        }
        return out;
    }

    @Override
    protected String diagnostics() {
        return "have ratings " + count("SELECT count() FROM ratings FINAL") + ", counter scores "
                + count("SELECT sum(ratings) FROM counter_minute_scores FINAL") + ", clerk scores "
                + count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") + ", " + super.diagnostics();
    }

    private void awaitTotals(long ratings, long deadLetters) throws InterruptedException {
        awaitTotals(ratings, ratings, deadLetters);
    }

    /** Waits for exact totals: raw ratings, ratings in both minute tables, dead letters; then checks they hold. */
    private void awaitTotals(long raw, long aggregated, long deadLetters) throws InterruptedException {
        await(raw + " ratings, " + aggregated + " aggregated and " + deadLetters + " dead letters",
                Duration.ofSeconds(90), () ->
                count("SELECT count() FROM ratings FINAL") == raw
                        && count("SELECT sum(ratings) FROM counter_minute_scores FINAL") == aggregated
                        && count("SELECT sum(ratings) FROM clerk_minute_scores FINAL") == aggregated
                        && count("SELECT count() FROM dead_letters FINAL") == deadLetters);
        // let more checkpoints and early firings pass: totals must stay exact, not creep upwards
        int flushes = InstrumentedSink.checkpointFlushes();
        await("two more checkpoints", Duration.ofSeconds(30), () -> InstrumentedSink.checkpointFlushes() >= flushes + 4);
        assertThat(count("SELECT count() FROM ratings FINAL")).isEqualTo(raw);
        assertThat(count("SELECT sum(ratings) FROM counter_minute_scores FINAL")).isEqualTo(aggregated);
        assertThat(count("SELECT sum(ratings) FROM clerk_minute_scores FINAL")).isEqualTo(aggregated);
        assertThat(count("SELECT count() FROM dead_letters FINAL")).isEqualTo(deadLetters);
    }

    @Test
    void countsEveryRatingExactlyOnceAndKeepsEveryRejectWithItsReason() throws Exception {
        startJob(new InstrumentedSink(sink()));
        Instant start = Instant.parse("2026-11-20T01:00:00Z");
        List<Rating> ratings = ratings("r", 1000, start);
        send(ratings);
        send(ratings.subList(0, 50));                                  // device retries: same id, same content
        send(1, "{not json".getBytes(StandardCharsets.UTF_8));          // garbage
        Rating r0 = ratings.get(0);
        // same partition as r0, so it surely comes second: the first content of an id wins
        send(0, RatingJson.write(TestRatings.rating("r0", r0.ratedAt(), r0.level() == 5 ? 4 : 5, "counter-0", "clerk-0")));
        send(3, RatingJson.writeString(TestRatings.at("x", 1, 5)).replace("\"level\":5", "\"level\":9")
                .getBytes(StandardCharsets.UTF_8));                     // out-of-range level
        producer.flush();

        awaitTotals(1000, 3);
        long expectedPoints = ratings.stream().mapToLong(r -> TestRatings.SETTINGS.pointsOf(r.level())).sum();
        assertThat(count("SELECT sum(score_sum) FROM counter_minute_scores FINAL")).isEqualTo(expectedPoints);
        assertThat(count("SELECT sum(bad_count) FROM clerk_minute_scores FINAL"))
                .isEqualTo(ratings.stream().filter(Rating::isBad).count());
        assertThat(count("SELECT sum(level_3) FROM counter_minute_scores FINAL"))
                .isEqualTo(ratings.stream().filter(r -> r.level() == 3).count());
        assertThat(count("SELECT count() FROM counter_minute_scores FINAL WHERE counter_id = 'counter-7'"))
                .as("counter-7 rates every 20th rating (5 s apart): one per minute window over 250 s")
                .isEqualTo(5);
        List<Map<String, Object>> reasons = store.query("SELECT reason FROM dead_letters FINAL ORDER BY reason");
        assertThat(reasons).extracting(m -> (String) m.get("reason")).satisfiesExactly(
                r -> assertThat(r).startsWith("invalid rating: body: malformed JSON"),
                r -> assertThat(r).startsWith("invalid rating: level: "),
                r -> assertThat(r).isEqualTo("rating id r0 was already used for a rating with different content"));
        assertThat(ListeningSockets.notBoundTo(HOST)).isEmpty();
    }

    @Test
    void aBacklogAcrossPartitionsLosesNothingFromTheScores() throws Exception {
        // two hours of ratings already waiting in 4 partitions when the job starts: each source subtask reads
        // two partitions in large chunks, one running far ahead of the other in event time
        Instant start = Instant.parse("2026-11-20T06:00:00Z");
        List<Rating> backlog = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            backlog.add(TestRatings.rating("b" + i, start.plusMillis(360L * i), 1 + (i * 3) % 5,
                    "counter-" + (i % 40), "clerk-" + (i % 60)));
        }
        send(backlog);
        // A split whose first records come later than the idleness timeout after the job starts is idle
        // until then, and a split read ahead meanwhile makes its records late. On this shared 2-core machine,
        // starting four Kafka sources at once took longer than 2 s now and then, hence the default of 10 s,
        // which this test runs with.
        startJob(new InstrumentedSink(sink()));
        awaitTotals(20_000, 0);
    }

    @Test
    void recoversFromAFailureMidStreamWithExactTotals() throws Exception {
        startJob(new InstrumentedSink(sink()));
        Instant start = Instant.parse("2026-11-20T03:00:00Z");
        List<Rating> ratings = ratings("f", 2000, start);
        send(ratings.subList(0, 1000));
        awaitTotals(1000, 0);

        InstrumentedSink.failNextWrite();
        send(ratings.subList(1000, 2000));
        awaitTotals(2000, 0);
        assertThat(InstrumentedSink.failures()).as("the job really failed once and recovered").isEqualTo(1);
    }

    @Test
    void lateRatingReFiresItsWindowAndTooLateOneIsADeadLetter() throws Exception {
        // no early firings: the window's first result then proves the watermark passed its end, which is
        // what makes the next two ratings late (an early firing would show the same total sooner)
        settings = settings(Map.of("flink.earlyFiring", "1h"));
        startJob(new InstrumentedSink(sink()));
        Instant window = Instant.parse("2026-11-20T05:10:00Z");
        List<Rating> onTime = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            onTime.add(TestRatings.rating("w" + i, window.plusSeconds(5 * i), 5, "counter-late", "clerk-late"));
        }
        send(onTime);
        // move every partition's event time 3 minutes on: the watermark passes the window's end (these
        // four sit in a window the watermark never closes, so without early firings they are not aggregated)
        List<Rating> later = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            later.add(TestRatings.rating("later" + p, window.plus(Duration.ofMinutes(3)), 4, "counter-other", "clerk-other"));
        }
        send(later);
        await("the on-time result", Duration.ofSeconds(60), () -> count(
                "SELECT sum(ratings) FROM counter_minute_scores FINAL WHERE counter_id = 'counter-late'") == 10);
        Thread.sleep(1500); // the window has fired on time; a late rating now must re-fire it

        send(List.of(TestRatings.rating("late", window.plusSeconds(59), 1, "counter-late", "clerk-late")));
        // beyond the 10-minute allowed lateness once the watermark is 3 minutes past this window's end
        send(List.of(TestRatings.rating("too-late", window.minus(Duration.ofMinutes(9)), 5, "counter-late", "clerk-late")));
        awaitTotals(16, 11, 1);
        assertThat(store.query("SELECT ratings, level_1, level_5, bad_count FROM counter_minute_scores FINAL "
                + "WHERE counter_id = 'counter-late' AND window_start = toDateTime('2026-11-20 05:10:00', 'UTC')"))
                .singleElement().satisfies(row -> {
                    assertThat(((Number) row.get("ratings")).longValue()).isEqualTo(11);
                    assertThat(((Number) row.get("level_1")).longValue()).isEqualTo(1);
                    assertThat(((Number) row.get("level_5")).longValue()).isEqualTo(10);
                    assertThat(((Number) row.get("bad_count")).longValue()).isEqualTo(1);
                });
        assertThat(count("SELECT count() FROM ratings FINAL WHERE rating_id = 'too-late'"))
                .as("kept raw even though not counted").isEqualTo(1);
        assertThat(count("SELECT count() FROM dead_letters FINAL WHERE dead_letter_id = 'late:late-rating-guard:too-late'"))
                .isEqualTo(1);
    }

    /**
     * Every channel tied to its case: case events, evaluator and QR ratings, SMS replies to the job's own
     * invitations, and cases never rated. Rules: a 1-natural-day rating window and SMS invitations one hour
     * after completion. Event time moves on only where the test pushes it (case events or replies far
     * ahead on every partition; other partitions go idle), and ratings whose order matters wait for the
     * one before them to be counted (they travel different parallel paths to the gate).
     */
    @Test
    void everyChannelIsTiedToItsCaseAndADuplicateAcrossChannelsIsCountedOnce() throws Exception {
        settings = settings(Map.of("rules.ratingWindow", "1", "rules.ratingWindowDays", "natural",
                "rules.smsInvitationDelay", "1h"));
        startJob(new InstrumentedSink(sink()));
        PipelineSettings.Topics t = settings.topics();
        Instant completed = Instant.parse("2026-11-20T02:00:00Z");  // Friday 10:00 in Asia/Shanghai
        Instant invited = Instant.parse("2026-11-20T03:00:00Z");    // one hour later
        Instant windowEnd = Instant.parse("2026-11-21T16:00:00Z");  // the 21st counts; ends 22nd 00:00 +08:00

        // 1. five completed cases (P2, P3, P5 with a phone) and an invalid case event; P1 rated on the
        //    evaluator, pressed again 2 s later (spam), rated by QR (duplicate), and a 追评 without a 差评
        send(t.transactions(), 0, RatingJson.writeString(TestCases.completed("P0", completed, ""))
                .replace("\"hallId\":\"hall-1\"", "\"hallId\":\"\""));
        for (String p : List.of("P1", "P2", "P3", "P4", "P5")) {
            String phone = Set.of("P2", "P3", "P5").contains(p) ? "h-000" + p.charAt(1) : "";
            send(t.transactions(), p.charAt(1) % 4, TestCases.completed(p, completed, phone));
        }
        awaitCount("SELECT count() FROM cases FINAL", 5); // known before they are rated: one snapshot each more
        send(t.ratings(), 0, TestCases.evaluator("e1", "P1", 5, completed.plusSeconds(60)));
        awaitCount("SELECT count() FROM ratings FINAL", 1);
        send(t.ratings(), 0, TestCases.evaluator("e1b", "P1", 4, completed.plusSeconds(62)));
        send(t.ratings(), 0, TestCases.rating("q1", "P1", 1, Channel.QR, 4, completed.plusSeconds(300), "qr"));
        send(t.ratings(), 0, TestCases.rating("f1", "P1", 2, Channel.QR, 5, completed.plusSeconds(600), "qr"));
        awaitCount("SELECT count() FROM flagged_ratings FINAL", 3);

        // 2. case events at 05:00 on every partition move event time past 03:00: P2, P3, P5 are invited
        for (int p = 0; p < 4; p++) {
            send(t.transactions(), p, TestCases.accepted("PUSH-A" + p, Instant.parse("2026-11-20T05:00:00Z")));
        }
        awaitCount("SELECT count() FROM sms_invitations FINAL", 3);
        List<ConsumerRecord<byte[], byte[]>> outbox = readTopic(t.smsOutbox(), 3);
        assertThat(outbox).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + " "
                        + invitationOf(r).invitationId())
                .containsExactlyInAnyOrder("h-0002 inv:P2", "h-0003 inv:P3", "h-0005 inv:P5");
        assertThat(invitationOf(outbox.get(0)).expiresAt()).isEqualTo(windowEnd);

        // 3. P3 rated 差评 on the evaluator after its invitation: a work order opens; a 追评 before the
        //    work order was rectified is not counted
        send(t.ratings(), 0, TestCases.evaluator("e3", "P3", 2, Instant.parse("2026-11-20T05:10:00Z")));
        awaitCount("SELECT count() FROM ratings FINAL", 2);
        send(t.ratings(), 0, TestCases.rating("e3f", "P3", 2, Channel.EVALUATOR, 5,
                Instant.parse("2026-11-20T05:20:00Z"), "kiosk:counter-1"));
        awaitCount("SELECT count() FROM flagged_ratings FINAL", 4);
        //    SMS replies: P2 rates by SMS; P3 answers after its evaluator rating (duplicate); P5 sends
        //    nonsense; an unknown phone answers; a last reply at 06:00 moves the replies' event time on
        send(t.smsInbound(), 0, TestCases.reply("m2", "h-0002", "5 很好", Instant.parse("2026-11-20T05:30:00Z")));
        send(t.smsInbound(), 0, TestCases.reply("m3", "h-0003", "4", Instant.parse("2026-11-20T05:30:00Z")));
        send(t.smsInbound(), 0, TestCases.reply("m5", "h-0005", "你好", Instant.parse("2026-11-20T05:35:00Z")));
        send(t.smsInbound(), 0, TestCases.reply("mx", "h-0099", "5", Instant.parse("2026-11-20T05:45:00Z")));
        send(t.smsInbound(), 0, TestCases.reply("mp", "h-0098", "5", Instant.parse("2026-11-20T06:00:00Z")));
        awaitCount("SELECT count() FROM ratings FINAL", 3);
        awaitCount("SELECT count() FROM flagged_ratings FINAL", 5);
        //    P2, rated by SMS, is rated again on the evaluator
        send(t.ratings(), 0, TestCases.evaluator("e2", "P2", 4, Instant.parse("2026-11-20T05:40:00Z")));
        awaitCount("SELECT count() FROM flagged_ratings FINAL", 6);

        // 4. a day later on every partition: the rating window passes; P5 replies after its invitation expired
        send(t.smsInbound(), 0, TestCases.reply("m5b", "h-0005", "3", Instant.parse("2026-11-21T17:00:00Z")));
        send(t.smsInbound(), 0, TestCases.reply("mq", "h-0097", "5", Instant.parse("2026-11-22T12:00:00Z")));
        for (int p = 0; p < 4; p++) {
            send(t.transactions(), p, TestCases.accepted("PUSH-C" + p, Instant.parse("2026-11-22T12:00:00Z")));
        }
        awaitTotals(5, 5);

        assertThat(store.query("SELECT channel, is_default, count() AS n FROM ratings FINAL GROUP BY channel, is_default "
                + "ORDER BY channel")).extracting(m -> m.get("channel") + "/" + m.get("is_default") + "=" + m.get("n"))
                .containsExactly("default/1=2", "evaluator/0=2", "sms/0=1");
        assertThat(store.query("SELECT rating_id, project_no, rated_at FROM ratings FINAL WHERE is_default = 1 ORDER BY rating_id"))
                .extracting(m -> m.get("rating_id") + " " + m.get("project_no"))
                .containsExactly("default:P4 P4", "default:P5 P5");
        assertThat(count("SELECT count() FROM ratings FINAL WHERE is_default = 1 AND rated_at = toDateTime64('"
                + "2026-11-21 16:00:00', 3, 'UTC')")).as("exactly at the window end").isEqualTo(2);
        assertThat(store.query("SELECT rating_id, flag, detail FROM flagged_ratings FINAL ORDER BY rating_id"))
                .extracting(m -> m.get("rating_id") + " " + m.get("flag") + " " + m.get("detail"))
                .containsExactly(
                        "e1b spam repeated press on kiosk:counter-1 for case P1 2000 ms after the previous one (spam interval 5000 ms)",
                        "e2 duplicate 请勿重复评价: already rated by sms:gw-1:m2 (sms)",
                        "e3f followup_not_allowed 追评 (assess number 2) only follows a rectified 差评; work order P3 is open (待回访)",
                        "f1 followup_not_allowed 追评 (assess number 2) only follows a rectified 差评; case P1 has no 差评 work order",
                        "q1 duplicate 请勿重复评价: already rated by e1 (evaluator)",
                        "sms:gw-1:m3 duplicate 请勿重复评价: already rated by e3 (evaluator)");
        assertThat(store.query("SELECT project_no, status, rating_channel, rating_level, version, "
                + "sms_invited_at IS NOT NULL AS invited FROM cases FINAL WHERE project_no LIKE 'P_' ORDER BY project_no"))
                .extracting(m -> m.get("project_no") + " " + m.get("status") + " " + m.get("rating_channel") + " "
                        + m.get("rating_level") + " v" + m.get("version") + " invited=" + m.get("invited"))
                .containsExactly("P1 rated evaluator 5 v2 invited=0", "P2 rated sms 5 v3 invited=1",
                        "P3 rated evaluator 2 v3 invited=1", "P4 defaulted default 3 v2 invited=0",
                        "P5 defaulted default 3 v3 invited=1");
        assertThat(count("SELECT count() FROM cases FINAL")).as("5 cases + 8 pushing case events").isEqualTo(13);
        assertThat(count("SELECT count() FROM cases FINAL WHERE citizen_phone_masked = '138****0002'")).isEqualTo(1);
        assertThat(store.query("SELECT invitation_id, phone_hash, invited_at = toDateTime64('2026-11-20 03:00:00', 3, 'UTC') "
                + "AS on_time FROM sms_invitations FINAL ORDER BY invitation_id"))
                .extracting(m -> m.get("invitation_id") + " " + m.get("phone_hash") + " " + m.get("on_time"))
                .containsExactly("inv:P2 h-0002 1", "inv:P3 h-0003 1", "inv:P5 h-0005 1");
        assertThat(store.query("SELECT dead_letter_id, reason FROM dead_letters FINAL ORDER BY dead_letter_id"))
                .extracting(m -> m.get("dead_letter_id") + " " + m.get("reason"))
                .containsExactly(
                        "sms-reply:sms:gw-1:m5 unparseable SMS reply: no level found: expected a digit 1-5 or a level name such as 满意",
                        "sms-reply:sms:gw-1:m5b SMS reply arrived after its invitation expired: inv:P5 expired at 2026-11-21T16:00:00Z",
                        "sms-reply:sms:gw-1:mp no SMS invitation for this phone before the reply",
                        "sms-reply:sms:gw-1:mx no SMS invitation for this phone before the reply",
                        t.transactions() + "-0@0 invalid case event: hallId: required");
        assertThat(count("SELECT sum(default_count) FROM counter_minute_scores FINAL")).isEqualTo(2);
        assertThat(count("SELECT sum(default_score_sum) FROM counter_minute_scores FINAL")).isEqualTo(2 * 6);
        assertThat(count("SELECT sum(score_sum) FROM clerk_minute_scores FINAL")).as("10 + 3 + 10 + 6 + 6")
                .isEqualTo(35);
        assertThat(store.query("SELECT work_order_id, status, rating_id, version FROM work_orders FINAL"))
                .extracting(m -> m.get("work_order_id") + " " + m.get("status") + " " + m.get("rating_id") + " v"
                        + m.get("version"))
                .as("the 差评's follow-up is due on Monday 11-23 13:10, after the last event time")
                .containsExactly("P3 open e3 v1");
        assertThat(store.query("SELECT alert_id FROM alerts FINAL")).extracting(m -> m.get("alert_id"))
                .containsExactly("bad:e3");
        assertThat(readTopic(t.smsOutbox(), 3)).as("each invitation written once").hasSize(3);
    }

    private static SmsInvitation invitationOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return RatingJson.read(record.value(), SmsInvitation.class);
        } catch (org.haochaping.model.InvalidRatingException e) {
            throw new AssertionError("not an invitation in the outbox: " + e.getMessage());
        }
    }
}
