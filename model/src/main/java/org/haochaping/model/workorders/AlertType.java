package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.haochaping.model.WireEnum;

/** What an alert is about. */
public enum AlertType {
    /** A new 差评 opened a work order. */
    BAD_RATING,
    /** A follow-up or rectification deadline is near (rules.workOrders.dueSoonBefore of office time). */
    DUE_SOON,
    /** A follow-up or rectification deadline passed without it. */
    OVERDUE,
    /** At least alerts.spikeThreshold 差评 for one clerk or counter within alerts.spikeWindow. */
    SPIKE;

    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    @JsonCreator
    public static AlertType fromWire(String wire) {
        return WireEnum.parse(AlertType.class, wire);
    }
}
