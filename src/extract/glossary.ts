/**
 * From aligned units to the glossary: analyse each unit, run the pairers, link one-to-one inside
 * each unit (most trusted method first, longer Chinese term first), gather the links of all units
 * per term pair, keep one English term per Chinese term, score and threshold.
 */
import type { TermEntry, TranslationUnit } from '../model.js';
import { primaryLanguage } from '../model.js';
import { englishNgrams, phraseKey, tokenizeEnglish } from '../text/en-words.js';
import { chineseCandidates, prepareSegmenter, segmentChinese } from '../text/zh-words.js';
import { toSimplified } from '../text/fold.js';
import type { Dictionary } from '../dict/cedict.js';
import { dictionaryLinks } from './dictionary.js';
import { anchorLinks, glossLinks, nameLinks, sharedTokenLinks, titleLinks } from './pairers.js';
import { cValues } from './termhood.js';
import { statisticalPairs, statisticsLinks, type StatPair } from './statistics.js';
import { METHOD_TIERS, type AnalysedUnit, type Link, type PairMethod } from './types.js';

export interface ExtractOptions {
  /** Least glossary score kept (default 0.55): precision first. */
  threshold?: number;
  /** Below this many units (default 100) statistics demand Dice ≥ 0.7 instead of 0.4. */
  statisticsMinUnits?: number;
}

export const DEFAULT_THRESHOLD = 0.55;

/** A unit is usable when one side is Chinese and the other English; the Chinese side comes first. */
export function analyseUnit(tu: TranslationUnit): (AnalysedUnit & { zhLang: string; enLang: string }) | undefined {
  const s = primaryLanguage(tu.srcLang);
  const t = primaryLanguage(tu.tgtLang);
  let zh: string, en: string, zhLang: string, enLang: string;
  if (s === 'zh' && t === 'en') [zh, en, zhLang, enLang] = [tu.source, tu.target, tu.srcLang, tu.tgtLang];
  else if (s === 'en' && t === 'zh') [zh, en, zhLang, enLang] = [tu.target, tu.source, tu.tgtLang, tu.srcLang];
  else return undefined;
  if (zh.trim().length === 0 || en.trim().length === 0) return undefined;
  const zhTokens = segmentChinese(zh);
  const enTokens = tokenizeEnglish(en);
  return {
    id: tu.id ?? 0, zh, en, zhLang, enLang,
    zhTokens, zhCandidates: chineseCandidates(zh, 4, zhTokens),
    enTokens, enNgrams: englishNgrams(en, 5, enTokens),
  };
}

const tier = (m: PairMethod): number => METHOD_TIERS.indexOf(m);

/** One-to-one linking inside a unit: no character of either side is used by two links. */
export function linkUnit(links: Link[], zhLength = 0, enLength = 0): Link[] {
  // Between equal links, the English span whose place in the sentence is nearest the Chinese
  // term's place (translations mostly keep the order of ideas: 管理 / manage, not the earlier
  // administrations).
  const skew = (l: Link): number => (zhLength > 0 && enLength > 0 ? Math.abs(l.zh.start / zhLength - l.en.start / enLength) : 0);
  const sorted = [...links].sort((a, b) => tier(a.method) - tier(b.method) || (b.zh.end - b.zh.start) - (a.zh.end - a.zh.start) || b.score - a.score || skew(a) - skew(b) || a.en.start - b.en.start);
  const kept: Link[] = [];
  // Characters already taken on each side (linear in the links, whatever their number).
  const zhUsed = new Set<number>();
  const enUsed = new Set<number>();
  const free = (used: Set<number>, s: { start: number; end: number }): boolean => {
    for (let i = s.start; i < s.end; i++) if (used.has(i)) return false;
    return true;
  };
  for (const l of sorted) {
    if (!free(zhUsed, l.zh) || !free(enUsed, l.en)) continue;
    kept.push(l);
    for (let i = l.zh.start; i < l.zh.end; i++) zhUsed.add(i);
    for (let i = l.en.start; i < l.en.end; i++) enUsed.add(i);
  }
  return kept;
}

interface PairAgg {
  zhKey: string;
  enKey: string;
  links: Link[];
}

export interface GlossaryEntry extends TermEntry {
  zh: string;
  en: string;
}

/** The whole extraction over a set of units (pure: units in, entries out). */
export function buildGlossary(tus: readonly TranslationUnit[], dict: Dictionary, options: ExtractOptions = {}): GlossaryEntry[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  // A short text: load only the segmenter's words it holds.
  prepareSegmenter(tus.flatMap((tu) => [tu.source, tu.target]).filter((t) => /\p{Script=Han}/u.test(t)));
  const units = tus.map(analyseUnit).filter((u) => u !== undefined);
  if (units.length === 0) return [];
  const langCount = new Map<string, number>();
  for (const u of units) for (const l of [`zh\u0000${u.zhLang}`, `en\u0000${u.enLang}`]) langCount.set(l, (langCount.get(l) ?? 0) + 1);
  const commonLang = (p: string): string => [...langCount].filter(([k]) => k.startsWith(`${p}\u0000`)).sort((a, b) => b[1] - a[1])[0]![0].split('\u0000')[1]!;
  const zhLang = commonLang('zh');
  const enLang = commonLang('en');

  // Corpus frequency of a Chinese string (for the extent of glosses).
  const simplifiedText = units.map((u) => toSimplified(u.zh)).join('\n');
  const freqCache = new Map<string, number>();
  const freq = (s: string): number => {
    let n = freqCache.get(s);
    if (n === undefined) {
      n = 0;
      for (let i = simplifiedText.indexOf(s); i >= 0; i = simplifiedText.indexOf(s, i + s.length)) n++;
      freqCache.set(s, n);
    }
    return n;
  };

  const pinyinOf = (ch: string): string | undefined => dict.lookup(ch)?.pinyin.split(/[ |]/)[0];

  const termhood = cValues(units);
  // A small text gives little evidence: there co-occurrence must be near-perfect to count.
  const small = units.length < (options.statisticsMinUnits ?? 100);
  const stat = new Map<string, StatPair>(statisticalPairs(units, small ? { minDice: 0.7 } : {}, termhood).pairs.map((p) => [p.zh, p]));

  const known = new Map([...stat.values()].map((p) => [p.zh, p.en]));
  const aggs = new Map<string, PairAgg>();
  const posOf = new Map<string, string>();
  for (const u of units) {
    for (const t of u.zhTokens) if (!posOf.has(t.key)) posOf.set(t.key, t.pos);
    const links = linkUnit([
      ...glossLinks(u, freq), ...sharedTokenLinks(u), ...anchorLinks(u), ...titleLinks(u), ...nameLinks(u, pinyinOf),
      ...dictionaryLinks(u, dict, known), ...(stat.size > 0 ? statisticsLinks(u, stat) : []),
    ], u.zh.length, u.en.length);
    for (const l of links) {
      const k = `${l.zh.key}\u0000${l.en.key}`;
      const a = aggs.get(k);
      if (a) a.links.push(l);
      else aggs.set(k, { zhKey: l.zh.key, enKey: l.en.key, links: [l] });
    }
  }

  // A gloss, anchor or name is written out once; later units use the pair without it. Count
  // those units as evidence too (the other pairers find every unit themselves).
  const simplifiedUnits = units.map((u) => ({ id: u.id, zh: toSimplified(u.zh).toLowerCase(), en: ` ${u.enTokens.map((t) => t.key).join(' ')} ` }));
  const recurrences = (a: PairAgg, method: PairMethod): number[] => {
    if (method !== 'gloss' && method !== 'anchor' && method !== 'name') return [];
    return simplifiedUnits.filter((u) => u.zh.includes(a.zhKey) && u.en.includes(` ${a.enKey} `)).map((u) => u.id);
  };

  // One English term per Chinese term: the most trusted method, then the most evidence.
  const byZh = new Map<string, PairAgg[]>();
  for (const a of aggs.values()) {
    const list = byZh.get(a.zhKey);
    if (list) list.push(a);
    else byZh.set(a.zhKey, [a]);
  }
  const entries: GlossaryEntry[] = [];
  for (const list of byZh.values()) {
    const ranked = list
      .map((a) => ({ a, best: bestLink(a.links), units: new Set(a.links.map((l) => l.unitId)).size }))
      .sort((x, y) => tier(x.best.method) - tier(y.best.method) || y.units - x.units || y.best.score - x.best.score);
    const top = ranked[0]!;
    // Competing translations of the same term with equal trust: too ambiguous to offer one.
    const rival = ranked[1];
    if (rival && tier(rival.best.method) === tier(top.best.method) && rival.units === top.units && top.best.method !== 'gloss') continue;
    const evidence = [...new Set([...top.a.links.map((l) => l.unitId), ...recurrences(top.a, top.best.method)])].sort((x, y) => x - y);
    const recurring = (termhood.get(top.a.zhKey) ?? 0) >= 2 && [...top.a.zhKey].length >= 3 ? 0.03 : 0;
    const score = Math.min(top.best.method === 'statistics' ? 0.85 : 1, recurring + pairScore(top.a, top.best, evidence.length, posOf.get(top.a.zhKey) ?? '', (w) => dict.idf(w)));
    if (score < threshold) continue;
    const zhText = mostFrequent(top.a.links.map((l) => l.zh.text));
    const enText = englishForm(top.a.links.map((l) => l.form ?? l.en.text), top.a.enKey);
    entries.push({
      zh: zhText,
      en: enText,
      terms: [
        { lang: zhLang, text: zhText, status: 'candidate' },
        { lang: enLang, text: enText, status: 'candidate' },
      ],
      method: top.best.method,
      score: Math.round(score * 1000) / 1000,
      frequency: evidence.length,
      evidence: evidence.slice(0, 200),
      ...(top.best.note ? { note: top.best.note } : {}),
      origin: 'extract',
    });
  }
  // A part of a longer term with the same translation (深度 / DeepSeek beside 深度求索 / DeepSeek)
  // is a fragment of that term, not a term: keep the longer one.
  const byEn = new Map<string, GlossaryEntry[]>();
  for (const e of entries) {
    const k = phraseKey(e.en);
    byEn.set(k, [...(byEn.get(k) ?? []), e]);
  }
  const fragments = new Set<GlossaryEntry>();
  for (const group of byEn.values()) {
    for (const e of group) {
      const key = toSimplified(e.zh);
      if (group.some((o) => o !== e && o.zh.length > e.zh.length && toSimplified(o.zh).includes(key) && tier(o.method as PairMethod) <= tier(e.method as PairMethod))) fragments.add(e);
    }
  }
  return entries.filter((e) => !fragments.has(e)).sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || (b.frequency ?? 0) - (a.frequency ?? 0) || a.zh.localeCompare(b.zh));
}

function bestLink(links: Link[]): Link {
  return links.reduce((b, l) => (tier(l.method) < tier(b.method) || (tier(l.method) === tier(b.method) && l.score > b.score) ? l : b));
}

/**
 * One score per pair: the trust of its best evidence, a bonus for recurring in several units, and
 * termhood: a single everyday word found only through the dictionary (美國, 政策) is general
 * language rather than a term, so it falls below the threshold unless it recurs.
 */
export function pairScore(agg: PairAgg, best: Link, units: number, zhPos: string, generalIdf: (w: string) => number): number {
  let s = best.score + Math.min(0.12, 0.04 * Math.log2(units));
  const zhLen = [...agg.zhKey].length;
  const multiword = agg.enKey.includes(' ');
  if (best.method === 'dictionary' || best.method === 'statistics') {
    const isName = /^n[rst]/.test(zhPos);
    const idf = /\p{Script=Han}/u.test(agg.zhKey) ? generalIdf(agg.zhKey) : 14;
    if (zhLen <= 2 && !isName) {
      if (idf < 6) s -= 0.2;
      else if (idf < 8) s -= 0.1;
      else if (idf < 10) s -= 0.04;
    }
    if (zhLen >= 3) s += 0.06;
    if (multiword) s += 0.04;
  }
  // Co-occurrence alone never outranks a pair the text itself states (gloss, shared name, anchor).
  if (best.method === 'statistics') s = Math.min(s, 0.85);
  return Math.max(0, Math.min(1, s));
}

function mostFrequent(texts: string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * The English form to show: the singular where one was seen (blockchain, not blockchains), in
 * lower case when the phrase was ever written in lower case (executive order, not Executive Order).
 */
function englishForm(texts: string[], key: string): string {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  const norm = (t: string): string => t.toLowerCase().replace(/[-‐]/g, ' ').replace(/’/g, "'");
  const sorted = [...counts].sort((a, b) => Number(norm(b[0]) === key) - Number(norm(a[0]) === key) || b[1] - a[1]);
  let form = sorted[0]![0];
  const everLower = texts.some((t) => /^\p{Ll}/u.test(t));
  if (everLower) form = form.split(' ').map((w) => (/^\p{Lu}\p{Ll}+$/u.test(w) ? w.toLowerCase() : w)).join(' ');
  // Only inflected forms seen (drug traffickers): show the dictionary form when it is plain lower case.
  const formWords = form.split(' ');
  const keyWords = key.split(' ');
  const pluralOf = (w: string, k: string): boolean => w === k || w === `${k}s` || w === `${k}es` || (k.endsWith('y') && w === `${k.slice(0, -1)}ies`);
  if (form === form.toLowerCase() && formWords.length === keyWords.length && formWords.every((w, i) => pluralOf(w, keyWords[i]!))) form = key;
  return form;
}
