/**
 * Ingest: one file (or request body) into the store, in one write transaction, so that a bad
 * file leaves the database as it was. Then term extraction over the new units.
 */
import type { Db } from './store/db.js';
import { insertTUs, recordIngest } from './store/tus.js';
import { bulkInsert } from './store/bulk.js';
import { insertEntries } from './store/terms.js';
import { readAll, type ByteSource, type FormatModule, type ReadContext } from './formats/index.js';
import { alignBilingualText, alignRows } from './align/document.js';
import type { TermEntry, TranslationUnit } from './model.js';
import { BadInput, formatPlace, type InputPlace } from './errors.js';
import { extractAfterIngest, type ExtractSummary } from './extract/index.js';

export interface IngestOptions {
  /** Name of the input in messages and provenance. */
  file: string;
  format: FormatModule;
  /** Run term extraction on the new units afterwards (default true). */
  extract?: boolean;
  /** Extraction runs while the TM holds at most this many units (Config.extractMaxUnits). */
  extractMaxUnits?: number;
  /** Told every few thousand units read. */
  onProgress?: (units: number) => void;
  /**
   * Files with more units than this go through the two-thread bulk path (src/store/bulk.ts)
   * when the database is a local file; smaller ones through one client transaction.
   */
  bulkThreshold?: number;
  /** The bulk path's dedup-index thresholds (src/store/bulk.ts BulkMeta); for tests. */
  bulkLateIndex?: { maxExisting?: number; maxUnits?: number };
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
  // A table of pairs holds units (its sentence rows) and entries (its term rows): read twice from
  // memory (such tables are read whole anyway), stored in one transaction.
  const both = format.readEntries !== undefined && (format.readUnits ?? format.readDocument) !== undefined;
  const bytes = both ? await readAll(input) : undefined;
  const source = (): ByteSource => (bytes ? once(bytes) : input);
  const unitReader = readUnitsOf(format, source(), ctx);
  if (unitReader) {
    const reader = counted(unitReader, options.onProgress)[Symbol.asyncIterator]();
    // Read ahead: a file longer than the threshold goes to the bulk path (a local database file).
    const head: TranslationUnit[] = [];
    const threshold = options.bulkThreshold ?? BULK_THRESHOLD;
    let ended = false;
    while (!ended && head.length <= threshold) {
      const next = await reader.next();
      if (next.done) ended = true;
      else head.push(next.value);
    }
    units = concat(head, ended ? undefined : reader);
    bulk = !ended && db.filePath !== undefined && !both;
  }
  if (bulk) {
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
        const entries: TermEntry[] = [];
        for await (const e of format.readEntries(source(), ctx)) entries.push({ ...e, origin: e.origin ?? `import:${file}` });
        summary.entries.added = (await insertEntries(tx, entries)).length;
      }
      if (summary.units.added + summary.units.duplicates + summary.entries.added === 0) {
        throw new BadInput('holds no translation units or terms', { file });
      }
      await recordIngest(tx, file, format.name, summary.units.added + summary.entries.added, summary.units.duplicates);
    });
  }
  if ((options.extract ?? true) && added > 0) summary.extraction = await extractAfterIngest(db, added, options.extractMaxUnits === undefined ? {} : { maxUnits: options.extractMaxUnits });
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
  if (format.readUnits) return format.name === 'csv' || format.name === 'tsv' ? alignRows(format.readUnits(input, ctx)) : format.readUnits(input, ctx);
  const readDocument = format.readDocument;
  if (!readDocument) return undefined;
  return (async function* aligned() {
    const doc = await readDocument.call(format, input, ctx);
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
function concat(head: TranslationUnit[], tail: AsyncIterator<TranslationUnit> | undefined): AsyncIterable<TranslationUnit> {
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

function counted(units: AsyncIterable<TranslationUnit>, onProgress?: (n: number) => void): AsyncIterable<TranslationUnit> {
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
