package org.haochaping.model.workorders;

import java.util.ArrayList;
import java.util.List;
import org.haochaping.model.FieldRules;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;

/**
 * The field rules of a {@link WorkOrderCommand}: checked by the console before publishing (400) and again by
 * the stream job when it reads the topic (a dead letter), so a foreign producer cannot bypass them. Messages
 * are in Chinese: the people who read them are hall staff. Whether the actor's role may issue the command
 * at all is {@link ConsoleRole#mayIssue}; the work order's state is the stream job's to judge.
 */
public final class WorkOrderCommandValidator {

    public static final int MAX_TEXT_CHARS = 1000;

    private WorkOrderCommandValidator() {}

    public static List<Violation> validate(WorkOrderCommand c) {
        List<Violation> v = new ArrayList<>();
        FieldRules.id(v, "commandId", c.commandId(), true);
        FieldRules.id(v, "workOrderId", c.workOrderId(), true);
        FieldRules.id(v, "actorId", c.actorId(), true);
        if (c.actorRole() == null) {
            v.add(new Violation("actorRole", "必填：supervisor、auditor 或 clerk"));
        }
        if (c.issuedAt() == null) {
            v.add(new Violation("issuedAt", "必填"));
        }
        if (c.type() == null) {
            v.add(new Violation("type", "必填：follow_up、rectify、appeal 或 review_appeal"));
            return v;
        }
        switch (c.type()) {
            case FOLLOW_UP -> {
                required(v, "reached", c.reached(), "请说明是否联系上评价人（true/false）");
                required(v, "verified", c.verified(), "请说明差评反映的问题是否核实属实（true/false）");
                text(v, "citizenFeedback", c.citizenFeedback(), Boolean.TRUE.equals(c.reached()), "联系上评价人时，请填写评价人的意见");
                text(v, "note", c.note(), false, null);
            }
            case RECTIFY -> {
                text(v, "cause", c.cause(), true, "整改必须填写差评原因");
                text(v, "action", c.action(), true, "整改必须填写整改措施");
            }
            case APPEAL -> {
                required(v, "appealKind", c.appealKind(), "请选择申诉类型：mistaken（误评）或 malicious（恶意差评）");
                text(v, "reason", c.reason(), true, "申诉必须填写理由");
            }
            case REVIEW_APPEAL -> {
                required(v, "decision", c.decision(), "请选择复核结论：upheld（申诉成立）或 rejected（驳回）");
                text(v, "note", c.note(), true, "复核必须填写复核意见");
            }
        }
        return v;
    }

    public static void check(WorkOrderCommand c) throws InvalidRatingException {
        List<Violation> violations = validate(c);
        if (!violations.isEmpty()) {
            throw new InvalidRatingException(violations);
        }
    }

    private static void required(List<Violation> v, String field, Object value, String message) {
        if (value == null) {
            v.add(new Violation(field, message));
        }
    }

    private static void text(List<Violation> v, String field, String value, boolean required, String message) {
        if (value == null || value.isBlank()) {
            if (required) {
                v.add(new Violation(field, message));
            }
        } else if (value.length() > MAX_TEXT_CHARS) {
            v.add(new Violation(field, "不能超过 " + MAX_TEXT_CHARS + " 个字"));
        }
    }
}
