package org.haochaping.jobs.ratings;

/**
 * The full current result of one window for one clerk or counter. Every firing carries the complete
 * totals (never a delta), and {@code ratings} doubles as the row version in ClickHouse.
 */
public record MinuteScore(
        Scope scope,
        String hallId,
        String subjectId,
        long windowStartMillis,
        long ratings,
        long level1,
        long level2,
        long level3,
        long level4,
        long level5,
        long scoreSum,
        long badCount,
        long defaultCount,
        long defaultScoreSum) {}
