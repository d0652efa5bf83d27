package org.haochaping.jobs.workorders;

import java.time.Instant;
import java.util.List;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.AppealKind;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;

/**
 * Console commands as the console publishes them, by the users of hall-1 (the hall of
 * {@link org.haochaping.jobs.ratings.TestCases}): supervisor {@code sup-1}, auditor {@code aud-1}, clerk
 * {@code clerk-1}.
 */
public final class WorkOrderFixtures {

    public static final List<String> HALL_1 = List.of("hall-1");

    private WorkOrderFixtures() {}

    public static WorkOrderCommand followUp(String commandId, String workOrderId, Instant at) {
        return new WorkOrderCommand(commandId, workOrderId, WorkOrderCommandType.FOLLOW_UP, "sup-1",
                ConsoleRole.SUPERVISOR, HALL_1, at, true, true, "等候时间太长，窗口只开了一个", null, null, null, null, null,
                "已致电评价人");
    }

    public static WorkOrderCommand rectify(String commandId, String workOrderId, Instant at) {
        return new WorkOrderCommand(commandId, workOrderId, WorkOrderCommandType.RECTIFY, "sup-1",
                ConsoleRole.SUPERVISOR, HALL_1, at, null, null, null, "高峰时段只开一个窗口", "高峰时段增开两个窗口", null,
                null, null, null);
    }

    /** An appeal by the clerk the 差评 names. */
    public static WorkOrderCommand appeal(String commandId, String workOrderId, Instant at) {
        return new WorkOrderCommand(commandId, workOrderId, WorkOrderCommandType.APPEAL, "clerk-1", ConsoleRole.CLERK,
                List.of(), at, null, null, null, null, null, AppealKind.MISTAKEN, "评价人按错了按钮，现场表示满意", null, null);
    }

    public static WorkOrderCommand review(String commandId, String workOrderId, AppealDecision decision, Instant at) {
        return new WorkOrderCommand(commandId, workOrderId, WorkOrderCommandType.REVIEW_APPEAL, "aud-1",
                ConsoleRole.AUDITOR, HALL_1, at, null, null, null, null, null, null, null, decision, "核查录像属实");
    }

    /** The same command issued by someone else. */
    public static WorkOrderCommand by(WorkOrderCommand c, String actorId, ConsoleRole role, List<String> halls) {
        return new WorkOrderCommand(c.commandId(), c.workOrderId(), c.type(), actorId, role, halls, c.issuedAt(),
                c.reached(), c.verified(), c.citizenFeedback(), c.cause(), c.action(), c.appealKind(), c.reason(),
                c.decision(), c.note());
    }
}
