/**
 * Fuzzy TM search. Candidates come from the index in libSQL (src/store/tmindex.ts): the query's
 * rarest tokens (ideograph bigrams, folded words) are looked up, each list read to a bounded
 * length, and documents are ranked by the summed rarity of the tokens they share with the query.
 * The best hundred are re-ranked by edit distance in matching units (fuzzyScore), so the score is
 * the CAT-tool percentage translators know. Both sides of every unit are indexed: a query in
 * either language of a pair finds the unit, turned round when the query matched its target.
 */
import type { Db } from '../store/db.js';
import { candidatesFor, indexMissing, tokenCounts, unitsById, unitsContaining } from '../store/tmindex.js';
import { primaryLanguage } from '../model.js';
import { fuzzyScore } from './score.js';
import { indexTokens, toUnits } from './units.js';
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

/** How far each token's document list is read, and how many candidates are re-ranked. */
const PER_TOKEN = 4000;
const ROWS_BUDGET = 16000;
const MAX_TOKENS = 12;
const RERANK = 100;

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
    const counts = await tokenCounts(db, tokens, PER_TOKEN);
    const ranked = tokens.map((token, i) => ({ token, count: counts[i]! })).filter((t) => t.count > 0).sort((a, b) => a.count - b.count);
    const chosen: { token: string; weight: number }[] = [];
    let rows = 0;
    for (const t of ranked) {
      if (chosen.length >= MAX_TOKENS || (chosen.length > 0 && rows + t.count > ROWS_BUDGET)) break;
      rows += t.count;
      chosen.push({ token: t.token, weight: Math.log2((2 * PER_TOKEN) / (t.count + 1)) });
    }
    docs = (await candidatesFor(db, chosen, PER_TOKEN, RERANK)).map((c) => c.doc);
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
