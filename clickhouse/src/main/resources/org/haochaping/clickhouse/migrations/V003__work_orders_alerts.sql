-- 差评 work orders (工单), one per case whose first rating was a 差评: the latest snapshot the stream job
-- holds. version counts the work order's changes, so the newest wins and a replay writes the same rows.
-- Deadlines run on office hours of working days (workOrders.* in the configuration).
CREATE TABLE IF NOT EXISTS work_orders
(
    work_order_id          String,
    project_no             String,
    rating_id              String,
    rating_level           UInt8,
    rating_channel         LowCardinality(String),
    tag_codes              Array(String),
    comment                String,
    hall_id                String,
    counter_id             String,
    clerk_id               String,
    dept_code              String,
    item_code              String,
    item_name              String,
    area_code              String,
    rater_phone_hash       String,
    rater_phone_masked     String,
    -- the 差评's time: the work order opens then and its deadlines count from it
    opened_at              DateTime64(3, 'UTC'),
    -- open (待回访) | followed_up (待整改) | rectified (待追评) | closed (已办结) | voided (申诉成立)
    status                 LowCardinality(String),
    follow_up_due          DateTime64(3, 'UTC'),
    rectify_due            DateTime64(3, 'UTC'),
    follow_up_overdue      UInt8,
    rectify_overdue        UInt8,
    followed_up_at         Nullable(DateTime64(3, 'UTC')),
    follow_up_count        UInt16,
    follow_up_reached      UInt8,
    follow_up_verified     UInt8,
    citizen_feedback       String,
    rectified_at           Nullable(DateTime64(3, 'UTC')),
    rectify_cause          String,
    rectify_action         String,
    -- after rectification: one 追评 (assess number 2) until rerate_due
    rerate_due             Nullable(DateTime64(3, 'UTC')),
    rerate_sms_invited     UInt8,
    rerate_rating_id       String,
    rerate_level           UInt8,
    rerated_at             Nullable(DateTime64(3, 'UTC')),
    -- none | pending | upheld | rejected
    appeal_status          LowCardinality(String),
    appeal_kind            LowCardinality(String),
    appeal_reason          String,
    appeal_filed_by        String,
    appeal_filed_at        Nullable(DateTime64(3, 'UTC')),
    appeal_reviewed_by     String,
    appeal_reviewed_at     Nullable(DateTime64(3, 'UTC')),
    appeal_note            String,
    closed_at              Nullable(DateTime64(3, 'UTC')),
    -- rerated | rerate_window_ended | appeal_upheld; empty while not closed
    close_reason           LowCardinality(String),
    version                UInt64,
    updated_at             DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY work_order_id;

-- Everything that happened to a work order, for its history. event_id is derived from the cause (the
-- command id, the rating id, the deadline), so a replay overwrites instead of adding.
CREATE TABLE IF NOT EXISTS work_order_events
(
    work_order_id  String,
    event_id       String,
    -- opened | followed_up | rectified | rerate_invited | rerated | closed | appealed | appeal_upheld
    -- | appeal_rejected | due_soon | overdue
    event_type     LowCardinality(String),
    actor_id       String,
    actor_role     LowCardinality(String),
    occurred_at    DateTime64(3, 'UTC'),
    status_after   LowCardinality(String),
    -- the event's details as JSON (what was said, cause and action, which deadline)
    detail         String
)
ENGINE = ReplacingMergeTree
ORDER BY (work_order_id, event_id);

-- Every console command and the stream job's answer to it (applied, or refused with the reason).
CREATE TABLE IF NOT EXISTS work_order_commands
(
    command_id     String,
    work_order_id  String,
    command_type   LowCardinality(String),
    actor_id       String,
    actor_role     LowCardinality(String),
    -- applied | conflict | forbidden | not_found | invalid
    result         LowCardinality(String),
    reason         String,
    status_after   LowCardinality(String),
    version        UInt64,
    issued_at      DateTime64(3, 'UTC'),
    decided_at     DateTime64(3, 'UTC'),
    command_json   String
)
ENGINE = ReplacingMergeTree
ORDER BY command_id;

-- Alerts the stream job raised; the id is derived from the cause, so each is here once.
CREATE TABLE IF NOT EXISTS alerts
(
    alert_id       String,
    -- bad_rating | due_soon | overdue | spike
    type           LowCardinality(String),
    -- follow_up | rectify (deadlines), clerk | counter (spikes), empty for a new 差评
    subject        LowCardinality(String),
    hall_id        String,
    counter_id     String,
    clerk_id       String,
    work_order_id  String,
    title          String,
    due_at         Nullable(DateTime64(3, 'UTC')),
    raised_at      DateTime64(3, 'UTC'),
    count          UInt32
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(raised_at)
ORDER BY alert_id;

-- What the webhook sender did with each alert: sending before the call, then sent or failed (or
-- skipped when its type is not posted); the newest row per alert wins, so an alert is posted once
-- across restarts.
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    alert_id       String,
    status         LowCardinality(String),
    http_status    UInt16,
    detail         String,
    attempt        UInt32,
    updated_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY alert_id;

-- Ratings that no longer count in any score (an upheld appeal). The rating itself stays in ratings.
-- window_start is the rating's minute, so the scores views below can take it out of its window.
CREATE TABLE IF NOT EXISTS score_exclusions
(
    rating_id      String,
    work_order_id  String,
    hall_id        String,
    counter_id     String,
    clerk_id       String,
    level          UInt8,
    points         UInt32,
    is_default     UInt8,
    rated_at       DateTime64(3, 'UTC'),
    window_start   DateTime('UTC'),
    -- appeal_upheld
    reason         LowCardinality(String),
    excluded_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY rating_id;

-- The scores to read: the one-minute scores less the excluded ratings. Dashboards and the monthly
-- evaluation read these, never the *_minute_scores tables directly.
CREATE VIEW IF NOT EXISTS clerk_scores AS
SELECT hall_id, clerk_id, window_start,
       sum(ratings) AS ratings, sum(level_1) AS level_1, sum(level_2) AS level_2, sum(level_3) AS level_3,
       sum(level_4) AS level_4, sum(level_5) AS level_5, sum(score_sum) AS score_sum,
       sum(bad_count) AS bad_count, sum(default_count) AS default_count,
       sum(default_score_sum) AS default_score_sum
FROM
(
    SELECT hall_id, clerk_id, window_start, toInt64(ratings) AS ratings, toInt64(level_1) AS level_1,
           toInt64(level_2) AS level_2, toInt64(level_3) AS level_3, toInt64(level_4) AS level_4,
           toInt64(level_5) AS level_5, toInt64(score_sum) AS score_sum, toInt64(bad_count) AS bad_count,
           toInt64(default_count) AS default_count, toInt64(default_score_sum) AS default_score_sum
    FROM clerk_minute_scores FINAL
    UNION ALL
    SELECT hall_id, clerk_id, window_start, -1, -toInt64(level = 1), -toInt64(level = 2), -toInt64(level = 3),
           -toInt64(level = 4), -toInt64(level = 5), -toInt64(points), -toInt64(level <= 2), -toInt64(is_default),
           -toInt64(is_default * points)
    FROM score_exclusions FINAL
)
GROUP BY hall_id, clerk_id, window_start;

CREATE VIEW IF NOT EXISTS counter_scores AS
SELECT hall_id, counter_id, window_start,
       sum(ratings) AS ratings, sum(level_1) AS level_1, sum(level_2) AS level_2, sum(level_3) AS level_3,
       sum(level_4) AS level_4, sum(level_5) AS level_5, sum(score_sum) AS score_sum,
       sum(bad_count) AS bad_count, sum(default_count) AS default_count,
       sum(default_score_sum) AS default_score_sum
FROM
(
    SELECT hall_id, counter_id, window_start, toInt64(ratings) AS ratings, toInt64(level_1) AS level_1,
           toInt64(level_2) AS level_2, toInt64(level_3) AS level_3, toInt64(level_4) AS level_4,
           toInt64(level_5) AS level_5, toInt64(score_sum) AS score_sum, toInt64(bad_count) AS bad_count,
           toInt64(default_count) AS default_count, toInt64(default_score_sum) AS default_score_sum
    FROM counter_minute_scores FINAL
    UNION ALL
    SELECT hall_id, counter_id, window_start, -1, -toInt64(level = 1), -toInt64(level = 2), -toInt64(level = 3),
           -toInt64(level = 4), -toInt64(level = 5), -toInt64(points), -toInt64(level <= 2), -toInt64(is_default),
           -toInt64(is_default * points)
    FROM score_exclusions FINAL
)
GROUP BY hall_id, counter_id, window_start;

-- Raw ratings that count: every rating except the excluded ones.
CREATE VIEW IF NOT EXISTS counted_ratings AS
SELECT * FROM ratings FINAL WHERE rating_id NOT IN (SELECT rating_id FROM score_exclusions FINAL);

-- SMS invitations now also invite the 追评 after a rectified 差评 (assess number 2).
ALTER TABLE sms_invitations ADD COLUMN IF NOT EXISTS assess_number UInt8 DEFAULT 1 AFTER project_no;
