package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.console.ConsoleClient.Reply;
import org.haochaping.model.RatingJson;
import org.haochaping.model.workorders.AppealKind;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;
import org.junit.jupiter.api.Test;

/**
 * Commands through a real Kafka broker: the console publishes, the test plays the stream job (reads the
 * command, writes an outcome), and the HTTP answer follows the outcome. No work order rows are needed:
 * whether the actor may act on the work order and whether the transition is allowed is the job's to say.
 */
class CommandGatewayITCase extends ConsoleFixture {

    private static final String P1 = "/api/v1/work-orders/P1";
    private static final String FOLLOW_UP = "{\"reached\": true, \"verified\": true, \"citizenFeedback\": \"等候时间太长\"}";
    private static final String RECTIFY = "{\"cause\": \"材料清单未公示\", \"action\": \"窗口张贴材料清单\"}";
    private static final String APPEAL = "{\"kind\": \"mistaken\", \"reason\": \"评价人误按了不满意\"}";
    private static final String REVIEW = "{\"decision\": \"upheld\", \"note\": \"监控录像证实为误按\"}";

    /** Posts, waits for the one command on the topic, answers it as the job would, and returns the HTTP reply. */
    private Reply issueAndAnswer(String path, TestUsers.User user, String body, CommandOutcome.Result result,
                                 String reason, String status, long version) throws Exception {
        CompletableFuture<Reply> reply = client.postAsync(path, user.token(), body);
        List<ConsumerRecord<String, String>> commands = awaitRecords(commandsTopic, 1);
        assertThat(commands).hasSize(1);
        WorkOrderCommand command = RatingJson.read(commands.get(0).value().getBytes(), WorkOrderCommand.class);
        answer(new CommandOutcome(command.commandId(), command.workOrderId(), result, reason, status, version,
                NOW.plusMillis(30)));
        return reply.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aFollowUpPublishesExactlyOneCommandWithTheActorFromTheTokenAndIsAnsweredWithTheOutcome() throws Exception {
        Reply reply = issueAndAnswer(P1 + "/follow-ups", TestUsers.SUPERVISOR_H1, FOLLOW_UP,
                CommandOutcome.Result.APPLIED, "", "followed_up", 2);

        List<ConsumerRecord<String, String>> records = read(commandsTopic);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("P1");
        WorkOrderCommand command = RatingJson.read(records.get(0).value().getBytes(), WorkOrderCommand.class);
        assertThat(command.commandId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(command).isEqualTo(new WorkOrderCommand(command.commandId(), "P1", WorkOrderCommandType.FOLLOW_UP,
                "sup-h1", ConsoleRole.SUPERVISOR, List.of("H1"), NOW, true, true, "等候时间太长", null, null, null,
                null, null, null));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().toString()).isEqualTo("{\"commandId\":\"" + command.commandId()
                + "\",\"workOrderId\":\"P1\",\"result\":\"applied\",\"reason\":\"\",\"status\":\"followed_up\","
                + "\"version\":2,\"decidedAt\":\"2026-10-08T06:00:00.030Z\"}");
    }

    @Test
    void aConflictIs409WithTheJobsReason() throws Exception {
        Reply reply = issueAndAnswer(P1 + "/rectification", TestUsers.SUPERVISOR_H1, RECTIFY,
                CommandOutcome.Result.CONFLICT, "工单尚未回访，请先回访核实后再整改", "open", 1);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("工单尚未回访，请先回访核实后再整改");
        assertThat(reply.json().get("result").asText()).isEqualTo("conflict");
        assertThat(reply.json().get("status").asText()).isEqualTo("open");
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anotherHallIs403WithTheJobsReason() throws Exception {
        Reply reply = issueAndAnswer(P1 + "/follow-ups", TestUsers.SUPERVISOR_H2, FOLLOW_UP,
                CommandOutcome.Result.FORBIDDEN, "该工单属于大厅 H1，不在您的管辖范围内", "open", 1);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("该工单属于大厅 H1，不在您的管辖范围内");
        assertThat(reply.json().get("result").asText()).isEqualTo("forbidden");
        WorkOrderCommand sent = RatingJson.read(read(commandsTopic).get(0).value().getBytes(), WorkOrderCommand.class);
        assertThat(sent.actorHalls()).containsExactly("H2");
    }

    @Test
    void aClerksAppealCarriesTheClerkAsActorAndAnUnknownWorkOrderIs404() throws Exception {
        Reply reply = issueAndAnswer("/api/v1/work-orders/P9/appeal", TestUsers.CLERK_K7, APPEAL,
                CommandOutcome.Result.NOT_FOUND, "工单不存在：P9 没有差评", "", 0);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).isEqualTo("工单不存在：P9 没有差评");
        WorkOrderCommand sent = RatingJson.read(read(commandsTopic).get(0).value().getBytes(), WorkOrderCommand.class);
        assertThat(sent.type()).isEqualTo(WorkOrderCommandType.APPEAL);
        assertThat(sent.actorId()).isEqualTo("K7");
        assertThat(sent.actorRole()).isEqualTo(ConsoleRole.CLERK);
        assertThat(sent.appealKind()).isEqualTo(AppealKind.MISTAKEN);
        assertThat(sent.reason()).isEqualTo("评价人误按了不满意");
    }

    @Test
    void anAuditorsReviewIsPublished() throws Exception {
        Reply reply = issueAndAnswer(P1 + "/appeal/review", TestUsers.AUDITOR_H1, REVIEW,
                CommandOutcome.Result.APPLIED, "", "voided", 5);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("voided");
        assertThat(read(commandsTopic)).hasSize(1);
    }

    @Test
    void aRoleThatMayNotIssueTheTypeIs403AndNothingIsPublished() {
        record Case(String path, String body, TestUsers.User user, String message) {}
        List<Case> cases = List.of(
                new Case(P1 + "/follow-ups", FOLLOW_UP, TestUsers.AUDITOR_H1, "您的角色（复核员）不能办理回访"),
                new Case(P1 + "/follow-ups", FOLLOW_UP, TestUsers.CLERK_K7, "您的角色（窗口工作人员）不能办理回访"),
                new Case(P1 + "/rectification", RECTIFY, TestUsers.AUDITOR_H1, "您的角色（复核员）不能办理整改"),
                new Case(P1 + "/rectification", RECTIFY, TestUsers.CLERK_K7, "您的角色（窗口工作人员）不能办理整改"),
                new Case(P1 + "/appeal", APPEAL, TestUsers.AUDITOR_H1, "您的角色（复核员）不能办理申诉"),
                new Case(P1 + "/appeal/review", REVIEW, TestUsers.SUPERVISOR_ALL, "您的角色（督查员）不能办理复核"),
                new Case(P1 + "/appeal/review", REVIEW, TestUsers.CLERK_K7, "您的角色（窗口工作人员）不能办理复核"),
                // the role is checked before the body
                new Case(P1 + "/appeal/review", "{not json", TestUsers.SUPERVISOR_H1, "您的角色（督查员）不能办理复核"));
        for (Case c : cases) {
            Reply reply = client.post(c.path(), c.user().token(), c.body());
            assertThat(reply.status()).as(c.toString()).isEqualTo(403);
            assertThat(reply.error()).as(c.toString()).isEqualTo(c.message());
        }
        assertThat(read(commandsTopic)).isEmpty();
    }

    @Test
    void noTokenIs401BeforeAnythingElse() {
        Reply reply = client.post(P1 + "/appeal/review", null, "{not json");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"haochaping-console\"");
        assertThat(client.post(P1 + "/follow-ups", "token-nobody-has", FOLLOW_UP).status()).isEqualTo(401);
        assertThat(read(commandsTopic)).isEmpty();
    }

    @Test
    void anInvalidBodyIs400WithChineseViolationsAndNothingIsPublished() {
        Reply missing = client.post(P1 + "/rectification", TestUsers.SUPERVISOR_H1.token(), "{\"cause\": \"\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("请求内容有误，请按提示修改后重新提交");
        assertThat(missing.json().get("violations")).extracting(v -> v.get("field").asText(), v -> v.get("message").asText())
                .containsExactly(tuple("cause", "整改必须填写差评原因"), tuple("action", "整改必须填写整改措施"));

        Reply actor = client.post(P1 + "/follow-ups", TestUsers.SUPERVISOR_H1.token(), "{\"reached\": false, \"verified\": false, \"actorId\": \"sup-all\"}");
        assertThat(actor.status()).isEqualTo(400);
        assertThat(actor.json().at("/violations/0/field").asText()).isEqualTo("actorId");
        assertThat(actor.json().at("/violations/0/message").asText()).isEqualTo("未知字段，可用字段：reached、verified、citizenFeedback、note");

        Reply malformed = client.post(P1 + "/appeal", TestUsers.CLERK_K7.token(), "{\"kind\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/violations/0/message").asText()).isEqualTo("请求体不是有效的 JSON");

        Reply kind = client.post(P1 + "/appeal", TestUsers.CLERK_K7.token(), "{\"kind\": \"unfair\", \"reason\": \"x\"}");
        assertThat(kind.json().at("/violations/0/field").asText()).isEqualTo("kind");

        Reply badId = client.post("/api/v1/work-orders/P%241/follow-ups", TestUsers.SUPERVISOR_H1.token(), FOLLOW_UP);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().at("/violations/0/field").asText()).isEqualTo("workOrderId");

        assertThat(read(commandsTopic)).isEmpty();
    }

    @Test
    void noOutcomeInTimeIs202WithAStatusUrlThatLaterAnswersFromClickHouse() throws Exception {
        ConsoleServer quick = start(Map.of("console.commandTimeout", "300ms"));
        try {
            ConsoleClient quickClient = new ConsoleClient(quick.port());
            Reply accepted = quickClient.post(P1 + "/follow-ups", TestUsers.SUPERVISOR_H1.token(), FOLLOW_UP);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String commandId = accepted.json().get("commandId").asText();
            assertThat(accepted.json().get("status").asText()).isEqualTo("pending");
            assertThat(accepted.json().get("statusUrl").asText()).isEqualTo("/api/v1/commands/" + commandId);
            assertThat(read(commandsTopic)).hasSize(1);

            // the console knows it sent it: pending, not unknown
            Reply stillPending = quickClient.get("/api/v1/commands/" + commandId, TestUsers.SUPERVISOR_H1.token());
            assertThat(stillPending.status()).isEqualTo(202);
            assertThat(stillPending.json().get("status").asText()).isEqualTo("pending");

            // the job decided, and its sink wrote the row (the console was not listening any more)
            insert("work_order_commands", Rows.command(commandId, "P1", "follow_up", "sup-h1", "supervisor",
                    "applied", "", "followed_up", 2, NOW, "{}"));
            Reply decided = quickClient.get("/api/v1/commands/" + commandId, TestUsers.SUPERVISOR_H1.token());
            assertThat(decided.status()).isEqualTo(200);
            assertThat(decided.json().toString()).isEqualTo("{\"commandId\":\"" + commandId
                    + "\",\"workOrderId\":\"P1\",\"result\":\"applied\",\"reason\":\"\",\"status\":\"followed_up\","
                    + "\"version\":2,\"decidedAt\":\"2026-10-08T06:00:00.040Z\"}");
        } finally {
            quick.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anOutcomeArrivingAfterThe202IsAnsweredFromMemory() throws Exception {
        ConsoleServer quick = start(Map.of("console.commandTimeout", "300ms"));
        try {
            ConsoleClient quickClient = new ConsoleClient(quick.port());
            Reply accepted = quickClient.post(P1 + "/appeal", TestUsers.CLERK_K7.token(), APPEAL);
            assertThat(accepted.status()).isEqualTo(202);
            String commandId = accepted.json().get("commandId").asText();
            answer(new CommandOutcome(commandId, "P1", CommandOutcome.Result.CONFLICT, "该工单已申诉过，不能重复申诉",
                    "open", 3, NOW));
            Reply decided = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                decided = quickClient.get("/api/v1/commands/" + commandId, TestUsers.CLERK_K7.token());
                if (decided.status() != 202) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(decided.status()).as(decided.body()).isEqualTo(200);
            assertThat(decided.json().get("result").asText()).isEqualTo("conflict");
            assertThat(decided.json().get("reason").asText()).isEqualTo("该工单已申诉过，不能重复申诉");
            assertThat(store.queryLong("SELECT count() FROM work_order_commands FINAL")).isZero();
        } finally {
            quick.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownCommandIs404() {
        Reply unknown = client.get("/api/v1/commands/no-such-command", TestUsers.SUPERVISOR_H1.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("指令不存在：no-such-command");
    }

    @Test
    void outcomesWrittenBeforeTheConsoleStartedAreNotRead() throws Exception {
        console.close().await(30, TimeUnit.SECONDS);
        answer(new CommandOutcome("c-before", "P1", CommandOutcome.Result.APPLIED, "", "followed_up", 2, NOW));
        console = start(Map.of());
        client = new ConsoleClient(console.port());
        // the reader starts at the end: the old outcome is neither in memory nor (no row) in ClickHouse
        assertThat(client.get("/api/v1/commands/c-before", TestUsers.SUPERVISOR_H1.token()).status()).isEqualTo(404);
        // and a new command is still answered
        Reply reply = issueAndAnswer(P1 + "/follow-ups", TestUsers.SUPERVISOR_H1, FOLLOW_UP,
                CommandOutcome.Result.APPLIED, "", "followed_up", 3);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheAnswerIs503WithRetryAfterAndNothingIsPublished() throws Exception {
        // a topic that does not exist (the broker creates none): the producer waits for metadata until http.kafkaTimeout
        ConsoleServer blind = start(Map.of("kafka.workOrderCommandsTopic", "it.no-such-topic"));
        try {
            Reply reply = new ConsoleClient(blind.port()).post(P1 + "/follow-ups", TestUsers.SUPERVISOR_H1.token(), FOLLOW_UP);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("7");
            assertThat(reply.error()).isEqualTo("系统繁忙，指令未能提交，请稍后重试");
        } finally {
            blind.close().await(30, TimeUnit.SECONDS);
        }
        assertThat(read(commandsTopic)).isEmpty();
    }

    @Test
    void aMissingOutcomesTopicFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> start(Map.of("kafka.workOrderOutcomesTopic", "it.no-outcomes")))
                .hasMessageContaining("Kafka topic 'it.no-outcomes' (kafka.workOrderOutcomesTopic) does not exist");
    }
}
