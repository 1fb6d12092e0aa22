/**
 * Term extraction entry points: read the TM's Chinese–English units, build the glossary
 * (src/extract/glossary.ts), and store it through replaceExtracted (a reviewer's approved and
 * forbidden terms stay). Extraction always runs over the whole TM, because the statistics and the
 * extent of glosses depend on every unit; ingest calls it after adding units.
 */
import type { Db } from '../store/db.js';
import { iterateTUs } from '../store/tus.js';
import { replaceExtracted } from '../store/terms.js';
import type { TranslationUnit } from '../model.js';
import { primaryLanguage } from '../model.js';
import { loadCedict } from './cedict.js';
import { buildGlossary, type ExtractOptions, type GlossaryEntry } from './glossary.js';

export { buildGlossary, type ExtractOptions, type GlossaryEntry } from './glossary.js';
export { loadCedict } from './cedict.js';

export interface ExtractSummary {
  /** Entries the extractor produced. */
  entries: number;
  /** Of them, stored (new or not already held by a reviewed concept). */
  added?: number;
  /** Chinese–English units read. */
  units?: number;
}

/** Extract the glossary from units in memory (no database). */
export async function extractFromUnits(tus: readonly TranslationUnit[], options: ExtractOptions = {}): Promise<GlossaryEntry[]> {
  return buildGlossary(tus, await loadCedict(), options);
}

async function zhEnUnits(db: Db): Promise<TranslationUnit[]> {
  const units: TranslationUnit[] = [];
  for await (const tu of iterateTUs(db)) {
    const pair = [primaryLanguage(tu.srcLang), primaryLanguage(tu.tgtLang)].sort().join('-');
    if (pair === 'en-zh') units.push(tu);
  }
  return units;
}

/** Extract term pairs after an ingest: the new units change the evidence of the whole TM, so all is re-run. */
export async function extractAfterIngest(db: Db, newUnitIds: readonly number[], options: ExtractOptions = {}): Promise<ExtractSummary> {
  if (newUnitIds.length === 0) return { entries: 0 };
  return extractAll(db, options);
}

/** Re-run extraction over the whole TM and store the result. */
export async function extractAll(db: Db, options: ExtractOptions = {}): Promise<ExtractSummary> {
  const units = await zhEnUnits(db);
  // No Chinese–English units: nothing to extract, and earlier untouched candidates go.
  const entries = units.length === 0 ? [] : await extractFromUnits(units, options);
  const r = await db.write((tx) => replaceExtracted(tx, entries.map(({ zh: _zh, en: _en, ...e }) => e)));
  return { entries: entries.length, added: r.added, units: units.length };
}
