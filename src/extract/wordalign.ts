/**
 * Word alignment learnt from the translation memory itself: IBM Model 1, then fast_align's
 * reparameterisation of IBM Model 2 (Dyer, Chahuneau and Smith 2013: a diagonal prior; its tension
 * fitted to the Model 1 posteriors) or optionally the HMM model (Vogel, Ney and Tillmann 1996),
 * trained by EM in both directions and symmetrised per unit with Moses' heuristics (intersection,
 * union, grow-diag, grow-diag-final, grow-diag-final-and). Then the phrase pairs consistent with
 * the links (Koehn, Och and Marcu 2003) and their lexical weights, as Moses scores them.
 *
 * Tokens are interned to integer ids; the units are two flat Int32Arrays with offsets; the
 * translation table holds only the pairs that co-occur in a unit (plus each word with the null
 * word), in an open-addressing hash over typed arrays shared by both directions. Prior evidence
 * (a dictionary sense, a gloss, a shared name) enters as pseudo-counts added to t(e|f) at every
 * M-step, so a document of a hundred units is enough for the words the evidence covers.
 */

/** One sentence pair as token keys: Chinese words (Simplified, folded), English lower-case lemmas. */
export interface BitextUnit {
  zh: readonly string[];
  en: readonly string[];
}

export interface WordAlignOptions {
  /**
   * EM iterations of the positional model (the diagonal or the HMM), after model1Iterations of
   * Model 1 (with neither model on, all are Model 1). Default 3 after 2: five in all, as
   * fast_align's default; more iterations over a short document fit its accidents.
   */
  iterations?: number;
  /** fast_align's lambda: how sharply the prior favours the diagonal (initial value). */
  diagonalTension?: number;
  /** Learn the tension from the data between iterations, as fast_align -o does. */
  optimizeTension?: boolean;
  /** true: Model 2 reparameterised with the diagonal prior; false: IBM Model 1. */
  favorDiagonal?: boolean;
  /**
   * The HMM alignment model (Vogel, Ney and Tillmann 1996, with Och and Ney's null states) in place
   * of the diagonal prior: each link depends on the jump from the previous one, so a word repeated
   * in a sentence links to the occurrence near its neighbours' links. Decoded by posteriors.
   */
  hmm?: boolean;
  /**
   * EM iterations of IBM Model 1 before the positional model starts (not counted in `iterations`):
   * a lexicon learnt without position first, so that on a short document the diagonal does not
   * teach the lexicon its own bias.
   */
  model1Iterations?: number;
  /**
   * Variational Bayes with a symmetric Dirichlet prior of this concentration on each t(·|f), as
   * fast_align -v (0: plain maximum likelihood). Small values keep rare words from collecting
   * the mass of every word they occur with.
   */
  sparsity?: number;
  /** p0, the probability of aligning to the null word under the diagonal prior. */
  nullProbability?: number;
  /**
   * Prior evidence that two words translate (dictionary sense, gloss, shared name): a weight >= 0,
   * multiplied by priorWeight and added as pseudo-counts to the expected counts of the pair.
   */
  prior?: (zh: string, en: string) => number;
  priorWeight?: number;
  /** Units with more tokens than this on either side are left out of training and not aligned. */
  maxTokens?: number;
  /**
   * Memory bound: when the units hold more (zh + 1) × (en + 1) cells than this, training uses an
   * evenly spread sample of them within it; every unit is still aligned with the trained model.
   */
  maxTrainingCells?: number;
}

export interface WordAlignModel {
  /** t(target | source); an empty source stands for the null word. 0 for pairs never seen together. */
  translationProb(src: string, tgt: string): number;
}

export interface DirectionalModel extends WordAlignModel {
  direction: 'zh-en' | 'en-zh';
  /** The learnt (or given) diagonal tension. */
  tension: number;
  /** Per target token, the index of its source token, or -1 for the null word. */
  align(unit: BitextUnit): Int32Array;
}

/** Links of one unit as [zhIndex, enIndex] pairs. */
export type Links = Array<[zhIndex: number, enIndex: number]>;

export type Heuristic = 'intersection' | 'union' | 'grow-diag' | 'grow-diag-final' | 'grow-diag-final-and';

const DEFAULTS = {
  iterations: 3,
  diagonalTension: 4,
  optimizeTension: true,
  favorDiagonal: true,
  hmm: false,
  model1Iterations: 2,
  sparsity: 0,
  nullProbability: 0.08,
  priorWeight: 1,
  maxTokens: 200,
  maxTrainingCells: 12_000_000,
};

type Settings = typeof DEFAULTS & { prior?: (zh: string, en: string) => number };

function settingsOf(options: WordAlignOptions = {}): Settings {
  const s: Settings = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (s as Record<string, unknown>)[k] = v;
  if (!Number.isInteger(s.iterations) || s.iterations < 0) throw new RangeError(`iterations must be a whole number >= 0, got ${s.iterations}`);
  if (!Number.isInteger(s.model1Iterations) || s.model1Iterations < 0) throw new RangeError(`model1Iterations must be a whole number >= 0, got ${s.model1Iterations}`);
  if (!(s.sparsity >= 0)) throw new RangeError(`sparsity must be >= 0, got ${s.sparsity}`);
  if (!(s.nullProbability >= 0 && s.nullProbability < 1)) throw new RangeError(`nullProbability must be in [0, 1), got ${s.nullProbability}`);
  if (!(s.diagonalTension > 0)) throw new RangeError(`diagonalTension must be > 0, got ${s.diagonalTension}`);
  if (!(s.priorWeight >= 0)) throw new RangeError(`priorWeight must be >= 0, got ${s.priorWeight}`);
  if (!(s.maxTrainingCells >= 1)) throw new RangeError(`maxTrainingCells must be >= 1, got ${s.maxTrainingCells}`);
  if (!(s.maxTokens >= 1)) throw new RangeError(`maxTokens must be >= 1, got ${s.maxTokens}`);
  return s;
}

/** t(w | null) of a word the null word never generated (a word outside training): a floor, not zero. */
const UNSEEN = 1e-9;
const MIN_TENSION = 0.1;
const MAX_TENSION = 14;

// ---------------------------------------------------------------------------------------------
// Vocabulary and corpus

class Vocabulary {
  readonly ids = new Map<string, number>();
  /** Id 0 is the null word. */
  readonly words: string[] = [''];
  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }
  /** The id of a word (-1: never seen); the empty string names the null word. */
  get(word: string): number {
    return word === '' ? 0 : (this.ids.get(word) ?? -1);
  }
  /** The id of a token of a unit: an empty token is a word like any other, never the null word. */
  token(word: string): number {
    return this.ids.get(word) ?? -1;
  }
}

class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Open-addressing hash from a (zh id, en id) pair to a dense pair id, numbered in order of first
 * occurrence, so the pairs of one unit and the frequent pairs sit close together in the arrays
 * indexed by pair id (probabilities, counts, prior).
 */
class PairTable {
  private zh: Int32Array;
  private en: Int32Array;
  private id: Int32Array;
  private mask: number;
  /** Zh and en word of each pair id. */
  pairZh = new IntList();
  pairEn = new IntList();
  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.zh = new Int32Array(cap).fill(-1);
    this.en = new Int32Array(cap);
    this.id = new Int32Array(cap);
    this.mask = cap - 1;
  }
  get size(): number {
    return this.pairZh.length;
  }
  get bytes(): number {
    return this.zh.byteLength + this.en.byteLength + this.id.byteLength;
  }
  private static hash(z: number, e: number): number {
    let h = Math.imul(z, 0x9e3779b1) ^ Math.imul(e + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }
  /** The pair's id, or -1 when the pair never occurred. */
  find(z: number, e: number): number {
    const { zh, en, mask } = this;
    let i = PairTable.hash(z, e) & mask;
    for (;;) {
      const k = zh[i]!;
      if (k === -1) return -1;
      if (k === z && en[i] === e) return this.id[i]!;
      i = (i + 1) & mask;
    }
  }
  insert(z: number, e: number): number {
    if ((this.size + 1) * 10 > this.zh.length * 7) this.grow();
    const { zh, en, mask } = this;
    let i = PairTable.hash(z, e) & mask;
    for (;;) {
      const k = zh[i]!;
      if (k === -1) {
        zh[i] = z;
        en[i] = e;
        this.id[i] = this.size;
        this.pairZh.push(z);
        this.pairEn.push(e);
        return this.id[i]!;
      }
      if (k === z && en[i] === e) return this.id[i]!;
      i = (i + 1) & mask;
    }
  }
  private grow(): void {
    const { zh, en, id } = this;
    const cap = zh.length * 2;
    this.zh = new Int32Array(cap).fill(-1);
    this.en = new Int32Array(cap);
    this.id = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < zh.length; i++) {
      if (zh[i] === -1) continue;
      let j = PairTable.hash(zh[i]!, en[i]!) & this.mask;
      while (this.zh[j] !== -1) j = (j + 1) & this.mask;
      this.zh[j] = zh[i]!;
      this.en[j] = en[i]!;
      this.id[j] = id[i]!;
    }
  }
}

/** The interned corpus: both directions train on it and share its pair table. */
class Corpus {
  readonly zhVocab = new Vocabulary();
  readonly enVocab = new Vocabulary();
  zhTokens: Int32Array;
  enTokens: Int32Array;
  /** Unit u's tokens are zhTokens[zhStart[u] .. zhStart[u + 1]). */
  zhStart: Int32Array;
  enStart: Int32Array;
  /** Units that take part in training (within maxTokens on both sides, in the sample if one is taken). */
  trained: Uint8Array;
  /** Units short enough to align (within maxTokens on both sides). */
  alignable: Uint8Array;
  table: PairTable;
  /** Zh and en word of each pair id (0: the null word). */
  pairZh: Int32Array;
  pairEn: Int32Array;
  /** Per trained unit, its (zhLen + 1) × (enLen + 1) grid of pair ids (row/column 0: the null word). */
  grids: Int32Array;
  gridStart: Float64Array;
  /** Prior pseudo-counts per pair id, or undefined without a prior. */
  prior: Float32Array | undefined;

  constructor(units: readonly BitextUnit[], settings: Settings) {
    const zt = new IntList();
    const et = new IntList();
    this.zhStart = new Int32Array(units.length + 1);
    this.enStart = new Int32Array(units.length + 1);
    this.trained = new Uint8Array(units.length);
    this.alignable = new Uint8Array(units.length);
    let all = 0;
    units.forEach((u, k) => {
      this.zhStart[k] = zt.length;
      this.enStart[k] = et.length;
      for (const w of u.zh) zt.push(this.zhVocab.intern(w));
      for (const w of u.en) et.push(this.enVocab.intern(w));
      if (u.zh.length <= settings.maxTokens && u.en.length <= settings.maxTokens) {
        this.alignable[k] = 1;
        all += (u.zh.length + 1) * (u.en.length + 1);
      }
    });
    this.zhStart[units.length] = zt.length;
    this.enStart[units.length] = et.length;
    this.zhTokens = zt.done();
    this.enTokens = et.done();

    // Over the budget: a sample spread over the whole memory, drawn by a hash of the unit's
    // position (deterministic, and blind to periodic structure such as catalogs in turn).
    const ratio = Math.min(1, settings.maxTrainingCells / Math.max(1, all));
    let cells = 0;
    for (let k = 0; k < units.length; k++) {
      if (!this.alignable[k]) continue;
      const c = (this.zhStart[k + 1]! - this.zhStart[k]! + 1) * (this.enStart[k + 1]! - this.enStart[k]! + 1);
      if (ratio < 1) {
        let h = Math.imul(k + 1, 0x9e3779b1);
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
        h ^= h >>> 13;
        if ((h >>> 0) / 0x100000000 >= ratio || cells + c > settings.maxTrainingCells) continue;
      }
      this.trained[k] = 1;
      cells += c;
    }

    this.table = new PairTable(Math.min(cells / 2, 1 << 20));
    this.grids = new Int32Array(cells);
    this.gridStart = new Float64Array(units.length + 1);
    let at = 0;
    for (let k = 0; k < units.length; k++) {
      this.gridStart[k] = at;
      if (!this.trained[k]) continue;
      const z0 = this.zhStart[k]!;
      const n = this.zhStart[k + 1]! - z0;
      const e0 = this.enStart[k]!;
      const m = this.enStart[k + 1]! - e0;
      for (let i = 0; i <= n; i++) {
        const z = i === 0 ? 0 : this.zhTokens[z0 + i - 1]!;
        for (let j = 0; j <= m; j++) {
          this.grids[at++] = i === 0 && j === 0 ? -1 : this.table.insert(z, j === 0 ? 0 : this.enTokens[e0 + j - 1]!);
        }
      }
    }
    this.gridStart[units.length] = at;
    this.pairZh = this.table.pairZh.done();
    this.pairEn = this.table.pairEn.done();
    this.table.pairZh = new IntList();
    this.table.pairEn = new IntList();
    if (settings.prior && settings.priorWeight > 0) {
      const prior = new Float32Array(this.pairZh.length);
      for (let p = 0; p < prior.length; p++) {
        const z = this.pairZh[p]!;
        const e = this.pairEn[p]!;
        if (z === 0 || e === 0) continue;
        const w = settings.prior(this.zhVocab.words[z]!, this.enVocab.words[e]!);
        if (!(w >= 0)) throw new RangeError(`prior must be a number >= 0, got ${w} for ${this.zhVocab.words[z]} / ${this.enVocab.words[e]}`);
        prior[p] = w * settings.priorWeight;
      }
      this.prior = prior;
    }
  }

  get unitCount(): number {
    return this.trained.length;
  }

  get pairCount(): number {
    return this.pairZh.length;
  }

  /** Bytes of the typed arrays held (tokens, grids, pair table, prior). */
  get bytes(): number {
    const arrays = [this.zhTokens, this.enTokens, this.zhStart, this.enStart, this.trained, this.alignable, this.grids, this.gridStart, this.pairZh, this.pairEn];
    return arrays.reduce((n, a) => n + a.byteLength, 0) + this.table.bytes + (this.prior?.byteLength ?? 0);
  }

  zhIdsOf(k: number): Int32Array {
    return this.zhTokens.subarray(this.zhStart[k]!, this.zhStart[k + 1]!);
  }

  enIdsOf(k: number): Int32Array {
    return this.enTokens.subarray(this.enStart[k]!, this.enStart[k + 1]!);
  }

  /** Unit k's grid of pair ids (row i: zh token i - 1, column j: en token j - 1; 0 = null; -1 never seen). */
  grid(k: number, scratch: Int32Array): Int32Array {
    if (this.trained[k]) return this.grids.subarray(this.gridStart[k]!, this.gridStart[k + 1]!);
    return this.gridOf(this.zhIdsOf(k), this.enIdsOf(k), scratch);
  }

  /** The grid of any token ids (-1: a word not in the vocabulary). */
  gridOf(zh: Int32Array, en: Int32Array, out: Int32Array): Int32Array {
    const n = zh.length;
    const m = en.length;
    let at = 0;
    for (let i = 0; i <= n; i++) {
      const z = i === 0 ? 0 : zh[i - 1]!;
      for (let j = 0; j <= m; j++) {
        const e = j === 0 ? 0 : en[j - 1]!;
        out[at++] = (i === 0 && j === 0) || z < 0 || e < 0 ? -1 : this.table.find(z, e);
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The diagonal prior (fast_align's DiagonalAlignment)

/**
 * Unnormalised prior weights h(i) = exp(-λ |i/n - j/m|) of source positions i = 1..n for target
 * position j (1-based) of m, written into h[1..n]; returns their sum. Two exponentials per target
 * position: on each side of the diagonal the weights form a geometric series.
 */
function diagonalWeights(j: number, m: number, n: number, tension: number, h: Float64Array): number {
  const split = (j * n) / m;
  const floor = Math.floor(split);
  const ratio = Math.exp(-tension / n);
  let z = 0;
  if (floor >= 1) {
    let w = Math.exp(-tension * (j / m - floor / n));
    for (let i = floor; i >= 1; i--) {
      h[i] = w;
      z += w;
      w *= ratio;
    }
  }
  if (floor + 1 <= n) {
    let w = Math.exp(-tension * ((floor + 1) / n - j / m));
    for (let i = floor + 1; i <= n; i++) {
      h[i] = w;
      z += w;
      w *= ratio;
    }
  }
  return z;
}

/** The digamma function ψ(x) for x > 0 (recurrence up to 6, then the asymptotic series). */
function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** E_prior[-|i/n - j/m|] over i for each (m, n, j), weighted by the non-null mass seen there. */
function expectedFeature(massBySize: Map<number, Float64Array>, tension: number): number {
  let total = 0;
  const h = new Float64Array(1);
  let buf = h;
  for (const [key, mass] of massBySize) {
    const m = mass.length - 1;
    const n = key - m * 65536;
    if (buf.length < n + 1) buf = new Float64Array(n + 1);
    for (let j = 1; j <= m; j++) {
      if (mass[j] === 0) continue;
      const z = diagonalWeights(j, m, n, tension, buf);
      let f = 0;
      for (let i = 1; i <= n; i++) f += buf[i]! * -Math.abs(i / n - j / m);
      total += (mass[j]! * f) / z;
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Training one direction

interface Trained {
  direction: 'zh-en' | 'en-zh';
  /** t(target | source) per pair id. */
  prob: Float64Array;
  tension: number;
  /** HMM jump weights by distance + MAX_JUMP (clipped), or undefined for Model 1 / 2. */
  jump: Float64Array | undefined;
}

/** Jumps longer than this (rare: units are cut at maxTokens) share the weight of this one. */
const MAX_JUMP = 100;

/** Scratch buffers grown on demand. */
class Scratch {
  grid = new Int32Array(256);
  h = new Float64Array(64);
  post = new Float64Array(64);
  /** HMM: emissions (m × (n + 1)), scaled forward (m × 2n), backward (m × n), scales (m). */
  emit = new Float64Array(256);
  fwd = new Float64Array(256);
  bwd = new Float64Array(256);
  scale = new Float64Array(64);
  z = new Float64Array(64);
  fitHmm(n: number, m: number): void {
    const cells = (n + 1) * m;
    if (this.emit.length < cells) this.emit = new Float64Array(cells * 2);
    if (this.fwd.length < 2 * n * m) this.fwd = new Float64Array(4 * n * m);
    if (this.bwd.length < n * m) this.bwd = new Float64Array(2 * n * m);
    if (this.scale.length < m + 1) this.scale = new Float64Array(2 * m + 2);
    if (this.z.length < n + 1) this.z = new Float64Array(2 * n + 2);
  }
  fit(cells: number, n: number): void {
    if (this.grid.length < cells) this.grid = new Int32Array(cells * 2);
    if (this.h.length < n + 1) {
      this.h = new Float64Array(2 * n + 2);
      this.post = new Float64Array(2 * n + 2);
    }
  }
}

/**
 * Posterior (E-step) or best link (Viterbi) of each target token of one unit. For target j and
 * source i (1-based, 0 = null) the pair id is grid[i * srcStride + j * tgtStride]. With `count`,
 * adds the posteriors to it and returns the expected diagonal feature; with `best`, writes the
 * best source (0-based, -1 null) of each target.
 */
function unitPass(
  grid: Int32Array,
  n: number,
  m: number,
  srcStride: number,
  tgtStride: number,
  prob: Float64Array,
  s: Settings,
  diagonal: boolean,
  tension: number,
  sc: Scratch,
  count: Float64Array | undefined,
  mass: Float64Array | undefined,
  best: Int32Array | undefined,
): number {
  const { h, post } = sc;
  const p0 = s.nullProbability;
  let empFeat = 0;
  for (let j = 1; j <= m; j++) {
    const tj = j * tgtStride;
    let az = 0;
    let pNull: number;
    let uniform = 0;
    if (n === 0) pNull = 1;
    else if (diagonal) {
      pNull = p0;
      az = diagonalWeights(j, m, n, tension, h) / (1 - p0);
    } else {
      pNull = 1 / (n + 1);
      uniform = pNull;
    }
    const nullId = grid[tj]!;
    const pn = (nullId >= 0 ? prob[nullId]! || UNSEEN : UNSEEN) * pNull;
    post[0] = pn;
    let sum = pn;
    for (let i = 1; i <= n; i++) {
      const id = grid[i * srcStride + tj]!;
      // A pair never seen together has no evidence: only the null word takes an unknown word.
      const p = (id >= 0 ? prob[id]! : 0) * (diagonal ? h[i]! / az : uniform);
      post[i] = p;
      sum += p;
    }
    if (best) {
      let at = -1;
      let top = pn;
      for (let i = 1; i <= n; i++) {
        if (post[i]! > top) {
          top = post[i]!;
          at = i - 1;
        }
      }
      best[j - 1] = at;
    }
    if (!count || !(sum > 0)) continue;
    count[nullId]! += pn / sum;
    let nonNull = 0;
    for (let i = 1; i <= n; i++) {
      const p = post[i]! / sum;
      count[grid[i * srcStride + tj]!]! += p;
      if (mass) {
        empFeat += p * -Math.abs(i / n - j / m);
        nonNull += p;
      }
    }
    if (mass) mass[j]! += nonNull;
  }
  return empFeat;
}

/**
 * Forward-backward of the HMM alignment model over one unit. States 0..n-1 are the source words,
 * n..2n-1 the null word remembered at the previous source position (Och and Ney). From position p
 * the next link goes to i with (1 - p0) · J(i - p) / Σ_i' J(i' - p), or to null with p0 (staying at
 * p). Adds the posteriors to `count` and the expected jumps to `jumpCount`; or, with `best`,
 * writes each target's most probable source (-1: null).
 */
function hmmPass(
  grid: Int32Array,
  n: number,
  m: number,
  srcStride: number,
  tgtStride: number,
  prob: Float64Array,
  jump: Float64Array,
  p0: number,
  sc: Scratch,
  count: Float64Array | undefined,
  jumpCount: Float64Array | undefined,
  best: Int32Array | undefined,
): void {
  sc.fitHmm(n, m);
  const { emit, fwd, bwd, scale, z } = sc;
  const n2 = 2 * n;
  const J = (d: number): number => jump[Math.max(-MAX_JUMP, Math.min(MAX_JUMP, d)) + MAX_JUMP]!;
  // Emissions: column 0 the null word, 1..n the source words.
  for (let j = 0; j < m; j++) {
    const tj = (j + 1) * tgtStride;
    const nullId = grid[tj]!;
    emit[j * (n + 1)] = nullId >= 0 ? prob[nullId]! || UNSEEN : UNSEEN;
    for (let i = 1; i <= n; i++) {
      const id = grid[i * srcStride + tj]!;
      emit[j * (n + 1) + i] = id >= 0 ? prob[id]! : 0;
    }
  }
  for (let p = 0; p < n; p++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += J(i - p);
    z[p] = t;
  }
  // Forward, scaled so that each row sums to 1.
  {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = (emit[i + 1]! * (1 - p0)) / n;
      const b = (emit[0]! * p0) / n;
      fwd[i] = a;
      fwd[n + i] = b;
      sum += a + b;
    }
    scale[0] = sum > 0 ? sum : 1;
    for (let s = 0; s < n2; s++) fwd[s]! /= scale[0]!;
  }
  for (let j = 1; j < m; j++) {
    const prev = (j - 1) * n2;
    const row = j * n2;
    const e = j * (n + 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let p = 0; p < n; p++) acc += ((fwd[prev + p]! + fwd[prev + n + p]!) * J(i - p)) / z[p]!;
      const a = emit[e + i + 1]! * (1 - p0) * acc;
      const b = emit[e]! * p0 * (fwd[prev + i]! + fwd[prev + n + i]!);
      fwd[row + i] = a;
      fwd[row + n + i] = b;
      sum += a + b;
    }
    scale[j] = sum > 0 ? sum : 1;
    for (let s = 0; s < n2; s++) fwd[row + s]! /= scale[j]!;
  }
  // Backward: depends only on the position a state remembers.
  for (let p = 0; p < n; p++) bwd[(m - 1) * n + p] = 1;
  for (let j = m - 2; j >= 0; j--) {
    const next = (j + 1) * n;
    const e = (j + 1) * (n + 1);
    for (let p = 0; p < n; p++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += J(i - p) * emit[e + i + 1]! * bwd[next + i]!;
      bwd[j * n + p] = ((1 - p0) * acc) / z[p]! + p0 * emit[e]! * bwd[next + p]!;
      bwd[j * n + p]! /= scale[j + 1]!;
    }
  }
  for (let j = 0; j < m; j++) {
    const row = j * n2;
    let total = 0;
    for (let s = 0; s < n2; s++) total += fwd[row + s]! * bwd[j * n + (s % n)]!;
    if (!(total > 0)) continue;
    const tj = (j + 1) * tgtStride;
    if (best) {
      let nullPost = 0;
      let top = -1;
      let at = -1;
      for (let i = 0; i < n; i++) {
        const g = fwd[row + i]! * bwd[j * n + i]!;
        nullPost += fwd[row + n + i]! * bwd[j * n + i]!;
        if (g > top) {
          top = g;
          at = i;
        }
      }
      best[j] = top > nullPost ? at : -1;
    }
    if (count) {
      let nullPost = 0;
      for (let i = 0; i < n; i++) {
        count[grid[(i + 1) * srcStride + tj]!]! += (fwd[row + i]! * bwd[j * n + i]!) / total;
        nullPost += fwd[row + n + i]! * bwd[j * n + i]!;
      }
      count[grid[tj]!]! += nullPost / total;
    }
    if (jumpCount && j > 0) {
      // ξ(p → i) = fwd[j-1](p or null at p) · (1 - p0) J(i - p) / z[p] · emit[j](i) · bwd[j](i) / scale[j].
      const prev = (j - 1) * n2;
      const e = j * (n + 1);
      for (let p = 0; p < n; p++) {
        const from = fwd[prev + p]! + fwd[prev + n + p]!;
        if (from === 0) continue;
        const k = ((1 - p0) * from) / z[p]! / scale[j]!;
        for (let i = 0; i < n; i++) {
          const x = k * J(i - p) * emit[e + i + 1]! * bwd[j * n + i]!;
          jumpCount[Math.max(-MAX_JUMP, Math.min(MAX_JUMP, i - p)) + MAX_JUMP]! += x;
        }
      }
    }
  }
}

/** What EM keeps for one direction: t(target | source), its expected counts, the positional model. */
class DirectionState {
  readonly forward: boolean;
  readonly prob: Float64Array;
  readonly count: Float64Array;
  /** The source word of each pair in this direction (t is normalised over targets per source). */
  private readonly srcOf: Int32Array;
  private readonly srcTotal: Float64Array;
  tension: number;
  readonly jump: Float64Array | undefined;
  readonly jumpCount: Float64Array | undefined;
  empFeat = 0;
  massBySize = new Map<number, Float64Array>();

  constructor(
    private readonly corpus: Corpus,
    readonly direction: 'zh-en' | 'en-zh',
    private readonly s: Settings,
  ) {
    const pairs = corpus.pairCount;
    this.forward = direction === 'zh-en';
    this.prob = new Float64Array(pairs);
    this.count = new Float64Array(pairs);
    this.srcOf = this.forward ? corpus.pairZh : corpus.pairEn;
    this.srcTotal = new Float64Array(this.forward ? corpus.zhVocab.words.length : corpus.enVocab.words.length);
    const prior = corpus.prior;
    // Uniform start, tilted by the prior: t0 ∝ 1 + prior.
    for (let x = 0; x < pairs; x++) this.prob[x] = 1 + (prior ? prior[x]! : 0);
    this.tension = s.diagonalTension;
    // HMM jump weights start uniform; expected jump counts replace them after each HMM iteration.
    this.jump = s.hmm ? new Float64Array(2 * MAX_JUMP + 1).fill(1) : undefined;
    this.jumpCount = s.hmm ? new Float64Array(2 * MAX_JUMP + 1) : undefined;
  }

  startIteration(): void {
    this.count.fill(0);
    this.empFeat = 0;
    this.massBySize = new Map();
  }

  /** The per-position non-null mass of sentences of this shape (m targets, n sources). */
  massFor(m: number, n: number): Float64Array {
    const key = m * 65536 + n;
    let mass = this.massBySize.get(key);
    if (!mass) this.massBySize.set(key, (mass = new Float64Array(m + 1)));
    return mass;
  }

  /** Learn the tension: fitted once by bisection, or fast_align's gradient steps. */
  learnTension(fitOnce: boolean): void {
    if (this.massBySize.size === 0) return;
    let tokens = 0;
    for (const mass of this.massBySize.values()) for (let j = 1; j < mass.length; j++) tokens += mass[j]!;
    if (!(tokens > 0)) return;
    if (fitOnce) {
      // The expected feature grows with the tension: bisect for the tension that matches.
      let lo = MIN_TENSION;
      let hi = MAX_TENSION;
      for (let step = 0; step < 30; step++) {
        const mid = (lo + hi) / 2;
        if (expectedFeature(this.massBySize, mid) < this.empFeat) lo = mid;
        else hi = mid;
      }
      this.tension = (lo + hi) / 2;
    } else {
      for (let step = 0; step < 8; step++) {
        const modFeat = expectedFeature(this.massBySize, this.tension);
        this.tension = Math.min(MAX_TENSION, Math.max(MIN_TENSION, this.tension + ((this.empFeat - modFeat) / tokens) * 20));
      }
    }
  }

  /**
   * M-step: t(tgt | src) = (count + prior) / Σ_tgt (count + prior); with sparsity α, the
   * variational Bayes update exp ψ(c + α) / exp ψ(Σ (c + α)) over the pairs the table holds.
   */
  maximise(hmm: boolean): void {
    const { count, prob, srcOf, srcTotal } = this;
    if (hmm) {
      const jump = this.jump!;
      const jumpCount = this.jumpCount!;
      // A little mass on every jump keeps long jumps possible.
      const sum = jumpCount.reduce((a, b) => a + b, 0);
      for (let d = 0; d < jump.length; d++) jump[d] = (jumpCount[d]! + 0.01 * (sum / jump.length + 1)) / (sum + 1);
      jumpCount.fill(0);
    }
    const prior = this.corpus.prior;
    const alpha = this.s.sparsity;
    srcTotal.fill(0);
    for (let x = 0; x < count.length; x++) {
      const c = count[x]! + (prior ? prior[x]! : 0) + alpha;
      count[x] = c;
      srcTotal[srcOf[x]!]! += c;
    }
    if (alpha > 0) for (let f = 0; f < srcTotal.length; f++) if (srcTotal[f]! > 0) srcTotal[f] = Math.exp(digamma(srcTotal[f]!));
    for (let x = 0; x < count.length; x++) {
      const tot = srcTotal[srcOf[x]!]!;
      // A word never seen as a source in this direction (pairs of the other's null) keeps its value.
      if (tot > 0) prob[x] = (alpha > 0 ? Math.exp(digamma(count[x]!)) : count[x]!) / tot;
    }
  }

  result(): Trained {
    return { direction: this.direction, prob: this.prob, tension: this.tension, jump: this.jump };
  }
}

/** Which model an iteration runs and whether it learns the tension. */
function schedule(s: Settings, iter: number): { total: number; hmm: boolean; diagonal: boolean; fitOnce: boolean; learnTension: boolean } {
  const total = s.iterations + s.model1Iterations;
  const hmm = s.hmm && iter >= total - s.iterations;
  const diagonal = !s.hmm && s.favorDiagonal && iter >= total - s.iterations;
  // After Model 1, the tension is fitted once to its position-free posteriors; without Model 1
  // iterations, fast_align's gradient steps follow each diagonal iteration but the first.
  const fitOnce = !s.hmm && s.favorDiagonal && s.optimizeTension && s.model1Iterations > 0 && iter === s.model1Iterations - 1;
  const learnTension = fitOnce || (diagonal && s.optimizeTension && s.model1Iterations === 0 && iter > 0);
  return { total, hmm, diagonal, fitOnce, learnTension };
}

/**
 * EM for one direction over the corpus. 'zh-en' learns t(en | zh) and aligns each English token to
 * a Chinese token or null; 'en-zh' the reverse.
 */
function train(corpus: Corpus, direction: 'zh-en' | 'en-zh', s: Settings): Trained {
  const st = new DirectionState(corpus, direction, s);
  const forward = st.forward;
  const sc = new Scratch();
  for (let iter = 0, total = schedule(s, 0).total; iter < total; iter++) {
    const { hmm, diagonal, fitOnce, learnTension } = schedule(s, iter);
    st.startIteration();
    for (let k = 0; k < corpus.unitCount; k++) {
      if (!corpus.trained[k]) continue;
      const zn = corpus.zhStart[k + 1]! - corpus.zhStart[k]!;
      const em = corpus.enStart[k + 1]! - corpus.enStart[k]!;
      const n = forward ? zn : em;
      const m = forward ? em : zn;
      if (m === 0) continue;
      sc.fit((zn + 1) * (em + 1), n);
      const grid = corpus.grid(k, sc.grid);
      const mass = learnTension && n > 0 ? st.massFor(m, n) : undefined;
      // Pair id of (source i, target j): forward grid[i * (em + 1) + j], backward grid[j * (em + 1) + i].
      if (hmm && n > 0) {
        hmmPass(grid, n, m, forward ? em + 1 : 1, forward ? 1 : em + 1, st.prob, st.jump!, s.nullProbability, sc, st.count, st.jumpCount, undefined);
        continue;
      }
      st.empFeat += unitPass(grid, n, m, forward ? em + 1 : 1, forward ? 1 : em + 1, st.prob, s, diagonal, st.tension, sc, st.count, mass, undefined);
    }
    if (learnTension) st.learnTension(fitOnce);
    st.maximise(hmm);
  }
  return st.result();
}

/** The best source position (-1: null) of each target token, for token ids of the corpus vocabulary. */
function viterbi(corpus: Corpus, trained: Trained, s: Settings, zh: Int32Array, en: Int32Array, grid: Int32Array | undefined, sc: Scratch): Int32Array {
  const forward = trained.direction === 'zh-en';
  const n = forward ? zh.length : en.length;
  const m = forward ? en.length : zh.length;
  const out = new Int32Array(m).fill(-1);
  if (n === 0 || m === 0) return out;
  sc.fit((zh.length + 1) * (en.length + 1), n);
  const g = grid ?? corpus.gridOf(zh, en, sc.grid);
  const em = en.length;
  if (trained.jump) hmmPass(g, n, m, forward ? em + 1 : 1, forward ? 1 : em + 1, trained.prob, trained.jump, s.nullProbability, sc, undefined, undefined, out);
  else unitPass(g, n, m, forward ? em + 1 : 1, forward ? 1 : em + 1, trained.prob, s, s.favorDiagonal, trained.tension, sc, undefined, undefined, out);
  return out;
}

function modelOf(corpus: Corpus, trained: Trained, s: Settings): DirectionalModel {
  const forward = trained.direction === 'zh-en';
  const sc = new Scratch();
  return {
    direction: trained.direction,
    tension: trained.tension,
    translationProb(src: string, tgt: string): number {
      const zid = corpus.zhVocab.get(forward ? src : tgt);
      const eid = corpus.enVocab.get(forward ? tgt : src);
      if (zid < 0 || eid < 0) return 0;
      const id = corpus.table.find(zid, eid);
      return id < 0 ? 0 : trained.prob[id]!;
    },
    align(unit: BitextUnit): Int32Array {
      const zh = Int32Array.from(unit.zh, (w) => corpus.zhVocab.token(w));
      const en = Int32Array.from(unit.en, (w) => corpus.enVocab.token(w));
      return viterbi(corpus, trained, s, zh, en, undefined, sc);
    },
  };
}

/** Train one direction of the model on the units. */
export function trainDirection(units: readonly BitextUnit[], direction: 'zh-en' | 'en-zh', options?: WordAlignOptions): DirectionalModel {
  const s = settingsOf(options);
  const corpus = new Corpus(units, s);
  return modelOf(corpus, train(corpus, direction, s), s);
}

// ---------------------------------------------------------------------------------------------
// Symmetrisation (Koehn, Och and Marcu 2003; the Moses heuristics)

const NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [
  [-1, 0],
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
];

/**
 * Combine the two directional alignments of one unit. `zhToEn` are the links of the zh-en
 * direction (each English token linked to at most one Chinese token), `enToZh` those of en-zh,
 * both as [zhIndex, enIndex]. The result is sorted by zh index, then en index.
 */
export function symmetrise(zhToEn: Links, enToZh: Links, zhLength: number, enLength: number, heuristic: Heuristic): Links {
  const cells = zhLength * enLength;
  const a = new Uint8Array(cells); // bit 1: zh-en, bit 2: en-zh
  for (const [z, e] of zhToEn) if (z >= 0 && z < zhLength && e >= 0 && e < enLength) a[z * enLength + e]! |= 1;
  for (const [z, e] of enToZh) if (z >= 0 && z < zhLength && e >= 0 && e < enLength) a[z * enLength + e]! |= 2;
  const out = new Uint8Array(cells);
  const zhAligned = new Uint8Array(zhLength);
  const enAligned = new Uint8Array(enLength);
  const add = (z: number, e: number): void => {
    out[z * enLength + e] = 1;
    zhAligned[z] = 1;
    enAligned[e] = 1;
  };
  if (heuristic === 'union') {
    for (let x = 0; x < cells; x++) if (a[x]) out[x] = 1;
  } else {
    for (let x = 0; x < cells; x++) if (a[x] === 3) add(Math.floor(x / enLength), x % enLength);
    if (heuristic !== 'intersection') {
      // grow-diag: add union points next to (or diagonal to) a current point that link a word not yet linked.
      let added = true;
      while (added) {
        added = false;
        for (let e = 0; e < enLength; e++) {
          for (let z = 0; z < zhLength; z++) {
            if (!out[z * enLength + e]) continue;
            for (const [dz, de] of NEIGHBOURS) {
              const z2 = z + dz;
              const e2 = e + de;
              if (z2 < 0 || z2 >= zhLength || e2 < 0 || e2 >= enLength) continue;
              const x = z2 * enLength + e2;
              if (out[x] || !a[x]) continue;
              if (!zhAligned[z2] || !enAligned[e2]) {
                add(z2, e2);
                added = true;
              }
            }
          }
        }
      }
      if (heuristic === 'grow-diag-final' || heuristic === 'grow-diag-final-and') {
        const both = heuristic === 'grow-diag-final-and';
        // FINAL over the zh-en links, then over the en-zh links, as Koehn's pseudocode does.
        for (const bit of [1, 2]) {
          for (let e = 0; e < enLength; e++) {
            for (let z = 0; z < zhLength; z++) {
              const x = z * enLength + e;
              if (out[x] || !(a[x]! & bit)) continue;
              if (both ? !zhAligned[z] && !enAligned[e] : !zhAligned[z] || !enAligned[e]) add(z, e);
            }
          }
        }
      }
    }
  }
  const links: Links = [];
  for (let x = 0; x < cells; x++) if (out[x]) links.push([Math.floor(x / enLength), x % enLength]);
  return links;
}

function linksFrom(alignment: Int32Array, targetIsEn: boolean): Links {
  const links: Links = [];
  alignment.forEach((src, tgt) => {
    if (src >= 0) links.push(targetIsEn ? [src, tgt] : [tgt, src]);
  });
  return links;
}

export interface BitextModel {
  /** zh-en model: translationProb(zh, en) = t(en | zh). */
  forward: DirectionalModel;
  /** en-zh model: translationProb(en, zh) = t(zh | en). */
  backward: DirectionalModel;
  /** Number of units given. */
  unitCount: number;
  /** What training holds: units trained on (a sample past maxTrainingCells), co-occurring pairs, vocabularies, bytes of typed arrays. */
  stats: { trainedUnits: number; pairs: number; zhWords: number; enWords: number; bytes: number };
  /**
   * Symmetrised links of unit k of the units given, computed when asked (nothing is kept, so a
   * million units cost no more memory than their tokens); [] for a unit over maxTokens. Works on
   * the interned token ids: the caller's token arrays need not be kept for it.
   */
  linksOf(k: number): Links;
}

export interface BitextAlignment {
  /** Symmetrised links of each unit, in the order of the input. */
  links: Links[];
  /** zh-en model: translationProb(zh, en) = t(en | zh). */
  forward: DirectionalModel;
  /** en-zh model: translationProb(en, zh) = t(zh | en). */
  backward: DirectionalModel;
}

/** Train both directions on the units; links of each unit on demand. */
export function trainBitext(units: readonly BitextUnit[], options: WordAlignOptions & { heuristic?: Heuristic } = {}): BitextModel {
  const s = settingsOf(options);
  const heuristic = options.heuristic ?? 'grow-diag-final-and';
  const corpus = new Corpus(units, s);
  const f = train(corpus, 'zh-en', s);
  const b = train(corpus, 'en-zh', s);
  const sc = new Scratch();
  return {
    forward: modelOf(corpus, f, s),
    backward: modelOf(corpus, b, s),
    unitCount: units.length,
    stats: {
      trainedUnits: corpus.trained.reduce((n, t) => n + t, 0),
      pairs: corpus.pairCount,
      zhWords: corpus.zhVocab.words.length - 1,
      enWords: corpus.enVocab.words.length - 1,
      // Typed arrays only: the vocabularies' strings and maps come on top.
      bytes: corpus.bytes + f.prob.byteLength + b.prob.byteLength,
    },
    linksOf(k: number): Links {
      if (!(k >= 0 && k < corpus.unitCount) || !corpus.alignable[k]) return [];
      const z = corpus.zhIdsOf(k);
      const e = corpus.enIdsOf(k);
      // One grid of pair ids serves both directions (looked up once for a unit outside training).
      sc.fit((z.length + 1) * (e.length + 1), Math.max(z.length, e.length));
      const grid = corpus.grid(k, sc.grid);
      const fl = linksFrom(viterbi(corpus, f, s, z, e, grid, sc), true);
      const bl = linksFrom(viterbi(corpus, b, s, z, e, grid, sc), false);
      return symmetrise(fl, bl, z.length, e.length, heuristic);
    },
  };
}

/** Train both directions on the units and symmetrise each unit's two alignments. */
export function alignBitext(units: readonly BitextUnit[], options: WordAlignOptions & { heuristic?: Heuristic } = {}): BitextAlignment {
  const model = trainBitext(units, options);
  return { links: Array.from({ length: units.length }, (_, k) => model.linksOf(k)), forward: model.forward, backward: model.backward };
}

// ---------------------------------------------------------------------------------------------
// Phrase pairs consistent with an alignment

/** Token spans of a phrase pair, end exclusive. */
export interface PhrasePair {
  zhStart: number;
  zhEnd: number;
  enStart: number;
  enEnd: number;
}

export interface PhraseOptions {
  /** Longest span on each side, in tokens (default 6 and 8). */
  maxZh?: number;
  maxEn?: number;
  /** Let a span start or end with an unaligned word (Moses does; a term usually should not). */
  allowUnalignedEdges?: boolean;
}

/**
 * Every phrase pair consistent with the links (Koehn, Och and Marcu 2003): no link leaves the box
 * of the two spans, and at least one link lies inside it. Without allowUnalignedEdges, the first
 * and last word of each span are aligned.
 */
export function consistentPhrasePairs(links: Links, zhLength: number, enLength: number, opts: PhraseOptions = {}): PhrasePair[] {
  const maxZh = opts.maxZh ?? 6;
  const maxEn = opts.maxEn ?? 8;
  const loose = opts.allowUnalignedEdges ?? false;
  const valid = links.filter(([z, e]) => z >= 0 && z < zhLength && e >= 0 && e < enLength);
  const zhAligned = new Uint8Array(zhLength);
  const enAligned = new Uint8Array(enLength);
  // For each en token, the range of zh tokens it links to; for each zh token, the range of en.
  const enMin = new Int32Array(enLength).fill(zhLength);
  const enMax = new Int32Array(enLength).fill(-1);
  const zhMin = new Int32Array(zhLength).fill(enLength);
  const zhMax = new Int32Array(zhLength).fill(-1);
  for (const [z, e] of valid) {
    zhAligned[z] = 1;
    enAligned[e] = 1;
    enMin[e] = Math.min(enMin[e]!, z);
    enMax[e] = Math.max(enMax[e]!, z);
    zhMin[z] = Math.min(zhMin[z]!, e);
    zhMax[z] = Math.max(zhMax[z]!, e);
  }
  const out: PhrasePair[] = [];
  for (let es = 0; es < enLength; es++) {
    if (!loose && !enAligned[es]) continue;
    let zs = zhLength;
    let ze = -1;
    for (let ee = es; ee < Math.min(enLength, es + maxEn); ee++) {
      if (enAligned[ee]) {
        zs = Math.min(zs, enMin[ee]!);
        ze = Math.max(ze, enMax[ee]!);
      }
      if (ze < 0) continue;
      if (!loose && !enAligned[ee]) continue;
      if (ze - zs + 1 > maxZh) continue;
      // Consistent: every zh token in [zs, ze] links only inside [es, ee].
      let ok = true;
      for (let z = zs; z <= ze && ok; z++) if (zhAligned[z] && (zhMin[z]! < es || zhMax[z]! > ee)) ok = false;
      if (!ok) continue;
      if (!loose) {
        out.push({ zhStart: zs, zhEnd: ze + 1, enStart: es, enEnd: ee + 1 });
        continue;
      }
      // Extend over unaligned zh words at either edge.
      for (let a = zs; a >= 0 && (a === zs || !zhAligned[a]); a--) {
        for (let b = ze; b < zhLength && (b === ze || !zhAligned[b]) && b - a + 1 <= maxZh; b++) {
          out.push({ zhStart: a, zhEnd: b + 1, enStart: es, enEnd: ee + 1 });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lexical weighting (as in Moses' phrase table)

/**
 * lex(en | zh) and lex(zh | en) of a phrase pair: for each word of one side, the mean translation
 * probability over the words of the other side it links to inside the pair (the null word when it
 * links to none), multiplied over the words. forward = zh-en model, backward = en-zh model.
 */
export function lexicalWeight(
  pair: PhrasePair,
  links: Links,
  unit: BitextUnit,
  forward: WordAlignModel,
  backward: WordAlignModel,
): { enGivenZh: number; zhGivenEn: number } {
  const inside = links.filter(([z, e]) => z >= pair.zhStart && z < pair.zhEnd && e >= pair.enStart && e < pair.enEnd);
  let enGivenZh = 1;
  for (let e = pair.enStart; e < pair.enEnd; e++) {
    const to = inside.filter((l) => l[1] === e);
    const w = unit.en[e]!;
    enGivenZh *= to.length === 0 ? forward.translationProb('', w) : to.reduce((s, [z]) => s + forward.translationProb(unit.zh[z]!, w), 0) / to.length;
  }
  let zhGivenEn = 1;
  for (let z = pair.zhStart; z < pair.zhEnd; z++) {
    const to = inside.filter((l) => l[0] === z);
    const w = unit.zh[z]!;
    zhGivenEn *= to.length === 0 ? backward.translationProb('', w) : to.reduce((s, [, e]) => s + backward.translationProb(unit.en[e]!, w), 0) / to.length;
  }
  return { enGivenZh, zhGivenEn };
}
