ALTER TABLE extra_a ADD COLUMN IF NOT EXISTS b String;
INSERT INTO extra_a (a, b) VALUES (1, 'from V902');
