/**
 * Bulk import into a local database file on two cores: this thread reads the file and computes
 * each unit's dedup key; a worker thread (bulk-worker.ts) owns a native libSQL connection, runs
 * the one write transaction with prepared statements, gives the units their ids (the table's
 * max id + 1, …, read inside the transaction) and builds the new units' TM index postings
 * (which took most of this thread's time when they were built here, while the worker waited).
 * Nothing here waits for an answer before the end; duplicates are found by the worker and left
 * out of the index.
 *
 * The client path (multi-row VALUES through @libsql/client with RETURNING, index built on the
 * same thread) is several times slower (bench/RESULTS.md); this path is bound by whichever side
 * is slower.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asBusy, type Db } from './db.js';
import type { InValue } from '@libsql/client';
import type { TranslationUnit } from '../model.js';
import { appendRowValues } from './tus.js';
import { BULK_ROW_EXTRA } from './schema.js';
import { packRows, type BulkCalls, type BulkCallType, type BulkReply, type BulkRequest, type BulkWorkerData } from './bulk-protocol.js';
import { Busy, GlossaError } from '../errors.js';

/**
 * The worker module next to this one: bulk-worker.js in dist/ (plain node, `npm start`), or
 * bulk-worker.ts when this module runs from src/ (tsx, vitest). A thread cannot read TypeScript
 * by itself (and on Node 20 a worker's `--import` of tsx comes too late for its own entry
 * module), so from source the worker is compiled once per process with esbuild, as
 * scripts/build.mjs compiles dist/, bundled with src/store/schema.ts, and started as code.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './bulk-worker.ts' : './bulk-worker.js', import.meta.url);
let compiledWorker: Promise<string> | undefined;
async function startWorker(options: WorkerOptions): Promise<Worker> {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, options);
  compiledWorker ??= compileWorker(fileURLToPath(WORKER_URL));
  return new Worker(await compiledWorker, { ...options, eval: true });
}
/**
 * The worker module as CommonJS code that requires its packages (libsql) from beside `path`.
 * Bundled modules that find files from their own place (`import.meta.url`, which CommonJS has
 * not) get their own file's URL written in.
 */
async function compileWorker(path: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const { build } = require('esbuild') as typeof import('esbuild');
  const out = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-url',
        setup(build) {
          build.onLoad({ filter: /\.tsx?$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
            loader: args.path.endsWith('x') ? 'tsx' : 'ts',
          }));
        },
      },
    ],
  });
  return `(function (require) {\n${out.outputFiles[0]!.text}\n})(process.getBuiltinModule('node:module').createRequire(${JSON.stringify(path)}));`;
}
/** Where a unit's extra JSON is among its values in a message. */
const EXTRA = BULK_ROW_EXTRA;
/**
 * Units per message to the worker. A batch's strings live until it is sent, so they survive
 * young-generation collections and get copied; smaller batches die younger, down to where the
 * cost of each message takes over (docs/decisions.md).
 */
const BATCH = 250;
/**
 * Work queued for the worker before this thread waits (64k units): room to go on reading while
 * the worker writes a segment of postings, which a short queue spent stalled. Bounded in
 * characters too, so long units (inline codes carry hundreds of characters of JSON each) do not
 * queue a large part of the file and raise the peak memory (docs/decisions.md).
 */
const IN_FLIGHT = 256;
const IN_FLIGHT_CHARS = 3_000_000;
/** How long a finished database thread is given to close its connection and end. */
const WORKER_EXIT_MS = 10_000;
/** Nice value of a server import's threads (lowerThreadPriority): 10 weighs a tenth of the default 0. */
const IMPORT_NICE = 10;

class WorkerConnection {
  private worker: Worker;
  private seq = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private failure: Error | undefined;

  /** A new thread, not yet told its database ('open'). */
  static async start(): Promise<WorkerConnection> {
    // A small heap: the worker holds a few batches at a time, and a 1 GB file must import in
    // bounded memory (a young generation smaller than V8's default lowers the peak at the same
    // speed).
    return new WorkerConnection(await startWorker({ resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } }));
  }

  /** Whether the thread keeps the process alive (not while it waits unused as a spare). */
  set held(on: boolean) {
    if (on) this.worker.ref();
    else this.worker.unref();
  }

  private constructor(worker: Worker) {
    this.worker = worker;
    this.worker.on('message', (m: BulkReply) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error.message || 'bulk import failed'));
    });
    const fail = (e: Error): void => {
      this.failure = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`bulk import worker exited (${code})`)));
  }

  call<K extends BulkCallType>(type: K, payload: BulkCalls[K]['payload'], transfer: ArrayBuffer[] = []): Promise<BulkCalls[K]['result']> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.seq;
    return new Promise<BulkCalls[K]['result']>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ seq, type, payload } as BulkRequest, transfer);
    });
  }

  /**
   * Let the worker checkpoint the WAL and close its connection by itself after a commit (the
   * caller has its answer already; `waitForExit` waits until it has closed); after a failure,
   * stop it.
   */
  async close(committed: boolean, { waitForExit = false } = {}): Promise<void> {
    this.worker.removeAllListeners('exit');
    if (committed && !this.failure) {
      this.worker.on('error', () => undefined);
      const exited = new Promise((resolve) => this.worker.once('exit', resolve));
      await this.call('finish', {}).catch(() => undefined);
      // A new file about to be published must have no connection left when it is (a thread
      // that failed to end by itself is stopped).
      if (waitForExit) {
        const timer = setTimeout(() => void this.worker.terminate(), WORKER_EXIT_MS);
        await exited;
        clearTimeout(timer);
      }
      return;
    }
    await this.worker.terminate();
  }
}

/** What a bulk import did: units added, and units already in the TM (by dedup key) skipped. */
export interface BulkResult {
  added: number;
  duplicates: number;
}

export interface BulkMeta {
  file: string;
  format: string;
  /**
   * When the dedup index is dropped and built at the end (src/store/bulk-worker.ts): for a TM
   * holding at most `maxExisting` units, until `maxUnits` are held. For tests; the worker's
   * defaults otherwise.
   */
  lateIndex?: { maxExisting?: number; maxUnits?: number };
  /**
   * The import runs beside a server's requests: its database thread runs at a lower scheduling
   * priority (lowerThreadPriority), as the import thread that drives it does.
   */
  background?: boolean;
  /** The database is a new file published after the import (Db.bulkLoad): no journal, no fsyncs. */
  bulkLoad?: boolean;
}

/**
 * Insert units into a local database file in one transaction on a worker thread, with their
 * TM index postings, and record the ingest. Duplicates (same languages and content) are
 * skipped as in insertTUs. On any error, nothing is written.
 */
export async function bulkInsert(db: Db, units: AsyncIterable<TranslationUnit>, meta: BulkMeta): Promise<BulkResult> {
  const path = db.filePath;
  if (!path) throw new Error('bulkInsert needs a local database file');
  return db.exclusive(() => bulkInsertFile(path, units, db.bulkLoad ? { ...meta, bulkLoad: true } : meta));
}

/** A bulk import's database thread started ahead of its import (prestartBulkWorker). */
let spare: Promise<WorkerConnection> | undefined;

function takeSpare(): Promise<WorkerConnection> | undefined {
  const taken = spare;
  spare = undefined;
  return taken;
}

/**
 * Start the next bulk import's database thread now, so that it loads its modules (the libSQL
 * driver, the tokeniser's tables) while this thread still starts up, opens the database and
 * reads the head of the file: the CLI calls it for a large file of units. Unused, the thread
 * keeps no process alive; the next bulkInsert of this thread takes it.
 */
export function prestartBulkWorker(): void {
  if (spare) return;
  spare = WorkerConnection.start().then((conn) => {
    conn.held = false;
    return conn;
  });
  spare.catch(() => undefined);
}

/** Stop the thread prestartBulkWorker started, if no import took it (the file is not one for the bulk path). */
export function releaseBulkWorker(): void {
  void takeSpare()
    ?.then((conn) => conn.close(false))
    .catch(() => undefined);
}

/**
 * bulkInsert on the database file at `path`, for a caller that holds the process's write turn
 * itself (an import on a thread of its own: src/ingest-worker.ts, while the serving thread's
 * Db.exclusive waits for it).
 */
export async function bulkInsertFile(path: string, units: AsyncIterable<TranslationUnit>, meta: BulkMeta): Promise<BulkResult> {
  const conn = (await takeSpare()?.catch(() => undefined)) ?? (await WorkerConnection.start());
  conn.held = true;
  tightHeap(+1);
  let committed = false;
  try {
    const result = await run(conn, units, { path, lateIndex: meta.lateIndex, nice: meta.background ? IMPORT_NICE : undefined, bulkLoad: meta.bulkLoad }, meta);
    committed = true;
    return result;
  } catch (e) {
    await conn.call('rollback', {}).catch(() => undefined);
    throw e instanceof GlossaError ? e : asGlossa(e);
  } finally {
    tightHeap(-1);
    await conn.close(committed, { waitForExit: meta.bulkLoad === true });
  }
}

/**
 * While a bulk import runs, V8 grows this thread's heap by 20% over what a full collection
 * leaves instead of its own, larger factor. An import's garbage is short-lived but plentiful:
 * with the default the heap grew to several times its live objects, with 20% it stays close,
 * at the same speed. The flag is read at each collection, so it can be set and reset around the
 * import (0 = V8's own heuristics). The young generation's size, on the other hand, V8 reads
 * once when the process starts: that is why `npm start` runs node with --max-semi-space-size=8
 * (package.json); set here at run time, that flag changes nothing (docs/decisions.md).
 */
let bulkImports = 0;
function tightHeap(delta: 1 | -1): void {
  bulkImports += delta;
  if ((delta === 1 && bulkImports === 1) || bulkImports === 0) setFlagsFromString(`--heap-growing-percent=${bulkImports > 0 ? 20 : 0}`);
}

/** The worker's error as one of ours: busy, or the disk full (src/store/db.ts). */
function asGlossa(e: unknown): unknown {
  const msg = String((e as Error)?.message ?? e);
  if (/BUSY|locked/i.test(msg)) return new Busy('the database is busy with another writer; try again', { cause: e });
  return asBusy(e);
}

/** The promise, with a handler attached so a rejection before it is awaited is not "unhandled". */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

async function run(conn: WorkerConnection, units: AsyncIterable<TranslationUnit>, open: BulkWorkerData, meta: BulkMeta): Promise<BulkResult> {
  const now = new Date().toISOString();
  const inFlight: { done: Promise<unknown>; chars: number }[] = [];
  let queuedChars = 0;
  let batchChars = 0;
  const enqueue = (done: Promise<unknown>, chars: number): void => {
    inFlight.push({ done: quiet(done), chars });
    queuedChars += chars;
  };
  const settleOne = async (): Promise<void> => {
    const first = inFlight.shift()!;
    queuedChars -= first.chars;
    await first.done;
  };
  // Not waited for: the worker's start and its first statements overlap the reading here (ids
  // are the worker's to give, so nothing here needs its answer).
  // A failure to open or begin is the first answer waited for, so it is the error reported.
  enqueue(conn.call('open', open), 0);
  enqueue(conn.call('begin', {}), 0);
  // BULK_ROW_WIDTH values per unit (src/store/schema.ts: a slot for its id, then the unit's
  // columns), BATCH units at most.
  let rows: InValue[] = [];
  let batchUnits = 0;
  const send = async (): Promise<void> => {
    if (batchUnits === 0) return;
    const packed = packRows(rows);
    enqueue(conn.call('rows', packed, [packed.cells.buffer as ArrayBuffer, packed.nums.buffer as ArrayBuffer]), batchChars);
    batchChars = 0;
    rows = [];
    batchUnits = 0;
    while (inFlight.length >= IN_FLIGHT || queuedChars >= IN_FLIGHT_CHARS) await settleOne();
  };
  for await (const tu of units) {
    const at = rows.length;
    rows.push(0);
    appendRowValues(rows, tu, now);
    const extra = rows[at + EXTRA];
    batchChars += tu.source.length + tu.target.length + (typeof extra === 'string' ? extra.length : 0);
    if (++batchUnits >= BATCH) await send();
  }
  await send();
  while (inFlight.length > 0) await settleOne();
  // Counts only: a list of the new ids would cost tens of MB at millions of units, and callers
  // need no more than how many were added.
  return conn.call('commit', { file: meta.file, format: meta.format, at: new Date().toISOString() });
}

/**
 * Lower the scheduling priority of the calling thread (not the process: on Linux a priority set
 * for "this process" from a thread applies to that thread only), so that a server's serving
 * thread gets the cores first when both want them: an import's threads then take what requests
 * leave. Lowering one's own priority needs no privilege; where the system refuses, nothing changes.
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(IMPORT_NICE);
  } catch {
    // left at the process's priority
  }
}
