package org.haochaping.model.workorders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.haochaping.model.WireEnum;

/** Why a 差评 is appealed. */
public enum AppealKind {
    /** 误评: the citizen pressed the wrong button or rated the wrong case. */
    MISTAKEN("误评"),
    /** 恶意差评: a 差评 meant to harm, not to report a problem. */
    MALICIOUS("恶意差评");

    private final String chinese;

    AppealKind(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    @JsonCreator
    public static AppealKind fromWire(String wire) {
        return WireEnum.parse(AppealKind.class, wire);
    }
}
