-- The dedup key's uniqueness becomes a named index, tu_dedup, instead of the inline UNIQUE of
-- 001 (whose automatic index SQLite cannot drop). A bulk import into an empty or small TM drops
-- it and builds it once at the end, finding duplicates meanwhile in memory
-- (src/store/bulk-worker.ts): at a million units, sorting the keys once cost 1.1-1.8 s where
-- a million random B-tree inserts cost 5-6 s. SQLite cannot drop a column constraint, so the
-- table is rebuilt (no other table refers to tu).
CREATE TABLE tu_rebuilt (
  id INTEGER PRIMARY KEY,
  src_lang TEXT NOT NULL,
  tgt_lang TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  -- Dedup key: a hash of (languages, source and target content, inline codes included).
  dedup TEXT NOT NULL,
  -- JSON of what plain text cannot hold: inline codes, props, notes, extra variants, attributes.
  extra TEXT,
  external_id TEXT,
  origin_file TEXT,
  origin_paragraph INTEGER,
  origin_position INTEGER,
  created_at TEXT NOT NULL,
  changed_at TEXT
);
INSERT INTO tu_rebuilt (id, src_lang, tgt_lang, source, target, dedup, extra, external_id, origin_file, origin_paragraph, origin_position, created_at, changed_at)
  SELECT id, src_lang, tgt_lang, source, target, dedup, extra, external_id, origin_file, origin_paragraph, origin_position, created_at, changed_at FROM tu;
DROP TABLE tu;
ALTER TABLE tu_rebuilt RENAME TO tu;
CREATE UNIQUE INDEX tu_dedup ON tu (dedup);
CREATE INDEX tu_langs ON tu (src_lang, tgt_lang);
