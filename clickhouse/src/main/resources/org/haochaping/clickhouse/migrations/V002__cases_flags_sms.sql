-- Cases (办件) as the stream job knows them: the latest snapshot per case. Each state change raises
-- version, so the newest snapshot wins and a replay is harmless. Phones only as hash and mask.
CREATE TABLE IF NOT EXISTS cases
(
    project_no          String,
    item_code           String,
    item_name           String,
    dept_code           String,
    area_code           String,
    hall_id             String,
    counter_id          String,
    front_clerk_id      String,
    back_clerk_id       String,
    promise_type        LowCardinality(String),
    accepted_at         Nullable(DateTime64(3, 'UTC')),
    completed_at        Nullable(DateTime64(3, 'UTC')),
    citizen_phone_hash  String,
    citizen_phone_masked String,
    -- open: completed, waiting for a rating; rated: a citizen rated it; defaulted: the window passed
    status              LowCardinality(String),
    rating_window_ends  Nullable(DateTime64(3, 'UTC')),
    rated_at            Nullable(DateTime64(3, 'UTC')),
    rating_channel      LowCardinality(String),
    rating_level        UInt8,
    sms_invited_at      Nullable(DateTime64(3, 'UTC')),
    version             UInt64,
    updated_at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY project_no;

-- Ratings that were received but are not counted, kept for audit: spam presses on an evaluator, a
-- second rating of a case (一事一评), a 追评 without a 差评 before it. One row per rating id.
CREATE TABLE IF NOT EXISTS flagged_ratings
(
    rating_id          String,
    project_no         String,
    assess_number      UInt8,
    channel            LowCardinality(String),
    level              UInt8,
    hall_id            String,
    counter_id         String,
    clerk_id           String,
    device_id          String,
    rated_at           DateTime64(3, 'UTC'),
    received_at        DateTime64(3, 'UTC'),
    rater_phone_hash   String,
    rater_phone_masked String,
    -- spam | duplicate | followup_not_allowed
    flag               LowCardinality(String),
    detail             String,
    rating_json        String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(rated_at)
ORDER BY rating_id;

-- SMS invitations the stream job issued (one per case). The sealed phone is not stored here.
CREATE TABLE IF NOT EXISTS sms_invitations
(
    invitation_id      String,
    project_no         String,
    hall_id            String,
    counter_id         String,
    clerk_id           String,
    phone_hash         String,
    phone_masked       String,
    invited_at         DateTime64(3, 'UTC'),
    expires_at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY invitation_id;

-- What the SMS sender did with each invitation: written before (status 'sending') and after the
-- gateway call ('sent' or 'failed'); the newest row per invitation wins. The sender consults it so
-- an invitation is sent once across restarts.
CREATE TABLE IF NOT EXISTS sms_sends
(
    invitation_id      String,
    status             LowCardinality(String),
    gateway            LowCardinality(String),
    gateway_message_id String,
    detail             String,
    attempt            UInt32,
    updated_at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY invitation_id;

-- Default ratings are counted apart: level_1..level_5 and score_sum keep counting every rating as
-- before (ratings = level_1 + … + level_5), and these columns hold the defaults' share of them.
ALTER TABLE clerk_minute_scores ADD COLUMN IF NOT EXISTS default_score_sum UInt64 AFTER default_count;
ALTER TABLE counter_minute_scores ADD COLUMN IF NOT EXISTS default_score_sum UInt64 AFTER default_count;
