/**
 * The character n-gram postings of the term index and its fuzzy search (src/match/terms.ts), and
 * the table of every term's fuzzy neighbours computed from them ahead, in slices.
 */
import { rankFuzzy } from './fuzzy.js';

const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;
/** Largest block of a gram's slots in the pool. */
const MAX_BLOCK = 1024;

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

export interface FuzzyFound {
  /** The slot of the term. */
  index: number;
  /** 0–100. */
  similarity: number;
}

/**
 * Slots of folded terms and the grams they hold. A slot is never reused: a removed one stays in
 * the postings (read and skipped) until the index is built anew.
 */
export class GramIndex {
  /** Folded text of each slot, removed ones included. */
  readonly foldedOf: string[] = [];
  /** Folded length of each slot's term, in code points. */
  private lengths: Uint16Array = new Uint16Array(1024);
  /** 1 for a slot holding a term, 0 once removed (read where the slot's object would be a cache miss). */
  private alive: Uint8Array = new Uint8Array(1024);
  /**
   * n-gram → id; the slots holding a gram (removed ones included until a rebuild) are a chain of
   * blocks in one typed array: a gram's first block holds 2 slots, each next one twice as many
   * (up to MAX_BLOCK), so a gram's slots are read mostly in sequence (a node per slot spread over
   * the whole array made a fuzzy search wait on memory at every posting) and appending allocates
   * nothing per gram (an array per gram made a large glossary's index slow to build).
   * Block at offset b: pool[b] the next block (0: none), pool[b + 1] its capacity, then its slots.
   */
  private readonly gramIds = new Map<string, number>();
  private gramFirst: Uint32Array = new Uint32Array(1024);
  private gramLast: Uint32Array = new Uint32Array(1024);
  private gramCount: Uint32Array = new Uint32Array(1024);
  /** Slots used in each gram's last block. */
  private gramFill: Uint32Array = new Uint32Array(1024);
  private pool = new Uint32Array(1 << 16);
  /** Next free offset of the pool (0 is never a block, so it ends a chain). */
  private poolEnd = 1;
  private counts = new Uint8Array(0);
  /** A fuzzy search's buffers, reused: the slots it met, their bucket keys, the buckets' sizes. */
  private touched = new Int32Array(4096);
  private keyOf = new Uint32Array(4096);
  private bucketSizes = new Uint32Array(1024);

  /**
   * Lay every gram's postings out as one block of their exact size, in a new pool: a pool of
   * blocks grown by doubling holds about 1.8 slots of room per posting (100,000 terms: 33.5 MB
   * for 4.6 million postings, 19 MB once compacted), and a gram's postings read in one run.
   * Skipped when the pool is within a quarter of that size.
   */
  compact(): void {
    const n = this.gramIds.size;
    let size = 1;
    for (let id = 0; id < n; id++) size += 2 + this.gramCount[id]!;
    // Little to win (a few terms added since the last compaction): not worth 40 ms of copying.
    if (this.pool.length <= size * 1.25) return;
    const old = this.pool;
    const pool = new Uint32Array(size);
    let end = 1;
    for (let id = 0; id < n; id++) {
      const b = end;
      const count = this.gramCount[id]!;
      pool[b] = 0;
      pool[b + 1] = count;
      let k = b + 2;
      const last = this.gramLast[id]!;
      for (let from = this.gramFirst[id]!; ; from = old[from]!) {
        const fill = from === last ? this.gramFill[id]! : old[from + 1]!;
        pool.set(old.subarray(from + 2, from + 2 + fill), k);
        k += fill;
        if (from === last) break;
      }
      this.gramFirst[id] = b;
      this.gramLast[id] = b;
      this.gramFill[id] = count;
      end = b + 2 + count;
    }
    this.pool = pool;
    this.poolEnd = end;
  }

  /** Room of the postings' pool, used or not (compact). */
  get poolLength(): number {
    return this.pool.length;
  }

  /** Slots given out (removed ones included). */
  get slots(): number {
    return this.foldedOf.length;
  }

  isAlive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  /** A new slot for a folded term; its number. */
  add(folded: string): number {
    const i = this.foldedOf.length;
    this.foldedOf.push(folded);
    if (i >= this.lengths.length) {
      this.lengths = grow(this.lengths, this.lengths.length * 2);
      this.alive = grow(this.alive, this.alive.length * 2);
    }
    this.lengths[i] = Math.min(65535, [...folded].length);
    this.alive[i] = 1;
    for (const g of termGrams(folded)) this.addPosting(g, i);
    return i;
  }

  remove(slot: number): void {
    this.alive[slot] = 0;
  }

  private addPosting(gram: string, slot: number): void {
    let id = this.gramIds.get(gram);
    if (id === undefined) {
      id = this.gramIds.size;
      this.gramIds.set(gram, id);
      if (id >= this.gramFirst.length) {
        const n = this.gramFirst.length * 2;
        this.gramFirst = grow(this.gramFirst, n);
        this.gramLast = grow(this.gramLast, n);
        this.gramCount = grow(this.gramCount, n);
        this.gramFill = grow(this.gramFill, n);
      }
      const b = this.block(2);
      this.gramFirst[id] = b;
      this.gramLast[id] = b;
      this.gramFill[id] = 0;
    }
    let last = this.gramLast[id]!;
    const cap = this.pool[last + 1]!;
    if (this.gramFill[id] === cap) {
      const b = this.block(Math.min(MAX_BLOCK, cap * 2));
      this.pool[last] = b;
      this.gramLast[id] = last = b;
      this.gramFill[id] = 0;
    }
    this.pool[last + 2 + this.gramFill[id]!++] = slot;
    this.gramCount[id]!++;
  }

  /** A new empty block of `cap` slots in the pool; its offset. */
  private block(cap: number): number {
    const b = this.poolEnd;
    const end = b + 2 + cap;
    // By a quarter, not doubled: after a compaction (exact size) a few added terms would
    // otherwise double the pool (19 → 38 MB for 100,000 pairs).
    if (end > this.pool.length) this.pool = grow(this.pool, Math.max(end, Math.ceil(this.pool.length * 1.25)));
    this.pool[b] = 0;
    this.pool[b + 1] = cap;
    this.poolEnd = end;
    return b;
  }

  /**
   * Live slots whose folded form is close to `fq`, from a narrowed candidate set ranked by
   * fuse.js's score (src/match/fuzzy.ts); `accept` filters them (a language), none takes every
   * one. At most `max` candidates are ranked, found in at most about `maxPostings` postings.
   */
  search(fq: string, accept: ((i: number) => boolean) | undefined, max: number, maxPostings: number): FuzzyFound[] {
    const grams = termGrams(fq)
      .map((g) => this.gramIds.get(g))
      .filter((id): id is number => id !== undefined)
      .sort((a, b) => this.gramCount[a]! - this.gramCount[b]!);
    if (grams.length === 0) return [];
    // Shared grams counted in a typed array (a map per query cost most of a look-up in a
    // large glossary), of bytes (a term shares at most 255 grams as counted: smaller, so more of
    // it stays in the cache), rare grams first; the slots met, in the order met, in a reused buffer.
    const slots = this.foldedOf.length;
    const counts = this.counts.length >= slots ? this.counts : (this.counts = new Uint8Array(Math.max(1024, slots * 2)));
    const alive = this.alive;
    let touched = this.touched;
    let met = 0;
    let best = 0;
    // A budget of postings read per query: the rarest gram always, then more while they fit
    // (in a large glossary a common gram such as "fil" is held by a large share of the terms).
    let budget = maxPostings;
    const pool = this.pool;
    for (const [k, id] of grams.entries()) {
      const n = this.gramCount[id]!;
      if (k > 0 && n > budget) break;
      budget -= n;
      if (met + n > touched.length) touched = this.touched = grow(touched, 2 * (met + n));
      const last = this.gramLast[id]!;
      for (let b = this.gramFirst[id]!; ; b = pool[b]!) {
        const end = b + 2 + (b === last ? this.gramFill[id]! : pool[b + 1]!);
        for (let k = b + 2; k < end; k++) {
          const i = pool[k]!;
          const c = counts[i]!;
          if (c === 0) touched[met++] = i;
          if (c < 255) counts[i] = c + 1;
          if (c + 1 > best && alive[i]) best = c + 1;
        }
        if (b === last) break;
      }
    }
    const qLen = [...fq].length;
    // Keep the terms sharing the most grams, ties broken by the closest length, for the fuzzy
    // score to rank: a bucket per (shared, length gap), so a common gram held by many terms costs
    // one pass, not a sort. Only the buckets that can fill `max` are filled: the first pass
    // counts each bucket's size (and clears the counts), the second fills those up to the cut.
    const floor = Math.max(1, Math.ceil(best / 3));
    const GAPS = 16;
    const keys = best * GAPS + GAPS;
    const sizes = this.bucketSizes.length >= keys ? this.bucketSizes.fill(0, 0, keys) : (this.bucketSizes = new Uint32Array(2 * keys));
    const keyOf = this.keyOf.length >= met ? this.keyOf : (this.keyOf = new Uint32Array(touched.length));
    let kept = 0;
    for (let t = 0; t < met; t++) {
      const i = touched[t]!;
      const shared = counts[i]!;
      counts[i] = 0;
      if (shared < floor || !alive[i]) continue;
      const key = (best - shared) * GAPS + Math.min(GAPS - 1, Math.abs(this.lengths[i]! - qLen));
      // Kept slots move to the front of the buffer, their keys beside them.
      touched[kept] = i;
      keyOf[kept++] = key;
      sizes[key]!++;
    }
    // With a language filter some slots of a bucket are refused: no cut, every bucket is filled.
    let cut = keys;
    if (!accept) {
      for (let key = 0, sum = 0; key < keys; key++) {
        sum += sizes[key]!;
        if (sum >= max) {
          cut = key + 1;
          break;
        }
      }
    }
    const buckets: number[][] = [];
    for (let t = 0; t < kept; t++) {
      const key = keyOf[t]!;
      if (key < cut) (buckets[key] ??= []).push(touched[t]!);
    }
    const candidates: { i: number; folded: string }[] = [];
    for (const bucket of buckets) {
      if (!bucket) continue;
      for (const i of bucket) {
        if (accept && !accept(i)) continue;
        candidates.push({ i, folded: this.foldedOf[i]! });
        if (candidates.length >= max) break;
      }
      if (candidates.length >= max) break;
    }
    if (candidates.length === 0) return [];
    // Short Chinese queries need a stricter threshold: one character of two is already half the term.
    const threshold = HAN.test(fq) && qLen <= 2 ? 0.2 : 0.4;
    return rankFuzzy(fq, candidates, (c) => c.folded, threshold).map((r) => ({ index: r.item.i, similarity: Number.isNaN(r.score) ? 0 : Math.round(100 * (1 - r.score)) }));
  }
}

/**
 * The fuzzy neighbours of every live slot, as `search(folded, undefined, max, maxPostings)` gives
 * them: for slot s, `data[at[s]] … data[at[s] + count[s] - 1]`, each `neighbour slot × 128 +
 * similarity`. Slots of the same folded text share one list; a removed slot has none (count 0).
 */
export interface NeighbourTable {
  at: Uint32Array;
  count: Uint8Array;
  data: Uint32Array;
}

/**
 * Computes a NeighbourTable slot by slot, so that the serving thread can compute it in slices
 * between requests (src/match/terms.ts, computeNeighboursAhead). `firstOf(s)` names the first
 * live slot holding slot s's folded text (its list is shared); by default a map of the texts met.
 */
export class NeighbourBuilder {
  private next = 0;
  private end = 0;
  private readonly at: Uint32Array;
  private readonly count: Uint8Array;
  private data: Uint32Array;
  private readonly firstOf: (s: number) => number;

  constructor(
    private readonly grams: GramIndex,
    private readonly max: number,
    private readonly maxPostings: number,
    firstOf?: (s: number) => number,
  ) {
    const n = grams.slots;
    this.at = new Uint32Array(n);
    this.count = new Uint8Array(n);
    this.data = new Uint32Array(Math.max(1024, n * 4));
    if (firstOf) this.firstOf = firstOf;
    else {
      const first = new Map<string, number>();
      this.firstOf = (s) => {
        const folded = grams.foldedOf[s]!;
        const known = first.get(folded);
        if (known !== undefined) return known;
        first.set(folded, s);
        return s;
      };
    }
  }

  /** Compute slots until `deadline` (performance.now()) or the last; whether every slot is done. */
  step(deadline = Infinity): boolean {
    const { grams, at, count } = this;
    const n = at.length;
    while (this.next < n) {
      const s = this.next++;
      if (grams.isAlive(s)) {
        const same = this.firstOf(s);
        if (same !== s) {
          at[s] = at[same]!;
          count[s] = count[same]!;
        } else {
          const found = grams.search(grams.foldedOf[s]!, undefined, this.max, this.maxPostings);
          if (this.end + found.length > this.data.length) this.data = grow(this.data, Math.max(this.end + found.length, this.data.length * 2));
          at[s] = this.end;
          count[s] = found.length;
          for (const f of found) this.data[this.end++] = f.index * 128 + f.similarity;
        }
      }
      if ((s & 3) === 3 && performance.now() >= deadline) break;
    }
    return this.next >= n;
  }

  /** The table, once step() has answered true. */
  table(): NeighbourTable {
    if (this.next < this.at.length) throw new Error(`the neighbour table is computed up to slot ${this.next} of ${this.at.length}`);
    return { at: this.at, count: this.count, data: this.data.slice(0, this.end) };
  }
}

/** The whole table at once (tests, small indexes). */
export function neighbourTable(grams: GramIndex, max: number, maxPostings: number): NeighbourTable {
  const builder = new NeighbourBuilder(grams, max, maxPostings);
  builder.step();
  return builder.table();
}

/** The neighbours of slot `s` from a table. */
export function neighboursFrom(table: NeighbourTable, s: number): FuzzyFound[] {
  const out: FuzzyFound[] = [];
  const from = table.at[s]!;
  for (let k = from, end = from + table.count[s]!; k < end; k++) {
    const v = table.data[k]!;
    out.push({ index: Math.floor(v / 128), similarity: v % 128 });
  }
  return out;
}

export function grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
