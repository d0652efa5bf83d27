package org.haochaping.model;

/** One broken rule: the field it concerns and a message a device integrator can act on. */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
