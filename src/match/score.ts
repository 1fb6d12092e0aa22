/**
 * The CAT-style fuzzy score of a TM match: 100 × (1 − edit distance / longer length), the
 * distance counted in matching units (characters for Chinese, words for English; see text/tokens.ts),
 * as OmegaT and most CAT tools count it. 100 only when the stored text is exactly the query;
 * the same units written differently (case, punctuation, Traditional vs Simplified script) is 99
 * at most, so a cross-script match is never offered as exact.
 */
import { distance } from 'fastest-levenshtein';

/** Encode unit sequences as strings over one shared alphabet, so string edit distance counts units. */
function encode(a: readonly string[], b: readonly string[]): [string, string] {
  const codes = new Map<string, string>();
  const enc = (units: readonly string[]): string => {
    let s = '';
    for (const u of units) {
      let c = codes.get(u);
      if (c === undefined) {
        // Code units from U+0100 up (below the surrogates): one UTF-16 unit per matching unit.
        c = String.fromCharCode(0x100 + codes.size);
        codes.set(u, c);
      }
      s += c;
    }
    return s;
  };
  return [enc(a), enc(b)];
}

/** Edit distance in units between two unit sequences. */
export function unitDistance(a: readonly string[], b: readonly string[]): number {
  const [x, y] = encode(a, b);
  return distance(x, y);
}

/** Normalise only what no translator sees: Unicode composition and surrounding white space. */
function sameText(a: string, b: string): boolean {
  return a === b || a.normalize('NFC').trim() === b.normalize('NFC').trim();
}

/**
 * Score a stored segment against a query (0–100, whole numbers). `query`/`stored` are the texts
 * as written, `queryUnits`/`storedUnits` their matching units.
 */
export function fuzzyScore(query: string, queryUnits: readonly string[], stored: string, storedUnits: readonly string[]): number {
  if (sameText(query, stored)) return 100;
  const longer = Math.max(queryUnits.length, storedUnits.length);
  if (longer === 0) return 0;
  const d = unitDistance(queryUnits, storedUnits);
  const score = Math.floor((100 * (longer - d)) / longer);
  return Math.min(99, Math.max(0, score));
}
