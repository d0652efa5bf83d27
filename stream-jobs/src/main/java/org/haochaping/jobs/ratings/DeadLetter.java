package org.haochaping.jobs.ratings;

/**
 * An event the pipeline could not use. {@code id} is deterministic (derived from the event's origin),
 * so a replay overwrites the same dead-letter row instead of adding another.
 */
public record DeadLetter(String id, String source, String payload, String reason, long occurredAtMillis) {}
