-- Data migrations that need the application's own code (src/store/refold.ts) are named here and
-- run by migrate() right after the SQL migrations, then deleted: a pending row survives a crash
-- and the step runs again at the next open (each step is one transaction and idempotent).
CREATE TABLE data_migration (name TEXT PRIMARY KEY);
-- English plurals of -ing nouns now fold as their singular does (settings as setting, → set):
-- the TM index's tokens and the terms' folded forms written with the old folding are refolded.
INSERT INTO data_migration (name) VALUES ('refold-plural-ing');
