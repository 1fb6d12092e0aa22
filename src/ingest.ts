/**
 * Ingest: one file (or request body) into the store, in one write transaction, so that a bad
 * file leaves the database as it was. Then term extraction over the new units.
 */
import type { Db } from './store/db.js';
import { insertTUs, recordIngest } from './store/tus.js';
import { insertEntries } from './store/terms.js';
import type { ByteSource, FormatModule } from './formats/index.js';
import type { TermEntry, TranslationUnit } from './model.js';
import { BadInput } from './errors.js';
import { extractAfterIngest, type ExtractSummary } from './extract/index.js';

export interface IngestOptions {
  /** Name of the input in messages and provenance. */
  file: string;
  format: FormatModule;
  /** Run term extraction on the new units afterwards (default true). */
  extract?: boolean;
  /** Told every few thousand units read. */
  onProgress?: (units: number) => void;
}

export interface IngestSummary {
  file: string;
  format: string;
  units: { added: number; duplicates: number };
  entries: { added: number };
  extraction?: ExtractSummary;
}

export async function ingest(db: Db, input: ByteSource, options: IngestOptions): Promise<IngestSummary> {
  const { format, file } = options;
  if (!format.readUnits && !format.readEntries) throw new BadInput(`the ${format.name} format cannot be imported`);
  const summary: IngestSummary = { file, format: format.name, units: { added: 0, duplicates: 0 }, entries: { added: 0 } };
  let newIds: number[] = [];
  await db.write(async (tx) => {
    if (format.readUnits) {
      const units = counted(format.readUnits(input, { file }), options.onProgress);
      const r = await insertTUs(tx, units);
      summary.units = { added: r.added, duplicates: r.duplicates };
      newIds = r.ids;
    } else if (format.readEntries) {
      const entries: TermEntry[] = [];
      for await (const e of format.readEntries(input, { file })) entries.push({ ...e, origin: e.origin ?? `import:${file}` });
      summary.entries.added = (await insertEntries(tx, entries)).length;
    }
    if (summary.units.added + summary.units.duplicates + summary.entries.added === 0) {
      throw new BadInput('holds no translation units or terms', { file });
    }
    await recordIngest(tx, file, format.name, summary.units.added + summary.entries.added, summary.units.duplicates);
  });
  if ((options.extract ?? true) && newIds.length > 0) summary.extraction = await extractAfterIngest(db, newIds);
  return summary;
}

async function* counted(units: AsyncIterable<TranslationUnit>, onProgress?: (n: number) => void): AsyncGenerator<TranslationUnit> {
  let n = 0;
  for await (const u of units) {
    yield u;
    if (onProgress && ++n % 5000 === 0) onProgress(n);
  }
  onProgress?.(n);
}
