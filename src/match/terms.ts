/**
 * Term look-up: an in-memory index of the glossary, built once from the store and rebuilt after a
 * change (this process's writes at once, other processes' within a few seconds). A query is
 * matched exactly (as written), then folded (script, width, case, inflection: src/text/fold.ts),
 * then fuzzily: candidates that share rare character n-grams with the query (trigrams for
 * alphabetic text; single characters and bigrams for Chinese, so 1–2 character terms are found)
 * are ranked by fuse.js, which alone is a linear scan over every term: too slow for a large
 * glossary on its own.
 */
import Fuse from 'fuse.js';
import type { Db } from '../store/db.js';
import { allTermRows, termsFingerprint, type TermRow } from '../store/terms.js';
import { fold, hasHan } from '../text/fold.js';
import { primaryLanguage, type TermStatus } from '../model.js';
import { toUnits } from '../text/tokens.js';

export type MatchKind = 'exact' | 'folded' | 'fuzzy';

export interface TermHit {
  /** The concept entry id (PATCH/DELETE /api/terms/:id). */
  id: number;
  termId: number;
  /** The matched term, in the query's language. */
  source: string;
  srcLang: string;
  /** The concept's best term in another language (approved first, never a forbidden one unless it is all there is). */
  target: string | null;
  tgtLang: string | null;
  /** Every term of the concept in other languages. */
  targets: { text: string; lang: string; status: TermStatus }[];
  status: TermStatus;
  score: number | null;
  method: string | null;
  match: MatchKind;
  /** 0–100: how close the matched term is to the query (100 for exact and folded hits). */
  similarity: number;
}

export interface LookupOptions {
  /** Only terms in this language (primary subtag: `zh` finds zh-TW and zh-CN). */
  lang?: string;
  /** Prefer targets in this language. */
  tgt?: string;
  limit?: number;
}

const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const MAX_CANDIDATES = 40;
const NEIGHBOUR_CANDIDATES = 10;
/**
 * Gram postings read per fuzzy search: for a query with no exact or folded hit, and for the
 * neighbours listed under one. Neighbours need fewer: in a large glossary, counting the
 * full budget was most of an exact look-up's time (docs/decisions.md).
 */
const MAX_POSTINGS = 20_000;
const NEIGHBOUR_POSTINGS = 4_000;
const STATUS_RANK: Record<TermStatus, number> = { approved: 0, candidate: 1, forbidden: 2 };

/** Character n-grams that narrow the fuzzy search: ideographs alone and in pairs, trigrams elsewhere. */
export function termGrams(folded: string): string[] {
  // Sliced from the text (flat strings: a map look-up of a string built char by char first
  // copies it), per code point so astral characters stay whole.
  const s = ` ${folded} `;
  const starts: number[] = [];
  const han: boolean[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    starts.push(i);
    han.push(cp >= 0x2e80 && IDEOGRAPH.test(String.fromCodePoint(cp)));
    i += cp > 0xffff ? 2 : 1;
  }
  starts.push(s.length);
  const out = new Set<string>();
  const n = han.length;
  for (let i = 0; i < n; i++) {
    if (han[i]) {
      out.add(s.slice(starts[i], starts[i + 1]));
      if (i + 1 < n && han[i + 1]) out.add(s.slice(starts[i], starts[i + 2]));
    } else if (i + 2 < n && !han[i + 1] && !han[i + 2]) {
      out.add(s.slice(starts[i], starts[i + 3]));
    }
  }
  return [...out];
}

/** The glossary in memory, with the maps look-ups and in-text finding use. */
export class TermIndex {
  readonly terms: TermRow[];
  private readonly byConcept = new Map<number, TermRow[]>();
  private readonly exact = new Map<string, number[]>();
  private readonly folded = new Map<string, number[]>();
  /** n-gram → id; the terms holding gram g are gramTerms[gramStart[g]..gramStart[g + 1]). */
  private readonly gramIds = new Map<string, number>();
  private gramStart = new Uint32Array(1);
  private gramTerms = new Uint32Array(0);
  private readonly byUnits = new Map<string, number[]>();
  /**
   * For each unit that begins a term, the most units a term beginning with it has: findInText
   * tries only those lengths at a position (with one global maximum it built and looked up ~10
   * strings at every position of the text, most of them for words that begin no term).
   */
  private readonly longestFrom = new Map<string, number>();
  /** Folded length of each term, in code points. */
  private readonly lengths: Uint16Array;
  private counts = new Uint16Array(0);

  constructor(terms: TermRow[]) {
    this.terms = terms;
    this.lengths = new Uint16Array(terms.length);
    // (gram, term) pairs, laid out per gram below in one typed array: a growing list per gram
    // made building a large glossary's index slow.
    const pairs: number[] = [];
    terms.forEach((t, i) => {
      this.lengths[i] = Math.min(65535, [...t.folded].length);
      push(this.byConcept, t.conceptId, t);
      push(this.exact, t.text.trim(), i);
      push(this.folded, t.folded, i);
      for (const g of termGrams(t.folded)) {
        let id = this.gramIds.get(g);
        if (id === undefined) this.gramIds.set(g, (id = this.gramIds.size));
        pairs.push(id, i);
      }
      const units = toUnits(t.text).units;
      if (units.length > 0) {
        push(this.byUnits, units.join(' '), i);
        if (units.length > (this.longestFrom.get(units[0]!) ?? 0)) this.longestFrom.set(units[0]!, units.length);
      }
    });
    const n = this.gramIds.size;
    const start = new Uint32Array(n + 1);
    for (let k = 0; k < pairs.length; k += 2) start[pairs[k]! + 1]!++;
    for (let g = 0; g < n; g++) start[g + 1]! += start[g]!;
    const fill = start.slice(0, n);
    const list = new Uint32Array(pairs.length / 2);
    for (let k = 0; k < pairs.length; k += 2) list[fill[pairs[k]!]!++] = pairs[k + 1]!;
    this.gramStart = start;
    this.gramTerms = list;
  }

  /** The terms holding an n-gram (ascending). */
  private termsWithGram(g: string): Uint32Array | undefined {
    const id = this.gramIds.get(g);
    return id === undefined ? undefined : this.gramTerms.subarray(this.gramStart[id], this.gramStart[id + 1]);
  }

  get size(): number {
    return this.terms.length;
  }

  /** Exact, then folded, then fuzzy hits, one per concept, best first. */
  lookup(query: string, options: LookupOptions = {}): TermHit[] {
    const q = query.trim();
    const limit = options.limit ?? 10;
    if (q.length === 0) return [];
    const lang = options.lang ? primaryLanguage(options.lang) : undefined;
    const accept = (i: number): boolean => !lang || primaryLanguage(this.terms[i]!.lang) === lang;
    const hits: TermHit[] = [];
    const seen = new Set<number>();
    const add = (ids: readonly number[], match: MatchKind, similarity: (i: number) => number): void => {
      const sorted = ids.filter(accept).sort((a, b) => this.rank(a) - this.rank(b));
      for (const i of sorted) {
        const t = this.terms[i]!;
        if (seen.has(t.conceptId)) continue;
        seen.add(t.conceptId);
        hits.push(this.hit(t, match, similarity(i), options.tgt));
      }
    };
    add(this.exact.get(q) ?? [], 'exact', () => 100);
    const fq = fold(q);
    add(this.folded.get(fq) ?? [], 'folded', () => 100);
    if (hits.length < limit) {
      // With an exact or folded hit, the fuzzy ones are neighbours shown below it: fewer
      // candidates do, and cost less.
      const fuzzy = hits.length > 0 ? this.fuzzy(fq, accept, NEIGHBOUR_CANDIDATES, NEIGHBOUR_POSTINGS) : this.fuzzy(fq, accept, MAX_CANDIDATES, MAX_POSTINGS);
      const sim = new Map(fuzzy.map((f) => [f.index, f.similarity]));
      add(fuzzy.map((f) => f.index), 'fuzzy', (i) => sim.get(i) ?? 0);
    }
    return hits.slice(0, limit);
  }

  /** Terms whose folded form is close to `fq`, from a narrowed candidate set ranked by fuse.js. */
  private fuzzy(fq: string, accept: (i: number) => boolean, max: number, maxPostings: number): { index: number; similarity: number }[] {
    const grams = termGrams(fq)
      .map((g) => this.termsWithGram(g) ?? new Uint32Array(0))
      .filter((p) => p.length > 0)
      .sort((a, b) => a.length - b.length);
    if (grams.length === 0) return [];
    // Shared grams counted in a typed array (a map per query cost most of a look-up in a
    // large glossary), rare grams first.
    const counts = this.counts.length >= this.terms.length ? this.counts : (this.counts = new Uint16Array(this.terms.length));
    const touched: number[] = [];
    // A budget of postings read per query: the rarest gram always, then more while they fit
    // (in a large glossary a common gram such as "fil" is held by a large share of the terms).
    let budget = maxPostings;
    for (const [k, postings] of grams.entries()) {
      if (k > 0 && postings.length > budget) break;
      budget -= postings.length;
      for (const i of postings) {
        if (counts[i] === 0) touched.push(i);
        counts[i]!++;
      }
    }
    const qLen = [...fq].length;
    // Keep the terms sharing the most grams, ties broken by the closest length, for fuse.js to
    // rank: a bucket per (shared, length gap), so a common gram held by many terms costs one
    // pass, not a sort.
    let best = 0;
    for (const i of touched) if (counts[i]! > best) best = counts[i]!;
    const floor = Math.max(1, Math.ceil(best / 3));
    const GAPS = 16;
    const buckets: number[][] = [];
    for (const i of touched) {
      const shared = counts[i]!;
      counts[i] = 0;
      if (shared < floor || !accept(i)) continue;
      const key = (best - shared) * GAPS + Math.min(GAPS - 1, Math.abs(this.lengths[i]! - qLen));
      (buckets[key] ??= []).push(i);
    }
    const candidates: { i: number; folded: string }[] = [];
    for (const bucket of buckets) {
      if (!bucket) continue;
      for (const i of bucket) {
        candidates.push({ i, folded: this.terms[i]!.folded });
        if (candidates.length >= max) break;
      }
      if (candidates.length >= max) break;
    }
    if (candidates.length === 0) return [];
    // Short Chinese queries need a stricter threshold: one character of two is already half the term.
    const threshold = hasHan(fq) && qLen <= 2 ? 0.2 : 0.4;
    const fuse = new Fuse(candidates, { keys: ['folded'], includeScore: true, threshold, ignoreLocation: true, isCaseSensitive: true });
    return fuse.search(fq).map((r) => ({ index: r.item.i, similarity: Math.round(100 * (1 - (r.score ?? 1))) }));
  }

  /** Glossary terms found in a text (longest first, not overlapping), each with its concept. */
  findInText(text: string, lang?: string): TermRow[] {
    const units = toUnits(text).units;
    const want = lang ? primaryLanguage(lang) : undefined;
    const found: TermRow[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < units.length; ) {
      let matched = 0;
      for (let n = Math.min(this.longestFrom.get(units[i]!) ?? 0, units.length - i); n >= 1 && matched === 0; n--) {
        const ids = this.byUnits.get(units.slice(i, i + n).join(' '));
        if (!ids) continue;
        for (const id of ids) {
          const t = this.terms[id]!;
          if (want && primaryLanguage(t.lang) !== want) continue;
          if (t.status === 'forbidden' && ids.length > 1) continue;
          matched = n;
          if (!seen.has(t.conceptId)) {
            seen.add(t.conceptId);
            found.push(t);
          }
        }
      }
      i += matched || 1;
    }
    return found;
  }

  /** The other-language terms of a concept. */
  targetsOf(t: TermRow, tgt?: string): TermRow[] {
    const want = tgt ? primaryLanguage(tgt) : undefined;
    const own = primaryLanguage(t.lang);
    return (this.byConcept.get(t.conceptId) ?? [])
      .filter((x) => primaryLanguage(x.lang) !== own && (!want || primaryLanguage(x.lang) === want))
      .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]);
  }

  private hit(t: TermRow, match: MatchKind, similarity: number, tgt?: string): TermHit {
    const targets = this.targetsOf(t, tgt);
    const best = targets[0];
    return {
      id: t.conceptId,
      termId: t.termId,
      source: t.text,
      srcLang: t.lang,
      target: best?.text ?? null,
      tgtLang: best?.lang ?? null,
      targets: targets.map((x) => ({ text: x.text, lang: x.lang, status: x.status })),
      status: t.status,
      score: t.score,
      method: t.method,
      match,
      similarity,
    };
  }

  /** Order within one kind of match: approved before candidate before forbidden, then concept score. */
  private rank(i: number): number {
    const t = this.terms[i]!;
    return STATUS_RANK[t.status] * 1e6 - (t.score ?? 0);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The index of one database, kept fresh: rebuilt after this process writes (db.onChange) when
 * the terms changed, and when another process changed them (fingerprint checked at most every
 * `recheckMs`). A small glossary is rebuilt before the next look-up answers; a large one (whose
 * last build took more than `syncBuildMs`) is rebuilt in the background
 * while look-ups are answered from the previous index, so an import or a term edit never stalls
 * every translator's look-ups.
 */
export class TermLookup {
  private index: TermIndex | undefined;
  private building: Promise<TermIndex> | undefined;
  /** Something was written since the last check: compare the fingerprint before the next answer. */
  private suspect = true;
  private fingerprint = '';
  private checkedAt = 0;
  private lastBuildMs = 0;

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 2000,
    private readonly syncBuildMs = 300,
  ) {
    db.onChange(() => {
      this.suspect = true;
    });
  }

  private build(fp: string): Promise<TermIndex> {
    this.building ??= (async () => {
      try {
        const started = performance.now();
        const index = new TermIndex(await allTermRows(this.db));
        this.lastBuildMs = performance.now() - started;
        this.fingerprint = fp;
        this.index = index;
        return index;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  async current(): Promise<TermIndex> {
    if (this.index && !this.suspect && Date.now() - this.checkedAt <= this.recheckMs) return this.index;
    this.suspect = false;
    this.checkedAt = Date.now();
    const fp = await termsFingerprint(this.db);
    if (this.index && fp === this.fingerprint) return this.index;
    const next = this.build(fp);
    if (this.index && this.lastBuildMs > this.syncBuildMs) {
      next.catch(() => undefined);
      return this.index;
    }
    return next;
  }

  async lookup(query: string, options?: LookupOptions): Promise<TermHit[]> {
    return (await this.current()).lookup(query, options);
  }
}
