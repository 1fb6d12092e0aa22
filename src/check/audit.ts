/**
 * The TM-wide term audit: for each glossary term, how the TM renders its source. Per term: the
 * units whose source holds it; each rendering with its count and example unit ids (the
 * glossary's accepted and forbidden translations, and renderings the TM uses that the glossary
 * lacks); the units where no accepted rendering appears; and a verdict: the TM disagrees with
 * the glossary (approved X, the TM mostly says Y), is split between renderings, or is
 * consistent. This is the term-level view a terminologist asks for, where a QA check reports
 * segment by segment.
 *
 * Matching is done in matching units (src/text/tokens.ts: Han characters in Simplified form,
 * words folded for case and English inflection), as TM search and concordance match: 区块链
 * finds 區塊鏈, "blockchains" is "blockchain". A term inside a longer glossary term of the same
 * source counts as that longer term only (風險 inside 風險資本).
 *
 * Renderings the glossary lacks are found in the units without an accepted rendering (a sample
 * of at most SAMPLE of them per term): the run of target words (1–3 words, not starting or ending
 * with a stop word) or Han characters (2–4) that most of them share, outside the renderings of
 * the unit's other glossary terms, and each of whose words (pairs of characters) goes with the
 * term rather than with the whole TM (Dice of at least MIN_DICE against the TM index's document
 * counts). Up to three such renderings per term, each taken from the units the ones before it
 * left.
 *
 * The whole audit reads the TM once; one term (`term`) reads only the units the TM index says
 * hold its characters or words, at most MAX_TERM_UNITS of them (a spread of a frequent term's
 * units, its counts extrapolated and marked estimated).
 */
import type { InValue } from '@libsql/client';
import type { Db } from '../store/db.js';
import { listEntries, termChangeBounds } from '../store/terms.js';
import { languagePairs } from '../store/tus.js';
import { indexMissing, postingsOf, tokenCounts } from '../store/tmindex.js';
import { indexTokens, toUnits, type Units } from '../text/tokens.js';
import { EN_STOP_WORDS } from '../text/en-words.js';
import { primaryLanguage, remembered, type TermEntry } from '../model.js';
import { BadInput } from '../errors.js';
import { buildCheckGlossary } from './glossary.js';

/** Unrendered units per term kept to look for the renderings the glossary lacks. */
export const SAMPLE = 200;
/** A rendering the glossary lacks: shared by at least this share of the sampled units (and two). */
const MIN_SHARE = 0.5;
/** ... and going with the term: Dice of term and rendering over the TM's units. */
const MIN_DICE = 0.3;
/** Example unit ids kept per rendering and for the unrendered units. */
const EXAMPLES = 5;
/** A split: two renderings each in at least this share of the term's units (and two units). */
const SPLIT_SHARE = 0.2;
/**
 * Most units one term's audit reads: a term in more units of the TM is audited on this many of
 * them, drawn at random (fixed seed) over the TM, and its counts extrapolated (marked estimated).
 */
export const MAX_TERM_UNITS = 2000;
/** Units read per page of the whole audit's scan. */
const PAGE = 5000;

/**
 * Han characters that are grammar rather than content (particles, the copula, common
 * prepositions and conjunctions): a rendering found in the TM neither starts nor ends with one.
 */
const HAN_FUNCTION_CHARS = new Set([...'的了是在和与及或等把被之也都就而对为以于从向着过吗呢吧啊个这那其该此各每有所将已']);

export type AuditVerdict = 'consistent' | 'split' | 'disagrees' | 'unused';

export interface AuditRendering {
  /** As written in the glossary, or (found in the TM) as one example unit writes it. */
  text: string;
  /** accepted: a candidate or approved translation of the glossary; forbidden: one it forbids; tm: only the TM uses it. */
  kind: 'accepted' | 'forbidden' | 'tm';
  /** Units of the term whose target holds it. */
  count: number;
  /** True when the count is extrapolated from the sample of unrendered units (whole audit, large terms). */
  estimated?: boolean;
  examples: number[];
}

export interface TermAudit {
  /** The source term as the glossary writes it. */
  term: string;
  /** The glossary's accepted translations. */
  expected: string[];
  approved: boolean;
  /** Whether the term is in the glossary (an audit of another text finds its renderings only). */
  inGlossary: boolean;
  /** Units of the TM whose source holds the term. */
  units: number;
  /** True when the counts come from a spread of MAX_TERM_UNITS of the term's units (one term's audit of a frequent term). */
  estimated?: boolean;
  renderings: AuditRendering[];
  /** Units where no accepted rendering appears. */
  unrendered: { count: number; examples: number[] };
  verdict: AuditVerdict;
  /** For a disagreement or a split: one sentence saying it. */
  note?: string;
}

export interface AuditReport {
  srcLang: string;
  tgtLang: string;
  /** Units of the language pair read (either direction). */
  units: number;
  terms: TermAudit[];
  summary: { terms: number; used: number; consistent: number; split: number; disagrees: number };
}

export interface AuditOptions {
  /** Audit one term (a source term of the glossary, or any source text). */
  term?: string;
  srcLang?: string;
  tgtLang?: string;
  /** Glossary entries to use instead of the database's (tests). */
  entries?: readonly TermEntry[];
}

interface Pattern {
  text: string;
  units: string[];
}

interface AuditTerm {
  text: string;
  units: string[];
  expected: Pattern[];
  forbidden: Pattern[];
  approved: boolean;
  inGlossary: boolean;
}

interface SampledUnit {
  id: number;
  target: string;
  /** Target matching units the unit's other glossary terms render (not a rendering of this one). */
  taken: [number, number][];
}

interface Tally {
  units: number;
  hits: Map<Pattern, { count: number; examples: number[]; estimated?: boolean }>;
  /** Counted on a spread of the term's units (one term's audit of a frequent term). */
  estimated?: boolean;
  unrendered: number;
  unrenderedExamples: number[];
  sample: SampledUnit[];
}

const pattern = (text: string): Pattern => ({ text, units: toUnits(text).units });

/** Where `needle` first stands as a run in `hay` (matching units), or -1. */
function findRun(hay: readonly string[], needle: readonly string[], from = 0): number {
  if (needle.length === 0) return -1;
  const first = needle[0]!;
  outer: for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The glossary's source terms of the pair, each with its accepted and forbidden translations. */
function auditTerms(entries: readonly TermEntry[], srcLang: string, tgtLang: string): AuditTerm[] {
  const glossary = buildCheckGlossary(entries, srcLang, tgtLang);
  const byKey = new Map<string, AuditTerm>();
  for (const s of glossary.sources) {
    const units = toUnits(s.text).units;
    if (units.length === 0) continue;
    const key = units.join(' ');
    const t = byKey.get(key);
    if (t) {
      for (const e of s.expected) if (!t.expected.some((p) => p.text === e)) t.expected.push(pattern(e));
      t.approved ||= s.approved;
    } else byKey.set(key, { text: s.text, units, expected: s.expected.map(pattern).filter((p) => p.units.length > 0), forbidden: [], approved: s.approved, inGlossary: true });
  }
  for (const f of glossary.forbidden) {
    for (const src of f.sources) {
      const t = byKey.get(toUnits(src).units.join(' '));
      if (t && !t.forbidden.some((p) => p.text === f.text)) t.forbidden.push(pattern(f.text));
    }
  }
  return [...byKey.values()];
}

/** Terms by their first matching unit, longest first, for finding all of them in one pass over a source. */
function termIndex(terms: readonly AuditTerm[]): Map<string, AuditTerm[]> {
  const out = new Map<string, AuditTerm[]>();
  for (const t of terms) {
    const list = out.get(t.units[0]!);
    if (list) list.push(t);
    else out.set(t.units[0]!, [t]);
  }
  for (const list of out.values()) list.sort((a, b) => b.units.length - a.units.length);
  return out;
}

/** The terms a source holds (matching units), a term inside a longer one found there left out. */
function termsIn(src: readonly string[], index: ReadonlyMap<string, AuditTerm[]>): AuditTerm[] {
  let found: { term: AuditTerm; start: number; end: number }[] | undefined;
  for (let i = 0; i < src.length; i++) {
    const list = index.get(src[i]!);
    if (!list) continue;
    for (const term of list) {
      const u = term.units;
      if (i + u.length > src.length) continue;
      let ok = true;
      for (let k = 1; k < u.length && ok; k++) ok = src[i + k] === u[k];
      if (ok) (found ??= []).push({ term, start: i, end: i + u.length });
    }
  }
  if (!found) return [];
  if (found.length === 1) return [found[0]!.term];
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: typeof found = [];
  for (const h of found) if (!kept.some((k) => k.start <= h.start && h.end <= k.end && k.end - k.start > h.end - h.start)) kept.push(h);
  return [...new Set(kept.map((h) => h.term))];
}

function newTally(): Tally {
  return { units: 0, hits: new Map(), unrendered: 0, unrenderedExamples: [], sample: [] };
}

/**
 * Count one unit for the terms its source holds: which accepted and forbidden renderings its
 * target holds, or that it holds none (kept in the sample, with the spans of the other terms'
 * renderings).
 */
function tallyUnit(id: number, target: string, found: readonly AuditTerm[], tallies: Map<AuditTerm, Tally>, sampleSize: number): void {
  const tgt = toUnits(target).units;
  const spans: [AuditTerm, number, number][] = [];
  const renderedBy = new Set<AuditTerm>();
  for (const term of found) {
    let tally = tallies.get(term);
    if (!tally) tallies.set(term, (tally = newTally()));
    tally.units++;
    for (const p of [...term.expected, ...term.forbidden]) {
      const at = findRun(tgt, p.units);
      if (at < 0) continue;
      let h = tally.hits.get(p);
      if (!h) tally.hits.set(p, (h = { count: 0, examples: [] }));
      h.count++;
      if (h.examples.length < EXAMPLES) h.examples.push(id);
      spans.push([term, at, at + p.units.length]);
      if (term.expected.includes(p)) renderedBy.add(term);
    }
  }
  for (const term of found) {
    if (renderedBy.has(term)) continue;
    const tally = tallies.get(term)!;
    tally.unrendered++;
    if (tally.unrenderedExamples.length < EXAMPLES) tally.unrenderedExamples.push(id);
    if (tally.sample.length < sampleSize) tally.sample.push({ id, target, taken: spans.filter(([t]) => t !== term).map(([, s, e]) => [s, e]) });
  }
}

/** Text tokens of a target with their offsets, one per matching unit (undefined when they do not line up). */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu;
const unitOf = remembered((token: string) => toUnits(token).units);
function unitsWithOffsets(text: string): { units: Units; spans: [number, number][] } | undefined {
  const units: string[] = [];
  const ideograph: boolean[] = [];
  const spans: [number, number][] = [];
  for (const m of text.matchAll(TOKEN)) {
    const u = unitOf(m[0]);
    if (u.length !== 1) return undefined;
    units.push(u[0]!);
    ideograph.push(/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(m[0]));
    spans.push([m.index, m.index + m[0].length]);
  }
  return { units: { units, ideograph }, spans };
}

interface Candidate {
  key: string;
  units: string[];
  ideograph: boolean;
  /** Sampled units holding it (indexes into the sample). */
  holders: Set<number>;
  /** As one holder writes it (one where it does not start the target, if any: no capital of a sentence start). */
  written: string;
  atStart: boolean;
}

/** Runs of 1–3 content words or 2–4 content Han characters, outside the taken spans. */
function candidatesOf(u: { units: Units; spans: [number, number][] }, text: string, taken: readonly [number, number][], into: Map<string, Candidate>, holder: number): void {
  const { units, ideograph } = u.units;
  const free = (i: number): boolean => !taken.some(([s, e]) => s <= i && i < e);
  for (let i = 0; i < units.length; i++) {
    const han = ideograph[i]!;
    const [min, max] = han ? [2, 4] : [1, 3];
    for (let n = min; n <= max && i + n <= units.length; n++) {
      let ok = true;
      for (let k = i; k < i + n && ok; k++) ok = ideograph[k] === han && free(k) && (han || !/^\d+$/.test(units[k]!));
      if (!ok) break;
      const first = units[i]!;
      const last = units[i + n - 1]!;
      if (han ? HAN_FUNCTION_CHARS.has(first) || HAN_FUNCTION_CHARS.has(last) : EN_STOP_WORDS.has(first) || EN_STOP_WORDS.has(last) || first.length < 2) continue;
      const run = units.slice(i, i + n);
      const key = run.join(han ? '' : ' ');
      const written = text.slice(u.spans[i]![0], u.spans[i + n - 1]![1]);
      let c = into.get(key);
      if (!c) into.set(key, (c = { key, units: run, ideograph: han, holders: new Set(), written, atStart: i === 0 }));
      else if (c.atStart && i > 0) Object.assign(c, { written, atStart: false });
      c.holders.add(holder);
    }
  }
}

/**
 * Renderings the glossary lacks, from the sampled unrendered units (see the module comment).
 * `unrendered` is how many units lack an accepted rendering in all; `units` how many hold the term.
 */
async function discover(db: Db, sample: readonly SampledUnit[], unrendered: number, units: number): Promise<{ text: string; units: string[]; count: number; examples: number[]; estimated: boolean }[]> {
  const out: { text: string; units: string[]; count: number; examples: number[]; estimated: boolean }[] = [];
  if (sample.length < 2) return out;
  const candidates = new Map<string, Candidate>();
  sample.forEach((s, i) => {
    const u = unitsWithOffsets(s.target);
    if (u) candidatesOf(u, s.target, s.taken, candidates, i);
  });
  let left = new Set(sample.map((_, i) => i));
  for (let round = 0; round < 3 && left.size >= 2; round++) {
    const need = Math.max(2, Math.ceil(MIN_SHARE * left.size));
    const ranked = [...candidates.values()]
      .map((c) => ({ c, n: [...c.holders].filter((h) => left.has(h)).length }))
      .filter((x) => x.n >= need)
      .sort((a, b) => b.n - a.n || b.c.units.length - a.c.units.length || a.c.key.localeCompare(b.c.key));
    let picked: { c: Candidate; n: number } | undefined;
    const scale = unrendered / sample.length;
    for (const x of ranked.slice(0, 20)) {
      // Each word (each pair of characters) of the run goes with the term, not only its rarest.
      const estimate = Math.round(x.n * scale);
      const dfs = await documentFrequencies(db, x.c);
      if (dfs.every((df) => (2 * estimate) / (units + Math.max(df, estimate)) >= MIN_DICE)) {
        picked = x;
        break;
      }
    }
    if (!picked) break;
    const holders = [...picked.c.holders].filter((h) => left.has(h)).sort((a, b) => a - b);
    const estimated = unrendered > sample.length;
    const w = picked.c.written;
    out.push({
      // A sentence's capital is not the rendering's (Reasonable use → reasonable use; US stays).
      text: picked.c.atStart && /^\p{Lu}\p{Ll}/u.test(w) ? w.charAt(0).toLowerCase() + w.slice(1) : w,
      units: picked.c.units,
      count: estimated ? Math.round((holders.length * unrendered) / sample.length) : holders.length,
      examples: holders.slice(0, EXAMPLES).map((h) => sample[h]!.id),
      estimated,
    });
    left = new Set([...left].filter((h) => !picked.c.holders.has(h)));
  }
  return out;
}

const dfCache = new WeakMap<Db, Map<string, number>>();

/** How many index documents hold each index token of a candidate (each word; each pair of characters). */
async function documentFrequencies(db: Db, c: Candidate): Promise<number[]> {
  const tokens = indexTokens({ units: c.units, ideograph: c.units.map(() => c.ideograph) });
  let cache = dfCache.get(db);
  if (!cache) dfCache.set(db, (cache = new Map()));
  const missing = tokens.filter((t) => !cache.has(t));
  if (missing.length > 0) {
    const counts = await tokenCounts(db, missing);
    missing.forEach((t, i) => cache.set(t, counts[i]!));
    if (cache.size > 200_000) cache.clear();
  }
  return tokens.map((t) => cache.get(t) ?? 0);
}

/** The verdict of a term from its renderings (see the module comment). */
function verdictOf(term: AuditTerm, units: number, renderings: AuditRendering[]): Pick<TermAudit, 'verdict' | 'note'> {
  if (units === 0) return { verdict: 'unused' };
  const used = renderings.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const top = used[0];
  const bestAccepted = Math.max(0, ...renderings.filter((r) => r.kind === 'accepted').map((r) => r.count));
  if (top && top.kind !== 'accepted' && top.count > bestAccepted && term.inGlossary) {
    const said = term.expected.map((e) => `"${e.text}"`).join(' or ');
    return { verdict: 'disagrees', note: `the glossary says ${said}${term.approved ? ' (approved)' : ''}; the TM mostly says "${top.text}"${top.kind === 'forbidden' ? ' (forbidden)' : ''} (${top.count} of ${units} units${top.estimated ? ', estimated' : ''})` };
  }
  const strong = used.filter((r) => r.count >= Math.max(2, SPLIT_SHARE * units));
  if (strong.length >= 2) {
    return { verdict: 'split', note: `split between ${strong.map((r) => `"${r.text}" (${r.count})`).join(', ')} in ${units} units` };
  }
  return { verdict: 'consistent' };
}

async function finish(db: Db, term: AuditTerm, tally: Tally | undefined): Promise<TermAudit> {
  const t = tally ?? newTally();
  const renderings: AuditRendering[] = [];
  for (const p of term.expected) {
    const h = t.hits.get(p);
    renderings.push({ text: p.text, kind: 'accepted', count: h?.count ?? 0, ...(h?.estimated ? { estimated: true } : {}), examples: h?.examples ?? [] });
  }
  for (const p of term.forbidden) {
    const h = t.hits.get(p);
    if (h) renderings.push({ text: p.text, kind: 'forbidden', count: h.count, ...(h.estimated ? { estimated: true } : {}), examples: h.examples });
  }
  for (const d of await discover(db, t.sample, t.unrendered, t.units)) {
    if (renderings.some((r) => toUnits(r.text).units.join(' ') === d.units.join(' '))) continue;
    renderings.push({ text: d.text, kind: 'tm', count: d.count, ...(d.estimated ? { estimated: true } : {}), examples: d.examples });
  }
  renderings.sort((a, b) => b.count - a.count || (a.kind === 'accepted' ? -1 : 0) - (b.kind === 'accepted' ? -1 : 0));
  return {
    term: term.text,
    expected: term.expected.map((p) => p.text),
    approved: term.approved,
    inGlossary: term.inGlossary,
    units: t.units,
    ...(t.estimated ? { estimated: true } : {}),
    renderings,
    unrendered: { count: t.unrendered, examples: t.unrenderedExamples },
    ...verdictOf(term, t.units, renderings),
  };
}

/** Rows of a read query as arrays (the native reader of a local file, else the client). */
async function readRows(db: Db, sql: string, args: readonly InValue[]): Promise<unknown[][]> {
  if (db.read) return db.read(sql, args);
  const rs = await db.client.execute({ sql, args: [...args] });
  return rs.rows.map((r) => rs.columns.map((_, i) => r[i]));
}

const primary = remembered(primaryLanguage);

/** The unit turned to the pair's direction, or undefined for a unit of another pair. */
function inDirection(row: unknown[], src: string, tgt: string): { id: number; source: string; target: string } | undefined {
  const s = primary(String(row[1]));
  const t = primary(String(row[2]));
  if (s === src && t === tgt) return { id: Number(row[0]), source: String(row[3]), target: String(row[4]) };
  if (s === tgt && t === src) return { id: Number(row[0]), source: String(row[4]), target: String(row[3]) };
  return undefined;
}

/** Every unit of the TM, page by page, as rows [id, src_lang, tgt_lang, source, target]: the whole audit's one read, and its bench's baseline. */
export async function* scanTm(db: Db, pageSize = PAGE): AsyncGenerator<unknown[][]> {
  let after = 0;
  for (;;) {
    const rows = await readRows(db, 'SELECT id, src_lang, tgt_lang, source, target FROM tu WHERE id > ? ORDER BY id LIMIT ?', [after, pageSize]);
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]![0]);
    if (rows.length < pageSize) return;
  }
}

/** The pair to audit: the one given, else the TM's largest (its glossary is the one to audit). */
async function pairOf(db: Db, options: AuditOptions): Promise<[string, string]> {
  if (options.srcLang && options.tgtLang) return [options.srcLang, options.tgtLang];
  if (options.srcLang || options.tgtLang) throw new BadInput('give both the source and the target language, or neither');
  const pairs = await languagePairs(db);
  const top = pairs[0];
  if (!top) return ['zh-TW', 'en-US'];
  return [top.srcLang, top.tgtLang];
}

const termsCache = new WeakMap<Db, { key: string; terms: AuditTerm[] }>();

/** The database glossary's terms of a pair, kept while the term change log stays where it was (one term's audit need not read the glossary again). */
async function storedTerms(db: Db, srcLang: string, tgtLang: string): Promise<AuditTerm[]> {
  const key = `${(await termChangeBounds(db)).last}\u0000${srcLang}\u0000${tgtLang}`;
  const cached = termsCache.get(db);
  if (cached?.key === key) return cached.terms;
  const terms = auditTerms(await listEntries(db), srcLang, tgtLang);
  termsCache.set(db, { key, terms });
  return terms;
}

/** Audit the glossary's terms (or one term) against the TM of one language pair. */
export async function auditTm(db: Db, options: AuditOptions = {}): Promise<AuditReport> {
  const [srcLang, tgtLang] = await pairOf(db, options);
  const src = primary(srcLang);
  const tgt = primary(tgtLang);
  let terms = options.entries ? auditTerms(options.entries, srcLang, tgtLang) : await storedTerms(db, srcLang, tgtLang);
  let units = 0;
  const tallies = new Map<AuditTerm, Tally>();
  if (options.term !== undefined) {
    const wanted = toUnits(options.term.trim()).units;
    if (wanted.length === 0) throw new BadInput(`the term "${options.term}" holds no letters or characters to look for`);
    const key = wanted.join(' ');
    let term = terms.find((t) => t.units.join(' ') === key);
    if (!term) terms = [...terms, (term = { text: options.term.trim(), units: wanted, expected: [], forbidden: [], approved: false, inGlossary: false })];
    // Every term is looked for in the units read, so that a longer term holding this one wins as in the whole audit.
    const index = termIndex(terms);
    terms = [term];
    // Units a writer added without indexing them (as TM search does before it reads the index).
    await indexMissing(db);
    const { pages, total } = await unitsHolding(db, wanted);
    for (const ids of pages) {
      for (const row of await readRows(db, `SELECT id, src_lang, tgt_lang, source, target FROM tu WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ids)) {
        const u = inDirection(row, src, tgt);
        if (!u) continue;
        units++;
        const found = termsIn(toUnits(u.source).units, index);
        if (found.includes(term)) tallyUnit(u.id, u.target, found, tallies, SAMPLE);
      }
    }
    const tally = tallies.get(term);
    if (tally && total > MAX_TERM_UNITS) scaleTally(tally, total / MAX_TERM_UNITS);
  } else {
    const index = termIndex(terms);
    for await (const rows of scanTm(db)) {
      for (const row of rows) {
        const u = inDirection(row, src, tgt);
        if (!u) continue;
        units++;
        const found = termsIn(toUnits(u.source).units, index);
        if (found.length > 0) tallyUnit(u.id, u.target, found, tallies, SAMPLE);
      }
    }
  }
  const audits: TermAudit[] = [];
  for (const term of terms) audits.push(await finish(db, term, tallies.get(term)));
  const order: Record<AuditVerdict, number> = { disagrees: 0, split: 1, consistent: 2, unused: 3 };
  audits.sort((a, b) => order[a.verdict] - order[b.verdict] || b.units - a.units || a.term.localeCompare(b.term));
  const count = (v: AuditVerdict): number => audits.filter((a) => a.verdict === v).length;
  return {
    srcLang,
    tgtLang,
    units,
    terms: audits,
    summary: { terms: audits.length, used: audits.length - count('unused'), consistent: count('consistent'), split: count('split'), disagrees: count('disagrees') },
  };
}

/**
 * Ids of the units whose source or target holds every index token of the term (in pages of 500
 * for the read that follows): the TM index's lists, intersected. A one-character term, which
 * the index holds only beside other characters, is looked for in the text itself.
 */
async function unitsHolding(db: Db, wanted: readonly string[]): Promise<{ pages: number[][]; total: number }> {
  const u = toUnits(wanted.join(''));
  let ids: number[];
  if (wanted.length === 1 && u.ideograph[0]) {
    const rows = await readRows(db, 'SELECT id FROM tu WHERE instr(source, ?) > 0 OR instr(target, ?) > 0', [wanted[0]!, wanted[0]!]);
    ids = rows.map((r) => Number(r[0]));
  } else {
    const tokens = indexTokens({ units: [...wanted], ideograph: wanted.map((w) => /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(w)) });
    const counts = await tokenCounts(db, tokens);
    if (counts.some((n) => n === 0)) return { pages: [], total: 0 };
    const order = tokens.map((t, i) => ({ t, n: counts[i]! })).sort((a, b) => a.n - b.n).map((o) => o.t);
    const lists = await postingsOf(db, order);
    let docs: Set<number> | undefined;
    for (const t of order) {
      const next = new Set<number>();
      for (const seg of lists.get(t) ?? []) for (const d of seg) if (!docs || docs.has(d >>> 1)) next.add(d >>> 1);
      docs = next;
    }
    ids = [...(docs ?? [])].sort((a, b) => a - b);
  }
  const total = ids.length;
  if (ids.length > MAX_TERM_UNITS) ids = spread(ids, MAX_TERM_UNITS);
  const pages: number[][] = [];
  for (let i = 0; i < ids.length; i += 500) pages.push(ids.slice(i, i + 500));
  return { pages, total };
}

/**
 * `n` of the ids drawn at random with a fixed seed (the same answer twice), in id order: a spread
 * over the TM that no regular pattern of the units can bias, as every k-th unit could be.
 */
function spread(ids: number[], n: number): number[] {
  const a = [...ids];
  let seed = (a.length * 2654435761) >>> 0 || 1;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n).sort((x, y) => x - y);
}

/** Counts of a term audited on a spread of its units, extrapolated to all of them (the renderings found in the sample scale with it). */
function scaleTally(t: Tally, factor: number): void {
  t.units = Math.round(t.units * factor);
  t.unrendered = Math.round(t.unrendered * factor);
  for (const h of t.hits.values()) {
    h.count = Math.round(h.count * factor);
    h.estimated = true;
  }
  t.estimated = true;
}
