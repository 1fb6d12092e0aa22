-- The TM search index: one FTS5 document per side of a unit (rowid = tu.id * 2 + side, side 0 =
-- source, 1 = target), holding the side's matching tokens (src/match/units.ts: ideograph
-- bigrams, folded words) separated by spaces. Contentless and detail=none: only which documents
-- hold a token is kept, which is all candidate retrieval needs and the cheapest to build.
-- Units are never deleted today; deleting one would need contentless_delete (not with columnsize=0).
CREATE VIRTUAL TABLE tm_index USING fts5(tokens, content='', detail='none', columnsize=0, tokenize='unicode61 remove_diacritics 0');

-- Units up to this id are in tm_index (units of databases made before this migration are indexed
-- on first search).
CREATE TABLE tm_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
INSERT INTO tm_index_state (id, indexed_upto) VALUES (1, 0);
