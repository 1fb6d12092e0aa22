-- A log of the concepts whose terms changed, filled by triggers: the term look-up's index in
-- memory (src/match/terms.ts) reads what changed since it last looked and updates those concepts
-- alone, whichever process or path wrote them (a term route, an import, extraction, another
-- process on the same file). Pruned as it grows; a reader that fell behind the pruned part
-- rebuilds its index.
CREATE TABLE term_change (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  concept_id INTEGER NOT NULL
);

CREATE TRIGGER term_change_insert AFTER INSERT ON term
BEGIN
  INSERT INTO term_change (concept_id) VALUES (new.concept_id);
END;

CREATE TRIGGER term_change_update AFTER UPDATE ON term
BEGIN
  INSERT INTO term_change (concept_id) VALUES (new.concept_id);
  INSERT INTO term_change (concept_id) SELECT old.concept_id WHERE old.concept_id <> new.concept_id;
END;

CREATE TRIGGER term_change_delete AFTER DELETE ON term
BEGIN
  INSERT INTO term_change (concept_id) VALUES (old.concept_id);
END;

CREATE TRIGGER concept_change_update AFTER UPDATE OF score, method ON concept
BEGIN
  INSERT INTO term_change (concept_id) VALUES (new.id);
END;

CREATE TRIGGER concept_change_delete AFTER DELETE ON concept
BEGIN
  INSERT INTO term_change (concept_id) VALUES (old.id);
END;

CREATE TRIGGER term_change_prune AFTER INSERT ON term_change WHEN new.seq % 10000 = 0
BEGIN
  DELETE FROM term_change WHERE seq <= new.seq - 300000;
END;
