package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.haochaping.model.WireEnum;

/** Who may do what in the console. */
public enum ConsoleRole {
    /** 大厅管理/督查: follows up and rectifies the work orders of their halls, may appeal for the hall. */
    SUPERVISOR,
    /** 复核: rules on appeals in their halls. */
    AUDITOR,
    /** 窗口工作人员: sees own ratings and work orders, appeals own 差评. */
    CLERK;

    /** Whether this role may issue {@code type} at all (hall and ownership are checked on the work order). */
    public boolean mayIssue(WorkOrderCommandType type) {
        return switch (type) {
            case FOLLOW_UP, RECTIFY -> this == SUPERVISOR;
            case APPEAL -> this == SUPERVISOR || this == CLERK;
            case REVIEW_APPEAL -> this == AUDITOR;
        };
    }

    /** The role's name for hall staff. */
    public String chinese() {
        return switch (this) {
            case SUPERVISOR -> "督查员";
            case AUDITOR -> "复核员";
            case CLERK -> "窗口工作人员";
        };
    }

    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    @JsonCreator
    public static ConsoleRole fromWire(String wire) {
        return WireEnum.parse(ConsoleRole.class, wire);
    }
}
