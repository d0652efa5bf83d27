package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.haochaping.model.WireEnum;

/** The outcome of 复核. */
public enum AppealDecision {
    /** 申诉成立: the rating stays stored but no longer counts in any score; the work order is voided. */
    UPHELD,
    /** 申诉驳回: nothing changes. */
    REJECTED;

    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    @JsonCreator
    public static AppealDecision fromWire(String wire) {
        return WireEnum.parse(AppealDecision.class, wire);
    }
}
