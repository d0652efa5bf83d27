package org.haochaping.jobs.workorders;

import java.util.Locale;

/** The appeal (申诉) of a work order's 差评; at most one per work order. Wire name = {@code work_orders.appeal_status}. */
public enum AppealStatus {
    NONE,
    /** Filed, waiting for an auditor's review (复核); deadlines keep running meanwhile. */
    PENDING,
    UPHELD,
    REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
