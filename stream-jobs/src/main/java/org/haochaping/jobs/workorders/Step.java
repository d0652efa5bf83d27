package org.haochaping.jobs.workorders;

/** A work-order step with a deadline: the follow-up call (回访) and the rectification (整改). */
public enum Step {
    FOLLOW_UP("follow_up", "回访"),
    RECTIFY("rectify", "整改");

    private final String wireName;
    private final String chinese;

    Step(String wireName, String chinese) {
        this.wireName = wireName;
        this.chinese = chinese;
    }

    /** As in alert ids and subjects: {@code follow_up}, {@code rectify}. */
    public String wireName() {
        return wireName;
    }

    public String chinese() {
        return chinese;
    }
}
