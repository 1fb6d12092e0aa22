/**
 * Queries of the TM search index (migration 002): writing the tokens of new units, counting how
 * common a token is, and gathering candidate units that share rare tokens with a query.
 * Tokens come from src/match/units.ts; only SQL lives here.
 */
import type { InArgs, InValue, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import { indexTokens, toUnits } from '../match/units.js';

const DOCS_PER_STATEMENT = 400;

/** A unit to index: its id and both sides' text. */
export interface IndexableUnit {
  id: number;
  source: string;
  target: string;
}

/** The FTS document text of one side: its tokens, space separated. */
export function documentOf(text: string): string {
  return indexTokens(toUnits(text)).join(' ');
}

/** Write the tokens of units into the index (inside the write transaction that added them). */
export async function indexUnits(tx: Transaction, units: readonly IndexableUnit[]): Promise<void> {
  let maxId = 0;
  for (let i = 0; i < units.length; i += DOCS_PER_STATEMENT / 2) {
    const chunk = units.slice(i, i + DOCS_PER_STATEMENT / 2);
    const args: InValue[] = [];
    for (const u of chunk) {
      args.push(u.id * 2, documentOf(u.source), u.id * 2 + 1, documentOf(u.target));
      if (u.id > maxId) maxId = u.id;
    }
    await tx.execute({ sql: `INSERT INTO tm_index (rowid, tokens) VALUES ${Array(chunk.length * 2).fill('(?,?)').join(',')}`, args });
  }
  if (maxId > 0) await tx.execute({ sql: 'UPDATE tm_index_state SET indexed_upto = max(indexed_upto, ?) WHERE id = 1', args: [maxId] });
}

/**
 * Index the units a database holds but the index does not (made before migration 002, or by a
 * writer that bypassed insertTUs). Returns how many were indexed.
 */
export async function indexMissing(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const state = await db.client.execute('SELECT indexed_upto AS upto, (SELECT max(id) FROM tu) AS top FROM tm_index_state WHERE id = 1');
    const upto = Number(state.rows[0]?.upto ?? 0);
    const top = Number(state.rows[0]?.top ?? 0);
    if (top <= upto) return total;
    const n = await db.write(async (tx) => {
      const rs = await tx.execute({ sql: 'SELECT id, source, target FROM tu WHERE id > ? ORDER BY id LIMIT 20000', args: [upto] });
      const units = rs.rows.map((r) => ({ id: Number(r.id), source: String(r.source), target: String(r.target) }));
      await indexUnits(tx, units);
      return units.length;
    });
    total += n;
  }
}

/** Quote a token for an FTS5 query (tokens hold letters and digits only, but be safe). */
function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * How many index documents hold each token, counting no further than `cap` (so that a common
 * token costs no more than a rare one). One statement for all tokens.
 */
export async function tokenCounts(db: Db, tokens: readonly string[], cap: number): Promise<number[]> {
  if (tokens.length === 0) return [];
  const parts = tokens.map((_, i) => `SELECT ${i} AS k, (SELECT count(*) FROM (SELECT rowid FROM tm_index WHERE tm_index MATCH ? LIMIT ${cap | 0})) AS n`);
  const rs = await db.client.execute({ sql: parts.join(' UNION ALL '), args: tokens.map(quote) });
  const out = new Array<number>(tokens.length).fill(0);
  for (const r of rs.rows) out[Number(r.k)] = Number(r.n);
  return out;
}

export interface Candidate {
  /** Index document: unit id * 2 + side (0 source, 1 target). */
  doc: number;
  /** Sum of the weights of the query tokens the document holds. */
  weight: number;
}

/**
 * Documents holding any of the tokens, best sum of token weights first. Each token's list is
 * read to at most `perToken` documents, so the work per query is bounded.
 */
export async function candidatesFor(db: Db, tokens: readonly { token: string; weight: number }[], perToken: number, limit: number): Promise<Candidate[]> {
  if (tokens.length === 0) return [];
  const args: InValue[] = [];
  const parts = tokens.map((t) => {
    args.push(t.weight, quote(t.token));
    return `SELECT * FROM (SELECT rowid AS doc, ? AS w FROM tm_index WHERE tm_index MATCH ? LIMIT ${perToken | 0})`;
  });
  args.push(limit);
  const rs = await db.client.execute({
    sql: `SELECT doc, sum(w) AS weight FROM (${parts.join(' UNION ALL ')}) GROUP BY doc ORDER BY weight DESC, doc LIMIT ?`,
    args: args as InArgs,
  });
  return rs.rows.map((r) => ({ doc: Number(r.doc), weight: Number(r.weight) }));
}

/** Documents holding every token (a concordance search), in id order, at most `limit`. */
export async function documentsWithAll(db: Db, tokens: readonly string[], limit: number): Promise<number[]> {
  if (tokens.length === 0) return [];
  const rs = await db.client.execute({
    sql: 'SELECT rowid AS doc FROM tm_index WHERE tm_index MATCH ? ORDER BY rowid LIMIT ?',
    args: [tokens.map(quote).join(' AND '), limit],
  });
  return rs.rows.map((r) => Number(r.doc));
}

/** Units whose source or target contains `text` as written (for 1-character queries the index cannot serve). */
export async function unitsContaining(db: Db, text: string, limit: number): Promise<number[]> {
  const rs = await db.client.execute({
    sql: 'SELECT id FROM tu WHERE instr(source, ?) > 0 OR instr(target, ?) > 0 ORDER BY id LIMIT ?',
    args: [text, text, limit],
  });
  return rs.rows.map((r) => Number(r.id));
}

/** Rows of units by id, as the TM search needs them. */
export async function unitsById(db: Db, ids: readonly number[]): Promise<{ id: number; srcLang: string; tgtLang: string; source: string; target: string }[]> {
  if (ids.length === 0) return [];
  const rs = await db.client.execute({
    sql: `SELECT id, src_lang, tgt_lang, source, target FROM tu WHERE id IN (${ids.map(() => '?').join(',')})`,
    args: [...ids],
  });
  return rs.rows.map((r) => ({ id: Number(r.id), srcLang: String(r.src_lang), tgtLang: String(r.tgt_lang), source: String(r.source), target: String(r.target) }));
}
