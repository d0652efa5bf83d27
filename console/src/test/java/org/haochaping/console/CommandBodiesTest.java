package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.haochaping.model.Violation;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.AppealKind;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;
import org.junit.jupiter.api.Test;

class CommandBodiesTest {

    private static final Instant ISSUED = Instant.parse("2026-10-08T06:00:00Z");
    private static final CommandBodies.Envelope SUPERVISOR = new CommandBodies.Envelope("c-1", "P1",
            TestUsers.SUPERVISOR_H1.principal(), ISSUED);

    private static CommandBodies.Parsed parse(WorkOrderCommandType type, String json) {
        return CommandBodies.parse(type, json.getBytes(StandardCharsets.UTF_8), SUPERVISOR);
    }

    @Test
    void aFollowUpCarriesTheBodyAndTheServersActorIdAndTime() {
        CommandBodies.Parsed p = parse(WorkOrderCommandType.FOLLOW_UP,
                "{\"reached\": true, \"verified\": false, \"citizenFeedback\": \"等候时间太长\", \"note\": \"已致歉\"}");
        assertThat(p.violations()).isEmpty();
        assertThat(p.command()).isEqualTo(new WorkOrderCommand("c-1", "P1", WorkOrderCommandType.FOLLOW_UP, "sup-h1",
                ConsoleRole.SUPERVISOR, List.of("H1"), ISSUED, true, false, "等候时间太长", null, null, null, null,
                null, "已致歉"));
    }

    @Test
    void eachTypeReadsItsOwnFields() {
        WorkOrderCommand rectify = parse(WorkOrderCommandType.RECTIFY,
                "{\"cause\": \"材料清单未公示\", \"action\": \"窗口张贴材料清单\"}").command();
        assertThat(rectify.cause()).isEqualTo("材料清单未公示");
        assertThat(rectify.action()).isEqualTo("窗口张贴材料清单");
        WorkOrderCommand appeal = parse(WorkOrderCommandType.APPEAL,
                "{\"kind\": \"malicious\", \"reason\": \"评价人与办件无关\"}").command();
        assertThat(appeal.appealKind()).isEqualTo(AppealKind.MALICIOUS);
        assertThat(appeal.reason()).isEqualTo("评价人与办件无关");
        WorkOrderCommand review = parse(WorkOrderCommandType.REVIEW_APPEAL,
                "{\"decision\": \"upheld\", \"note\": \"监控录像证实\"}").command();
        assertThat(review.decision()).isEqualTo(AppealDecision.UPHELD);
        assertThat(review.note()).isEqualTo("监控录像证实");
    }

    @Test
    void actorFieldsInTheBodyAreUnknownFieldsNotAWayToActAsSomeoneElse() {
        CommandBodies.Parsed p = parse(WorkOrderCommandType.RECTIFY,
                "{\"cause\": \"a\", \"action\": \"b\", \"actorId\": \"sup-all\", \"actorHalls\": [\"*\"]}");
        assertThat(p.command()).isNull();
        assertThat(p.violations()).extracting(Violation::field).containsExactly("actorId", "actorHalls");
        assertThat(p.violations().get(0).message()).isEqualTo("未知字段，可用字段：cause、action");
    }

    @Test
    void theValidatorsRulesComeBackInChineseNamedByBodyField() {
        assertThat(parse(WorkOrderCommandType.RECTIFY, "{\"cause\": \"  \"}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("cause", "整改必须填写差评原因"), tuple("action", "整改必须填写整改措施"));
        assertThat(parse(WorkOrderCommandType.FOLLOW_UP, "{\"reached\": true, \"verified\": true}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("citizenFeedback", "联系上评价人时，请填写评价人的意见"));
        assertThat(parse(WorkOrderCommandType.APPEAL, "{\"reason\": \"误按\"}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("kind", "请选择申诉类型：mistaken（误评）或 malicious（恶意差评）"));
        assertThat(parse(WorkOrderCommandType.REVIEW_APPEAL, "{\"decision\": \"rejected\"}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("note", "复核必须填写复核意见"));
    }

    @Test
    void wrongTypesAndUnknownEnumValuesNameTheField() {
        assertThat(parse(WorkOrderCommandType.FOLLOW_UP,
                "{\"reached\": \"yes\", \"verified\": 1, \"citizenFeedback\": 5}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("reached", "应为 true 或 false"), tuple("verified", "应为 true 或 false"),
                        tuple("citizenFeedback", "应为文本"));
        assertThat(parse(WorkOrderCommandType.APPEAL, "{\"kind\": \"unfair\", \"reason\": \"x\"}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("kind", "应为 mistaken（误评）或 malicious（恶意差评）"));
        assertThat(parse(WorkOrderCommandType.REVIEW_APPEAL, "{\"decision\": \"UPHELD\", \"note\": \"x\"}").violations())
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("decision", "应为 upheld（申诉成立）或 rejected（驳回）"));
    }

    @Test
    void malformedEmptyOrNonObjectBodiesAreViolationsOfTheBody() {
        assertThat(parse(WorkOrderCommandType.RECTIFY, "{\"cause\": ").violations())
                .extracting(Violation::field, Violation::message).containsExactly(tuple("body", "请求体不是有效的 JSON"));
        assertThat(parse(WorkOrderCommandType.RECTIFY, "").violations())
                .extracting(Violation::field, Violation::message).containsExactly(tuple("body", "请求体为空，应为 JSON 对象"));
        assertThat(parse(WorkOrderCommandType.RECTIFY, "[1, 2]").violations())
                .extracting(Violation::field, Violation::message).containsExactly(tuple("body", "请求体必须是 JSON 对象"));
    }

    @Test
    void anExplicitNullIsLikeAnAbsentField() {
        CommandBodies.Parsed p = parse(WorkOrderCommandType.FOLLOW_UP,
                "{\"reached\": false, \"verified\": false, \"citizenFeedback\": null, \"note\": null}");
        assertThat(p.violations()).isEmpty();
        assertThat(p.command().citizenFeedback()).isNull();
    }

    @Test
    void textLongerThanTheValidatorsLimitIsRefused() {
        String long1001 = "字".repeat(1001);
        assertThat(parse(WorkOrderCommandType.RECTIFY, "{\"cause\": \"" + long1001 + "\", \"action\": \"b\"}")
                .violations()).extracting(Violation::field, Violation::message)
                .containsExactly(tuple("cause", "不能超过 1000 个字"));
    }
}
