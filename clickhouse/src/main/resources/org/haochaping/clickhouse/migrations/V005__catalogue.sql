-- Names for the codes the other tables store, so dashboards and reports show words, not codes: the national
-- 差评/好评 tags (kind 'tag', code as in ratings.tag_codes), the channels (kind 'channel', code = channel) and
-- the levels (kind 'level', code '1'..'5'). Filled from the application's own catalogue every time the store
-- is opened (Catalogue.sync), so it never drifts from the code; never edit it by hand.
CREATE TABLE IF NOT EXISTS catalogue
(
    kind     LowCardinality(String),
    code     String,
    name     String,
    level    UInt8
)
ENGINE = ReplacingMergeTree
ORDER BY (kind, code);
