package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.haochaping.console.ConsoleClient.Reply;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read side over HTTP against rows in chDB: authentication, list filters, scopes (hall, own), one work
 * order with its history, a clerk's own ratings, alerts, the 追评 link, and the JSON error answers.
 *
 * <p>The hall: P1 (H1, counter W3, clerk K7, open), P2 (H1, W4, K8, followed up, follow-up overdue), P3 (H2,
 * W1, K9, open; its second version is follow-up overdue), P4 (H1, W3, K7, rectified, rectification
 * overdue), P5 (H1, W3, K7, voided by an upheld appeal). Newest first: P5, P4, P3, P2, P1.
 */
class ConsoleQueriesITCase extends ConsoleFixture {

    private static final String WORK_ORDERS = "/api/v1/work-orders";
    private static final Instant RERATE_DUE = Instant.parse("2026-10-19T16:00:00Z");

    @BeforeEach
    void hall() {
        insert("work_orders",
                Rows.workOrder("P1", "H1", "W3", "K7", Rows.OPENED),
                Rows.workOrder("P2", "H1", "W4", "K8", Rows.OPENED.plusSeconds(3600)).with("status", "followed_up")
                        .with("follow_up_overdue", true).with("followed_up_at", Rows.FOLLOW_UP_DUE.plusSeconds(600))
                        .with("follow_up_count", 1).with("version", 3),
                Rows.workOrder("P3", "H2", "W1", "K9", Rows.OPENED.plusSeconds(7200)),
                Rows.workOrder("P4", "H1", "W3", "K7", Instant.parse("2026-10-01T08:30:00Z")).with("status", "rectified")
                        .with("rectify_overdue", true).with("rectified_at", Instant.parse("2026-10-12T02:00:00Z"))
                        .with("rectify_cause", "材料清单未公示").with("rectify_action", "窗口张贴材料清单")
                        .with("rerate_due", RERATE_DUE).with("version", 4),
                Rows.workOrder("P5", "H1", "W3", "K7", Instant.parse("2026-10-05T02:00:00Z")).with("status", "voided")
                        .with("appeal_status", "upheld").with("appeal_kind", "malicious")
                        .with("closed_at", Instant.parse("2026-10-07T03:00:00Z")).with("close_reason", "appeal_upheld"));
        // a newer version of P3: only this one may be seen (FINAL)
        insert("work_orders", Rows.workOrder("P3", "H2", "W1", "K9", Rows.OPENED.plusSeconds(7200))
                .with("follow_up_overdue", true).with("version", 2));
    }

    private List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get("workOrderId").asText()));
        return ids;
    }

    private List<String> list(TestUsers.User user, String query) {
        return ids(client.get(WORK_ORDERS + query, user.token()));
    }

    // ---- authentication --------------------------------------------------------------------

    @Test
    void noTokenAWrongTokenOrAMalformedHeaderIs401WithBearerChallengeAndAChineseMessage() {
        Reply none = client.getWithAuthorization(WORK_ORDERS, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"haochaping-console\"");
        assertThat(none.error()).isEqualTo("请先登录：请求缺少 Authorization: Bearer 令牌");
        assertThat(none.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

        Reply wrong = client.get(WORK_ORDERS, "token-nobody-has");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"haochaping-console\", error=\"invalid_token\"");
        assertThat(wrong.error()).isEqualTo("登录令牌无效或已停用，请向管理员索取新的令牌");

        Reply malformed = client.getWithAuthorization(WORK_ORDERS, "Basic c3VwLWgxOnNlY3JldA==");
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(malformed.error()).isEqualTo("登录凭证格式不正确，应为 Authorization: Bearer <令牌>");

        // every API path is behind the token, also one that does not exist
        assertThat(client.get("/api/v1/no-such-thing", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void meTellsTheUserRoleAndHalls() {
        JsonNode me = client.get("/api/v1/me", TestUsers.AUDITOR_H1.token()).json();
        assertThat(me.toString()).isEqualTo("{\"userId\":\"aud-h1\",\"role\":\"auditor\",\"roleName\":\"复核员\",\"halls\":[\"H1\"]}");
    }

    @Test
    void healthNeedsNoTokenAndIsUpWithTheBroker() {
        Reply health = client.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void unknownPathsAndMethodsAndOversizedBodiesAreAnsweredInJsonAndChinese() {
        Reply missing = client.get("/api/v1/no-such-thing", TestUsers.SUPERVISOR_H1.token());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("没有这个接口：/api/v1/no-such-thing");
        assertThat(client.get("/nothing", null).error()).isEqualTo("没有这个接口：/nothing");

        Reply method = client.send("DELETE", WORK_ORDERS + "/P1", TestUsers.SUPERVISOR_H1.token());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error()).isEqualTo("接口 /api/v1/work-orders/P1 不支持 DELETE 请求");

        String huge = "{\"cause\": \"" + "x".repeat(ConsoleVerticle.MAX_BODY_BYTES) + "\", \"action\": \"a\"}";
        Reply tooLarge = client.post(WORK_ORDERS + "/P1/rectification", TestUsers.SUPERVISOR_H1.token(), huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo("请求内容过大（上限 16384 字节）");
        assertThat(read(commandsTopic)).isEmpty();
    }

    // ---- lists ------------------------------------------------------------------------------

    @Test
    void aSupervisorSeesTheirHallsNewestFirstAndStarSeesAll() {
        Reply h1 = client.get(WORK_ORDERS, TestUsers.SUPERVISOR_H1.token());
        assertThat(ids(h1)).containsExactly("P5", "P4", "P2", "P1");
        assertThat(h1.json().get("total").asLong()).isEqualTo(4);
        assertThat(h1.json().get("limit").asInt()).isEqualTo(100);
        assertThat(h1.json().get("offset").asInt()).isZero();
        assertThat(list(TestUsers.AUDITOR_H1, "")).containsExactly("P5", "P4", "P2", "P1");
        assertThat(list(TestUsers.SUPERVISOR_H2, "")).containsExactly("P3");
        assertThat(list(TestUsers.SUPERVISOR_ALL, "")).containsExactly("P5", "P4", "P3", "P2", "P1");
    }

    @Test
    void filtersNarrowTheList() {
        TestUsers.User all = TestUsers.SUPERVISOR_ALL;
        assertThat(list(all, "?status=open")).containsExactly("P3", "P1");
        assertThat(list(all, "?status=followed_up,rectified")).containsExactly("P4", "P2");
        assertThat(list(all, "?hallId=H2")).containsExactly("P3");
        assertThat(list(all, "?clerkId=K7")).containsExactly("P5", "P4", "P1");
        assertThat(list(all, "?counterId=W4")).containsExactly("P2");
        assertThat(list(all, "?overdue=true")).containsExactly("P4", "P3", "P2");
        assertThat(list(all, "?overdue=false")).containsExactly("P5", "P1");
        assertThat(list(all, "?appealStatus=upheld")).containsExactly("P5");
        assertThat(list(all, "?from=2026-09-30T17:00:00%2B08:00&to=2026-10-02T00:00:00Z")).containsExactly("P4", "P3", "P2");
        assertThat(list(all, "?status=open&hallId=H1")).containsExactly("P1");
    }

    @Test
    void limitAndOffsetPageThroughTheListAndTotalCountsEveryMatch() {
        Reply page = client.get(WORK_ORDERS + "?limit=2&offset=1", TestUsers.SUPERVISOR_ALL.token());
        assertThat(ids(page)).containsExactly("P4", "P3");
        assertThat(page.json().get("total").asLong()).isEqualTo(5);
        assertThat(list(TestUsers.SUPERVISOR_ALL, "?limit=2&offset=4")).containsExactly("P1");
    }

    @Test
    void badQueryParametersAre400NamingEach() {
        Reply bad = client.get(WORK_ORDERS + "?status=done&limit=501&hall=H1&overdue=1", TestUsers.SUPERVISOR_H1.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("请求内容有误，请按提示修改后重新提交");
        assertThat(bad.json().get("violations").findValuesAsText("field")).containsExactly("hall", "status", "overdue", "limit");
    }

    @Test
    void aFilterOutsideTheUsersScopeIs403() {
        Reply otherHall = client.get(WORK_ORDERS + "?hallId=H2", TestUsers.SUPERVISOR_H1.token());
        assertThat(otherHall.status()).isEqualTo(403);
        assertThat(otherHall.error()).isEqualTo("大厅 H2 不在您的管辖范围内");
        Reply otherClerk = client.get(WORK_ORDERS + "?clerkId=K8", TestUsers.CLERK_K7.token());
        assertThat(otherClerk.status()).isEqualTo(403);
        assertThat(otherClerk.error()).isEqualTo("窗口工作人员只能查看本人的工单");
    }

    @Test
    void aClerkSeesOnlyTheirOwnWorkOrdersWithoutTheRatersPhone() {
        Reply mine = client.get(WORK_ORDERS, TestUsers.CLERK_K7.token());
        assertThat(ids(mine)).containsExactly("P5", "P4", "P1");
        mine.json().get("items").forEach(item -> assertThat(item.has("raterPhoneMasked")).isFalse());
        assertThat(list(TestUsers.CLERK_K8, "")).containsExactly("P2");
        // a clerk's halls do not widen the list: K7's hall H1 has P2 of K8
        assertThat(list(TestUsers.CLERK_K7, "?hallId=H1")).containsExactly("P5", "P4", "P1");
    }

    // ---- one work order ---------------------------------------------------------------------

    @Test
    void oneWorkOrderWithItsEventsInOrderAndItsCommands() {
        insert("work_order_events",
                Rows.event("P1", "followed_up:c-2", "followed_up", "sup-h1", "supervisor", Rows.OPENED.plusSeconds(86400),
                        "followed_up", "{\"reached\":true,\"citizenFeedback\":\"等候时间太长\"}"),
                Rows.event("P1", "opened:r-P1", "opened", "", "", Rows.OPENED, "open", "{}"),
                Rows.event("P1", "due_soon:follow_up", "due_soon", "", "", Rows.OPENED.plusSeconds(86400), "followed_up",
                        "{\"deadline\":\"follow_up\"}"));
        insert("work_order_commands", Rows.command("c-2", "P1", "follow_up", "sup-h1", "supervisor", "applied", "",
                "followed_up", 2, Rows.OPENED.plusSeconds(86400), "{\"commandId\":\"c-2\",\"reached\":true}"));

        Reply reply = client.get(WORK_ORDERS + "/P1", TestUsers.SUPERVISOR_H1.token());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode wo = reply.json().get("workOrder");
        assertThat(wo.get("workOrderId").asText()).isEqualTo("P1");
        assertThat(wo.get("status").asText()).isEqualTo("open");
        assertThat(wo.get("statusName").asText()).isEqualTo("待回访");
        assertThat(wo.get("openedAt").asText()).isEqualTo("2026-09-30T08:30:00Z");
        assertThat(wo.get("followUpDue").asText()).isEqualTo("2026-10-08T08:30:00Z");
        assertThat(wo.get("rectifyDue").asText()).isEqualTo("2026-10-27T08:30:00Z");
        assertThat(wo.get("followUpOverdue").asBoolean()).isFalse();
        assertThat(wo.get("followedUpAt").isNull()).isTrue();
        assertThat(wo.get("ratingLevel").asInt()).isEqualTo(1);
        assertThat(wo.get("tagCodes").toString()).isEqualTo("[\"214\"]");
        assertThat(wo.get("raterPhoneMasked").asText()).isEqualTo("138****5678");
        assertThat(wo.has("raterPhoneHash")).isFalse();
        assertThat(reply.body()).doesNotContain("a".repeat(64));
        assertThat(wo.has("rerateUrl")).isFalse();

        JsonNode events = reply.json().get("events");
        assertThat(events.findValuesAsText("eventId"))
                .containsExactly("opened:r-P1", "due_soon:follow_up", "followed_up:c-2");
        assertThat(events.get(2).get("detail").get("citizenFeedback").asText()).isEqualTo("等候时间太长");
        assertThat(events.get(2).get("occurredAt").asText()).isEqualTo("2026-10-01T08:30:00Z");
        JsonNode commands = reply.json().get("commands");
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).get("commandId").asText()).isEqualTo("c-2");
        assertThat(commands.get(0).get("result").asText()).isEqualTo("applied");
        assertThat(commands.get(0).get("statusAfter").asText()).isEqualTo("followed_up");
        assertThat(commands.get(0).get("command").get("reached").asBoolean()).isTrue();
    }

    @Test
    void anotherHallsWorkOrderIs403AndAnUnknownOneIs404() {
        Reply otherHall = client.get(WORK_ORDERS + "/P3", TestUsers.SUPERVISOR_H1.token());
        assertThat(otherHall.status()).isEqualTo(403);
        assertThat(otherHall.error()).isEqualTo("该工单属于大厅 H2，不在您的管辖范围内");
        assertThat(client.get(WORK_ORDERS + "/P3", TestUsers.AUDITOR_H1.token()).status()).isEqualTo(403);
        assertThat(client.get(WORK_ORDERS + "/P3", TestUsers.SUPERVISOR_ALL.token()).status()).isEqualTo(200);

        Reply unknown = client.get(WORK_ORDERS + "/P404", TestUsers.SUPERVISOR_H1.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("工单不存在：P404");

        Reply badId = client.get(WORK_ORDERS + "/P%241", TestUsers.SUPERVISOR_H1.token());
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().at("/violations/0/field").asText()).isEqualTo("workOrderId");
    }

    @Test
    void aClerkOpensOnlyTheirOwnWorkOrder() {
        Reply other = client.get(WORK_ORDERS + "/P1", TestUsers.CLERK_K8.token());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.error()).isEqualTo("只能查看本人的工单");
        Reply own = client.get(WORK_ORDERS + "/P1", TestUsers.CLERK_K7.token());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("workOrder").has("raterPhoneMasked")).isFalse();
    }

    @Test
    void onlyTheNewestVersionOfAWorkOrderIsShown() {
        JsonNode p3 = client.get(WORK_ORDERS + "/P3", TestUsers.SUPERVISOR_H2.token()).json().get("workOrder");
        assertThat(p3.get("version").asLong()).isEqualTo(2);
        assertThat(p3.get("followUpOverdue").asBoolean()).isTrue();
    }

    @Test
    void aRectifiedWorkOrderCarriesTheRerateLinkThatTheQrPageAccepts() {
        JsonNode p4 = client.get(WORK_ORDERS + "/P4", TestUsers.SUPERVISOR_H1.token()).json().get("workOrder");
        assertThat(p4.get("statusName").asText()).isEqualTo("待追评");
        assertThat(p4.get("rerateDue").asText()).isEqualTo("2026-10-19T16:00:00Z");
        String url = p4.get("rerateUrl").asText();
        assertThat(url).startsWith("https://hcp.example.gov.cn/r/");
        QrTokenSigner.Result verified = new QrTokenSigner(TestUsers.QR_SECRET)
                .verify(url.substring(url.lastIndexOf('/') + 1), NOW);
        assertThat(verified).isEqualTo(new QrTokenSigner.Valid(QrToken.forCase("P4", 2, "H1", "W3", "K7", RERATE_DUE)));
        // the list shows it too
        JsonNode listed = client.get(WORK_ORDERS + "?status=rectified", TestUsers.SUPERVISOR_H1.token()).json()
                .get("items").get(0);
        assertThat(listed.get("rerateUrl").asText()).isEqualTo(url);
    }

    // ---- a clerk's ratings, alerts -------------------------------------------------------------

    @Test
    void aClerkSeesTheirOwnRatingsNewestFirstWithAnUpheldAppealsRatingNotCounted() {
        Instant t = Rows.OPENED;
        insert("ratings",
                Rows.rating("r-P1", "P1", 1, "H1", "W3", "K7", t),
                Rows.rating("r-P6", "P6", 5, "H1", "W3", "K7", t.plusSeconds(2 * 86400)),
                Rows.rating("r-P7", "P7", 4, "H1", "W4", "K8", t.plusSeconds(3 * 86400)),
                Rows.rating("r-P5", "P5", 2, "H1", "W3", "K7", Instant.parse("2026-10-05T02:00:00Z")));
        insert("score_exclusions", Rows.exclusion("r-P5", "P5", "H1", "W3", "K7", Instant.parse("2026-10-05T02:00:00Z")));

        Reply mine = client.get("/api/v1/my/ratings", TestUsers.CLERK_K7.token());
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        JsonNode items = mine.json().get("items");
        assertThat(items.findValuesAsText("ratingId")).containsExactly("r-P5", "r-P6", "r-P1");
        assertThat(items.findValuesAsText("counted")).containsExactly("false", "true", "true");
        assertThat(items.get(0).get("ratedAt").asText()).isEqualTo("2026-10-05T02:00:00Z");
        assertThat(items.get(0).get("level").asInt()).isEqualTo(2);
        assertThat(mine.json().get("total").asLong()).isEqualTo(3);
        assertThat(mine.body()).doesNotContain("b".repeat(64)).doesNotContain("raterPhone");

        Reply first = client.get("/api/v1/my/ratings?limit=1&from=2026-10-01T00:00:00Z", TestUsers.CLERK_K7.token());
        assertThat(first.json().get("items").findValuesAsText("ratingId")).containsExactly("r-P5");
        assertThat(first.json().get("total").asLong()).isEqualTo(2);

        Reply supervisor = client.get("/api/v1/my/ratings", TestUsers.SUPERVISOR_H1.token());
        assertThat(supervisor.status()).isEqualTo(403);
        assertThat(supervisor.error()).isEqualTo("只有窗口工作人员可以查看本人的评价");
    }

    @Test
    void alertsAreScopedByHallOrForAClerkTheirOwn() {
        insert("alerts",
                Rows.alert("bad:r-P1", "bad_rating", "", "H1", "W3", "K7", "P1", "新差评：大厅 H1 窗口 W3 工作人员 K7，不满意",
                        null, Rows.OPENED),
                Rows.alert("due_soon:follow_up:P2", "due_soon", "follow_up", "H1", "W4", "K8", "P2",
                        "回访即将到期：工单 P2，截止 2026-10-08 17:30", Instant.parse("2026-10-08T09:30:00Z"),
                        Instant.parse("2026-10-08T06:30:00Z")),
                Rows.alert("overdue:follow_up:P3", "overdue", "follow_up", "H2", "W1", "K9", "P3",
                        "回访已超时：工单 P3，截止 2026-10-08 18:30", Instant.parse("2026-10-08T09:30:00Z"),
                        Instant.parse("2026-10-08T09:30:00Z")),
                Rows.alert("spike:clerk:H1/K7:r-P5", "spike", "clerk", "H1", "", "K7", "",
                        "差评集中：工作人员 K7 在 60 分钟内收到 3 条差评", null, Instant.parse("2026-10-05T02:00:00Z")));

        Reply h1 = client.get("/api/v1/alerts", TestUsers.SUPERVISOR_H1.token());
        assertThat(h1.status()).as(h1.body()).isEqualTo(200);
        assertThat(h1.json().get("items").findValuesAsText("alertId"))
                .containsExactly("due_soon:follow_up:P2", "spike:clerk:H1/K7:r-P5", "bad:r-P1");
        JsonNode dueSoon = h1.json().get("items").get(0);
        assertThat(dueSoon.get("title").asText()).isEqualTo("回访即将到期：工单 P2，截止 2026-10-08 17:30");
        assertThat(dueSoon.get("dueAt").asText()).isEqualTo("2026-10-08T09:30:00Z");
        assertThat(h1.json().get("items").get(2).get("dueAt").isNull()).isTrue();

        assertThat(client.get("/api/v1/alerts", TestUsers.SUPERVISOR_ALL.token()).json().get("total").asLong()).isEqualTo(4);
        assertThat(client.get("/api/v1/alerts?type=overdue", TestUsers.SUPERVISOR_ALL.token()).json().get("items")
                .findValuesAsText("alertId")).containsExactly("overdue:follow_up:P3");
        assertThat(client.get("/api/v1/alerts?workOrderId=P1", TestUsers.SUPERVISOR_H1.token()).json().get("items")
                .findValuesAsText("alertId")).containsExactly("bad:r-P1");
        assertThat(client.get("/api/v1/alerts", TestUsers.CLERK_K7.token()).json().get("items")
                .findValuesAsText("alertId")).containsExactly("spike:clerk:H1/K7:r-P5", "bad:r-P1");
        Reply otherHall = client.get("/api/v1/alerts?hallId=H2", TestUsers.SUPERVISOR_H1.token());
        assertThat(otherHall.status()).isEqualTo(403);
        assertThat(otherHall.error()).isEqualTo("大厅 H2 不在您的管辖范围内");
    }
}
