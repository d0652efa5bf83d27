package org.haochaping.jobs.workorders;

import java.util.Locale;

/** Where a 差评 work order stands; the wire name is the {@code work_orders.status} value. */
public enum WorkOrderStatus {
    /** Opened by the 差评, waiting for the follow-up call. */
    OPEN("待回访", "工单待回访"),
    /** Followed up, waiting for rectification. */
    FOLLOWED_UP("待整改", "工单已回访（待整改）"),
    /** Rectified, waiting for the citizen's 追评 until the 追评 window ends. */
    RECTIFIED("待追评", "工单已整改（待追评）"),
    /** Done: re-rated, or the 追评 window ended. */
    CLOSED("已办结", "工单已办结"),
    /** An appeal was upheld: the 差评 no longer counts and nothing more is done. */
    VOIDED("已作废（申诉成立）", "工单已作废（申诉成立）");

    private final String chinese;
    private final String statement;

    WorkOrderStatus(String chinese, String statement) {
        this.chinese = chinese;
        this.statement = statement;
    }

    /** The status as hall staff name it, e.g. 待回访. */
    public String chinese() {
        return chinese;
    }

    /** A sentence start saying the work order is in this status, for refusals: "工单已办结". */
    public String statement() {
        return statement;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
