package org.haochaping.jobs.ratings;

/** The running totals of one window: a Flink POJO (public fields, no-arg constructor). */
public class ScoreAccumulator {
    public String hallId = "";
    public String subjectId = "";
    public long ratings;
    public long level1;
    public long level2;
    public long level3;
    public long level4;
    public long level5;
    public long scoreSum;
    public long badCount;
    public long defaultCount;
    public long defaultScoreSum;

    public ScoreAccumulator() {}

    void addLevel(int level) {
        switch (level) {
            case 1 -> level1++;
            case 2 -> level2++;
            case 3 -> level3++;
            case 4 -> level4++;
            case 5 -> level5++;
            default -> throw new IllegalArgumentException("level " + level);
        }
    }

    void merge(ScoreAccumulator o) {
        if (hallId.isEmpty()) {
            hallId = o.hallId;
            subjectId = o.subjectId;
        }
        ratings += o.ratings;
        level1 += o.level1;
        level2 += o.level2;
        level3 += o.level3;
        level4 += o.level4;
        level5 += o.level5;
        scoreSum += o.scoreSum;
        badCount += o.badCount;
        defaultCount += o.defaultCount;
        defaultScoreSum += o.defaultScoreSum;
    }
}
