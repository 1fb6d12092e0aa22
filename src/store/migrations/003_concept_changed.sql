-- The term look-up's fingerprint of the glossary (src/store/terms.ts termsFingerprint) reads
-- max(changed_at) every few seconds; without an index that scanned every concept (17 ms at 100k).
CREATE INDEX concept_changed ON concept (changed_at);
