-- test-only migration: a Memory table lives in one server process, it cannot be sharded
CREATE TABLE IF NOT EXISTS scratch (a UInt32) ENGINE = Memory;
