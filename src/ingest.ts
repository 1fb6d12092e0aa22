/**
 * Ingest: one file (or request body) into the store, in one write transaction, so that a bad
 * file leaves the database as it was. Then term extraction over the new units.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asBusy, type Db } from './store/db.js';
import { countTUs, insertTUs, recordIngest } from './store/tus.js';
import { autoExtractMaxUnits, extractionSkippedNote } from './config.js';
import { bulkInsert, type BulkResult } from './store/bulk.js';
import { readAll, type ByteSource, type FormatModule, type ReadContext } from './formats/index.js';
import type { TermEntry, TranslationUnit } from './model.js';
import { BadInput, Busy, formatPlace, GlossaError, NotFound, StorageFailure, TooLarge, Unsupported, type ErrorCode, type InputPlace } from './errors.js';
// Extraction and alignment load on first use: an import of a TMX needs neither, and they are a
// good part of a CLI start (and of the import thread's).
import type { ExtractSummary } from './extract/index.js';

export interface IngestOptions {
  /** Name of the input in messages and provenance. */
  file: string;
  format: FormatModule;
  /** Run term extraction on the new units afterwards (default true). */
  extract?: boolean;
  /** Extraction runs while the TM holds at most this many units (Config.extractMaxUnits). */
  extractMaxUnits?: number;
  /**
   * Build the extraction's glossary on a thread of its own (src/extract/worker.ts), storing only
   * its result here: the server's, which must go on answering (a local database file only).
   */
  extractOffThread?: boolean;
  /** Told every few thousand units read. */
  onProgress?: (units: number) => void;
  /**
   * Files with more units than this go through the two-thread bulk path (src/store/bulk.ts)
   * when the database is a local file; smaller ones through one client transaction.
   */
  bulkThreshold?: number;
  /** The bulk path's dedup-index thresholds (src/store/bulk.ts BulkMeta); for tests. */
  bulkLateIndex?: { maxExisting?: number; maxUnits?: number };
  /**
   * Parse, hash and tokenise on a thread of its own (src/ingest-worker.ts), so that this thread
   * only hands the bytes over: the server's, which must go on answering while a large file is
   * imported. Applies to any file into a local database file: a glossary (or a table of term and
   * sentence rows) is also stored there, in one transaction of that thread's own connection.
   */
  offThread?: boolean;
  /** How long the import thread's own write waits for another process's lock (GLOSSA_BUSY_TIMEOUT). */
  busyTimeoutMs?: number;
}

const BULK_THRESHOLD = 5000;

export interface IngestSummary {
  file: string;
  format: string;
  units: { added: number; duplicates: number };
  entries: { added: number };
  extraction?: ExtractSummary;
  /** What the reader skipped and why (the first 100, with their place), so nothing vanishes silently. */
  warnings: string[];
  /** How many warnings there were in all. */
  warningCount: number;
}

const MAX_WARNINGS = 100;

export async function ingest(db: Db, input: ByteSource, options: IngestOptions): Promise<IngestSummary> {
  // Work done ahead on the serving thread (the terms' neighbours) waits for the whole import.
  return db.hold(() => ingestHeld(db, input, options));
}

async function ingestHeld(db: Db, input: ByteSource, options: IngestOptions): Promise<IngestSummary> {
  const { format, file } = options;
  if (!format.readUnits && !format.readDocument && !format.readEntries) throw new BadInput(`the ${format.name} format cannot be imported`);
  const summary: IngestSummary = { file, format: format.name, units: { added: 0, duplicates: 0 }, entries: { added: 0 }, warnings: [], warningCount: 0 };
  const ctx = {
    file,
    warn(message: string, place?: InputPlace): void {
      if (summary.warnings.length < MAX_WARNINGS) summary.warnings.push(place ? `${formatPlace({ file, ...place })}: ${message}` : `${file}: ${message}`);
      summary.warningCount++;
    },
  };
  let added = 0;
  let units: AsyncIterable<TranslationUnit> | undefined;
  let bulk = false;
  let bulkResult: BulkResult | undefined;
  // A table of pairs holds units (its sentence rows) and entries (its term rows): read twice from
  // memory (such tables are read whole anyway), stored in one transaction.
  const both = format.readEntries !== undefined && (format.readUnits ?? format.readDocument) !== undefined;
  if (options.offThread && db.filePath !== undefined && format.readEntries !== undefined) {
    // A glossary: read, folded and stored on the import thread (the same ingest there, on its
    // own connection, inside this process's write turn); only the term index's refresh is left here.
    const r = await readOffThread(db, input, options, summary, 'entries');
    if (!('stored' in r)) throw new Error('the import thread answered a glossary import with units');
    summary.units = r.stored.units;
    summary.entries = r.stored.entries;
    added = r.stored.units.added;
    return extractAfter(db, summary, added, options);
  }
  if (options.offThread && db.filePath !== undefined && !both && (format.readUnits ?? format.readDocument) !== undefined) {
    const r = await readOffThread(db, input, options, summary, 'units');
    if ('stored' in r) throw new Error('the import thread stored a file of units as a glossary');
    if ('units' in r) units = concat(r.units, undefined);
    else bulkResult = r;
  }
  const bytes = both ? await readAll(input) : undefined;
  const source = (): ByteSource => (bytes ? once(bytes) : input);
  const unitReader = units || bulkResult ? undefined : readUnitsOf(format, source(), ctx);
  if (unitReader) {
    const reader = counted(unitReader, options.onProgress)[Symbol.asyncIterator]();
    // Read ahead: a file longer than the threshold goes to the bulk path (a local database file).
    const { head, ended } = await readHead(reader, options.bulkThreshold ?? BULK_THRESHOLD);
    units = concat(head, ended ? undefined : reader);
    bulk = !ended && db.filePath !== undefined && !both;
  }
  if (bulkResult) {
    summary.units = { added: bulkResult.added, duplicates: bulkResult.duplicates };
    added = bulkResult.added;
  } else if (bulk) {
    // One transaction on the worker's connection; it records the ingest itself.
    const r = await bulkInsert(db, units!, { file, format: format.name, lateIndex: options.bulkLateIndex });
    summary.units = { added: r.added, duplicates: r.duplicates };
    added = r.added;
  } else {
    await db.write(async (tx) => {
      if (units) {
        const r = await insertTUs(tx, units);
        summary.units = { added: r.added, duplicates: r.duplicates };
        added = r.added;
      }
      if (format.readEntries && (!units || both)) {
        // Stored as they are read, a batch at a time, not all held first (100,000 pairs: the
        // import thread's heap peaked at 190–245 MB, now 110 MB; bench/RESULTS.md).
        const readEntries = format.readEntries;
        async function* entries(): AsyncGenerator<TermEntry> {
          for await (const e of readEntries(source(), ctx)) yield e.origin === undefined ? { ...e, origin: `import:${file}` } : e;
        }
        // Loaded here: the term store brings the folding tables, which an import of units never needs.
        const { insertEntries } = await import('./store/terms.js');
        summary.entries.added = (await insertEntries(tx, entries())).length;
      }
      if (summary.units.added + summary.units.duplicates + summary.entries.added === 0) {
        throw new BadInput('holds no translation units or terms', { file });
      }
      await recordIngest(tx, file, format.name, summary.units.added + summary.entries.added, summary.units.duplicates);
    });
  }
  return extractAfter(db, summary, added, options);
}

/** Term extraction over the TM once `added` new units are stored (the summary says what it did). */
async function extractAfter(db: Db, summary: IngestSummary, added: number, options: IngestOptions): Promise<IngestSummary> {
  if ((options.extract ?? true) && added > 0) {
    const maxUnits = options.extractMaxUnits ?? autoExtractMaxUnits();
    if (added > maxUnits) {
      // The TM holds more than the limit whatever else it holds: no need to load the extractor
      // only to say so.
      const total = await countTUs(db);
      summary.extraction = { entries: 0, units: total, skipped: extractionSkippedNote(total, maxUnits) };
      return summary;
    }
    const { extractAfterIngest } = await import('./extract/index.js');
    summary.extraction = await extractAfterIngest(db, added, { offThread: options.extractOffThread ?? false, ...(options.extractMaxUnits === undefined ? {} : { maxUnits: options.extractMaxUnits }) });
  }
  return summary;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * The translation units of a file: the format's own (a table's rows cut into sentence pairs), or,
 * for unaligned bilingual text, the aligner's sentence pairs of the document and the units of a
 * CAT tool's longer segments. Undefined when the format holds no units (a glossary).
 */
export function readUnitsOf(format: FormatModule, input: ByteSource, ctx: ReadContext): AsyncIterable<TranslationUnit> | undefined {
  // A table's rows are pairs of paragraphs: cut into sentence pairs where those correspond.
  if (format.readUnits) {
    const units = format.readUnits(input, ctx);
    if (format.name !== 'csv' && format.name !== 'tsv') return units;
    return (async function* rows() {
      const { alignRows } = await import('./align/document.js');
      yield* alignRows(units);
    })();
  }
  const readDocument = format.readDocument;
  if (!readDocument) return undefined;
  return (async function* aligned() {
    const doc = await readDocument.call(format, input, ctx);
    const { alignBilingualText } = await import('./align/document.js');
    const aligned = alignBilingualText(doc.text, { file: doc.file });
    yield* aligned.units;
    // Then the units of the CAT tool's segments that join sentence pairs (the TM serves both readings).
    yield* aligned.segmentUnits;
  })();
}

/**
 * The units read ahead, then the rest of the reader. Not an async generator: the reader's own
 * promises are handed through, one async layer less per unit (a million units pass here).
 */
export function concat(head: TranslationUnit[], tail: AsyncIterator<TranslationUnit> | undefined): AsyncIterable<TranslationUnit> {
  let i = 0;
  const iterator: AsyncIterator<TranslationUnit> = {
    next: () => {
      if (i < head.length) return Promise.resolve({ value: head[i++]!, done: false });
      return tail ? tail.next() : Promise.resolve({ value: undefined, done: true });
    },
    // A consumer that stops early (an error while storing) closes the reader, and its file.
    return: async (value?: unknown) => {
      await tail?.return?.();
      return { value, done: true };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

export function counted(units: AsyncIterable<TranslationUnit>, onProgress?: (n: number) => void): AsyncIterable<TranslationUnit> {
  return onProgress ? countedWith(units, onProgress) : units;
}

async function* countedWith(units: AsyncIterable<TranslationUnit>, onProgress: (n: number) => void): AsyncGenerator<TranslationUnit> {
  let n = 0;
  for await (const u of units) {
    yield u;
    if (++n % 5000 === 0) onProgress(n);
  }
  onProgress(n);
}

/** The first units of a reader, up to one past `threshold`; `ended` when that was all of them. */
export async function readHead(reader: AsyncIterator<TranslationUnit>, threshold: number): Promise<{ head: TranslationUnit[]; ended: boolean }> {
  const head: TranslationUnit[] = [];
  let ended = false;
  while (!ended && head.length <= threshold) {
    const next = await reader.next();
    if (next.done) ended = true;
    else head.push(next.value);
  }
  return { head, ended };
}

/** What the import thread is started with (src/ingest-worker.ts). */
export interface IngestWorkerData {
  /** The database file. */
  path: string;
  file: string;
  format: string;
  bulkThreshold: number;
  lateIndex: IngestOptions['bulkLateIndex'];
  /**
   * `units`: a file of units, read there and stored there by the bulk path or here; `entries`: a
   * glossary (or a table of term and sentence rows), read and stored there by ingest itself.
   */
  mode: 'units' | 'entries';
  busyTimeoutMs: number | undefined;
}
/** Messages to the import thread: the body's chunks, its end, or a failure to read it. */
export type ToIngestWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' } | { type: 'abort' } | { type: 'go' };
/** An error as it crosses threads: its kind and message. */
export interface ThreadError {
  code: ErrorCode | null;
  message: string;
}
/**
 * Messages from it: a chunk consumed; a small file's units (stored by the caller, in its own
 * transaction); a large file ready for the bulk path, or a glossary ready to be stored, waiting
 * for the write turn ('go'); the result (a glossary's: what its transaction stored); or a
 * failure. Warnings come with the last message.
 */
export type FromIngestWorker =
  | { type: 'consumed' }
  /** Units read so far (every 5,000, and all of them at the end), for IngestOptions.onProgress. */
  | { type: 'progress'; units: number }
  | { type: 'small'; units: TranslationUnit[]; warnings: string[]; warningCount: number }
  | { type: 'bulk' }
  | { type: 'done'; result: BulkResult; warnings: string[]; warningCount: number }
  | { type: 'stored'; stored: StoredGlossary; warnings: string[]; warningCount: number }
  | { type: 'failed'; error: ThreadError; warnings: string[]; warningCount: number };

/** What a glossary's import stored on the import thread. */
export interface StoredGlossary {
  units: IngestSummary['units'];
  entries: IngestSummary['entries'];
}

/** Chunks handed to the import thread and not yet consumed: bounds what waits in its queue. */
const CHUNKS_IN_FLIGHT = 16;

export function threadError(e: unknown): ThreadError {
  // A storage error of the thread's own connection (the disk full, a busy database) is named as
  // the serving thread's would be.
  const g = asBusy(e);
  return { code: g instanceof GlossaError ? g.code : null, message: String((g as Error | null)?.message ?? g) };
}
function fromThread(e: ThreadError): Error {
  switch (e.code) {
    case 'bad_input':
      return new BadInput(e.message);
    case 'unsupported':
      return new Unsupported(e.message);
    case 'too_large':
      return new TooLarge(e.message);
    case 'not_found':
      return new NotFound(e.message);
    case 'busy':
      return new Busy(e.message);
    case 'storage':
      return new StorageFailure(e.message);
    default:
      return new Error(e.message);
  }
}

/**
 * src/ingest-worker.ts as a thread: dist/ingest-worker.js under plain node; from source (tsx,
 * vitest) the thread registers tsx's loader first and then imports the TypeScript module.
 */
function startIngestWorker(workerData: IngestWorkerData): Worker {
  const url = new URL(import.meta.url.endsWith('.ts') ? './ingest-worker.ts' : './ingest-worker.js', import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  // tsx's ESM entry (its CommonJS one cannot register the loader from a thread's eval'd code).
  const tsx = createRequire(fileURLToPath(import.meta.url)).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/**
 * Read a file on the import thread: this thread only forwards the bytes (a few chunks ahead of
 * the reader) and takes the write turn for it. A small file's units come back to be stored
 * here; a large one goes through the bulk path there (src/store/bulk.ts), and a glossary is
 * stored there in one transaction of its own connection, while this thread's Db.exclusive holds
 * the turn (its listeners, the term index among them, are told when it ends).
 */
async function readOffThread(db: Db, input: ByteSource, options: IngestOptions, summary: IngestSummary, mode: IngestWorkerData['mode']): Promise<BulkResult | { units: TranslationUnit[] } | { stored: StoredGlossary }> {
  const worker = startIngestWorker({ path: db.filePath!, file: options.file, format: options.format.name, bulkThreshold: options.bulkThreshold ?? BULK_THRESHOLD, lateIndex: options.bulkLateIndex, mode, busyTimeoutMs: options.busyTimeoutMs });
  const post = (m: ToIngestWorker, transfer: ArrayBuffer[] = []): void => worker.postMessage(m, transfer);
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let settled = false;
  let readError: unknown;
  const outcome = new Promise<BulkResult | { units: TranslationUnit[] } | { stored: StoredGlossary }>((resolve, reject) => {
    const finish = (m: { warnings: string[]; warningCount: number }): void => {
      settled = true;
      summary.warnings.push(...m.warnings.slice(0, MAX_WARNINGS - summary.warnings.length));
      summary.warningCount += m.warningCount;
      wake?.();
    };
    let release: (() => void) | undefined;
    worker.on('message', (m: FromIngestWorker) => {
      if (m.type === 'consumed') {
        inFlight--;
        wake?.();
      } else if (m.type === 'progress') {
        options.onProgress?.(m.units);
      } else if (m.type === 'bulk') {
        // The write turn of this process, held until the thread is done.
        void db
          .exclusive(
            () =>
              new Promise<void>((done) => {
                release = done;
                post({ type: 'go' });
              }),
          )
          .catch(() => undefined);
      } else {
        finish(m);
        release?.();
        if (m.type === 'small') resolve({ units: m.units });
        else if (m.type === 'done') resolve(m.result);
        else if (m.type === 'stored') resolve({ stored: m.stored });
        else reject(readError ?? fromThread(m.error));
      }
    });
    worker.on('error', (e) => {
      settled = true;
      release?.();
      wake?.();
      reject(e);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      release?.();
      wake?.();
      reject(new Error(`the import thread stopped (${code})`));
    });
  });
  outcome.catch(() => undefined);
  try {
    for await (const chunk of input) {
      while (inFlight >= CHUNKS_IN_FLIGHT && !settled) await new Promise<void>((r) => (wake = r));
      if (settled) break;
      // A chunk may be a view of a larger buffer (Node's pool): the thread gets a copy of its own
      // (Uint8Array's slice: a Buffer's own slice is another view of the same memory, and
      // transferring its buffer took the other chunks' bytes with it).
      const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer ? chunk : Uint8Array.prototype.slice.call(chunk);
      inFlight++;
      post({ type: 'chunk', bytes: own }, [own.buffer as ArrayBuffer]);
    }
    if (!settled) post({ type: 'end' });
  } catch (e) {
    // The body could not be read (over the limit, the client went away): the thread rolls back.
    readError = e;
    post({ type: 'abort' });
  }
  // The thread ends by itself once it has answered (after its database thread has closed).
  return outcome;
}

/**
 * Bodies from this size (or of unknown length) are read and stored on the import thread
 * (src/ingest-worker.ts); a smaller one costs the serving thread less than a thread's start.
 */
export const OFF_THREAD_MIN_BYTES = 64 * 1024;

/**
 * The options of an import a server runs for a request of `declared` bytes (undefined: unknown):
 * off the serving thread from OFF_THREAD_MIN_BYTES, and then stored there too however few its
 * units (the bulk path's threshold at 0): a few thousand units stored on the serving thread held
 * look-ups for a fifth of a second. The extraction after it runs on its own thread.
 */
export function serverImportOptions(declared: number | undefined, busyTimeoutMs: number | undefined): Pick<IngestOptions, 'offThread' | 'busyTimeoutMs' | 'bulkThreshold' | 'extractOffThread'> {
  const offThread = declared === undefined || declared >= OFF_THREAD_MIN_BYTES;
  return { offThread, busyTimeoutMs, extractOffThread: true, ...(offThread ? { bulkThreshold: 0 } : {}) };
}
