package org.haochaping.evaluation;

import org.haochaping.model.WireEnum;

/** What is evaluated: a clerk (人员) or a counter (窗口). */
public enum SubjectType {
    CLERK("人员"),
    COUNTER("窗口");

    private final String chinese;

    SubjectType(String chinese) {
        this.chinese = chinese;
    }

    /** The name stored in ClickHouse and sent as JSON. */
    public String wireName() {
        return WireEnum.name(this);
    }

    public String chinese() {
        return chinese;
    }

    public static SubjectType fromWireName(String name) {
        return WireEnum.parse(SubjectType.class, name);
    }
}
