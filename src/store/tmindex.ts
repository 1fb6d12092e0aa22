/**
 * Queries of the TM search index (migration 002): an inverted index from matching tokens to
 * index documents (doc = unit id * 2 + side). New units' postings are gathered in memory during
 * an import (PostingBuilder) and written once per token at its end; a query reads how common its
 * tokens are, then the lists of the rare ones. Tokens come from src/match/units.ts; only SQL
 * lives here.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import { TokenInterner } from '../match/units.js';

/** A unit to index: its id and both sides' text. */
export interface IndexableUnit {
  id: number;
  source: string;
  target: string;
}

/**
 * Postings gathered in memory; handed out (drain) or written (flush) once per token. Tokens are
 * interned to numbers (one map look-up per token occurrence, keyed by the word as written so the
 * lemma is looked up once per distinct word), and (token, document) pairs appended to a typed
 * array: no array per token, little garbage, and a counting sort by token at drain time.
 */
export class PostingBuilder {
  private interner = new TokenInterner();
  private pairs = new Uint32Array(1 << 16);
  private buf = new Uint32Array(1024);
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
    if (this.buf.length < text.length + 1) this.buf = new Uint32Array(text.length + 1);
    const n = this.interner.tokenIds(text, this.buf);
    if ((this.size + n) * 2 > this.pairs.length) {
      const bigger = new Uint32Array(Math.max(this.pairs.length * 2, (this.size + n) * 2));
      bigger.set(this.pairs);
      this.pairs = bigger;
    }
    const pairs = this.pairs;
    let at = this.size * 2;
    for (let i = 0; i < n; i++) {
      pairs[at++] = this.buf[i]!;
      pairs[at++] = doc;
    }
    this.size += n;
  }

  /** Postings held in memory (drain or flush when large, to bound memory). */
  get postings(): number {
    return this.size;
  }

  /** Highest unit id added since the last drain. */
  get maxUnitId(): number {
    return this.maxId;
  }

  /**
   * The gathered postings as one segment per token (documents ascending), in transferable
   * arrays, and forget them: token k's documents are docs[offsets[k]..offsets[k+1]).
   */
  drain(): { tokens: string[]; offsets: Uint32Array; docs: Uint32Array } {
    const n = this.interner.size;
    const count = new Uint32Array(n + 1);
    const pairs = this.pairs;
    for (let i = 0; i < this.size; i++) count[pairs[i * 2]!]!++;
    // Start of each token's run in `sorted`; pairs were appended in document order, so a stable
    // scatter leaves each token's documents ascending (sorted anyway if units came out of order).
    const start = new Uint32Array(n + 1);
    for (let t = 0; t < n; t++) start[t + 1] = start[t]! + count[t]!;
    const fill = start.slice(0, n);
    const sorted = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) sorted[fill[pairs[i * 2]!]!++] = pairs[i * 2 + 1]!;
    const tokens: string[] = [];
    const offsets: number[] = [];
    const docs = new Uint32Array(this.size);
    let at = 0;
    for (let t = 0; t < n; t++) {
      const a = start[t]!;
      const b = start[t + 1]!;
      if (a === b) continue;
      let list = sorted.subarray(a, b);
      for (let i = 1; i < list.length; i++) {
        if (list[i]! < list[i - 1]!) {
          list = list.slice().sort();
          break;
        }
      }
      tokens.push(this.interner.tokens[t]!);
      offsets.push(at);
      // A token twice in one document counts once.
      let last = -1;
      for (let i = 0; i < list.length; i++) {
        if (list[i] !== last) docs[at++] = list[i]!;
        last = list[i]!;
      }
    }
    offsets.push(at);
    this.size = 0;
    if (this.pairs.length > 1 << 22) this.pairs = new Uint32Array(1 << 16);
    // The token table is kept between segments (most tokens recur), unless it grew large.
    if (this.interner.size > 100_000) this.interner = new TokenInterner();
    return { tokens, offsets: Uint32Array.from(offsets), docs: docs.slice(0, at) };
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
    const maxId = this.maxId;
    const { tokens, offsets, docs } = this.drain();
    for (let k = 0; k < tokens.length; k++) {
      const list = docs.subarray(offsets[k], offsets[k + 1]);
      args.push(tokens[k]!, list.length, new Uint8Array(list.buffer, list.byteOffset, list.byteLength).slice());
      if (++rows >= ROWS) await write();
    }
    await write();
    if (maxId > 0) await tx.execute({ sql: 'UPDATE tm_index_state SET indexed_upto = max(indexed_upto, ?) WHERE id = 1', args: [maxId] });
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
