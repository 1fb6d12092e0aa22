-- Translation units, concept-oriented terms, and the bookkeeping of ingested files.
PRAGMA journal_mode = WAL;

CREATE TABLE tu (
  id INTEGER PRIMARY KEY,
  src_lang TEXT NOT NULL,
  tgt_lang TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  -- Dedup key: a hash of (languages, source and target content, inline codes included).
  dedup TEXT NOT NULL UNIQUE,
  -- JSON of what plain text cannot hold: inline codes, props, notes, extra variants, attributes.
  extra TEXT,
  external_id TEXT,
  origin_file TEXT,
  origin_paragraph INTEGER,
  origin_position INTEGER,
  created_at TEXT NOT NULL,
  changed_at TEXT
);
CREATE INDEX tu_langs ON tu (src_lang, tgt_lang);

CREATE TABLE concept (
  id INTEGER PRIMARY KEY,
  method TEXT,
  score REAL,
  frequency INTEGER,
  evidence TEXT, -- JSON array of tu ids
  note TEXT,
  subject TEXT,
  origin TEXT NOT NULL DEFAULT 'user', -- extract | user | import:<file>
  created_at TEXT NOT NULL,
  changed_at TEXT
);

CREATE TABLE term (
  id INTEGER PRIMARY KEY,
  concept_id INTEGER NOT NULL REFERENCES concept (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  text TEXT NOT NULL,
  folded TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('candidate', 'approved', 'forbidden')),
  part_of_speech TEXT,
  note TEXT
);
CREATE INDEX term_concept ON term (concept_id);
CREATE INDEX term_folded ON term (folded);
CREATE INDEX term_lang_text ON term (lang, text);

CREATE TABLE ingest (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  format TEXT NOT NULL,
  added INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  at TEXT NOT NULL
);
