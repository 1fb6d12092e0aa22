/**
 * Fuzzy ranking of a few candidate strings against a query: the score fuse.js 7 gives with one
 * key, `ignoreLocation`, `isCaseSensitive` and `includeScore` (Bitap over the pattern in chunks
 * of 32 UTF-16 units, errors / pattern length, each chunk's score averaged, then fuse's field-length
 * norm), computed without a Fuse instance per query. Term look-ups rank a handful of candidates
 * per request, and the instance (its index of the candidates, option objects, arrays allocated
 * per Bitap error level, result objects) cost most of a look-up that had an exact hit.
 * test/match/fuzzy.test.ts checks it against fuse.js on random and real strings.
 */

/** Bitap works on patterns of at most this many UTF-16 units (fuse.js's MAX_BITS). */
const MAX_BITS = 32;

interface Chunk {
  pattern: string;
  /** Bit masks of the pattern's characters (bit i: the pattern's i-th unit), by UTF-16 code unit. */
  alphabet: Map<number, number>;
}

/** A query compiled once, scored against candidates one by one. */
export class FuzzyPattern {
  private readonly chunks: Chunk[] = [];

  constructor(
    readonly pattern: string,
    private readonly threshold: number,
  ) {
    const len = pattern.length;
    const add = (p: string): void => {
      const alphabet = new Map<number, number>();
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        alphabet.set(c, (alphabet.get(c) ?? 0) | (1 << i));
      }
      this.chunks.push({ pattern: p, alphabet });
    };
    if (len > MAX_BITS) {
      // As fuse.js cuts it: whole chunks of 32 from the start, then the last 32 units if some are left.
      const remainder = len % MAX_BITS;
      for (let i = 0; i < len - remainder; i += MAX_BITS) add(pattern.slice(i, i + MAX_BITS));
      if (remainder) add(pattern.slice(len - MAX_BITS));
    } else if (len > 0) add(pattern);
  }

  /**
   * The score of `text`, 0 (identical) to 1, lower is closer; undefined when it does not match
   * within the threshold. A blank pattern matches everything without a score (NaN here).
   */
  score(text: string): number | undefined {
    // fuse.js answers a blank query with every candidate, unscored, and never matches a blank text.
    if (this.pattern.trim() === '') return Number.NaN;
    if (text.trim() === '') return undefined;
    let raw: number;
    if (this.pattern === text) raw = 0;
    else {
      let total = 0;
      let matched = false;
      for (const chunk of this.chunks) {
        const s = this.bitap(text, chunk);
        if (s !== undefined) matched = true;
        total += s ?? 1;
      }
      if (!matched) return undefined;
      raw = total / this.chunks.length;
    }
    // fuse.js: score ^ (key weight 1 × field norm), an exact score 0 taken as EPSILON.
    return Math.pow(raw === 0 ? Number.EPSILON : raw, fieldNorm(text));
  }

  /**
   * Fuse.js's Bitap search of one chunk with `ignoreLocation`: errors / length of the best match,
   * at least 0.001, or undefined past the threshold. Fuse.js runs one pass over the text per
   * number of errors allowed, until a pass matches; the fewest errors with which the chunk matches
   * some part of the text is the least edit distance of the chunk to a substring of the text,
   * which Myers's bit-vector algorithm gives in one pass.
   */
  private bitap(text: string, { pattern, alphabet }: Chunk): number | undefined {
    const m = pattern.length;
    const high = 1 << (m - 1);
    // Column by column of the edit-distance table (pattern down, text across, a match may begin
    // anywhere in the text): vertical deltas +1 (pv) and -1 (mv) as bits, the last row's value.
    let pv = -1;
    let mv = 0;
    let score = m;
    let least = m;
    for (let j = 0; j < text.length; j++) {
      const eq = alphabet.get(text.charCodeAt(j)) ?? 0;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & high) score++;
      else if (mh & high) score--;
      if (score < least) least = score;
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    const errors = least / m;
    return errors <= this.threshold ? Math.max(0.001, errors) : undefined;
  }
}

const normCache = new Map<number, number>();

/** Fuse.js's field-length norm: 1 / √(words), rounded to 3 decimals. */
function fieldNorm(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 9 && c <= 13) || c === 32 || c === 160) inWord = false;
    else if (!inWord) {
      words++;
      inWord = true;
    }
  }
  if (words === 0) words = 1;
  let norm = normCache.get(words);
  if (norm === undefined) {
    norm = Math.round(1000 / Math.pow(words, 0.5)) / 1000;
    normCache.set(words, norm);
  }
  return norm;
}

/**
 * The candidates that match `query` within `threshold`, closest first (ties in candidate order),
 * each with its score: what `new Fuse(candidates, { keys: [key], includeScore: true, threshold,
 * ignoreLocation: true, isCaseSensitive: true }).search(query)` returns.
 */
export function rankFuzzy<T>(query: string, candidates: readonly T[], text: (c: T) => string, threshold: number): { item: T; score: number }[] {
  const pattern = new FuzzyPattern(query, threshold);
  const out: { item: T; score: number; at: number }[] = [];
  for (let at = 0; at < candidates.length; at++) {
    const c = candidates[at]!;
    const score = pattern.score(text(c));
    if (score !== undefined) out.push({ item: c, score, at });
  }
  out.sort((a, b) => (a.score === b.score || (Number.isNaN(a.score) && Number.isNaN(b.score)) ? a.at - b.at : a.score < b.score ? -1 : 1));
  return out.map(({ item, score }) => ({ item, score }));
}
