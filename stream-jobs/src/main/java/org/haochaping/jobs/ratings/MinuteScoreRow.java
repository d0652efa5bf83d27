package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.functions.MapFunction;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.jobs.sink.ClickHouseRows;

/** Stamps each window firing with the time it was written (for freshness panels; not part of the key). */
public class MinuteScoreRow implements MapFunction<MinuteScore, ClickHouseRow> {
    @Override
    public ClickHouseRow map(MinuteScore score) {
        return ClickHouseRows.minuteScore(score, System.currentTimeMillis());
    }
}
