-- The TM search index: an inverted index of matching tokens (src/text/tokens.ts: ideograph
-- bigrams, folded words) to index documents, one document per side of a unit
-- (doc = tu.id * 2 + side; side 0 = source, 1 = target). Each row is one segment of a token's
-- list, written whole by one import: `docs` holds the documents as ascending little-endian
-- uint32, `df` how many. Built in memory during an import and written once per token, which is
-- several times faster than FTS5 at a million units (see README "Benchmarks").
CREATE TABLE tm_posting (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL,
  df INTEGER NOT NULL,
  docs BLOB NOT NULL
);
CREATE INDEX tm_posting_token ON tm_posting (token, df);

-- Units up to this id are in the index (units of databases made before this migration are
-- indexed on first search).
CREATE TABLE tm_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
INSERT INTO tm_index_state (id, indexed_upto) VALUES (1, 0);
