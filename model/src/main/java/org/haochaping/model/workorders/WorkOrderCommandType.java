package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.haochaping.model.WireEnum;

/** What a console user asks the stream job to do with a work order. */
public enum WorkOrderCommandType {
    /** 回访/核实: a call back to the rater (reached or not), what they said, whether the complaint was verified. */
    FOLLOW_UP,
    /** 整改: cause and action; the citizen is then invited to a 追评. */
    RECTIFY,
    /** 申诉: the clerk (or the hall on their behalf) says the rating is mistaken or malicious. */
    APPEAL,
    /** 复核: an auditor upholds or rejects the appeal. */
    REVIEW_APPEAL;

    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    @JsonCreator
    public static WorkOrderCommandType fromWire(String wire) {
        return WireEnum.parse(WorkOrderCommandType.class, wire);
    }
}
