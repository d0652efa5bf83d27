package org.haochaping.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a payload cannot become a valid record (rating, case event, SMS reply); carries every violation found. */
public class InvalidRatingException extends Exception {

    private final List<Violation> violations;

    public InvalidRatingException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidRatingException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
