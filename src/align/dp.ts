/**
 * Length-based alignment in the manner of Gale & Church (1993), strengthened by anchors:
 * a dynamic program over beads 1-1, 1-0, 0-1, 2-1, 1-2 (and 2-2), each costed by how far the
 * target length is from the expected one and by how well the anchors agree. Target spans may be
 * clauses of a sentence (continues): a bead takes any run of them, shaped by the sentences it
 * touches, and ending a bead inside a sentence costs a little.
 */
import { anchorAgreement, mergeAnchors, type Anchored } from './anchors.js';

export interface Bead {
  /** Indices into the source and target sequences (0, 1 or 2 source spans; target clauses may be more). */
  source: number[];
  target: number[];
}

interface Shape {
  ds: number;
  dt: number;
  prior: number;
}

// Gale & Church's priors for the bead shapes.
const SHAPES: Shape[] = [
  { ds: 1, dt: 1, prior: 0.89 },
  { ds: 1, dt: 0, prior: 0.0099 / 2 },
  { ds: 0, dt: 1, prior: 0.0099 / 2 },
  { ds: 2, dt: 1, prior: 0.089 / 2 },
  { ds: 1, dt: 2, prior: 0.089 / 2 },
  { ds: 2, dt: 2, prior: 0.011 },
];

const CROSS_PARAGRAPH_PENALTY = 10;
const BAND_MIN = 100;
const MAX_CLAUSE_RUN = 8;
const BAND_SHARE = 0.2;
/**
 * Cost of ending a bead inside a target sentence, at a clause boundary (`…; or` | `2. …`): about a
 * third of what a 2-1 bead costs more than two 1-1 beads (-log 0.0445 + 2 log 0.89 ≈ 2.9), so that
 * items and clauses the other side ends separately pair one by one unless their lengths disagree.
 */
const CLAUSE_CUT_PENALTY = 1;

export interface AlignOptions {
  /** Expected target bytes per source byte; estimated from the two texts when absent. */
  ratio?: number;
  /** Variance of that ratio per byte (Gale & Church: 6.8 for characters). */
  variance?: number;
  /** Weight of anchor agreement against the length cost. */
  anchorWeight?: number;
  /** Share of the longer sequence the path may stray from the diagonal (at least BAND_MIN cells). */
  bandShare?: number;
}

/** Two-sided tail of the standard normal: P(|Z| >= |z|). */
function normalTail(z: number): number {
  // Abramowitz–Stegun 7.1.26 approximation of erfc.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}

function beadCost(src: Anchored | null, tgt: Anchored | null, shape: Shape, ratio: number, variance: number, anchorWeight: number): number {
  const ls = src?.bytes ?? 0;
  const lt = tgt?.bytes ?? 0;
  const mean = (ls + lt / ratio) / 2;
  const delta = mean === 0 ? 0 : (lt - ls * ratio) / Math.sqrt(Math.max(mean, 1) * variance);
  const lengthCost = -Math.log(Math.max(normalTail(delta), 1e-12));
  let cost = -Math.log(shape.prior) + lengthCost;
  if (src && tgt) {
    if (src.aside !== tgt.aside) return Number.POSITIVE_INFINITY;
    cost -= anchorWeight * anchorAgreement(src, tgt);
  }
  return cost;
}

export function alignBeads(source: readonly Anchored[], target: readonly Anchored[], options: AlignOptions = {}): Bead[] {
  const n = source.length;
  const m = target.length;
  const totalS = source.reduce((s, a) => s + a.bytes, 0);
  const totalT = target.reduce((s, a) => s + a.bytes, 0);
  const ratio = options.ratio ?? (totalS > 0 && totalT > 0 ? totalT / totalS : 1);
  const variance = options.variance ?? 6.8 * ratio;
  const anchorWeight = options.anchorWeight ?? 4;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY));
  const back: (Shape | null)[][] = Array.from({ length: n + 1 }, () => new Array<Shape | null>(m + 1).fill(null));
  cost[0]![0] = 0;
  const shapeOf = (ds: number, sentences: number): Shape | undefined => SHAPES.find((s) => s.ds === ds && s.dt === sentences);
  // Only cells near the diagonal: a translation follows its original, and a long document would
  // otherwise cost n × m cells. The band is wide enough for omissions of many paragraphs.
  const band = n === 0 || m === 0 ? Math.max(n, m) : Math.max(BAND_MIN, Math.ceil((options.bandShare ?? BAND_SHARE) * Math.max(n, m)));
  // Merged spans are the same for every cell that ends at them: merge each run once.
  const sourceRuns = [1, 2].map((ds) => source.map((_, i) => (i + 1 >= ds ? mergeAnchors(source.slice(i + 1 - ds, i + 1)) : null)));
  const targetRuns = new Map<number, Anchored>();
  const targetRun = (j: number, dt: number): Anchored => {
    const key = j * (m + 1) + dt;
    let run = targetRuns.get(key);
    if (!run) targetRuns.set(key, (run = mergeAnchors(target.slice(j - dt, j))));
    return run;
  };
  // The target groups that may end at each j: a run of spans, shaped by the sentences it touches
  // (clauses of one sentence count as one), with what merging across paragraphs costs. A long run
  // of clauses is a candidate only as whole sentences, so that a sentence of a hundred clauses does
  // not cost a hundred candidates in every cell.
  const groups: { dt: number; sentences: number; penalty: number }[][] = [];
  for (let j = 0; j <= m; j++) {
    const list = [{ dt: 0, sentences: 0, penalty: 0 }];
    let sentences = 0;
    let penalty = 0;
    for (let dt = 1; dt <= j; dt++) {
      const span = target[j - dt]!;
      // Counting backwards: a span that ends its sentence starts a new one in the group.
      if (dt === 1 || !span.continues) sentences++;
      if (dt > 1 && span.paragraph !== target[j - dt + 1]!.paragraph) penalty += CROSS_PARAGRAPH_PENALTY;
      if (sentences > 2) break;
      const whole = !target[j - 1]!.continues && (j - dt === 0 || !target[j - dt - 1]!.continues);
      if (dt <= MAX_CLAUSE_RUN || whole) list.push({ dt, sentences, penalty });
    }
    groups.push(list);
  }
  for (let i = 0; i <= n; i++) {
    const centre = n === 0 ? 0 : Math.round((i * m) / n);
    for (let j = Math.max(0, centre - band); j <= Math.min(m, centre + band); j++) {
      if (i === 0 && j === 0) continue;
      let best = Number.POSITIVE_INFINITY;
      let bestShape: Shape | null = null;
      for (let ds = 0; ds <= Math.min(2, i); ds++) {
        const s = ds === 0 ? null : sourceRuns[ds - 1]![i - 1]!;
        // Translators merge or split sentences inside a paragraph, hardly ever across two.
        const sourcePenalty = ds === 2 && source[i - 2]!.paragraph !== source[i - 1]!.paragraph ? CROSS_PARAGRAPH_PENALTY : 0;
        for (const { dt, sentences, penalty } of groups[j]!) {
          if (ds === 0 && dt === 0) continue;
          const shape = shapeOf(ds, sentences);
          if (!shape) continue;
          const prev = cost[i - ds]![j - dt]!;
          if (prev === Number.POSITIVE_INFINITY) continue;
          const t = dt === 0 ? null : targetRun(j, dt);
          let c = prev + beadCost(s, t, shape, ratio, variance, anchorWeight) + sourcePenalty + penalty;
          if (dt > 0 && target[j - 1]!.continues) c += CLAUSE_CUT_PENALTY;
          if (c < best) {
            best = c;
            bestShape = { ds, dt, prior: shape.prior };
          }
        }
      }
      cost[i]![j] = best;
      back[i]![j] = bestShape;
    }
  }
  const beads: Bead[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const shape = back[i]![j]!;
    beads.push({
      source: Array.from({ length: shape.ds }, (_, k) => i - shape.ds + k),
      target: Array.from({ length: shape.dt }, (_, k) => j - shape.dt + k),
    });
    i -= shape.ds;
    j -= shape.dt;
  }
  return beads.reverse();
}
