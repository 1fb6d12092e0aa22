/**
 * The database side of a bulk import, on a worker thread (src/store/bulk.ts starts and drives
 * it): one native libSQL connection, one write transaction, prepared statements. The main thread
 * parses the file and computes keys meanwhile; this thread stores the rows and cuts the new
 * units into TM index tokens (PostingBuilder), so the two cores work at once. Messages are typed
 * in src/store/bulk-protocol.ts, columns and statements shared with the client path in
 * src/store/schema.ts; besides those, only the index builder and its tokeniser are loaded here.
 */
import { MessageChannel, parentPort as maybeParentPort } from 'node:worker_threads';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { setPriority } from 'node:os';
import Database from 'libsql';
import type { InValue } from '@libsql/client';
import { unpackRows, type BulkCalls, type BulkCallType, type BulkReply, type BulkRequest, type BulkWorkerData } from './bulk-protocol.js';
import { ADVANCE_INDEX_SQL, BULK_ROW_COLUMNS, BULK_ROW_DEDUP, BULK_ROW_SOURCE, BULK_ROW_TARGET, BULK_ROW_WIDTH, DEDUP_INDEX, INSERT_INGEST_SQL, insertPostingsSql, insertTuSql } from './schema.js';
import { PostingBuilder, type PostingSegment } from './tmindex.js';

if (!maybeParentPort) throw new Error('bulk-worker runs on a worker thread (src/store/bulk.ts starts it)');
const parentPort = maybeParentPort;
type Statement = Database.Statement;

/**
 * The connection, opened by the first request ('open'): the thread can be started before the
 * database is known (src/store/bulk.ts prestartBulkWorker), loading its modules meanwhile.
 */
let db: Database.Database;

/** Open the database file with this thread's settings. */
function openDatabase(data: BulkWorkerData): void {
  // A server's import yields the cores to the serving thread (lowerThreadPriority in
  // src/store/bulk.ts, which this module does not import: on Linux this thread's own priority).
  if (data.nice !== undefined && process.platform === 'linux') {
    try {
      setPriority(data.nice);
    } catch {
      // left at the process's priority
    }
  }
  if (data.lateIndex?.maxExisting !== undefined) LATE_INDEX_MAX_EXISTING = data.lateIndex.maxExisting;
  if (data.lateIndex?.maxUnits !== undefined) LATE_INDEX_MAX_UNITS = data.lateIndex.maxUnits;
  db = new Database(data.path);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // A large page cache while the dedup index takes random inserts; a small one (LATE_CACHE_KB)
  // while it is dropped.
  db.pragma('cache_size = -32768');
  // No checkpoint inside COMMIT: it would copy the whole WAL into the database file while the
  // client waits. It runs after the reply ('finish').
  db.pragma('wal_autocheckpoint = 0');
  // Sorts (the dedup index built at the end) in temporary files, not in memory: libSQL is built
  // with SQLITE_TEMP_STORE=2, which keeps a large sort in RAM and raises the peak memory.
  db.pragma('temp_store = FILE');
  bulkLoad = data.bulkLoad === true;
  if (bulkLoad) {
    // A new file that becomes the database only once whole (src/store/open-fresh.ts): a failed
    // import removes it, so no journal is needed to undo one, and it is fsynced once before
    // it is published. It is in rollback-journal mode until then, so the journal mode is this
    // connection's own.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
  }
}
const LATE_CACHE_KB = 4096;
/** The database is a new file without a journal (BulkWorkerData.bulkLoad): it has no WAL. */
let bulkLoad = false;

/** Values per unit in a message's rows (the id, then the columns of src/store/schema.ts). */
const COLUMNS = BULK_ROW_WIDTH;
/** Where a unit's dedup key is among its values. */
const KEY = BULK_ROW_DEDUP;
/** Units per INSERT statement (13 × 50 = 650 parameters, well under SQLite's limit). */
const CHUNK = 50;
const insertStatements = new Map<string, Statement>();
/**
 * A statement inserting k units through the dedup index (ON CONFLICT), or plain while it is
 * dropped. Columns whose value is the same in all k units (bit c of `shared` for column c:
 * languages, file, dates, nulls) are bound once as numbered parameters ?1..?s, the rest follow
 * unit by unit: each bound value is a conversion into native memory, and a chunk of 50 units of
 * one file typically shares about half of its values (docs/decisions.md).
 */
function insertChunk(k: number, plain: boolean, shared: number): Statement {
  const name = `${plain ? 'p' : 'u'}${k}:${shared}`;
  let st = insertStatements.get(name);
  if (!st) {
    const param: string[] = [];
    let n = 0;
    for (let c = 0; c < COLUMNS; c++) if (shared & (1 << c)) param[c] = `?${++n}`;
    const rows: string[] = [];
    for (let r = 0; r < k; r++) {
      const cells: string[] = [];
      for (let c = 0; c < COLUMNS; c++) cells.push(param[c] ?? `?${++n}`);
      rows.push(`(${cells.join(',')})`);
    }
    // A file whose units vary in ever new ways must not fill memory with statements.
    if (insertStatements.size >= 256) insertStatements.clear();
    st = db.prepare(insertTuSql(BULK_ROW_COLUMNS, rows.join(','), { plain }));
    insertStatements.set(name, st);
  }
  return st;
}

/**
 * Insert units values[from*COLUMNS ..] (k of them) in one statement; returns the rows changed.
 * The id column (0) is never shared.
 */
function insertUnits(values: InValue[], from: number, k: number, plain: boolean): number {
  const base = from * COLUMNS;
  let shared = 0;
  const args: InValue[] = [];
  for (let c = 1; c < COLUMNS; c++) {
    const v = values[base + c];
    let same = true;
    for (let u = 1; u < k && same; u++) same = values[base + u * COLUMNS + c] === v;
    if (same) {
      shared |= 1 << c;
      args.push(v!);
    }
  }
  for (let u = 0; u < k; u++) {
    for (let c = 0; c < COLUMNS; c++) if (!(shared & (1 << c))) args.push(values[base + u * COLUMNS + c]!);
  }
  return insertChunk(k, plain, shared).run(args).changes;
}

/**
 * The dedup index is dropped for imports into a TM of at most this many units, and built once
 * at the end (or when the import passes LATE_INDEX_MAX_UNITS): sorting the keys once costs a
 * fraction of as many random B-tree inserts. Bigger TMs keep the index: a rebuild would sort all
 * they hold.
 */
let LATE_INDEX_MAX_EXISTING = 100_000;
/** Units (held and new) the in-memory key table follows at most (about 10 bytes each). */
let LATE_INDEX_MAX_UNITS = 5_000_000;

const BASE64URL = new Uint8Array(128);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) BASE64URL[c.charCodeAt(0)] = i;
/**
 * 32 bits of a dedup key (base64url of a sha256): its first 32 bits. Any other string still gets
 * some fingerprint (a character outside the alphabet counts as 0); a hit is always confirmed on
 * the full key, so the fingerprint needs only to be cheap and well spread.
 */
function fingerprint(key: string): number {
  let fp = 0;
  for (let i = 0; i < 6; i++) fp = fp * 64 + (BASE64URL[key.charCodeAt(i) & 127]! & 63); // 36 bits: exact in a double
  return Math.floor(fp / 16) >>> 0;
}

/**
 * The keys of the TM while its dedup index is dropped, in about 9-10 bytes a unit: each unit's
 * 32-bit fingerprint by its id (in pages), and an open-addressing table of slots, each 0 or a unit
 * id (below 2^24) with 8 more bits of its fingerprint above it, so most slots of a probe are told
 * apart without leaving the table. Any capacity (the home slot scales the fingerprint to it), up
 * to 90% full, grown by a quarter once large (doubled while small): linear probing past full
 * slots reads neighbouring words, and this table at 90% costs less than one at 60% with a
 * fingerprint and an id per slot, which is what lets it follow the keys of a whole 1 GB file. A fingerprint hit is confirmed on
 * the full key (`keyOf(id)`), so a duplicate is exact, never a hash collision.
 */
const MAX_TABLE_ID = 1 << 24;
/**
 * Free an array buffer's memory now: transferring it detaches it, and closing the channel drops
 * the message that holds it. Left to the collector, the slot arrays a growing table leaves behind
 * lived until this thread's next full collection, which its small old generation seldom needs.
 */
function release(buffer: ArrayBufferLike): void {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [buffer as ArrayBuffer]);
  port1.close();
  port2.close();
}
/** Fingerprints by id in pages of 2^16: growing never copies them nor holds two arrays at once. */
const PAGE_BITS = 16;
/** Slots (4 bytes each) up to which the key table doubles when it grows. */
const GROW_DOUBLING_SLOTS = 1 << 21;
class KeyTable {
  private pages: (Uint32Array | null)[] = [];
  private slots = new Uint32Array(1 << 14);
  size = 0;
  private fpOf(id: number): number {
    return this.pages[id >>> PAGE_BITS]![id & ((1 << PAGE_BITS) - 1)]!;
  }
  private home(fp: number, capacity: number): number {
    return Math.floor((fp / 4294967296) * capacity);
  }
  private grow(): void {
    const old = this.slots;
    // Doubled while small (each growth re-places every key: by a quarter, a 200k-unit import
    // grew the table a dozen times), by a quarter past GROW_DOUBLING_SLOTS (memory at millions).
    const capacity = old.length < GROW_DOUBLING_SLOTS ? old.length * 2 : Math.ceil(old.length * 1.25);
    this.slots = new Uint32Array(capacity);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place(this.fpOf(old[i]! & 0xffffff), old[i]!);
    release(old.buffer);
  }
  private place(fp: number, slot: number): void {
    const slots = this.slots;
    let i = this.home(fp, slots.length);
    while (slots[i] !== 0) if (++i === slots.length) i = 0;
    slots[i] = slot;
  }
  /** The id of a unit whose key is `key`, or 0. */
  find(fp: number, key: string, keyOf: (id: number) => unknown): number {
    const slots = this.slots;
    const tag = fp & 0xff;
    for (let i = this.home(fp, slots.length); slots[i] !== 0; i = i + 1 === slots.length ? 0 : i + 1) {
      const slot = slots[i]!;
      if (slot >>> 24 !== tag) continue;
      const id = slot & 0xffffff;
      if (this.fpOf(id) === fp && keyOf(id) === key) return id;
    }
    return 0;
  }
  /** Follow unit `id` (below MAX_TABLE_ID) with fingerprint `fp`. */
  add(fp: number, id: number): void {
    const page = id >>> PAGE_BITS;
    while (this.pages.length <= page) this.pages.push(null);
    this.pages[page] ??= new Uint32Array(1 << PAGE_BITS);
    this.pages[page]![id & ((1 << PAGE_BITS) - 1)] = fp;
    if ((this.size + 1) * 10 > this.slots.length * 9) this.grow();
    this.place(fp, (((fp & 0xff) << 24) | id) >>> 0);
    this.size++;
  }
}
/** Set while the dedup index is dropped (see LATE_INDEX_MAX_EXISTING). */
let keys: KeyTable | null = null;
let keyById: Statement | null = null;
/** The dedup index's definition (migration 004), read from the schema when it is dropped. */
let dedupIndexSql: string | null = null;

/**
 * Build the dedup index (dropped at begin), sorted in temporary files. The page cache stays at
 * LATE_CACHE_KB for the rest of the import: the index of a file past the key table's reach
 * outgrows the large cache anyway, and a small one keeps the peak memory of a 1 GB import lower
 * at the same speed.
 */
function buildDedupIndex(): void {
  db.exec(dedupIndexSql!);
  keys = null;
}
let presentIds: Statement | null = null;
/**
 * Posting rows per INSERT statement. A segment's rows go in token order, so the token index
 * takes its inserts as one sweep instead of at random; and in statements of 50 rows, as units
 * do (faster than one row a statement in the builder's order: docs/decisions.md). A long list goes in a
 * statement of its own: the binding copies every blob of a statement at once, and 50 lists of
 * tokens that every unit holds reach tens of MB.
 */
const POSTING_CHUNK = 50;
const POSTING_CHUNK_LIST_BYTES = 8192;
const postingStatements = new Map<number, Statement>();
function insertPostings(k: number): Statement {
  let st = postingStatements.get(k);
  if (!st) {
    st = db.prepare(insertPostingsSql(k));
    postingStatements.set(k, st);
  }
  return st;
}
/** Indexes of `tokens` in the order of the strings (UTF-16 order: near enough to SQLite's). */
function byToken(tokens: string[]): number[] {
  return Array.from(tokens.keys()).sort((a, b) => (tokens[a]! < tokens[b]! ? -1 : tokens[a]! > tokens[b]! ? 1 : 0));
}
/**
 * Write one segment of postings: docs[starts[k]..ends[k]) are token k's documents, ascending
 * (duplicates were never added to the builder).
 */
function writePostings({ tokens, starts, ends, docs }: PostingSegment): void {
  const args: (string | number | Buffer)[] = [];
  for (const k of byToken(tokens)) {
    const list = docs.subarray(starts[k], ends[k]);
    if (list.length === 0) continue;
    const blob = Buffer.from(list.buffer, list.byteOffset, list.byteLength);
    if (blob.length > POSTING_CHUNK_LIST_BYTES) {
      insertPostings(1).run(tokens[k]!, list.length, blob);
      continue;
    }
    args.push(tokens[k]!, list.length, blob);
    if (args.length === POSTING_CHUNK * 3) {
      insertPostings(POSTING_CHUNK).run(args);
      args.length = 0;
    }
  }
  if (args.length > 0) insertPostings(args.length / 3).run(args);
}

/** Postings held before a segment is written (bounds memory on a 1 GB file). */
const POSTINGS_PER_SEGMENT = 4_000_000;
/**
 * The new units' index postings, gathered here. Room for a segment and the message that passes
 * it (its units' postings, more for long units), so the buffer is seldom grown to fit.
 */
let index: PostingBuilder | null = null;

/** Index unit `u` of a message's rows (a new one: duplicates are left out). */
function indexUnit(rows: InValue[], u: number): void {
  const at = u * COLUMNS;
  index!.addUnit(rows[at] as number, rows[at + BULK_ROW_SOURCE] as string, rows[at + BULK_ROW_TARGET] as string);
}

/**
 * Words interned before a segment is written whatever its postings: each costs this thread's
 * small heap a string and map entries, and a file whose units are mostly words of their own
 * (identifiers, numbers) ran it out of memory long before a segment's postings were reached.
 */
const TEXT_TOKENS_PER_SEGMENT = 150_000;

/** Write the postings gathered so far as a segment, once there are enough of them (or `all`). */
function flushPostings(all: boolean): void {
  if (!index || index.postings === 0) return;
  if (!all && index.postings < POSTINGS_PER_SEGMENT && index.textTokens < TEXT_TOKENS_PER_SEGMENT) return;
  const seg = index.drain();
  writePostings(seg);
  index.recycle(seg.docs);
}

/** The id of the next unit (ids of duplicates are skipped, as the client path's would be). */
let nextId = 1;
/** Units that turned out to be duplicates (they are left out of the index). */
let duplicates = 0;
let added = 0;
let inTransaction = false;

/**
 * Insert units while the dedup index is dropped: each key looked up in the key table (a hit
 * confirmed on the full key: in this message's rows, or read by id), duplicates left out and
 * recorded as the index would have done.
 */
function insertWithoutIndex(keys: KeyTable, rows: InValue[], units: number): void {
  const first = rows[0] as number;
  const keyOf = (id: number): unknown => (id >= first ? rows[(id - first) * COLUMNS + KEY] : (keyById!.get(id) as unknown[])[0]);
  let kept: InValue[] | null = null;
  for (let u = 0; u < units; u++) {
    const key = rows[u * COLUMNS + KEY] as string;
    const fp = fingerprint(key);
    if (keys.find(fp, key, keyOf) !== 0) {
      duplicates++;
      kept ??= rows.slice(0, u * COLUMNS);
      continue;
    }
    keys.add(fp, first + u);
    indexUnit(rows, u);
    if (kept) for (let c = u * COLUMNS; c < (u + 1) * COLUMNS; c++) kept.push(rows[c]!);
  }
  const values = kept ?? rows;
  const n = values.length / COLUMNS;
  for (let u = 0; u < n; u += CHUNK) added += insertUnits(values, u, Math.min(CHUNK, n - u), true);
}

type Handlers = { [K in BulkCallType]: (payload: BulkCalls[K]['payload']) => BulkCalls[K]['result'] };
const handlers: Handlers = {
  open(data) {
    openDatabase(data);
    return null;
  },
  begin() {
    db.exec('BEGIN IMMEDIATE');
    inTransaction = true;
    index = new PostingBuilder(POSTINGS_PER_SEGMENT + 250_000);
    presentIds = db.prepare('SELECT id FROM tu WHERE id BETWEEN ? AND ?');
    const row = db.prepare('SELECT coalesce(max(id), 0) AS top FROM tu').get() as { top: number | bigint };
    const maxId = Number(row.top);
    nextId = maxId + 1;
    dedupIndexSql = (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").get(DEDUP_INDEX) as { sql: string } | undefined)?.sql ?? null;
    if (maxId <= LATE_INDEX_MAX_EXISTING && dedupIndexSql) {
      keys = new KeyTable();
      keyById = db.prepare('SELECT dedup FROM tu WHERE id = ?').raw();
      for (const [id, key] of db.prepare('SELECT id, dedup FROM tu').raw().iterate() as IterableIterator<[number | bigint, string]>) keys.add(fingerprint(key), Number(id));
      db.exec(`DROP INDEX ${DEDUP_INDEX}`);
      // Rows are only appended while the index is gone: a small page cache does as well as a
      // large one at less peak memory, room for the key table (posting rows come in token order,
      // a sweep per segment).
      db.pragma(`cache_size = -${LATE_CACHE_KB}`);
    }
    return null;
  },
  /**
   * rows: flat array, COLUMNS values per unit, a slot for the id first (given here, consecutive).
   * Inserted CHUNK rows per statement (cheaper per row than one by one: docs/decisions.md); a
   * statement that changed fewer rows than it had held duplicates, found by which ids are there.
   */
  rows(packed) {
    // A failed begin must not leave rows to be stored one autocommit at a time.
    if (!inTransaction) throw new Error('no bulk import transaction is open');
    const rows = unpackRows(packed);
    const units = rows.length / COLUMNS;
    for (let u = 0; u < units; u++) rows[u * COLUMNS] = nextId++;
    if (keys && (keys.size + units > LATE_INDEX_MAX_UNITS || (rows[0] as number) + units >= MAX_TABLE_ID)) buildDedupIndex();
    if (keys) {
      insertWithoutIndex(keys, rows, units);
      flushPostings(false);
      return null;
    }
    for (let u = 0; u < units; u += CHUNK) {
      const k = Math.min(CHUNK, units - u);
      const changes = insertUnits(rows, u, k, false);
      added += changes;
      if (changes === k) {
        for (let j = u; j < u + k; j++) indexUnit(rows, j);
        continue;
      }
      const first = rows[u * COLUMNS] as number;
      const present = new Set(presentIds!.pluck().all(first, first + k - 1).map(Number));
      for (let j = u; j < u + k; j++) {
        if (present.has(first + j - u)) indexUnit(rows, j);
        else duplicates++;
      }
    }
    flushPostings(false);
    return null;
  },
  commit({ file, format, at }) {
    if (!inTransaction) throw new Error('no bulk import transaction is open');
    flushPostings(true);
    index = null;
    if (keys) buildDedupIndex();
    db.prepare(INSERT_INGEST_SQL).run(file, format, added, duplicates, at);
    db.prepare(ADVANCE_INDEX_SQL).run(nextId - 1);
    db.exec('COMMIT');
    inTransaction = false;
    return { added, duplicates };
  },
  /** After the reply: move the WAL into the database file, close, and end this thread. */
  finish() {
    return null;
  },
  rollback() {
    keys = null;
    index = null;
    if (inTransaction) db.exec('ROLLBACK');
    inTransaction = false;
    return null;
  },
};

/** Run a request with the handler of its type (the union narrowed to one member). */
function handle<K extends BulkCallType>(request: { type: K; payload: BulkCalls[K]['payload'] }): BulkCalls[K]['result'] {
  return (handlers[request.type] as (payload: BulkCalls[K]['payload']) => BulkCalls[K]['result'])(request.payload);
}

const reply = (message: BulkReply, transfer: ArrayBuffer[] = []): void => parentPort.postMessage(message, transfer);

parentPort.on('message', (message: BulkRequest) => {
  const { seq, type } = message;
  try {
    const result = handle(message);
    reply({ seq, ok: true, result });
    if (type === 'finish') {
      try {
        if (!bulkLoad) db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy readers: the next writer's own autocheckpoint will do it.
      }
      db.close();
      process.exit(0);
    }
  } catch (e) {
    const err = e as { message?: unknown; code?: unknown } | null;
    reply({ seq, ok: false, error: { message: String(err?.message ?? e), code: typeof err?.code === 'string' ? err.code : null } });
  }
});
