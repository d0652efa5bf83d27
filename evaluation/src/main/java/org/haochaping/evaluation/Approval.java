package org.haochaping.evaluation;

import java.time.Instant;

/** A supervisor's approval (核定) of one revision; it locks the month. */
public record Approval(String month, String runId, int revision, String resultsHash, String approvedBy,
                       Instant approvedAt) {}
