/**
 * Concordance: units whose source or target contains a text (usually a term), compared in
 * matching units so that 区块链 finds 區塊鏈 and "blockchain" finds "blockchains". Candidates
 * are the index documents holding every token of the text; a 1-character text falls back to a
 * bounded scan of the stored text.
 */
import type { Db } from '../store/db.js';
import { postingsOf, tokenCounts, unitsById, unitsContaining } from '../store/tmindex.js';
import { indexTokens, toUnits } from '../text/tokens.js';

export interface ConcordanceHit {
  id: number;
  source: string;
  target: string;
  srcLang: string;
  tgtLang: string;
  /** Which side holds the text. */
  side: 'source' | 'target';
}

function containsRun(hay: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Documents holding every token: the rarest token's list, filtered by the lists of the other
 * tokens that are not too common to load (the text check afterwards settles the rest).
 */
async function documentsWithAll(db: Db, tokens: readonly string[], limit: number): Promise<number[]> {
  const counts = await tokenCounts(db, tokens);
  if (counts.some((n) => n === 0)) return [];
  const order = tokens.map((t, i) => ({ t, n: counts[i]! })).sort((a, b) => a.n - b.n);
  const usable = order.filter((o, i) => i === 0 || o.n <= 50_000).map((o) => o.t);
  const lists = await postingsOf(db, usable);
  const [first, ...rest] = usable.map((t) => lists.get(t) ?? []);
  const others = rest.map((segments) => new Set(segments.flatMap((s) => [...s])));
  const out: number[] = [];
  for (const segment of first ?? []) {
    for (const d of segment) {
      if (others.every((set) => set.has(d))) out.push(d);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export async function concordance(db: Db, text: string, limit = 20): Promise<ConcordanceHit[]> {
  const needle = toUnits(text.trim());
  if (needle.units.length === 0) return [];
  const tokens = indexTokens(needle);
  let docs: number[];
  if (needle.units.length === 1 && needle.ideograph[0]) {
    docs = (await unitsContaining(db, text.trim(), limit * 5)).flatMap((id) => [id * 2, id * 2 + 1]);
  } else {
    docs = await documentsWithAll(db, tokens, limit * 5);
  }
  const units = new Map((await unitsById(db, [...new Set(docs.map((d) => Math.floor(d / 2)))])).map((u) => [u.id, u]));
  const out: ConcordanceHit[] = [];
  const seen = new Set<number>();
  for (const doc of docs) {
    const u = units.get(Math.floor(doc / 2));
    if (!u || seen.has(u.id)) continue;
    const side = doc % 2 === 0 ? 'source' : 'target';
    if (!containsRun(toUnits(side === 'source' ? u.source : u.target).units, needle.units)) continue;
    seen.add(u.id);
    out.push({ ...u, side });
    if (out.length >= limit) break;
  }
  return out;
}
