-- Raw ratings, one row per rating id. ReplacingMergeTree keyed by rating_id: a replay after a crash
-- or a re-delivered Kafka record overwrites instead of adding a row. Readers use FINAL.
CREATE TABLE IF NOT EXISTS ratings
(
    rating_id          String,
    project_no         String,
    assess_number      UInt8,
    channel            LowCardinality(String),
    level              UInt8,
    tag_codes          Array(String),
    comment            String,
    hall_id            String,
    counter_id         String,
    clerk_id           String,
    dept_code          String,
    item_code          String,
    area_code          String,
    rated_at           DateTime64(3, 'UTC'),
    received_at        DateTime64(3, 'UTC'),
    rater_phone_hash   String,
    rater_phone_masked String,
    device_id          String,
    is_default         UInt8
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(rated_at)
ORDER BY rating_id;

-- One-minute scores per clerk. Each firing of a window writes its full current result; version is
-- the window's rating count, which only grows (ratings are deduplicated upstream), so the newest
-- and most complete row wins and a replayed firing is harmless.
CREATE TABLE IF NOT EXISTS clerk_minute_scores
(
    hall_id       String,
    clerk_id      String,
    window_start  DateTime('UTC'),
    ratings       UInt64,
    level_1       UInt64,
    level_2       UInt64,
    level_3       UInt64,
    level_4       UInt64,
    level_5       UInt64,
    score_sum     UInt64,
    bad_count     UInt64,
    default_count UInt64,
    version       UInt64,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (hall_id, clerk_id, window_start);

-- The same per counter (窗口).
CREATE TABLE IF NOT EXISTS counter_minute_scores
(
    hall_id       String,
    counter_id    String,
    window_start  DateTime('UTC'),
    ratings       UInt64,
    level_1       UInt64,
    level_2       UInt64,
    level_3       UInt64,
    level_4       UInt64,
    level_5       UInt64,
    score_sum     UInt64,
    bad_count     UInt64,
    default_count UInt64,
    version       UInt64,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (hall_id, counter_id, window_start);

-- Events the pipeline could not use, with the reason. The id is derived from where the event came
-- from (topic, partition, offset), so a replay overwrites.
CREATE TABLE IF NOT EXISTS dead_letters
(
    dead_letter_id String,
    source         LowCardinality(String),
    payload        String,
    reason         String,
    occurred_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY dead_letter_id;
