-- The staff roster (花名册): who a clerk id is, where they work, and the keyed hash of the phone they
-- registered, so the monthly evaluation can tell a self-rating. Never the phone itself. The newest row
-- per clerk wins.
CREATE TABLE IF NOT EXISTS staff
(
    clerk_id      String,
    name          String,
    hall_id       String,
    counter_id    String,
    phone_hash    String,
    phone_masked  String,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY clerk_id;

-- One row per evaluation run (a revision of a month). Rows here, in evaluation_results and in
-- evaluation_flags are written once and never updated: plain MergeTree, no replacing engine.
CREATE TABLE IF NOT EXISTS evaluation_runs
(
    run_id              String,
    -- YYYY-MM in rules.timeZone
    month               String,
    revision            UInt32,
    policy_version      String,
    policy_hash         String,
    policy_yaml         String,
    created_by          String,
    created_at          DateTime64(3, 'UTC'),
    -- SHA-256 over the run's results and flags in a canonical order: equal hashes, equal outcome
    results_hash        String,
    counted_ratings     UInt64,
    excluded_ratings    UInt64,
    clerks              UInt32,
    counters            UInt32,
    -- the revision this run was compared with when it was made (the approved one, else the previous)
    compared_revision   Nullable(UInt32),
    differs             UInt8,
    change_summary      String
)
ENGINE = MergeTree
ORDER BY (month, revision, run_id);

-- Every clerk's and counter's evaluated month in a run (100-point scores, 2 decimals).
CREATE TABLE IF NOT EXISTS evaluation_results
(
    run_id              String,
    -- clerk | counter
    subject_type        LowCardinality(String),
    subject_id          String,
    subject_name        String,
    hall_id             String,
    counter_id          String,
    -- channel wire name → ratings counted in the score
    ratings_by_channel  Map(String, UInt64),
    level_1             UInt64,
    level_2             UInt64,
    level_3             UInt64,
    level_4             UInt64,
    level_5             UInt64,
    active_ratings      UInt64,
    default_ratings     UInt64,
    counted_ratings     UInt64,
    -- ratings of this subject left out by fairness flags (listed in evaluation_flags)
    excluded_ratings    UInt64,
    raw_score           Nullable(Float64),
    adjusted_score      Float64,
    -- JSON array of {reason, count, points}
    deductions          String,
    final_score         Float64,
    ranked              UInt8,
    rank                Nullable(UInt32),
    grade               String,
    pay_coefficient     Float64,
    red_flag            UInt8,
    explanation         String
)
ENGINE = MergeTree
ORDER BY (run_id, subject_type, hall_id, subject_id);

-- The audit sheet of a run: every rating of the month the run left out, and why.
CREATE TABLE IF NOT EXISTS evaluation_flags
(
    run_id              String,
    rating_id           String,
    -- spam | duplicate | followup_not_allowed | self_rating | rater_burst | device_burst | appeal_upheld
    flag                LowCardinality(String),
    detail              String,
    hall_id             String,
    counter_id          String,
    clerk_id            String,
    channel             LowCardinality(String),
    level               UInt8,
    is_default          UInt8,
    rated_at            DateTime64(3, 'UTC'),
    rater_phone_masked  String,
    device_id           String
)
ENGINE = MergeTree
ORDER BY (run_id, rating_id);

-- Approvals (核定). Never replaced: when two approvals of one month race, the earliest row wins
-- (argMin over approved_at, then run_id) and the other approver is told the month is already locked.
CREATE TABLE IF NOT EXISTS evaluation_approvals
(
    month               String,
    run_id              String,
    revision            UInt32,
    results_hash        String,
    approved_by         String,
    approved_at         DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (month, approved_at, run_id);
