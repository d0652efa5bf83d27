package org.haochaping.evaluation;

/** A request the evaluation cannot carry out; the message is Chinese (hall staff read it). */
public final class EvaluationException extends RuntimeException {

    public enum Kind {
        /** no such run (console 404) */
        NOT_FOUND,
        /** the month or revision is already approved, or the stored results no longer match (console 409) */
        CONFLICT,
        /** bad month, nothing to evaluate (console 400) */
        INVALID
    }

    private final Kind kind;

    public EvaluationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
