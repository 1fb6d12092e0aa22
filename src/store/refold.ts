/**
 * Data migrations that need Glossa's own code, not SQL alone (migration 006 names them in
 * `data_migration`): stored folded forms brought up to a change of src/text/fold.ts.
 */
import type { InValue, Transaction } from '@libsql/client';
import { fold, lemma } from '../text/fold.js';
import { insertPostingsSql } from './schema.js';
import { decodeDocs } from './tmindex.js';

/** One data migration: runs inside a write transaction, idempotent. */
type DataMigration = (tx: Transaction) => Promise<void>;

/**
 * English plurals of -ing nouns fold as their singular (settings → set, was setting). A TM index
 * token ending in -ing that folds further came from such a plural alone: its postings join the
 * singular's (one segment, each document once). Terms whose text holds "ings" get their folded
 * form again.
 */
async function refoldPluralIng(tx: Transaction): Promise<void> {
  const tokens = (await tx.execute("SELECT DISTINCT token FROM tm_posting WHERE token GLOB '*ing'")).rows.map((r) => String(r.token));
  for (const from of tokens) {
    if (!/^[a-z]+$/.test(from)) continue;
    const to = lemma(from);
    if (to === from) continue;
    const rs = await tx.execute({ sql: 'SELECT docs FROM tm_posting WHERE token IN (?, ?)', args: [from, to] });
    const all = new Set<number>();
    for (const r of rs.rows) for (const d of decodeDocs(r.docs)) all.add(d);
    const docs = Uint32Array.from(all).sort();
    await tx.execute({ sql: 'DELETE FROM tm_posting WHERE token IN (?, ?)', args: [from, to] });
    await tx.execute({ sql: insertPostingsSql(1), args: [to, docs.length, new Uint8Array(docs.buffer)] as InValue[] });
  }
  const terms = await tx.execute("SELECT id, text, folded FROM term WHERE text LIKE '%ings%'");
  for (const r of terms.rows) {
    const folded = fold(String(r.text));
    if (folded !== String(r.folded)) await tx.execute({ sql: 'UPDATE term SET folded = ? WHERE id = ?', args: [folded, Number(r.id)] });
  }
}

export const DATA_MIGRATIONS: Readonly<Record<string, DataMigration>> = {
  'refold-plural-ing': refoldPluralIng,
};
