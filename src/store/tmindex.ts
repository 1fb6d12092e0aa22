/**
 * Queries of the TM search index (migration 002): an inverted index from matching tokens to
 * index documents (doc = unit id * 2 + side). New units' postings are gathered in memory during
 * an import (PostingBuilder) and written once per token at its end; a query reads how common its
 * tokens are, then the lists of the rare ones. Tokens come from src/text/tokens.ts; only SQL
 * lives here.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import { TokenInterner } from '../text/tokens.js';
import { ADVANCE_INDEX_SQL, insertPostingsSql } from './schema.js';

/**
 * Tokens the builder keeps interned between segments at most; past either bound the table is
 * started afresh. Most tokens recur (a TM holds far fewer distinct words than bigrams, and a
 * segment's tokens were mostly met in the segment before), and interning one anew is not free:
 * with one bound for both kinds, the table was started afresh at nearly every segment. Words
 * are held as strings in a Map, bigrams in a much smaller typed table, hence two bounds; a
 * larger table raised the peak memory of a 1 GB import past its goal (docs/decisions.md).
 */
const MAX_TEXT_TOKENS = 100_000;
const MAX_BIGRAMS = 400_000;

/** A unit to index: its id and both sides' text. */
export interface IndexableUnit {
  id: number;
  source: string;
  target: string;
}

/**
 * One segment per token, as drain() hands it out: token k's documents (ascending, each once) are
 * docs[starts[k]..ends[k]). `docs` is a scratch buffer of the builder: give it back with
 * recycle() once written (after a round trip to a worker, say).
 */
export interface PostingSegment {
  tokens: string[];
  starts: Uint32Array;
  ends: Uint32Array;
  docs: Uint32Array;
}

/**
 * Postings gathered in memory; handed out (drain) or written (flush) once per token. Tokens are
 * interned to numbers (src/text/tokens.ts TokenInterner) and written straight into one typed
 * array, with where each document's tokens end; drain() is a counting sort by token. Every
 * buffer is kept and reused: touching fresh memory costs far more than refilling a buffer, and
 * allocating per segment was a large share of the cost of building the index
 * (docs/decisions.md).
 */
export class PostingBuilder {
  private interner = new TokenInterner();
  /** Token id of each posting, in the order added. */
  private toks: Uint32Array;
  private size = 0;
  /** Document of each added text, and the end of its postings in `toks`. */
  private docIds = new Uint32Array(1 << 12);
  private docEnds = new Uint32Array(1 << 12);
  private ndocs = 0;
  private maxId = 0;
  /** Scratch of drain(): per token, its count, the start of its slots and the next free one. */
  private count = new Uint32Array(0);
  private begin = new Uint32Array(0);
  private fill = new Uint32Array(0);
  /** Document buffers given back by recycle(). */
  private spare: Uint32Array[] = [];

  /** `capacity`: postings expected before each drain (the buffer grows past it if need be). */
  constructor(capacity = 1 << 16) {
    this.toks = new Uint32Array(capacity);
  }

  add(units: readonly IndexableUnit[]): void {
    for (const u of units) this.addUnit(u.id, u.source, u.target);
  }

  addUnit(id: number, source: string, target: string): void {
    this.addDoc(id * 2, source);
    this.addDoc(id * 2 + 1, target);
    if (id > this.maxId) this.maxId = id;
  }

  private addDoc(doc: number, text: string): void {
    if (this.size + text.length + 1 > this.toks.length) {
      // By a quarter: a segment's buffer is tens of MB, and doubling it for one long unit would
      // be felt in a 1 GB import's peak.
      const bigger = new Uint32Array(Math.max(Math.ceil(this.toks.length * 1.25), this.size + text.length + 1));
      bigger.set(this.toks.subarray(0, this.size));
      this.toks = bigger;
    }
    if (this.ndocs === this.docIds.length) {
      const ids = new Uint32Array(this.docIds.length * 2);
      ids.set(this.docIds);
      this.docIds = ids;
      const ends = new Uint32Array(this.docEnds.length * 2);
      ends.set(this.docEnds);
      this.docEnds = ends;
    }
    this.size += this.interner.tokenIds(text, this.toks, this.size);
    this.docIds[this.ndocs] = doc;
    this.docEnds[this.ndocs++] = this.size;
  }

  /** Postings held in memory (drain or flush when large, to bound memory). */
  get postings(): number {
    return this.size;
  }

  /** Tokens interned as strings (words: the costly kind), held until a drain starts afresh. */
  get textTokens(): number {
    return this.interner.textTokens;
  }

  /** Highest unit id added since the last drain. */
  get maxUnitId(): number {
    return this.maxId;
  }

  /** Take back a segment's document buffer for the next drain. */
  recycle(docs: Uint32Array): void {
    if (this.spare.length < 2) this.spare.push(docs);
  }

  /** The gathered postings as one segment per token (see PostingSegment), and forget them. */
  drain(): PostingSegment {
    const n = this.interner.size;
    if (this.count.length < n + 1) {
      this.count = new Uint32Array(Math.max(n + 1, this.count.length * 2));
      this.begin = new Uint32Array(this.count.length);
      this.fill = new Uint32Array(this.count.length);
    }
    const { count, begin, fill, toks, docIds, docEnds } = this;
    count.fill(0, 0, n + 1);
    for (let i = 0; i < this.size; i++) count[toks[i]!]!++;
    // Token t's slots start at begin[t]; fill[t] is its next free one (after the scatter, the end of its list).
    let sum = 0;
    for (let t = 0; t < n; t++) {
      begin[t] = sum;
      fill[t] = sum;
      sum += count[t]!;
    }
    // A large new buffer is rounded up to a multiple of 128k entries: segments differ by a few
    // thousand postings, and a buffer given back a little too small for the next one was dropped
    // for a new one.
    let docs = this.spare.pop();
    if (!docs || docs.length < this.size) docs = new Uint32Array(this.size > 2 ** 17 ? Math.ceil(this.size / 2 ** 17) * 2 ** 17 : Math.max(this.size, 1024));
    // Scatter documents to their tokens' slots. Documents come in the order added (ascending in
    // an import); a token twice in one document is kept once.
    let p = 0;
    let ordered = true;
    let last = -1;
    for (let d = 0; d < this.ndocs; d++) {
      const doc = docIds[d]!;
      if (doc <= last) ordered = false;
      last = doc;
      const end = docEnds[d]!;
      for (; p < end; p++) {
        const t = toks[p]!;
        const at = fill[t]!;
        if (at > begin[t]! && docs[at - 1] === doc) continue;
        docs[at] = doc;
        fill[t] = at + 1;
      }
    }
    const tokens: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let t = 0; t < n; t++) {
      if (count[t] === 0) continue;
      const start = begin[t]!;
      let end = fill[t]!;
      if (!ordered) end = start + sortUnique(docs.subarray(start, end));
      tokens.push(this.interner.token(t));
      starts.push(start);
      ends.push(end);
    }
    this.size = 0;
    this.ndocs = 0;
    // The token table is kept between segments (most tokens recur), unless it grew large.
    if (this.interner.textTokens > MAX_TEXT_TOKENS || this.interner.bigramTokens > MAX_BIGRAMS) this.interner = new TokenInterner();
    return { tokens, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), docs };
  }

  /** Write the gathered postings as one new segment per token, and forget them. */
  async flush(tx: Transaction): Promise<void> {
    const ROWS = 200;
    let args: InValue[] = [];
    let rows = 0;
    const write = async (): Promise<void> => {
      if (rows === 0) return;
      await tx.execute({ sql: insertPostingsSql(rows), args });
      args = [];
      rows = 0;
    };
    const maxId = this.maxId;
    const { tokens, starts, ends, docs } = this.drain();
    for (let k = 0; k < tokens.length; k++) {
      const list = docs.subarray(starts[k], ends[k]);
      args.push(tokens[k]!, list.length, new Uint8Array(list.buffer, list.byteOffset, list.byteLength).slice());
      if (++rows >= ROWS) await write();
    }
    await write();
    this.recycle(docs);
    if (maxId > 0) await tx.execute({ sql: ADVANCE_INDEX_SQL, args: [maxId] });
  }
}

/** Sort a list in place and drop repeats; returns the new length. */
function sortUnique(list: Uint32Array): number {
  list.sort();
  let n = 0;
  for (let i = 0; i < list.length; i++) if (n === 0 || list[i] !== list[n - 1]) list[n++] = list[i]!;
  return n;
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

/**
 * Rows of a read query as arrays: through the database's native reader when it has one (a local
 * file), else through the client.
 */
async function readRows(db: Db, sql: string, args: readonly InValue[]): Promise<unknown[][]> {
  if (db.read) return db.read(sql, args);
  const rs = await db.client.execute({ sql, args: [...args] });
  return rs.rows.map((r) => rs.columns.map((_, i) => r[i]));
}

const marks = (n: number): string => Array(n).fill('?').join(',');

/** How many documents hold each token (0 for a token no document holds). */
export async function tokenCounts(db: Db, tokens: readonly string[]): Promise<number[]> {
  if (tokens.length === 0) return [];
  const rows = await readRows(db, `SELECT token, sum(df) AS df FROM tm_posting WHERE token IN (${marks(tokens.length)}) GROUP BY token`, tokens);
  const df = new Map(rows.map((r) => [String(r[0]), Number(r[1])]));
  return tokens.map((t) => df.get(t) ?? 0);
}

/** A posting segment's `docs` blob as the document ids it holds. */
export function decodeDocs(blob: unknown): Uint32Array {
  if (blob instanceof ArrayBuffer) return new Uint32Array(blob.slice(0));
  if (ArrayBuffer.isView(blob)) return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  return new Uint32Array();
}

/** The document lists of tokens, every segment of each. */
export async function postingsOf(db: Db, tokens: readonly string[]): Promise<Map<string, Uint32Array[]>> {
  const out = new Map<string, Uint32Array[]>();
  if (tokens.length === 0) return out;
  const rows = await readRows(db, `SELECT token, docs FROM tm_posting WHERE token IN (${marks(tokens.length)}) ORDER BY id`, tokens);
  for (const r of rows) {
    const t = String(r[0]);
    const list = out.get(t);
    const docs = decodeDocs(r[1]);
    if (list) list.push(docs);
    else out.set(t, [docs]);
  }
  return out;
}

/** Units whose source or target contains `text` as written (for 1-character queries the index cannot serve). */
export async function unitsContaining(db: Db, text: string, limit: number): Promise<number[]> {
  const rows = await readRows(db, 'SELECT id FROM tu WHERE instr(source, ?) > 0 OR instr(target, ?) > 0 ORDER BY id LIMIT ?', [text, text, limit]);
  return rows.map((r) => Number(r[0]));
}

/** Rows of units by id, as the TM search needs them. */
export async function unitsById(db: Db, ids: readonly number[]): Promise<{ id: number; srcLang: string; tgtLang: string; source: string; target: string }[]> {
  if (ids.length === 0) return [];
  const rows = await readRows(db, `SELECT id, src_lang, tgt_lang, source, target FROM tu WHERE id IN (${marks(ids.length)})`, ids);
  return rows.map((r) => ({ id: Number(r[0]), srcLang: String(r[1]), tgtLang: String(r[2]), source: String(r[3]), target: String(r[4]) }));
}
