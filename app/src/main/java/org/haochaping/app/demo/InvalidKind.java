package org.haochaping.app.demo;

/**
 * The kinds of deliberately invalid requests the demo mixes in, each with the answer the edge must give:
 * the status and, for a 400, the field the violation names.
 */
public enum InvalidKind {
    /** a valid rating whose {@code X-Signature} does not match: 401 */
    BAD_SIGNATURE("bad-signature", 401, null),
    /** level 7: 400 on {@code level} */
    LEVEL_OUT_OF_RANGE("level-out-of-range", 400, "level"),
    /** a tag that belongs to another level: 400 on {@code tagCodes} */
    TAG_OF_OTHER_LEVEL("tag-of-other-level", 400, "tagCodes"),
    /** a 差评 with neither tag nor comment: 400 on {@code tagCodes} */
    BAD_RATING_WITHOUT_DETAIL("bad-rating-without-detail", 400, "tagCodes"),
    /** a body that is not JSON (cut off): 400 on {@code body} */
    MALFORMED_JSON("malformed-json", 400, "body");

    private final String key;
    private final int expectedStatus;
    private final String expectedField;

    InvalidKind(String key, int expectedStatus, String expectedField) {
        this.key = key;
        this.expectedStatus = expectedStatus;
        this.expectedField = expectedField;
    }

    /** The name used in {@link SimulationResult#rejectedByKind()}. */
    public String key() {
        return key;
    }

    public int expectedStatus() {
        return expectedStatus;
    }

    /** The violation's field for a 400, null for {@link #BAD_SIGNATURE}. */
    public String expectedField() {
        return expectedField;
    }
}
