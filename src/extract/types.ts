/** Shapes shared by the pairers: one aligned unit analysed once, and the links found in it. */
import type { EnNgram, EnToken } from '../text/en-words.js';
import type { ZhCandidate, ZhToken } from '../text/zh-words.js';

/**
 * Methods in order of trust (index 0 most trusted). `name` is a `·`-name transliteration;
 * `definition`, a term defined or quoted on both sides and `list`, items of parallel enumerations
 * (structure.ts); `alignment`, a phrase pair consistent with the word alignment learnt from the TM (phrases.ts).
 */
export const METHOD_TIERS = ['gloss', 'shared-token', 'anchor', 'name', 'definition', 'list', 'alignment', 'dictionary', 'statistics'] as const;
export type PairMethod = (typeof METHOD_TIERS)[number];

export interface Span {
  text: string;
  /** Folded form used to compare (Simplified Chinese; lemmatised lower-case English). */
  key: string;
  start: number;
  end: number;
}

/** One aligned unit with Chinese on one side and English on the other, analysed once. */
export interface AnalysedUnit {
  id: number;
  zh: string;
  en: string;
  zhTokens: ZhToken[];
  zhCandidates: ZhCandidate[];
  enTokens: EnToken[];
  readonly enNgrams: EnNgram[];
  /** Drop what can be made again on demand (the n-grams), to bound memory over many units. */
  release?(): void;
}

/** A term pair found in one unit. */
export interface Link {
  zh: Span;
  en: Span;
  method: PairMethod;
  /** Trust in this one observation, 0..1. */
  score: number;
  unitId: number;
  /** The English as a glossary should show it, when not as written (a sentence-initial capital undone). */
  form?: string;
  /** What the evidence was (a dictionary sense, a gloss). */
  note?: string;
  /** Units of the whole TM in which the pair was found (aligned pairs). */
  support?: number;
  /**
   * A compound translated word by word and found so in the sentence (verified composition): it
   * is linked before the aligned pairs.
   */
  composed?: boolean;
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
