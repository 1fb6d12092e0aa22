/**
 * Term extraction entry points: read the TM's Chinese–English units, build the glossary
 * (src/extract/glossary.ts), and store it through replaceExtracted (a reviewer's approved and
 * forbidden terms stay). Extraction always runs over the whole TM, because the statistics (Dice
 * over all units), the termhood and the extent of glosses depend on every unit: an incremental
 * run over the new units alone would give different pairs. Its cost grows with the TM up to
 * EXTRACT_SAMPLE_UNITS units (a larger TM is sampled evenly, streamed from the store), so ingest
 * runs it only while the TM is at most `autoExtractMaxUnits` units (default 20,000,
 * GLOSSA_EXTRACT_MAX_UNITS): a larger import (a million-unit TMX) returns at once and says so;
 * `glossa extract` then runs it when wanted.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Db } from '../store/db.js';
import { countTUs, iterateTUs } from '../store/tus.js';
import { replaceExtracted } from '../store/terms.js';
import type { TermEntry, TranslationUnit } from '../model.js';
import { primaryLanguage } from '../model.js';
import { loadCedict } from '../dict/cedict.js';
import { autoExtractMaxUnits, extractionSkippedNote } from '../config.js';
import { buildGlossary, type ExtractOptions, type GlossaryEntry } from './glossary.js';
import { SEGMENT_PROP } from '../align/document.js';

export { buildGlossary, type ExtractOptions, type GlossaryEntry } from './glossary.js';
export { loadCedict } from '../dict/cedict.js';

export interface ExtractSummary {
  /** Entries the extractor produced. */
  entries: number;
  /** Of them, stored (new or not already held by a reviewed concept). */
  added?: number;
  /** Chinese–English units read. */
  units?: number;
  /** Units the extraction read when it sampled a larger TM (evidence and frequencies are of the sample). */
  sampled?: number;
  /** Why extraction did not run after an ingest (the TM is too large to re-run it each time). */
  skipped?: string;
}

// The limit (GLOSSA_EXTRACT_MAX_UNITS) is read and validated with the rest of the configuration.
export { AUTO_EXTRACT_MAX_UNITS, autoExtractMaxUnits } from '../config.js';

/** Extract the glossary from units in memory (no database). */
export async function extractFromUnits(tus: readonly TranslationUnit[], options: ExtractOptions = {}): Promise<GlossaryEntry[]> {
  return buildGlossary(tus, await loadCedict(), options);
}

/**
 * The TM's Chinese–English units, streamed from the store page by page; above `maxUnits` units an
 * even sample (every k-th unit), so that memory stays bounded whatever the TM's size: the
 * statistics, the word alignment and the termhood need each recurring term a few times, which a
 * sample of tens of thousands of units gives, not every unit.
 */
async function zhEnUnits(db: Db, maxUnits: number): Promise<{ units: TranslationUnit[]; read: number }> {
  const total = await countTUs(db);
  const stride = Math.max(1, Math.ceil(total / maxUnits));
  const units: TranslationUnit[] = [];
  let read = 0;
  for await (const tu of iterateTUs(db)) {
    const pair = [primaryLanguage(tu.srcLang), primaryLanguage(tu.tgtLang)].sort().join('-');
    if (pair !== 'en-zh') continue;
    // A CAT tool's segment joining or splitting sentence pairs of the same document (see
    // src/align/document.ts): its text is in the sentence pairs already, counted once there.
    if (tu.props?.some((p) => p.type === SEGMENT_PROP.type && p.value === SEGMENT_PROP.value)) continue;
    if (read++ % stride === 0 && units.length < maxUnits) units.push(tu);
  }
  return { units, read };
}

/**
 * Extract term pairs after an ingest: the new units change the evidence of the whole TM, so all is
 * re-run, unless the TM holds more than `maxUnits` units (see the module comment). With
 * `offThread` (the server) the units are read and the glossary built on a thread of its own
 * (src/extract/worker.ts), so this thread goes on answering requests; it only stores the result.
 */
export async function extractAfterIngest(db: Db, added: number, options: ExtractOptions & { maxUnits?: number; offThread?: boolean } = {}): Promise<ExtractSummary> {
  if (added === 0) return { entries: 0 };
  const { maxUnits = autoExtractMaxUnits(), offThread = false, ...rest } = options;
  const total = await countTUs(db);
  if (total > maxUnits) {
    return {
      entries: 0,
      units: total,
      skipped: extractionSkippedNote(total, maxUnits),
    };
  }
  if (offThread && db.filePath !== undefined) return storeExtraction(db, await extractOnThread(db.filePath, rest));
  return extractAll(db, rest);
}

/** Most units extraction reads from the TM; a larger TM is sampled evenly (see zhEnUnits). */
export const EXTRACT_SAMPLE_UNITS = 50_000;

/** Re-run extraction over the whole TM (an even sample above `sampleUnits`) and store the result. */
export async function extractAll(db: Db, options: ExtractOptions & { sampleUnits?: number } = {}): Promise<ExtractSummary> {
  return storeExtraction(db, await extractEntries(db, options));
}

/** What an extraction over the TM found, before it is stored. */
export interface Extraction {
  entries: TermEntry[];
  /** Chinese–English units read, and of them used (fewer when the TM was sampled). */
  read: number;
  used: number;
}

/** Read the TM's Chinese–English units (an even sample above `sampleUnits`) and build the glossary. */
export async function extractEntries(db: Db, options: ExtractOptions & { sampleUnits?: number } = {}): Promise<Extraction> {
  const { sampleUnits = EXTRACT_SAMPLE_UNITS, ...rest } = options;
  const { units, read } = await zhEnUnits(db, sampleUnits);
  // No Chinese–English units: nothing to extract, and earlier untouched candidates go.
  const entries = units.length === 0 ? [] : await extractFromUnits(units, rest);
  return { entries: entries.map(({ zh: _zh, en: _en, ...e }) => e), read, used: units.length };
}

/** Store an extraction in one write transaction (replaceExtracted: reviewed terms stay). */
export async function storeExtraction(db: Db, x: Extraction): Promise<ExtractSummary> {
  const r = await db.write((tx) => replaceExtracted(tx, x.entries));
  return { entries: x.entries.length, added: r.added, units: x.read, ...(x.used < x.read ? { sampled: x.used } : {}) };
}

/** Options of an extraction on its thread (src/extract/worker.ts), and what it answers. */
export interface ExtractWorkerData {
  path: string;
  options: ExtractOptions;
}
export type FromExtractWorker = { type: 'done'; extraction: Extraction } | { type: 'error'; message: string; stack?: string };

/**
 * src/extract/worker.ts as a thread over the database file at `path`: dist/extract/worker.js under
 * plain node; from source (tsx, vitest) the thread registers tsx's loader first, as the import
 * thread does (src/ingest.ts). The thread does not keep the process alive (a server stopping
 * does not wait for it): the caller is a server, which its listening socket keeps alive.
 */
export async function extractOnThread(path: string, options: ExtractOptions = {}): Promise<Extraction> {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  const workerData: ExtractWorkerData = { path, options };
  let worker: Worker;
  if (!url.pathname.endsWith('.ts')) worker = new Worker(url, { workerData });
  else {
    const tsx = createRequire(fileURLToPath(import.meta.url)).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(url.href)});`;
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
  }
  // It only reads: a server that stops need not wait for it (the entries are then not stored).
  worker.unref();
  return new Promise<Extraction>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: FromExtractWorker) => {
      settled = true;
      if (m.type === 'done') resolve(m.extraction);
      else reject(Object.assign(new Error(`term extraction failed: ${m.message}`), m.stack ? { stack: m.stack } : {}));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the extraction thread stopped (${code})`));
    });
  });
}
