package org.haochaping.evaluation;

/**
 * Why a rating of the month is left out of the scores, as the audit sheet lists it. The first three come
 * from the stream job (flagged_ratings), appeal_upheld from score_exclusions, the rest are found by the
 * evaluation run under the policy's fairness section. When a rating qualifies for several, the first in
 * declaration order is recorded.
 */
public enum FairnessFlag {
    APPEAL_UPHELD("appeal_upheld", "申诉成立"),
    SPAM("spam", "评价器连按"),
    DUPLICATE("duplicate", "重复评价"),
    FOLLOWUP_NOT_ALLOWED("followup_not_allowed", "不符合条件的追评"),
    SELF_RATING("self_rating", "本人自评"),
    RATER_BURST("rater_burst", "同一评价人短时集中评价"),
    DEVICE_BURST("device_burst", "同一设备短时集中评价");

    private final String wireName;
    private final String chinese;

    FairnessFlag(String wireName, String chinese) {
        this.wireName = wireName;
        this.chinese = chinese;
    }

    public String wireName() {
        return wireName;
    }

    public String chinese() {
        return chinese;
    }

    public static FairnessFlag fromWireName(String name) {
        for (FairnessFlag f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fairness flag: " + name);
    }
}
