package org.haochaping.model;

import java.util.Arrays;

/**
 * The five satisfaction levels, internal numbering 5 = best. The national standard (GB/T 39046 A.8)
 * numbers them the other way round, so every edge maps explicitly through {@link #nationalCode()}.
 */
public enum Level {
    VERY_DISSATISFIED(1, "非常不满意", 5),
    DISSATISFIED(2, "不满意", 4),
    BASICALLY_SATISFIED(3, "基本满意", 3),
    SATISFIED(4, "满意", 2),
    VERY_SATISFIED(5, "非常满意", 1);

    private final int value;
    private final String chineseName;
    private final int nationalCode;

    Level(int value, String chineseName, int nationalCode) {
        this.value = value;
        this.chineseName = chineseName;
        this.nationalCode = nationalCode;
    }

    public int value() {
        return value;
    }

    public String chineseName() {
        return chineseName;
    }

    public int nationalCode() {
        return nationalCode;
    }

    /** 差评: levels 1 and 2. */
    public boolean isBad() {
        return value <= 2;
    }

    public static boolean isValid(int value) {
        return value >= 1 && value <= 5;
    }

    public static Level of(int value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException("level must be 1..5, got " + value);
        }
        return values()[value - 1];
    }

    public static Level fromChineseName(String name) {
        return Arrays.stream(values()).filter(l -> l.chineseName.equals(name)).findFirst().orElse(null);
    }
}
