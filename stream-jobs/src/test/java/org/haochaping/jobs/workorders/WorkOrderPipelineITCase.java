package org.haochaping.jobs.workorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.appeal;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.by;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.followUp;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.rectify;
import static org.haochaping.jobs.workorders.WorkOrderFixtures.review;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.haochaping.jobs.ratings.PipelineITCaseSupport;
import org.haochaping.jobs.ratings.PipelineSettings;
import org.haochaping.jobs.ratings.TestCases;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.CommandOutcome.Result;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.junit.jupiter.api.Test;

/**
 * 差评 work orders through the whole job: ratings and case events from Kafka, console commands from the
 * commands topic, outcomes and alerts read back from their topics, every table checked in ClickHouse. Event
 * time moves only with traffic; partitions without traffic go idle after 2 s ({@code flink.idleness}), so one
 * record ahead in time moves the watermark.
 */
class WorkOrderPipelineITCase extends PipelineITCaseSupport {

    /** 16:00 on Wednesday 2026-09-30 in Asia/Shanghai, the eve of the National Day holidays. */
    private static final Instant COMPLETED = Instant.parse("2026-09-30T08:00:00Z");

    private void command(WorkOrderCommand c) {
        // keyed by work order, as the console publishes: one work order's commands stay in order
        producer.send(new ProducerRecord<>(settings.topics().workOrderCommands(),
                c.workOrderId().getBytes(StandardCharsets.UTF_8), RatingJson.write(c)));
        producer.flush();
    }

    private String one(String sql) {
        List<Map<String, Object>> rows = store.query(sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0).values().stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private static <T> T read(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        try {
            return RatingJson.read(record.value(), type);
        } catch (InvalidRatingException e) {
            throw new AssertionError("unreadable record on " + record.topic() + ": " + e.getMessage());
        }
    }

    @Override
    protected String diagnostics() {
        return "work orders " + store.query("SELECT work_order_id, status, version FROM work_orders FINAL") + ", alerts "
                + store.query("SELECT alert_id FROM alerts FINAL") + ", " + super.diagnostics();
    }

    @Test
    void the差评LifecycleThroughKafkaWithAppealsRefusalsAndAnOverdueAlertRaisedOnceAcrossAFailover() throws Exception {
        settings = settings(Map.of("flink.idleness", "2s"));
        startJob(new InstrumentedSink(sink()));
        PipelineSettings.Topics t = settings.topics();

        // 1. four completed cases (P-WO with a phone), then three 差评 of clerk-1 within ten minutes and a 好评
        List<String> cases = List.of("P-WO", "P-AP", "P-OD", "P-OK");
        for (int i = 0; i < cases.size(); i++) {
            send(t.transactions(), i, TestCases.completed(cases.get(i), COMPLETED, i == 0 ? "h-0001" : ""));
        }
        awaitCount("SELECT count() FROM cases FINAL", 4); // known before rated: the work orders get their item
        send(t.ratings(), 0, TestCases.evaluator("bad-wo", "P-WO", 2, Instant.parse("2026-09-30T08:30:00Z")));
        send(t.ratings(), 0, TestCases.evaluator("bad-ap", "P-AP", 2, Instant.parse("2026-09-30T08:35:00Z")));
        send(t.ratings(), 0, TestCases.evaluator("bad-od", "P-OD", 2, Instant.parse("2026-09-30T08:40:00Z")));
        send(t.ratings(), 0, TestCases.evaluator("good-ok", "P-OK", 5, Instant.parse("2026-09-30T08:45:00Z")));
        awaitCount("SELECT count() FROM work_orders FINAL", 3);
        // deadlines in local time: 16:30 on the first working day after the holidays; 15 working days
        // (with the 调休 Saturday 10-10) end on 10-27
        assertThat(one("SELECT status, toString(follow_up_due, 'Asia/Shanghai'), toString(rectify_due, 'Asia/Shanghai'), "
                + "item_name, version FROM work_orders FINAL WHERE work_order_id = 'P-WO'"))
                .isEqualTo("open 2026-10-08 16:30:00.000 2026-10-27 16:30:00.000 营业执照办理 1");
        awaitCount("SELECT count() FROM alerts FINAL", 5);
        assertThat(store.query("SELECT alert_id, title FROM alerts FINAL WHERE type IN ('bad_rating', 'spike') "
                + "ORDER BY alert_id")).extracting(m -> m.get("alert_id") + " " + m.get("title")).containsExactly(
                "bad:bad-ap 新差评：大厅 hall-1 窗口 counter-1 工作人员 clerk-1，不满意",
                "bad:bad-od 新差评：大厅 hall-1 窗口 counter-1 工作人员 clerk-1，不满意",
                "bad:bad-wo 新差评：大厅 hall-1 窗口 counter-1 工作人员 clerk-1，不满意",
                "spike:clerk:hall-1/clerk-1:bad-od 差评集中：工作人员 clerk-1 在 60 分钟内收到 3 条差评",
                "spike:counter:hall-1/counter-1:bad-od 差评集中：窗口 counter-1 在 60 分钟内收到 3 条差评");

        // 2. commands on the morning of 10-08: applied, refused three ways, one repeated, one malformed
        Instant morning = Instant.parse("2026-10-08T01:30:00Z");
        WorkOrderCommand follow = followUp("c-follow", "P-WO", morning);
        command(follow);
        command(rectify("c-early", "P-AP", morning.plusSeconds(60)));
        command(by(followUp("c-foreign", "P-WO", morning.plusSeconds(120)), "sup-9", ConsoleRole.SUPERVISOR,
                List.of("hall-9")));
        command(followUp("c-none", "P-NONE", morning.plusSeconds(180)));
        command(follow);
        send(t.workOrderCommands(), 0, RatingJson.writeString(rectify("c-bad", "P-WO", morning)).replace(
                ",\"action\":\"高峰时段增开两个窗口\"", ""));
        List<CommandOutcome> outcomes = readTopic(t.workOrderOutcomes(), 5).stream()
                .map(r -> read(r, CommandOutcome.class)).toList();
        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.stream().filter(o -> o.commandId().equals("c-follow")))
                .as("answered twice, alike").containsExactly(
                        new CommandOutcome("c-follow", "P-WO", Result.APPLIED, "", "followed_up", 2, morning),
                        new CommandOutcome("c-follow", "P-WO", Result.APPLIED, "", "followed_up", 2, morning));
        assertThat(outcomes.stream().filter(o -> !o.commandId().equals("c-follow")).sorted(
                java.util.Comparator.comparing(CommandOutcome::commandId)))
                .extracting(o -> o.commandId() + " " + o.result().httpStatus() + " " + o.reason() + " " + o.status())
                .containsExactly("c-early 409 工单尚未回访，请先回访核实后再整改 open",
                        "c-foreign 403 该工单属于大厅 hall-1，不在您的管辖范围内 followed_up",
                        "c-none 404 工单不存在：P-NONE 没有差评 ");
        awaitCount("SELECT count() FROM work_order_commands FINAL", 4);
        assertThat(store.query("SELECT reason FROM dead_letters FINAL")).extracting(m -> m.get("reason"))
                .containsExactly("invalid work order command: action: 整改必须填写整改措施");

        // 3. the clerk appeals P-AP, the auditor upholds: the rating stays, the scores drop it
        command(appeal("c-appeal", "P-AP", Instant.parse("2026-10-08T02:00:00Z")));
        command(review("c-review", "P-AP", AppealDecision.UPHELD, Instant.parse("2026-10-08T02:30:00Z")));
        awaitCount("SELECT count() FROM score_exclusions FINAL", 1);
        awaitCount("SELECT sum(ratings) FROM clerk_minute_scores FINAL", 4);
        awaitCount("SELECT sum(ratings) FROM counter_minute_scores FINAL", 4);
        assertThat(one("SELECT status, appeal_status, close_reason, version FROM work_orders FINAL "
                + "WHERE work_order_id = 'P-AP'")).isEqualTo("voided upheld appeal_upheld 3");
        assertThat(one("SELECT sum(ratings), sum(bad_count), sum(score_sum) FROM clerk_scores WHERE clerk_id = 'clerk-1'"))
                .as("4 ratings less the excluded 差评: 3 + 3 + 10 points").isEqualTo("3 2 16");
        assertThat(one("SELECT sum(ratings), sum(level_2), sum(score_sum) FROM counter_scores WHERE counter_id = 'counter-1'"))
                .isEqualTo("3 2 16");
        assertThat(count("SELECT count() FROM ratings FINAL WHERE rating_id = 'bad-ap'")).as("never deleted").isEqualTo(1);
        assertThat(count("SELECT count() FROM counted_ratings")).isEqualTo(3);
        assertThat(count("SELECT count() FROM counted_ratings WHERE rating_id = 'bad-ap'")).isZero();

        // 4. P-WO is rectified: the 追评 window runs 7 natural days, the citizen is invited by SMS
        command(rectify("c-rectify", "P-WO", Instant.parse("2026-10-08T03:00:00Z")));
        awaitCount("SELECT count() FROM sms_invitations FINAL", 1);
        List<ConsumerRecord<byte[], byte[]>> outbox = readTopic(t.smsOutbox(), 1);
        assertThat(outbox).hasSize(1);
        assertThat(new String(outbox.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("h-0001");
        assertThat(read(outbox.get(0), SmsInvitation.class)).isEqualTo(new SmsInvitation("inv2:P-WO", "P-WO", 2,
                "hall-1", "counter-1", "clerk-1", "dept-1", "item-1", "营业执照办理", "440100", "h-0001", "138****0001",
                "sealed-h-0001", Instant.parse("2026-10-08T03:00:00Z"), Instant.parse("2026-10-15T16:00:00Z")));
        assertThat(one("SELECT invitation_id, assess_number, toString(expires_at, 'Asia/Shanghai') FROM sms_invitations FINAL"))
                .isEqualTo("inv2:P-WO 2 2026-10-16 00:00:00.000");

        // 5. the 追评 on 10-09 moves event time past P-OD's follow-up deadline (10-08 16:40): its due-soon and
        //    overdue alerts fire; the job fails right after the overdue alert's row was written and restarts
        //    from a checkpoint taken before the alert, so the timer fires again once traffic moves time on
        Predicate<ClickHouseRow> overdueRow = row -> row.table().equals("alerts")
                && row.json().contains("\"alert_id\":\"overdue:follow_up:P-OD\"");
        InstrumentedSink.watch(overdueRow);
        InstrumentedSink.failOnceAfterWriting(overdueRow);
        send(t.ratings(), 0, TestCases.rating("qr-wo", "P-WO", 2, Channel.QR, 5, Instant.parse("2026-10-09T02:00:00Z"), "qr"));
        await("the injected failure", Duration.ofSeconds(60), () -> InstrumentedSink.failures() == 1);
        for (int p = 0; p < PARTITIONS; p++) {
            send(t.transactions(), p, TestCases.accepted("PUSH-" + p, Instant.parse("2026-10-09T03:00:00Z")));
        }
        await("the overdue alert raised again after the restart", Duration.ofSeconds(90),
                () -> InstrumentedSink.seen().size() == 2);
        awaitCount("SELECT count() FROM alerts FINAL", 7);
        awaitCount("SELECT count() FROM work_orders FINAL WHERE status = 'closed'", 1);

        assertThat(InstrumentedSink.seen()).as("raised twice, the same row").extracting(ClickHouseRow::json)
                .containsOnly(InstrumentedSink.seen().get(0).json());
        assertThat(count("SELECT count() FROM alerts FINAL WHERE alert_id = 'overdue:follow_up:P-OD'")).isEqualTo(1);
        assertThat(store.query("SELECT alert_id, title, toString(due_at, 'Asia/Shanghai') AS due, "
                + "toString(raised_at, 'Asia/Shanghai') AS raised FROM alerts FINAL WHERE work_order_id = 'P-OD' "
                + "AND type != 'bad_rating' ORDER BY alert_id"))
                .extracting(m -> m.get("alert_id") + " " + m.get("title") + " " + m.get("due") + " " + m.get("raised"))
                .containsExactly(
                        "due_soon:follow_up:P-OD 回访即将到期：工单 P-OD，截止 2026-10-08 16:40 2026-10-08 16:40:00.000 "
                                + "2026-10-08 14:40:00.000",
                        "overdue:follow_up:P-OD 回访已超时：工单 P-OD，截止 2026-10-08 16:40 2026-10-08 16:40:00.000 "
                                + "2026-10-08 16:40:00.000");
        List<ConsumerRecord<byte[], byte[]>> alertRecords = readTopic(t.alerts(), 7);
        assertThat(alertRecords.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().sorted())
                .containsExactly("bad:bad-ap", "bad:bad-od", "bad:bad-wo", "due_soon:follow_up:P-OD",
                        "overdue:follow_up:P-OD", "spike:clerk:hall-1/clerk-1:bad-od",
                        "spike:counter:hall-1/counter-1:bad-od");

        // 6. the closed loop in the tables
        assertThat(one("SELECT status, close_reason, rerate_rating_id, rerate_level, rerate_sms_invited, "
                + "follow_up_overdue, toString(rerate_due, 'Asia/Shanghai'), version FROM work_orders FINAL "
                + "WHERE work_order_id = 'P-WO'")).isEqualTo("closed rerated qr-wo 5 1 0 2026-10-16 00:00:00.000 4");
        assertThat(one("SELECT status, follow_up_overdue, version FROM work_orders FINAL WHERE work_order_id = 'P-OD'"))
                .isEqualTo("open 1 2");
        assertThat(store.query("SELECT event_id, status_after FROM work_order_events FINAL WHERE work_order_id = 'P-WO' "
                + "ORDER BY occurred_at, event_id")).extracting(m -> m.get("event_id") + " " + m.get("status_after"))
                .containsExactly("opened:bad-wo open", "followed_up:c-follow followed_up", "rectified:c-rectify rectified",
                        "rerate_invited:inv2:P-WO rectified", "closed:qr-wo closed", "rerated:qr-wo closed");
        assertThat(count("SELECT count() FROM work_order_events FINAL")).as("P-WO 6, P-AP 3, P-OD 3").isEqualTo(12);
        assertThat(store.query("SELECT result, count() AS n FROM work_order_commands FINAL GROUP BY result ORDER BY result"))
                .extracting(m -> m.get("result") + "=" + m.get("n"))
                .containsExactly("applied=4", "conflict=1", "forbidden=1", "not_found=1");
        assertThat(one("SELECT assess_number, level FROM ratings FINAL WHERE rating_id = 'qr-wo'")).isEqualTo("2 5");
        assertThat(count("SELECT count() FROM ratings FINAL")).isEqualTo(5);
        assertThat(count("SELECT count() FROM flagged_ratings FINAL")).isZero();
        awaitCount("SELECT sum(ratings) FROM clerk_scores", 4);
        assertThat(InstrumentedSink.failures()).isEqualTo(1);
    }
}
