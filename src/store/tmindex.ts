/**
 * Queries of the TM search index (migration 002): an inverted index from matching tokens to
 * index documents (doc = unit id * 2 + side). New units' postings are gathered in memory during
 * an import (PostingBuilder) and written once per token at its end; a query reads how common its
 * tokens are, then the lists of the rare ones. Tokens come from src/match/units.ts; only SQL
 * lives here.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import { indexTokens, toUnits } from '../match/units.js';

/** A unit to index: its id and both sides' text. */
export interface IndexableUnit {
  id: number;
  source: string;
  target: string;
}

/** Postings gathered in memory; written to the database in one pass per token (flush). */
export class PostingBuilder {
  private lists = new Map<string, number[]>();
  private size = 0;
  private maxId = 0;

  add(units: readonly IndexableUnit[]): void {
    for (const u of units) {
      this.addDoc(u.id * 2, u.source);
      this.addDoc(u.id * 2 + 1, u.target);
      if (u.id > this.maxId) this.maxId = u.id;
    }
  }

  private addDoc(doc: number, text: string): void {
    for (const token of indexTokens(toUnits(text))) {
      const list = this.lists.get(token);
      if (list) list.push(doc);
      else this.lists.set(token, [doc]);
      this.size++;
    }
  }

  /** Postings held in memory (flush when large, to bound memory). */
  get postings(): number {
    return this.size;
  }

  /** Write the gathered postings as one new segment per token, and forget them. */
  async flush(tx: Transaction): Promise<void> {
    const ROWS = 200;
    let args: InValue[] = [];
    let rows = 0;
    const write = async (): Promise<void> => {
      if (rows === 0) return;
      await tx.execute({ sql: `INSERT INTO tm_posting (token, df, docs) VALUES ${Array(rows).fill('(?,?,?)').join(',')}`, args });
      args = [];
      rows = 0;
    };
    for (const [token, docs] of this.lists) {
      // Docs arrive in ascending order within one import; sort anyway for units added out of order.
      for (let i = 1; i < docs.length; i++) {
        if (docs[i]! < docs[i - 1]!) {
          docs.sort((a, b) => a - b);
          break;
        }
      }
      const bytes = new Uint8Array(Uint32Array.from(docs).buffer);
      args.push(token, docs.length, bytes);
      if (++rows >= ROWS) await write();
    }
    await write();
    if (this.maxId > 0) await tx.execute({ sql: 'UPDATE tm_index_state SET indexed_upto = max(indexed_upto, ?) WHERE id = 1', args: [this.maxId] });
    this.lists = new Map();
    this.size = 0;
  }
}

/**
 * Index the units a database holds but the index does not (made before migration 002, or by a
 * writer that bypassed insertTUs). Returns how many were indexed.
 */
export async function indexMissing(db: Db): Promise<number> {
  const state = await db.client.execute('SELECT indexed_upto AS upto, (SELECT max(id) FROM tu) AS top FROM tm_index_state WHERE id = 1');
  const upto = Number(state.rows[0]?.upto ?? 0);
  const top = Number(state.rows[0]?.top ?? 0);
  if (top <= upto) return 0;
  return db.write(async (tx) => {
    const builder = new PostingBuilder();
    let after = upto;
    let total = 0;
    for (;;) {
      const rs = await tx.execute({ sql: 'SELECT id, source, target FROM tu WHERE id > ? ORDER BY id LIMIT 20000', args: [after] });
      if (rs.rows.length === 0) break;
      const units = rs.rows.map((r) => ({ id: Number(r.id), source: String(r.source), target: String(r.target) }));
      builder.add(units);
      total += units.length;
      after = units[units.length - 1]!.id;
      if (builder.postings > 5_000_000) await builder.flush(tx);
    }
    await builder.flush(tx);
    return total;
  });
}

/** How many documents hold each token (0 for a token no document holds). */
export async function tokenCounts(db: Db, tokens: readonly string[]): Promise<number[]> {
  if (tokens.length === 0) return [];
  const rs = await db.client.execute({
    sql: `SELECT token, sum(df) AS df FROM tm_posting WHERE token IN (${tokens.map(() => '?').join(',')}) GROUP BY token`,
    args: [...tokens],
  });
  const df = new Map(rs.rows.map((r) => [String(r.token), Number(r.df)]));
  return tokens.map((t) => df.get(t) ?? 0);
}

function decode(blob: unknown): Uint32Array {
  if (blob instanceof ArrayBuffer) return new Uint32Array(blob.slice(0));
  if (ArrayBuffer.isView(blob)) return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  return new Uint32Array();
}

/** The document lists of tokens, every segment of each. */
export async function postingsOf(db: Db, tokens: readonly string[]): Promise<Map<string, Uint32Array[]>> {
  const out = new Map<string, Uint32Array[]>();
  if (tokens.length === 0) return out;
  const rs = await db.client.execute({
    sql: `SELECT token, docs FROM tm_posting WHERE token IN (${tokens.map(() => '?').join(',')}) ORDER BY id`,
    args: [...tokens],
  });
  for (const r of rs.rows) {
    const t = String(r.token);
    const list = out.get(t);
    const docs = decode(r.docs);
    if (list) list.push(docs);
    else out.set(t, [docs]);
  }
  return out;
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
