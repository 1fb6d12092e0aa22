/**
 * Fuzzy TM search. Candidates come from the index in libSQL (src/store/tmindex.ts): the query's
 * rarest tokens (ideograph bigrams, folded words) are looked up, each list read to a bounded
 * length, and documents are ranked by the summed rarity of the tokens they share with the query.
 * The best hundred are re-ranked by edit distance in matching units (fuzzyScore), so the score is
 * the CAT-tool percentage translators know. Both sides of every unit are indexed: a query in
 * either language of a pair finds the unit, turned round when the query matched its target.
 */
import type { Db } from '../store/db.js';
import { indexMissing, postingsOf, tokenCounts, unitsById, unitsContaining } from '../store/tmindex.js';
import { primaryLanguage } from '../model.js';
import { fuzzyScore } from './score.js';
import { indexTokens, toUnits } from '../text/tokens.js';
import type { TermIndex } from './terms.js';

export interface TmSearchOptions {
  /** Language of the query (the matched side): `en`, `zh-TW`; primary subtag compared. */
  src?: string;
  /** Language of the translations wanted. */
  tgt?: string;
  /** Lowest score returned (0–100, default 50). */
  min?: number;
  /** Most matches returned (default 10). */
  limit?: number;
  /** The glossary, to list the terms found in each match. */
  terms?: TermIndex;
}

export interface TmMatch {
  id: number;
  /** The matched side, as stored. */
  source: string;
  /** Its translation. */
  target: string;
  srcLang: string;
  tgtLang: string;
  score: number;
  /** True when the query matched the unit's target side (the unit is shown turned round). */
  reversed: boolean;
  /** Glossary terms found in the matched side, with their translation. */
  terms: { id: number; source: string; target: string | null; status: string }[];
}

/** Most postings read per query, most tokens used, and how many candidates are re-ranked. */
const ROWS_BUDGET = 50_000;
const MAX_TOKENS = 24;
const RERANK = 100;

/**
 * Per-document weight sums, in one typed array indexed by document (reused between queries, so
 * counting the postings of a query makes no garbage).
 */
let accumulator = new Float32Array(1 << 16);
function accumulatorFor(maxDoc: number): Float32Array {
  if (accumulator.length <= maxDoc) accumulator = new Float32Array(Math.max(maxDoc + 1, accumulator.length * 2));
  return accumulator;
}

/**
 * Documents sharing the query's rarest tokens, best summed rarity first. Tokens are taken rarest
 * first until their lists hold ROWS_BUDGET documents, so the work per query is bounded; the
 * rarest token is always used.
 */
async function candidates(db: Db, tokens: readonly string[]): Promise<number[]> {
  const counts = await tokenCounts(db, tokens);
  const ranked = tokens.map((token, i) => ({ token, df: counts[i]! })).filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
  const total = Math.max(1, ...counts);
  const chosen: { token: string; weight: number }[] = [];
  let rows = 0;
  for (const t of ranked) {
    if (chosen.length >= MAX_TOKENS || (chosen.length > 0 && rows + t.df > ROWS_BUDGET)) break;
    rows += t.df;
    chosen.push({ token: t.token, weight: Math.log2(1 + (4 * total) / t.df) });
  }
  const lists = await postingsOf(db, chosen.map((c) => c.token));
  const segments: Uint32Array[] = [];
  const weights: number[] = [];
  for (const c of chosen) {
    for (const docs of lists.get(c.token) ?? []) {
      segments.push(docs);
      weights.push(c.weight);
    }
  }
  return topDocuments(segments, weights, RERANK);
}

/** The `n` documents with the highest summed weight over the lists (ties: lower document first). */
export function topDocuments(segments: readonly Uint32Array[], weights: readonly number[], n: number): number[] {
  let maxDoc = 0;
  let total = 0;
  for (const docs of segments) {
    total += docs.length;
    if (docs.length > 0 && docs[docs.length - 1]! > maxDoc) maxDoc = docs[docs.length - 1]!;
  }
  const acc = accumulatorFor(maxDoc);
  const touched = new Uint32Array(total);
  let count = 0;
  for (let k = 0; k < segments.length; k++) {
    const docs = segments[k]!;
    const w = weights[k]!;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (acc[d] === 0) touched[count++] = d;
      acc[d] = acc[d]! + w;
    }
  }
  // A bounded selection: keep a buffer of the best, cut back to n when it grows to 4n.
  let best: { d: number; w: number }[] = [];
  let floor = 0;
  const byWeight = (a: { d: number; w: number }, b: { d: number; w: number }): number => b.w - a.w || a.d - b.d;
  for (let i = 0; i < count; i++) {
    const d = touched[i]!;
    const w = acc[d]!;
    acc[d] = 0;
    if (best.length < n || w > floor) {
      best.push({ d, w });
      if (best.length >= n * 4) {
        best.sort(byWeight);
        best = best.slice(0, n);
        floor = best[n - 1]!.w;
      }
    }
  }
  best.sort(byWeight);
  return best.slice(0, n).map((b) => b.d);
}

const indexed = new WeakSet<Db>();

/** Index units written before the TM index existed, once per process and database. */
async function ensureIndexed(db: Db): Promise<void> {
  if (indexed.has(db)) return;
  await indexMissing(db);
  indexed.add(db);
}

function langMatches(tag: string, wanted: string | undefined): boolean {
  return !wanted || primaryLanguage(tag) === primaryLanguage(wanted);
}

export async function searchTM(db: Db, query: string, options: TmSearchOptions = {}): Promise<TmMatch[]> {
  const q = query.trim();
  const min = options.min ?? 50;
  const limit = options.limit ?? 10;
  if (q.length === 0) return [];
  await ensureIndexed(db);
  const qUnits = toUnits(q);
  const tokens = indexTokens(qUnits);
  let docs: number[];
  if (tokens.length === 0 || (qUnits.units.length === 1 && qUnits.ideograph[0])) {
    // One character (or none that indexes): a bounded scan for it as written.
    docs = (await unitsContaining(db, q, RERANK)).flatMap((id) => [id * 2, id * 2 + 1]);
  } else {
    docs = await candidates(db, tokens);
  }
  const units = new Map((await unitsById(db, [...new Set(docs.map((d) => Math.floor(d / 2)))])).map((u) => [u.id, u]));
  const matches: TmMatch[] = [];
  for (const doc of docs) {
    const u = units.get(Math.floor(doc / 2));
    if (!u) continue;
    const reversed = doc % 2 === 1;
    const m = reversed
      ? { source: u.target, target: u.source, srcLang: u.tgtLang, tgtLang: u.srcLang }
      : { source: u.source, target: u.target, srcLang: u.srcLang, tgtLang: u.tgtLang };
    if (!langMatches(m.srcLang, options.src) || !langMatches(m.tgtLang, options.tgt)) continue;
    const score = fuzzyScore(q, qUnits.units, m.source, toUnits(m.source).units);
    if (score < min) continue;
    matches.push({ id: u.id, ...m, score, reversed, terms: [] });
  }
  // Best score first; among equals the exact language tag asked for, then the older unit.
  const exactTag = (m: TmMatch): number => (options.src && m.srcLang.toLowerCase() === options.src.toLowerCase() ? 0 : 1);
  matches.sort((a, b) => b.score - a.score || exactTag(a) - exactTag(b) || a.id - b.id);
  const out = matches.slice(0, limit);
  if (options.terms) {
    for (const m of out) {
      m.terms = options.terms.findInText(m.source, m.srcLang).map((t) => {
        const target = options.terms!.targetsOf(t, m.tgtLang)[0];
        return { id: t.conceptId, source: t.text, target: target?.text ?? null, status: t.status };
      });
    }
  }
  return out;
}
