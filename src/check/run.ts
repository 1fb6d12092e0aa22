/**
 * The check as the CLI and the HTTP API run it: units read from a bilingual file (any format of
 * the registry that reads units) or given as pairs, checked against the database's glossary and
 * TM.
 */
import type { Db } from '../store/db.js';
import { listEntries, termChangeBounds, termsFingerprint } from '../store/terms.js';
import { iterateTUs } from '../store/tus.js';
import { searchTM } from '../match/tm.js';
import type { ByteSource, FormatModule, ReadContext } from '../formats/index.js';
import { BadInput } from '../errors.js';
import { readUnitsOf } from '../ingest.js';
import { alignBilingualText } from '../align/document.js';
import { primaryLanguage, type TermEntry, type TranslationUnit } from '../model.js';
import { loadCedict } from '../dict/cedict.js';
import { prepareCheck, type CheckReport } from './index.js';
import { learnRenderings, termsNotRules } from './learn.js';
import { sameTextKey } from '../text/fold.js';
import type { CheckUnit, TmTranslation } from './types.js';
import type { SourceTerm } from './glossary.js';

export interface UnitsToCheck {
  srcLang: string;
  tgtLang: string;
  units: CheckUnit[];
}

/** Most units a single check accepts (a guard for the API; a CAT file has far fewer). */
export const MAX_CHECK_UNITS = 1_000_000;

export interface ReadCheckOptions {
  /** Languages of a file that does not name them (a CSV with a source,target header). */
  srcLang?: string;
  tgtLang?: string;
}

/** Read the units of a bilingual file; ids are the file's own (trans-unit id, tuid, CSV id or line) or the position. */
export async function readUnitsToCheck(input: ByteSource, format: FormatModule, file: string, options: ReadCheckOptions = {}): Promise<UnitsToCheck> {
  // A format whose import reads something else (a CSV/TSV: units and terms) is checked as pairs.
  const read: ((input: ByteSource, ctx: ReadContext) => AsyncIterable<TranslationUnit>) | undefined = format.readPairs
    ? (i: ByteSource, ctx: ReadContext) => format.readPairs!(i, ctx, options)
    : format.readUnits ? (i: ByteSource, ctx: ReadContext) => readUnitsOf(format, i, ctx)!
    : format.readDocument ? (i: ByteSource, ctx: ReadContext) => documentUnits(format, i, ctx)
    : undefined;
  if (!read) throw new BadInput(`the ${format.name} format holds no translation units to check`, { file });
  const units: CheckUnit[] = [];
  let srcLang: string | undefined;
  let tgtLang: string | undefined;
  const used = new Set<string>();
  for await (const tu of read(input, { file })) {
    srcLang ??= tu.srcLang;
    tgtLang ??= tu.tgtLang;
    if (primaryLanguage(tu.srcLang) !== primaryLanguage(srcLang) || primaryLanguage(tu.tgtLang) !== primaryLanguage(tgtLang)) {
      throw new BadInput(`mixes language pairs (${srcLang} → ${tgtLang} and ${tu.srcLang} → ${tu.tgtLang}); check one pair at a time`, { file });
    }
    let id = tu.externalId ?? String(units.length + 1);
    // Ids must tell units apart in the report.
    if (used.has(id)) id = `${id}#${units.length + 1}`;
    used.add(id);
    const place = tu.origin?.line !== undefined ? { line: tu.origin.line, ...(tu.origin.column !== undefined ? { column: tu.origin.column } : {}) } : {};
    units.push({ id, source: tu.source, target: tu.target, ...place });
    if (units.length > MAX_CHECK_UNITS) throw new BadInput(`holds more than ${MAX_CHECK_UNITS} units`, { file });
  }
  if (units.length === 0 || !srcLang || !tgtLang) throw new BadInput('holds no translation units to check', { file });
  return { srcLang, tgtLang, units };
}

/**
 * The units of a plain-text document as ingest aligns them, each placed at the line of its first
 * source paragraph and the column where its first sentence starts there (the line's first
 * character when cleaning changed the sentence's start).
 */
async function* documentUnits(format: FormatModule, input: ByteSource, ctx: ReadContext): AsyncGenerator<TranslationUnit> {
  const doc = await format.readDocument!(input, ctx);
  const aligned = alignBilingualText(doc.text, { file: doc.file });
  const lines = doc.text.split(/\r\n|\r|\n/);
  for (const unit of aligned.units) {
    const line = aligned.source[(unit.origin?.paragraph ?? 0) - 1]?.line;
    if (line === undefined) {
      yield unit;
      continue;
    }
    const raw = lines[line - 1] ?? '';
    const head = unit.source.slice(0, 8);
    const at = head.length > 0 ? raw.indexOf(head) : -1;
    const column = (at >= 0 ? at : raw.length - raw.trimStart().length) + 1;
    yield { ...unit, origin: { ...unit.origin, line, column } };
  }
}

/** Up to this many distinct sources, earlier translations are looked up in the TM index, one search each; above it the TM is read once. */
export const TM_LOOKUP_UNITS = 64;

/** Earlier translations in the TM of the sources being checked (same primary languages). */
export async function tmTranslations(db: Db, job: UnitsToCheck): Promise<Map<string, TmTranslation[]>> {
  const wanted = new Set(job.units.map((u) => sameTextKey(u.source)));
  const map = new Map<string, TmTranslation[]>();
  if (wanted.size <= TM_LOOKUP_UNITS) {
    // A few sources (a segment checked from a CAT tool, a pasted pair): the TM index finds their
    // exact matches without reading every unit of a large TM.
    const src = primaryLanguage(job.srcLang);
    const tgt = primaryLanguage(job.tgtLang);
    const bySource = new Map(job.units.map((u) => [sameTextKey(u.source), u.source]));
    for (const [key, source] of bySource) {
      for (const m of await searchTM(db, source, { src, tgt, min: 80, limit: TM_EXACT_LIMIT })) {
        if (m.reversed || sameTextKey(m.source) !== key) continue;
        if (!map.has(key)) map.set(key, []);
        map.get(key)!.push({ id: m.id, source: m.source, target: m.target });
      }
    }
    for (const list of map.values()) list.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    return map;
  }
  for await (const tu of iterateTUs(db, { srcLang: primaryLanguage(job.srcLang), tgtLang: primaryLanguage(job.tgtLang) })) {
    const key = sameTextKey(tu.source);
    if (!wanted.has(key)) continue;
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push({ ...(tu.id !== undefined ? { id: tu.id } : {}), source: tu.source, target: tu.target });
  }
  return map;
}

/** Most earlier translations of one source taken from the TM index. */
const TM_EXACT_LIMIT = 50;

export interface StoreCheckOptions {
  /** Glossary entries to use instead of the database's (tests). */
  entries?: readonly TermEntry[];
}

const entriesCache = new WeakMap<Db, { key: string; entries: readonly TermEntry[] }>();

/**
 * The database's glossary, read again only when a term or concept changed since (in this process
 * or another: the key is read from the database). Checks only read the entries.
 */
async function glossaryEntries(db: Db): Promise<readonly TermEntry[]> {
  const key = `${await termsFingerprint(db)}/${(await termChangeBounds(db)).last}`;
  const cached = entriesCache.get(db);
  if (cached?.key === key) return cached.entries;
  const entries = await listEntries(db);
  entriesCache.set(db, { key, entries });
  return entries;
}

/** Check units against the database's glossary and TM. */
export async function checkAgainstStore(db: Db, job: UnitsToCheck, options: StoreCheckOptions = {}): Promise<CheckReport> {
  const entries = options.entries ?? (await glossaryEntries(db));
  const tm = await tmTranslations(db, job);
  // CC-CEDICT serves Chinese sources only (its senses are the second opinion on candidate terms).
  const dictionary = primaryLanguage(job.srcLang) === 'zh' && entries.length > 0 ? await loadCedict() : undefined;
  const check = prepareCheck(job.units, { srcLang: job.srcLang, tgtLang: job.tgtLang, entries, tm, ...(dictionary ? { dictionary } : {}) });
  // Candidate terms some target renders in no known way: ask the TM how its translators render them.
  const missing = check.unrenderedCandidates();
  if (missing.length > 0) check.addRenderings(await learnRenderings(db, missing, check.matcher, job.srcLang, job.tgtLang));
  // Extracted terms still missing somewhere: the TM shows whether they are rules at all.
  const unsure = check.unrenderedExtracted();
  if (unsure.length > 0) {
    const split: SourceTerm[] = [];
    check.markNotRules(await termsNotRules(db, unsure, check.matcher, job.srcLang, job.tgtLang, split));
    check.matcher.markSplit(split);
  }
  return check.run();
}
