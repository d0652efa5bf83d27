package org.haochaping.evaluation;

import org.haochaping.model.WireEnum;

/**
 * Why a rating of the month is left out of the scores, as the audit sheet lists it. The first three come
 * from the stream job (flagged_ratings), appeal_upheld from score_exclusions, the rest are found by the
 * evaluation run under the policy's fairness section. When a rating qualifies for several, the first in
 * declaration order is recorded.
 */
public enum FairnessFlag {
    APPEAL_UPHELD("申诉成立"),
    SPAM("评价器连按"),
    DUPLICATE("重复评价"),
    FOLLOWUP_NOT_ALLOWED("不符合条件的追评"),
    SELF_RATING("本人自评"),
    RATER_BURST("同一评价人短时集中评价"),
    DEVICE_BURST("同一设备短时集中评价");

    private final String chinese;

    FairnessFlag(String chinese) {
        this.chinese = chinese;
    }

    /** The name stored in ClickHouse and sent as JSON. */
    public String wireName() {
        return WireEnum.name(this);
    }

    public String chinese() {
        return chinese;
    }

    public static FairnessFlag fromWireName(String name) {
        return WireEnum.parse(FairnessFlag.class, name);
    }
}
