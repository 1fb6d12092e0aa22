/**
 * Term pairs from word alignment: the TM's units are aligned word by word in both directions
 * (src/extract/wordalign.ts, with CC-CEDICT senses, shared names and the pairers' high-trust
 * links as priors), and every phrase pair consistent with the symmetrised alignment whose Chinese
 * side and English side each look like a term is counted over the units. Per Chinese term the
 * English the TM itself uses most is kept, and ranked by association (Dice over the units), the
 * lexical weights of the alignment, and termhood on both sides.
 */
import { isStopKey, type EnToken } from '../text/en-words.js';
import { isModifierLike, isNounLike, isZhFunctionWord, type ZhToken } from '../text/zh-words.js';
import { wordLemma as lemma, toSimplified, wordClasses } from '../text/fold.js';
import type { Dictionary } from '../dict/cedict.js';
import { generality } from './precision.js';
import type { AnalysedUnit, Link } from './types.js';
import { alignBitext, consistentPhrasePairs, lexicalWeight, type BitextUnit, type Links } from './wordalign.js';

/** A verb more common than this (jieba idf) cannot open a term. */
const COMMON_VERB_IDF = 7;
/** Least lexical strength of a pair seen in one unit only. */
const MIN_HAPAX_STRENGTH = 0.6;
/** Least lexical strength of a pair seen once whose Chinese is not noun-headed (司法管轄 / jurisdiction). */
const MIN_UNSHAPED_STRENGTH = 0.7;
/** Longest Chinese term in words and English term in words. */
const MAX_ZH = 5;
const MAX_EN = 6;
/** EM iterations and the weight of a prior link in pseudo-counts. */
const ITERATIONS = 5;
const PRIOR_WEIGHT = 3;

/** The tokens of a unit that take part in alignment: words and names, no punctuation. */
export interface AlignedUnit {
  id: number;
  zh: ZhToken[];
  en: EnToken[];
}

/**
 * Content words only: function words (的, 之, the, of) would be linked to anything nearby and
 * break the consistency of the phrases around them; a term may still hold them inside, since the
 * phrase pairs are read back as character spans of the whole text.
 */
export function alignmentTokens(u: AnalysedUnit): AlignedUnit {
  return {
    id: u.id,
    zh: u.zhTokens.filter((t) => t.kind !== 'other' && !isZhFunctionWord(t.key)),
    en: u.enTokens.filter((t) => !isStopKey(t.key)),
  };
}

/** Coordinating words a term may hold inside (著作權及相似權利 / copyright and similar rights). */
const INNER_JOINS: ReadonlySet<string> = new Set(['及', '或', '与', '和']);

/**
 * Whether tokens [from, to) of a unit's Chinese can be a term: contiguous (nothing but a space
 * between words), some Han, no function word at an edge, no particle inside other than a
 * coordinating word, no word of a kind that builds clauses rather than terms (or the whole is a
 * dictionary word). Single words are judged by their generality later.
 */
export function zhTermSpan(text: string, toks: readonly ZhToken[], from: number, to: number, isWord: (s: string) => boolean): boolean {
  if (to - from < 1 || to - from > MAX_ZH) return false;
  const first = toks[from]!;
  const last = toks[to - 1]!;
  if (toks.slice(from, to).some((t) => t.kind === 'other') || !toks.slice(from, to).some((t) => t.kind === 'han')) return false;
  for (let i = from + 1; i < to; i++) if (toks[i]!.kind === 'other' || !/^ ?$/.test(text.slice(toks[i - 1]!.end, toks[i]!.start))) return false;
  if (first.kind === 'number' || last.kind === 'number') return false;
  if (isZhFunctionWord(first.key) || isZhFunctionWord(last.key) || INNER_JOINS.has(first.key) || INNER_JOINS.has(last.key)) return false;
  const span = text.slice(first.start, last.end);
  if (span.length > 16 || span.length < 2) return false;
  if (to - from === 1) return true;
  for (let i = from + 1; i < to - 1; i++) {
    const k = toks[i]!.key;
    if (isZhFunctionWord(k) && !INNER_JOINS.has(k)) return false;
  }
  // Verbs may build terms (授權條款, 合理使用); words that build clauses may not: prepositions,
  // conjunctions other than the coordinating ones, particles, pronouns, adverbs, numerals,
  // measure words, localisers, interjections.
  return toks.slice(from, to).every((t) => t.kind !== 'han' || INNER_JOINS.has(t.key) || !CLAUSE_POS.test(t.pos)) || isWord(span);
}

/**
 * A sense of the whole Chinese term (CC-CEDICT) written in the unit's English where it overlaps the
 * aligned span [ef, et) and is longer than it: that span as token indices.
 */
function senseSpan(u: AnalysedUnit, dict: Dictionary, key: string, ef: number, et: number): [number, number] | undefined {
  const glosses = dict.glosses(key);
  if (glosses.size === 0) return undefined;
  let best: [number, number] | undefined;
  for (const n of u.enNgrams) {
    if (n.to - n.from <= et - ef || n.to <= ef || n.from >= et || !glosses.has(n.key)) continue;
    if (!best || n.to - n.from > best[1] - best[0]) best = [n.from, n.to];
  }
  return best;
}

/**
 * A span a common verb opens (參見 X, 使用 X, 新增核心模組), or that ends with one after a name
 * (systemd 提供): the shape of a clause. Such a span is a term only when the TM repeats it
 * (引導載入程式 / boot loader opens with 引導 "guide").
 */
export function opensClause(toks: readonly ZhToken[], from: number, to: number, commonVerb: (t: ZhToken) => boolean): boolean {
  if (to - from < 2) return false;
  return commonVerb(toks[from]!) || (commonVerb(toks[to - 1]!) && toks.slice(from, to - 1).every((t) => t.kind !== 'han'));
}

/** Shaped like a term: a noun-like last word, modifier-like words before it. */
function nounHeaded(toks: readonly ZhToken[], from: number, to: number): boolean {
  const last = toks[to - 1]!;
  return (last.kind === 'latin' || isNounLike(last.pos)) && toks.slice(from, to - 1).every((t) => t.kind !== 'han' || isModifierLike(t.pos) || INNER_JOINS.has(t.key));
}

const CLAUSE_POS = /^(?:p|c|u\w*|r\w*|d|m|mq|q|f|y|e|o|zg|ul|uj)$/;

/** Whether tokens [from, to) of the English can be a term: no stop word or punctuation at an edge, one clause. */
export function enTermSpan(toks: readonly EnToken[], from: number, to: number): boolean {
  if (to - from < 1 || to - from > MAX_EN) return false;
  if (isStopKey(toks[from]!.key) || isStopKey(toks[to - 1]!.key)) return false;
  for (let i = from; i < to - 1; i++) if (toks[i]!.breakAfter) return false;
  return !toks.slice(from, to).every((t) => /^[\d.,]+$/.test(t.key));
}

/**
 * Whether English content word `j` of a unit is explained better by a Chinese word outside a term
 * (`inside` says which content words are the term's) than by the term: the affinity grid's best
 * outside is more than twice its best inside. Another occurrence of a word of the term counts as the term's:
 * the model cannot tell repeated words apart (評議 of 評議決定 and 評議 elsewhere in the unit).
 */
export function explainedOutside(grid: readonly Float64Array[], zh: readonly ZhToken[], inside: (t: ZhToken) => boolean, j: number): boolean {
  const insideKeys = new Set(zh.filter(inside).map((t) => t.key));
  let inMax = 0;
  let outMax = 0;
  for (let i = 0; i < zh.length; i++) {
    const v = grid[i]![j]!;
    if (inside(zh[i]!) || insideKeys.has(zh[i]!.key)) inMax = Math.max(inMax, v);
    else outMax = Math.max(outMax, v);
  }
  return outMax > CLAIM_RATIO * inMax;
}

/** How much better another Chinese word must explain an English word to keep it out of a term. */
const CLAIM_RATIO = 2;

/** Adverbs and words that cannot modify a noun inside a term. */
const NOT_MODIFIER = /ly$/;

/**
 * The whole English noun phrase around an aligned span [from, to): the adjacent content words the
 * alignment left unexplained (`claimed` says which words another Chinese word of the unit
 * explains), a noun on the right of a span that does not end with a verb (banking → banking
 * enterprises: the head the Chinese carries in a suffix), a noun, adjective or participle on the left (decision → ombudsman decision).
 * It stops at punctuation, stop words, numbers, verbs, adverbs and claimed words; `sides` says on
 * which side it may grow at all.
 */
export function extendNounPhrase(
  toks: readonly EnToken[], from: number, to: number, claimed: (j: number) => boolean,
  classes: (word: string) => { noun: boolean; verb: boolean } = wordClasses, sides: { left: boolean; right: boolean } = { left: true, right: true },
): [number, number] {
  const content = (t: EnToken): boolean => !isStopKey(t.key) && !/\d/.test(t.key) && /^[\p{L}-]+$/u.test(t.text);
  const verbOnly = (w: string): boolean => {
    const c = classes(w);
    return c.verb && !c.noun && !/ed$/.test(w);
  };
  // A verb's object is no part of it (discloses risks).
  const last = toks[to - 1]!.text.toLowerCase();
  while (sides.right && !verbOnly(last) && to < toks.length && to - from < MAX_EN && !toks[to - 1]!.breakAfter) {
    const t = toks[to]!;
    if (!content(t) || claimed(to)) break;
    const c = classes(t.text.toLowerCase());
    if (!c.noun || NOT_MODIFIER.test(t.key)) break;
    to++;
  }
  while (sides.left && from > 0 && to - from < MAX_EN && !toks[from - 1]!.breakAfter) {
    const t = toks[from - 1]!;
    if (!content(t) || claimed(from - 1)) break;
    const w = t.text.toLowerCase();
    if (NOT_MODIFIER.test(w) || verbOnly(w)) break;
    from--;
  }
  return [from, to];
}

/** Prepositions whose phrase after a term's English belongs to the sentence (in the amount, at the time). */
const TRAILING_PREPOSITIONS: ReadonlySet<string> = new Set(['in', 'at', 'on', 'by', 'with', 'from', 'within', 'upon', 'under', 'into']);

/** Where an English span [ef, et) ends before a trailing prepositional phrase of place, time or manner (its end when it has none). */
export function beforeTrailingPhrase(en: readonly EnToken[], ef: number, et: number): number {
  const prep = en.slice(ef + 1, et).findIndex((t) => TRAILING_PREPOSITIONS.has(t.key));
  return prep >= 0 ? ef + 1 + prep : et;
}

/**
 * An English span that coordinates (incorporated foundation or incorporated charitable
 * association) for a Chinese term that does not: the term is the conjunct on its side of a
 * Chinese coordination right beside it (財團法人|或…: the part before "or"); with no coordination
 * beside it, no span. Any other span is returned as it is.
 */
export function conjunctSpan(zh: readonly ZhToken[], zf: number, zt: number, en: readonly EnToken[], ef: number, et: number): [number, number] | undefined {
  const enJoin = en.slice(ef + 1, et - 1).findIndex((t) => t.key === 'and' || t.key === 'or');
  if (enJoin < 0 || zh.slice(zf, zt).some((t) => INNER_JOINS.has(t.key))) return [ef, et];
  const join = ef + 1 + enJoin;
  const joinsAt = (t: ZhToken | undefined): boolean => t !== undefined && (INNER_JOINS.has(t.key) || t.text === '、');
  if (joinsAt(zh[zt])) return [ef, join];
  if (joinsAt(zh[zf - 1])) return [join + 1, et];
  return undefined;
}

/** Pronouns and possessive determiners: a phrase holding one is a clause, not a term (state his opinion). */
const PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'it', 'they', 'him', 'her', 'them', 'his', 'its', 'their', 'we', 'our', 'you', 'your', 'i', 'my']);

/**
 * Whether an English phrase is shaped like a term rather than a verb phrase: not a phrase with a
 * pronoun, not a verb form followed by a function word (prescribed by the competent authority,
 * controlled and supervised), not a verb form alone (interrupted, impose). A participle before a
 * noun is a modifier (Licensed Material). Such pairs rank lower; they are not dropped.
 */
export function englishShaped(text: string, classes: (word: string) => { noun: boolean; verb: boolean } = wordClasses): boolean {
  const words = text.toLowerCase().split(/[\s\u2010-\u2015-]+/).filter((w) => w.length > 0);
  if (words.length === 0) return true;
  if (words.some((w) => PRONOUNS.has(w))) return false;
  const first = words[0]!;
  const c = classes(first);
  const verbForm = (c.verb && !c.noun) || (c.verb && /(?:ed|en)$/.test(first));
  if (words.length === 1) return !verbForm;
  return !(verbForm && isStopKey(lemma(words[1]!)));
}

/**
 * A plain English noun compound: two words or more, no function word, no verb form (a word
 * WordNet knows only as a verb, an -ing or -ed form), the last word a noun WordNet knows
 * (mount options, resource controls; not see fstab, kernel maintains, modules providing).
 */
export function nounCompound(text: string, classes: (word: string) => { noun: boolean; verb: boolean } = wordClasses): boolean {
  const words = text.toLowerCase().split(/[\s\u2010-\u2015-]+/).filter((w) => w.length > 0);
  if (words.length < 2 || words.some((w) => isStopKey(lemma(w)) || PRONOUNS.has(w) || /(?:ing|ed)$/.test(w))) return false;
  if (words.some((w) => {
    const c = classes(w);
    return c.verb && !c.noun;
  })) return false;
  return classes(words[words.length - 1]!).noun;
}

export interface PhraseStats {
  zh: string;
  en: string;
  /** Units in which the alignment gives this pair. */
  units: number[];
  /** Units whose Chinese holds the term / whose English holds the phrase. */
  zhUnits: number;
  enUnits: number;
  dice: number;
  /** Geometric mean per word of the two lexical weights, averaged over occurrences. */
  lexical: number;
  /**
   * Both sides are shaped like a term: the Chinese one word, noun-headed, or a dictionary word;
   * the English no verb phrase (`englishShaped`).
   */
  shaped: boolean;
  /** Texts as written, for the glossary. */
  zhText: string;
  enText: string;
}

interface Occurrence {
  unit: number;
  zh: { start: number; end: number; text: string };
  en: { start: number; end: number; text: string };
}

export interface PhraseTable {
  /** Per Chinese term (Simplified key), the English the TM uses most for it. */
  best: Map<string, PhraseStats>;
  /** Where each chosen pair was aligned, per unit id. */
  occurrences: Map<number, (Occurrence & { zhKey: string; enKey: string })[]>;
  /**
   * The TM's own renderings: per Chinese span (Simplified key), every English key the alignment
   * gives it in two units or more (pieces of compositions, src/extract/compose.ts).
   */
  lexicon: Map<string, Set<string>>;
}

export interface PhraseOptions {
  /** Extra prior links (zh word key, en word key) from the high-trust pairers. */
  seeds?: Iterable<[string, string]>;
  /** Units with more words than this on a side are not aligned (default 120). */
  maxTokens?: number;
}

/** English content words of a Chinese word's senses (the dictionary prior of the aligner). */
function senseWordsOf(dict: Dictionary, cache: Map<string, Set<string>>, zh: string): Set<string> {
  let s = cache.get(zh);
  if (!s) {
    s = new Set();
    if (/\p{Script=Han}/u.test(zh)) {
      for (const g of dict.glosses(zh)) for (const w of g.split(' ')) if (!isStopKey(w)) s.add(w);
    }
    if (cache.size < 200_000) cache.set(zh, s);
  }
  return s;
}

/** Align the units and gather the term pairs consistent with the alignment. */
export function phraseTable(units: readonly AnalysedUnit[], dict: Dictionary, options: PhraseOptions = {}): PhraseTable {
  const maxTokens = options.maxTokens ?? 120;
  const aligned = units.map(alignmentTokens);
  const bitext: BitextUnit[] = aligned.map((u) => ({ zh: u.zh.map((t) => t.key), en: u.en.map((t) => t.key) }));
  const seeds = new Set<string>();
  for (const [z, e] of options.seeds ?? []) seeds.add(`${z}\u0000${e}`);
  const senseCache = new Map<string, Set<string>>();
  const prior = (zh: string, en: string): number => {
    if (zh === en && /\p{L}/u.test(zh)) return 2;
    if (seeds.has(`${zh}\u0000${en}`)) return 2;
    return senseWordsOf(dict, senseCache, zh).has(en) ? 1 : 0;
  };
  const { links, forward, backward } = alignBitext(bitext, { prior, priorWeight: PRIOR_WEIGHT, iterations: ITERATIONS, maxTokens });

  const isWord = (s: string): boolean => dict.lookup(s) !== undefined;
  const commonVerb = (t: ZhToken): boolean => t.kind === 'han' && /^v[dgi]?$/.test(t.pos) && dict.idf(t.key) < COMMON_VERB_IDF;
  // Occurrences as numbers (unit index, Chinese and English offsets) in one growing array: a
  // large TM holds millions of them.
  const flat = new OccurrenceList();
  const byPair = new Map<string, { occ: number[]; lex: number; shaped: boolean; clause: boolean }>();
  const zhCount = new Map<string, number>();
  const prob = (z: string, e: string): number => Math.sqrt(forward.translationProb(z, e) * backward.translationProb(e, z));
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    const a = aligned[k]!;
    if (links[k]!.length === 0 || a.zh.length === 0 || a.en.length === 0) continue;
    const grid = affinity(a, prob, links[k]!);
    const top = topLists(grid, a.zh.length, a.en.length);
    const raw = rawAffinity(a, prob);
    const contentIndex = new Map(a.zh.map((t, i) => [t, i]));
    const seen = new Set<string>();
    const enIndex = new Map(a.en.map((t, j) => [t, j]));
    // An English word another Chinese word of the unit explains better than the span [zf, zt) does.
    const claimedElsewhere = (j: number, zf: number, zt: number): boolean => {
      const aj = enIndex.get(u.enTokens[j]!);
      if (aj === undefined) return true;
      const from = u.zhTokens[zf]!.start;
      const to = u.zhTokens[zt - 1]!.end;
      return explainedOutside(grid, a.zh, (t) => t.start >= from && t.end <= to, aj);
    };
    // OpenCC keeps the length: offsets of the text as written index its Simplified form.
    const simplified = toSimplified(u.zh).toLowerCase();
    const record = (zf: number, zt: number, ef: number, et: number, strength: number): void => {
      // The dictionary completes an aligned span that misses a word of a sense of the whole
      // term (自然人 / natural → natural person): a hint that overlaps what the TM aligned.
      const sense = senseSpan(u, dict, simplified.slice(u.zhTokens[zf]!.start, u.zhTokens[zt - 1]!.end), ef, et);
      if (sense) [ef, et] = sense;
      // The English phrase grows only on a side where the Chinese phrase ends too: a noun or
      // modifier right next to the term would take the English word (評議|事件 / ombudsman case).
      const takes = (t: ZhToken | undefined, gap: string): boolean => t !== undefined && gap === '' && (t.kind === 'latin' || (t.kind === 'han' && isModifierLike(t.pos)));
      const before = u.zhTokens[zf - 1];
      const after = u.zhTokens[zt];
      [ef, et] = extendNounPhrase(u.enTokens, ef, et, (j) => claimedElsewhere(j, zf, zt), wordClasses, {
        left: !takes(before, before ? u.zh.slice(before.end, u.zhTokens[zf]!.start) : ''),
        right: !takes(after, after ? u.zh.slice(u.zhTokens[zt - 1]!.end, after.start) : ''),
      });
      const conjunct = conjunctSpan(u.zhTokens, zf, zt, u.enTokens, ef, et);
      if (!conjunct) return;
      [ef, et] = conjunct;
      // A prepositional phrase of place, time or manner after a noun-headed term's English is
      // the sentence's, not the term's (contributed capital | in the amount); of and for may
      // put the head first (limitation of liability) and stay.
      if (nounHeaded(u.zhTokens, zf, zt)) et = beforeTrailingPhrase(u.enTokens, ef, et);
      if (!enTermSpan(u.enTokens, ef, et)) return;
      const zs = u.zhTokens[zf]!.start;
      const ze = u.zhTokens[zt - 1]!.end;
      const es = u.enTokens[ef]!.start;
      const ee = u.enTokens[et - 1]!.end;
      const zhKey = simplified.slice(zs, ze);
      const enKey = u.enTokens.slice(ef, et).map((t) => t.key).join(' ');
      // A coordination (著作權及相似權利) is one term only when the English coordinates too.
      if (u.zhTokens.slice(zf, zt).some((t) => INNER_JOINS.has(t.key)) && !/ (?:and|or) /.test(` ${enKey} `)) return;
      const key = `${zhKey}\t${enKey}`;
      if (seen.has(key)) return;
      seen.add(key);
      const occ = flat.push(k, zs, ze, es, ee);
      const e = byPair.get(key);
      if (e) {
        e.occ.push(occ);
        e.lex += strength;
      } else byPair.set(key, { occ: [occ], lex: strength, shaped: zt - zf === 1 || nounHeaded(u.zhTokens, zf, zt) || isWord(zhKey), clause: opensClause(u.zhTokens, zf, zt, commonVerb) });
    };
    const done = new Set<number>();
    const spans = new Set<string>();
    for (let zf = 0; zf < u.zhTokens.length; zf++) {
      for (let zt = zf + 1; zt <= Math.min(u.zhTokens.length, zf + MAX_ZH); zt++) {
        if (!zhTermSpan(u.zh, u.zhTokens, zf, zt, isWord)) continue;
        const spanKey = simplified.slice(u.zhTokens[zf]!.start, u.zhTokens[zt - 1]!.end);
        if (!spans.has(spanKey)) {
          spans.add(spanKey);
          zhCount.set(spanKey, (zhCount.get(spanKey) ?? 0) + 1);
        }
        const inside = u.zhTokens.slice(zf, zt).map((t) => contentIndex.get(t)).filter((i) => i !== undefined);
        const found = translationSpan(grid, inside, a.zh.length, a.en.length, top, raw);
        if (!found) continue;
        done.add(zf * 4096 + zt);
        record(zf, zt, u.enTokens.indexOf(a.en[found.from]!), u.enTokens.indexOf(a.en[found.to - 1]!) + 1, found.strength);
      }
    }
    // Where the soft test finds nothing, a phrase pair consistent with the symmetrised alignment
    // (Koehn, Och and Marcu 2003) may still hold the term.
    for (const p of consistentPhrasePairs(links[k]!, a.zh.length, a.en.length, { maxZh: MAX_ZH, maxEn: MAX_EN })) {
      const zf = u.zhTokens.indexOf(a.zh[p.zhStart]!);
      const zt = u.zhTokens.indexOf(a.zh[p.zhEnd - 1]!) + 1;
      if (done.has(zf * 4096 + zt) || !zhTermSpan(u.zh, u.zhTokens, zf, zt, isWord)) continue;
      const w = lexicalWeight(p, links[k]!, bitext[k]!, forward, backward);
      const strength = Math.pow(Math.max(1e-12, w.enGivenZh * w.zhGivenEn), 1 / (p.zhEnd - p.zhStart + p.enEnd - p.enStart));
      record(zf, zt, u.enTokens.indexOf(a.en[p.enStart]!), u.enTokens.indexOf(a.en[p.enEnd - 1]!) + 1, strength);
    }
  }

  // Units holding each side (a term also occurs where it was not aligned): the Chinese counted
  // as term-shaped spans while the units were read, the English as n-grams of the phrases wanted.
  const wantedEn = new Set<string>();
  for (const key of byPair.keys()) wantedEn.add(key.slice(key.indexOf('\t') + 1));
  const enCount = new Map<string, number>();
  for (const u of units) {
    const seen = new Set<string>();
    const toks = u.enTokens;
    for (let i = 0; i < toks.length; i++) {
      let key = '';
      for (let j = i; j < Math.min(toks.length, i + MAX_EN); j++) {
        key = j === i ? toks[j]!.key : `${key} ${toks[j]!.key}`;
        if (wantedEn.has(key) && !seen.has(key)) {
          seen.add(key);
          enCount.set(key, (enCount.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const countZh = (k: string): number => zhCount.get(k) ?? 0;
  const countEn = (k: string): number => enCount.get(k) ?? 0;

  const best = new Map<string, PhraseStats>();
  for (const [key, { occ, lex, shaped: zhShaped, clause }] of byPair) {
    const tab = key.indexOf('\t');
    const zh = key.slice(0, tab);
    const en = key.slice(tab + 1);
    const enText = mostCommon(occ.map((o) => flat.enText(units, o)));
    const shaped = zhShaped && englishShaped(enText);
    const ids = [...new Set(occ.map((o) => units[flat.unit(o)]!.id))];
    const zhUnits = Math.max(ids.length, countZh(zh));
    // A stretch of words seen once is a term only when the alignment explains its words, and
    // explains them well unless it is shaped like a term (noun-headed).
    const strength = lex / occ.length;
    if (zhUnits < 2 && (clause || strength < MIN_HAPAX_STRENGTH || (!shaped && strength < MIN_UNSHAPED_STRENGTH))) continue;
    const enUnits = Math.max(ids.length, countEn(en));
    const stats: PhraseStats = {
      zh, en, units: ids, zhUnits, enUnits, shaped,
      dice: (2 * ids.length) / (zhUnits + enUnits),
      lexical: lex / occ.length,
      zhText: mostCommon(occ.map((o) => flat.zhText(units, o))),
      enText,
    };
    const b = best.get(zh);
    if (!b || better(stats, b)) best.set(zh, stats);
  }

  // General words (金融, 消費者 on their own) are no terms: they must not take the span of the
  // terms they are part of when each unit's links are chosen.
  const posOf = new Map<string, string>();
  for (const u of units) for (const t of u.zhTokens) if (!posOf.has(t.key)) posOf.set(t.key, t.pos);
  for (const [zh, st] of best) {
    const pos = posOf.get(zh);
    if (pos === undefined || !/\p{Script=Han}/u.test(zh)) continue;
    if (generality(pos, dict.idf(zh), st.units.length >= 3 && st.dice >= 0.8).drop) best.delete(zh);
  }

  const occurrences = new Map<number, (Occurrence & { zhKey: string; enKey: string })[]>();
  for (const [key, { occ }] of byPair) {
    const tab = key.indexOf('\t');
    const zhKey = key.slice(0, tab);
    const enKey = key.slice(tab + 1);
    const stats = best.get(zhKey);
    if (stats?.en !== enKey) continue;
    // The English token ranges of the occurrences, then widened where the TM shows the whole
    // phrase is longer (評議決定 / decision → ombudsman decision).
    const spans = occ.map((i) => {
      const u = units[flat.unit(i)]!;
      const from = u.enTokens.findIndex((t) => t.start === flat.at(i, 3));
      const to = u.enTokens.findIndex((t) => t.end === flat.at(i, 4)) + 1;
      return { i, u, from, to };
    });
    if (stats.units.length >= 2) {
      for (let step = 0; step < 2; step++) {
        const grown = widen(spans);
        if (!grown) break;
        // Not a word that translates the Chinese word next to the term (Effective beside
        // 科技措施 is 有效's: 有效科技措施 is the term, 科技措施 a piece of it).
        const besideZh = spans.filter((sp) => {
          const start = flat.at(sp.i, 1);
          const end = flat.at(sp.i, 2);
          // A space may stand between them (迷你 Debian 系統: system is 系統's).
          const t = grown.side < 0 ? sp.u.zhTokens.find((x) => x.end === start || (x.end === start - 1 && sp.u.zh[x.end] === ' ')) : sp.u.zhTokens.find((x) => x.start === end || (x.start === end + 1 && sp.u.zh[end] === ' '));
          return t !== undefined && senseWordsOf(dict, senseCache, t.key).has(grown.word);
        }).length;
        if (besideZh * 2 >= spans.length) break;
        for (const sp of spans) {
          if (grown.side < 0 && sp.u.enTokens[sp.from - 1]?.key === grown.word && !sp.u.enTokens[sp.from - 1]!.breakAfter) sp.from--;
          if (grown.side > 0 && sp.u.enTokens[sp.to]?.key === grown.word && !sp.u.enTokens[sp.to - 1]!.breakAfter) sp.to++;
        }
      }
    }
    const keyOf = (sp: (typeof spans)[number]): string => sp.u.enTokens.slice(sp.from, sp.to).map((t) => t.key).join(' ');
    const newKey = mostCommon(spans.map(keyOf));
    if (newKey !== enKey) {
      stats.en = newKey;
      stats.enText = mostCommon(spans.filter((sp) => keyOf(sp) === newKey).map((sp) => sp.u.en.slice(sp.u.enTokens[sp.from]!.start, sp.u.enTokens[sp.to - 1]!.end)));
    }
    for (const sp of spans) {
      const { i, u } = sp;
      const es = u.enTokens[sp.from]!.start;
      const ee = u.enTokens[sp.to - 1]!.end;
      const o = { unit: u.id, zh: { start: flat.at(i, 1), end: flat.at(i, 2), text: flat.zhText(units, i) }, en: { start: es, end: ee, text: u.en.slice(es, ee) }, zhKey, enKey: keyOf(sp) };
      const list = occurrences.get(u.id);
      if (list) list.push(o);
      else occurrences.set(u.id, [o]);
    }
  }
  const lexicon = new Map<string, Set<string>>();
  for (const [key, { occ }] of byPair) {
    if (occ.length < 2 || new Set(occ.map((o) => flat.unit(o))).size < 2) continue;
    const tab = key.indexOf('\t');
    const zh = key.slice(0, tab);
    const set = lexicon.get(zh);
    if (set) set.add(key.slice(tab + 1));
    else lexicon.set(zh, new Set([key.slice(tab + 1)]));
  }
  for (const [zh, ens] of wordLexicon(aligned, links)) {
    const set = lexicon.get(zh);
    if (set) for (const en of ens) set.add(en);
    else lexicon.set(zh, new Set(ens));
  }
  return { best, occurrences, lexicon };
}

/**
 * The content word next to most occurrences of an aligned English phrase, when at least four in
 * five of them have it on the same side: the phrase the TM uses is longer than the alignment
 * found (a modifier the model did not learn).
 */
export function widen(spans: readonly { u: AnalysedUnit; from: number; to: number }[]): { side: -1 | 1; word: string } | undefined {
  for (const side of [-1, 1] as const) {
    const counts = new Map<string, number>();
    for (const sp of spans) {
      const t = side < 0 ? sp.u.enTokens[sp.from - 1] : sp.u.enTokens[sp.to];
      const joined = side < 0 ? t !== undefined && !t.breakAfter : t !== undefined && !sp.u.enTokens[sp.to - 1]!.breakAfter;
      if (t && joined && !isStopKey(t.key) && !/^\d/.test(t.key)) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (top && top[1] * 5 >= spans.length * 4 && top[1] >= 2) return { side, word: top[0] };
  }
  return undefined;
}

/** The translation the TM uses most; on a tie, the one with more association, then the stronger lexical weight. */
function better(a: { units: number[]; dice: number; lexical: number }, b: { units: number[]; dice: number; lexical: number }): boolean {
  if (a.units.length !== b.units.length) return a.units.length > b.units.length;
  if (a.dice !== b.dice) return a.dice > b.dice;
  return a.lexical > b.lexical;
}

/** Position weight: translations mostly keep the order of ideas (fast_align's diagonal, gently). */
const DIAGONAL = 2;

/**
 * Affinity of every Chinese and English content word of a unit: both translation probabilities,
 * position, and whether the symmetrised alignment links them.
 */
function affinity(a: AlignedUnit, prob: (z: string, e: string) => number, links: Links): Float64Array[] {
  const n = a.zh.length;
  const m = a.en.length;
  const linked = new Set(links.map(([z, e]) => z * m + e));
  return a.zh.map((z, i) => {
    const row = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const p = prob(z.key, a.en[j]!.key) * Math.exp(-DIAGONAL * Math.abs((i + 0.5) / n - (j + 0.5) / m));
      row[j] = linked.has(i * m + j) ? p : p * UNLINKED;
    }
    return row;
  });
}

/** Translation probability of every Chinese and English content word of a unit (the strength of a span). */
function rawAffinity(a: AlignedUnit, prob: (z: string, e: string) => number): Float64Array[] {
  return a.zh.map((z) => Float64Array.from(a.en, (e) => prob(z.key, e.key)));
}

/** Weight of a word pair the symmetrised alignment did not link (it decides between repeated words). */
const UNLINKED = 0.1;

/** Least affinity for an English word to be counted as a translation of a Chinese word. */
const MIN_AFFINITY = 0.01;

/**
 * The English span that translates a set of Chinese content words (indices `inside`): the English
 * words whose strongest affinity inside the set beats every Chinese word outside it (a soft
 * version of phrase consistency that survives the alignment's mistakes on repeated words). They
 * span the run from the first to the last of them, and no word inside may belong to a Chinese
 * word outside the set; at least half of the Chinese words must have their own
 * best English word in the run. Strength: the geometric mean of the affinities.
 */
export function translationSpan(grid: readonly Float64Array[], inside: readonly number[], n: number, m: number, top: TopLists = topLists(grid, n, m), raw: readonly Float64Array[] = grid): { from: number; to: number; strength: number } | undefined {
  if (inside.length === 0) return undefined;
  const isIn = (i: number): boolean => inside.includes(i);
  const belongs: number[] = [];
  const elsewhere = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    // The Chinese words by falling affinity to English word j: the best inside and the best
    // outside the set are among the first inside.length + 1 of them.
    let best = 0;
    let out = 0;
    let gotIn = false;
    let gotOut = false;
    for (let r = 0; r < top.k && !(gotIn && gotOut); r++) {
      const i = top.index[j * top.k + r]!;
      if (i < 0) break;
      const v = top.value[j * top.k + r]!;
      if (isIn(i)) {
        if (!gotIn) [best, gotIn] = [v, true];
      } else if (!gotOut) [out, gotOut] = [v, true];
    }
    if (best >= MIN_AFFINITY && best > out) belongs.push(j);
    else if (out >= MIN_AFFINITY && out > best) elsewhere[j] = 1;
  }
  if (belongs.length === 0) return undefined;
  const from = belongs[0]!;
  const to = belongs[belongs.length - 1]! + 1;
  // Inside the run, a word may be unexplained (Supervisory in Financial Supervisory Commission
  // when the model has not learnt it), not the translation of a word outside the term.
  for (let j = from; j < to; j++) if (elsewhere[j]) return undefined;
  let covered = 0;
  for (const i of inside) if (top.rowBest[i]! >= from && top.rowBest[i]! < to) covered++;
  if (covered * 2 < inside.length) return undefined;
  let logSum = 0;
  for (const j of belongs) {
    let p = 0;
    for (const i of inside) p = Math.max(p, raw[i]![j]!);
    logSum += Math.log(Math.max(p, 1e-12));
  }
  const explained = belongs.length / (to - from);
  return { from, to, strength: Math.exp(logSum / belongs.length) * (covered / inside.length) * explained };
}

/** Per English word, the Chinese words of highest affinity (index, value), and per Chinese word its best English word. */
export interface TopLists {
  k: number;
  index: Int32Array;
  value: Float64Array;
  rowBest: Int32Array;
}

export function topLists(grid: readonly Float64Array[], n: number, m: number, k = MAX_ZH + 1): TopLists {
  const index = new Int32Array(m * k).fill(-1);
  const value = new Float64Array(m * k);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) {
      const v = grid[i]![j]!;
      let r = Math.min(k, i) - 1;
      if (r === k - 1 && index[j * k + r]! >= 0 && value[j * k + r]! >= v) continue;
      // Insertion into the sorted list of k.
      r = Math.min(r, k - 2);
      while (r >= 0 && index[j * k + r]! >= 0 && value[j * k + r]! < v) {
        index[j * k + r + 1] = index[j * k + r]!;
        value[j * k + r + 1] = value[j * k + r]!;
        r--;
      }
      index[j * k + r + 1] = i;
      value[j * k + r + 1] = v;
    }
  }
  const rowBest = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let bv = 0;
    for (let j = 0; j < m; j++) if (grid[i]![j]! > bv) [rowBest[i], bv] = [j, grid[i]![j]!];
  }
  return { k, index, value, rowBest };
}

/** Occurrences of phrase pairs, five numbers each: unit index, Chinese start and end, English start and end. */
class OccurrenceList {
  private data = new Int32Array(5 * 4096);
  private length = 0;
  push(unit: number, zs: number, ze: number, es: number, ee: number): number {
    if (this.length + 5 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data.set([unit, zs, ze, es, ee], this.length);
    this.length += 5;
    return this.length / 5 - 1;
  }
  at(i: number, field: number): number {
    return this.data[i * 5 + field]!;
  }
  unit(i: number): number {
    return this.at(i, 0);
  }
  zhText(units: readonly AnalysedUnit[], i: number): string {
    return units[this.unit(i)]!.zh.slice(this.at(i, 1), this.at(i, 2));
  }
  enText(units: readonly AnalysedUnit[], i: number): string {
    return units[this.unit(i)]!.en.slice(this.at(i, 3), this.at(i, 4));
  }
}

function mostCommon(texts: string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1])[0]![0];
}

/** The links of one unit for the chosen pairs, so that per-unit linking weighs them with the rest. */
export function alignmentLinks(unitId: number, table: PhraseTable, score: (s: PhraseStats) => number): Link[] {
  const out: Link[] = [];
  for (const o of table.occurrences.get(unitId) ?? []) {
    const s = table.best.get(o.zhKey)!;
    out.push({
      zh: { text: o.zh.text, key: o.zhKey, start: o.zh.start, end: o.zh.end },
      en: { text: o.en.text, key: o.enKey, start: o.en.start, end: o.en.end },
      method: 'alignment',
      score: score(s),
      unitId,
      support: s.units.length,
      note: `word alignment: ${s.units.length} of ${s.zhUnits} units, Dice ${s.dice.toFixed(2)}, lexical ${s.lexical.toFixed(2)}`,
    });
  }
  return out;
}

/**
 * Renderings of single words from the symmetrised links themselves: a word the alignment links
 * to the same English word in two units or more, and in at least half of the units holding it,
 * renders it (行業 / sector beside 加密 / crypto, where no phrase pair was consistent because the
 * English word is also linked to a neighbour). Only words of two characters or more: a lone
 * character is as often a piece of a word jieba cut (儲存|格).
 */
export function wordLexicon(aligned: readonly { zh: readonly ZhToken[]; en: readonly EnToken[] }[], links: readonly Links[]): Map<string, Set<string>> {
  const wordLinks = new Map<string, Map<string, Set<number>>>();
  const zhUnits = new Map<string, number>();
  for (let k = 0; k < aligned.length; k++) {
    const a = aligned[k]!;
    for (const key of new Set(a.zh.map((t) => t.key))) zhUnits.set(key, (zhUnits.get(key) ?? 0) + 1);
    for (const [zi, ej] of links[k] ?? []) {
      const z = a.zh[zi]!;
      if (z.kind !== 'han' || z.end - z.start < 2) continue;
      let byEn = wordLinks.get(z.key);
      if (!byEn) wordLinks.set(z.key, (byEn = new Map()));
      const e = a.en[ej]!.key;
      const seenIn = byEn.get(e);
      if (seenIn) seenIn.add(k);
      else byEn.set(e, new Set([k]));
    }
  }
  const out = new Map<string, Set<string>>();
  for (const [zh, byEn] of wordLinks) {
    const n = zhUnits.get(zh) ?? 0;
    for (const [en, seenIn] of byEn) {
      if (seenIn.size < 2 || seenIn.size * 2 < n || !/\p{L}/u.test(en)) continue;
      const set = out.get(zh);
      if (set) set.add(en);
      else out.set(zh, new Set([en]));
    }
  }
  return out;
}
