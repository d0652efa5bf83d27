package org.haochaping.evaluation;

import java.time.Instant;

/**
 * One rating of the month that a run left out of the scores (a row of evaluation_flags and of the audit
 * sheet). No phone in clear: only the mask.
 *
 * @param detail why, in Chinese (e.g. "60 分钟内第 4 条")
 */
public record AuditEntry(String ratingId, FairnessFlag flag, String detail, String hallId, String counterId,
                         String clerkId, String channel, int level, boolean isDefault, Instant ratedAt,
                         String raterPhoneMasked, String deviceId) {}
