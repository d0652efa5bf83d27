-- test-only migration
CREATE TABLE IF NOT EXISTS extra_a
(
    a UInt32
)
ENGINE = MergeTree
ORDER BY a;
