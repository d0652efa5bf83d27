package org.haochaping.model.cases;

/** 即办件 (finished on the spot) or 承诺件 (finished within a promised number of days). */
public enum PromiseType {
    IMMEDIATE("即办件"),
    PROMISED("承诺件");

    private final String chineseName;

    PromiseType(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
