package org.haochaping.evaluation;

/** What is evaluated: a clerk (人员) or a counter (窗口). */
public enum SubjectType {
    CLERK("clerk", "人员"),
    COUNTER("counter", "窗口");

    private final String wireName;
    private final String chinese;

    SubjectType(String wireName, String chinese) {
        this.wireName = wireName;
        this.chinese = chinese;
    }

    public String wireName() {
        return wireName;
    }

    public String chinese() {
        return chinese;
    }

    public static SubjectType fromWireName(String name) {
        for (SubjectType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown subject type: " + name);
    }
}
