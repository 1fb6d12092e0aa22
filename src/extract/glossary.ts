/**
 * From aligned units to the glossary: analyse each unit, run the pairers, link one-to-one inside
 * each unit (most trusted method first, longer Chinese term first), gather the links of all units
 * per term pair, keep one English term per Chinese term, score and threshold.
 */
import type { TermEntry, TranslationUnit } from '../model.js';
import { primaryLanguage } from '../model.js';
import { englishNgrams, isStopKey, phraseKey, startsSentence, tokenizeEnglish, type EnNgram } from '../text/en-words.js';
import { chineseCandidates, isZhFunctionWord, prepareSegmenter, segmentChinese, segmentChinesePiece, type ZhToken } from '../text/zh-words.js';
import { mainlandVocabulary, taiwanVocabulary, wordLemma as lemma, toSimplified, wordClasses } from '../text/fold.js';
import type { Dictionary } from '../dict/cedict.js';
import { dictionaryLinks, sameWordFamily, verbOnly } from './dictionary.js';
import { anchorLinks, glossLinks, nameLinks, sharedTokenLinks, titleLinks } from './pairers.js';
import { cValues } from './termhood.js';
import { betweenNumbers, generality, instances, isFragment, numberedReference, withoutLocative, type Neighbours } from './precision.js';
import { statisticalPairs, statisticsLinks, type StatPair } from './statistics.js';
import { alignmentLinks, englishShaped, nounCompound, phraseTable, type PhraseStats } from './phrases.js';
import { definedForms, structureLinks, wholeUnitLinks } from './structure.js';
import { composedLinks } from './compose.js';
import { METHOD_TIERS, overlaps, type AnalysedUnit, type Link, type PairMethod } from './types.js';

export interface ExtractOptions {
  /** Least glossary score kept (default 0.55): precision first. */
  threshold?: number;
  /** Below this many units (default 100) statistics demand Dice ≥ 0.7 instead of 0.4. */
  statisticsMinUnits?: number;
  /** Learn a word alignment from the units and take term pairs from it (default true). */
  alignment?: boolean;
  /**
   * Why a term came out as it did (a development aid, `npm run eval -- --why TERM`): for each
   * Simplified Chinese key in `keys`, every candidate, link and decision is written to `log`.
   */
  trace?: { keys: ReadonlySet<string>; log: (line: string) => void };
}

/** Word-key pairs inside the spans of the stated links: priors for the word alignment. */
function seedsOf(units: readonly AnalysedUnit[], stated: readonly Link[][]): [string, string][] {
  const out: [string, string][] = [];
  units.forEach((u, k) => {
    for (const l of stated[k]!) {
      const zh = u.zhTokens.filter((t) => t.start >= l.zh.start && t.end <= l.zh.end && t.kind !== 'other');
      const en = u.enTokens.filter((t) => t.start >= l.en.start && t.end <= l.en.end);
      if (zh.length * en.length > 36) continue;
      for (const z of zh) for (const e of en) out.push([z.key, e.key]);
    }
  });
  return out;
}

/**
 * Trust in an aligned pair: association over the units (Dice), the lexical weights of the
 * alignment, and how often the TM uses it.
 */
export function alignmentScore(s: PhraseStats): number {
  const n = s.units.length;
  const recurrence = Math.min(0.15, 0.05 * Math.log2(n + 1) - 0.05);
  // A stretch that is not shaped like a term (a verb phrase: 充分揭露 / fully disclose) ranks lower.
  const raw = 0.35 + 0.25 * s.dice + 0.2 * Math.min(1, s.lexical * 1.5) + recurrence - (s.shaped ? 0 : 0.15);
  // Seen once, a phrase pair may be any stretch of the sentence: it needs more than itself.
  // Seen once and not shaped like a term, it is a stretch of the sentence unless its English at
  // least is a plain noun compound (掛載選項 / mount options).
  if (n === 1 && !s.shaped && !nounCompound(s.enText)) return 0;
  return Math.min(n === 1 ? 0.7 : 0.9, raw);
}

export const DEFAULT_THRESHOLD = 0.55;

/** Fewest units from which a word alignment is learnt. */
export const ALIGNMENT_MIN_UNITS = 20;

/** The note of a name copied unchanged into the translation (Debian / Debian). */
export const DO_NOT_TRANSLATE = 'do not translate: written the same in both languages';
/** The score of a do-not-translate entry seen once: over the threshold, under the terms. */
const DO_NOT_TRANSLATE_SCORE = 0.58;

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
  // The English n-grams are the bulk of a unit's analysis: made when first read, dropped by
  // release() once the unit's pairs are found, so that a large TM's units never hold them all.
  let ngrams: EnNgram[] | undefined;
  return {
    id: tu.id ?? 0, zh, en, zhLang, enLang,
    zhTokens, zhCandidates: chineseCandidates(zh, 4, zhTokens),
    enTokens,
    get enNgrams(): EnNgram[] {
      return (ngrams ??= englishNgrams(en, 5, enTokens));
    },
    release(): void {
      ngrams = undefined;
    },
  };
}

const tier = (m: PairMethod): number => METHOD_TIERS.indexOf(m);

/**
 * Trust of one link: its method's tier, except that a pair the alignment found in one unit only,
 * or too weakly to be kept on its own, ranks after the dictionary (one sentence is weak evidence
 * for a learnt alignment; the TM's rendering wins over the dictionary where it recurs and is
 * strong: 利害關係人 / interest, lexical 0.01, does not take party in interest from the
 * dictionary's interested party), and that a compound the dictionary
 * translates word by word, found so in the sentence, ranks before the aligned pairs: its aligned
 * words (裝置 / device in 裝置樹 / device tree) nest inside it, and an aligned stretch that adds
 * an untranslated word (責任限制規定 / limitation of liability) does not take its English.
 */
const linkTier = (l: Link): number => (l.composed ? tier('alignment') - 0.5 : l.method === 'alignment' && ((l.support ?? 0) < 2 || l.score < DEFAULT_THRESHOLD) ? tier('dictionary') + 0.5 : tier(l.method));

/**
 * Trust of a link competing for its span in one unit: a compound of three characters or more
 * that the dictionary lists whole, found with one of its senses of several words in the
 * sentence (使用者介面 / user interface), ranks like a verified composition, so its aligned words
 * nest inside it rather than split it. Among a term's renderings over the TM it keeps the
 * dictionary's trust (人工智能: AI, written 13 times, before artificial intelligence, once).
 */
const spanTier = (l: Link): number => (wholeSense(l) ? tier('alignment') - 0.5 : linkTier(l));
const wholeSense = (l: Link): boolean => l.method === 'dictionary' && l.score >= 0.8 && l.en.key.includes(' ') && hanCount(l.zh.text) >= 3;

/** One-to-one linking inside a unit: no character of either side is used by two links. */
/** Han characters in a string. */
const hanCount = (s: string): number => s.match(/\p{Script=Han}/gu)?.length ?? 0;

export function linkUnit(links: Link[], zhLength = 0, enLength = 0): Link[] {
  // Between equal links, the English span whose place in the sentence is nearest the Chinese
  // term's place (translations mostly keep the order of ideas: 管理 / manage, not the earlier
  // administrations).
  const skew = (l: Link): number => (zhLength > 0 && enLength > 0 ? Math.abs(l.zh.start / zhLength - l.en.start / enLength) : 0);
  // Aligned pairs carry a score over the whole TM: there the stronger pair takes the span, not the longer.
  const byScore = (a: Link, b: Link): number => (a.method === 'alignment' && b.method === 'alignment' ? b.score - a.score : 0);
  const sorted = [...links].sort((a, b) => spanTier(a) - spanTier(b) || byScore(a, b) || (b.zh.end - b.zh.start) - (a.zh.end - a.zh.start) || b.score - a.score || skew(a) - skew(b) || a.en.start - b.en.start);
  const kept: Link[] = [];
  // Characters already taken on each side (linear in the links, whatever their number).
  const zhUsed = new Set<number>();
  const enUsed = new Set<number>();
  const free = (used: Set<number>, s: { start: number; end: number }): boolean => {
    for (let i = s.start; i < s.end; i++) if (used.has(i)) return false;
    return true;
  };
  // Nested terms are no rivals: an aligned pair inside another on both sides (驅動模組 / driver
  // modules in 硬體驅動模組 / hardware driver modules; the shared name RAID in 軟 RAID / software
  // RAID) is a term of its own and keeps its evidence beside the longer one; an aligned pair
  // around a dictionary pair (委員會 / Commission in 金融監督管理委員會 / Financial Supervisory
  // Commission) or inside one (防火牆 / firewall in 防火牆能力 / firewall capabilities) is kept
  // beside it.
  const inside = (a: Link, b: Link): boolean => b.zh.start <= a.zh.start && a.zh.end <= b.zh.end && b.en.start <= a.en.start && a.en.end <= b.en.end;
  const nested = (a: Link, b: Link): boolean => inside(a, b) || inside(b, a);
  const keptAligned: Link[] = [];
  for (const l of sorted) {
    if (!free(zhUsed, l.zh) || !free(enUsed, l.en)) {
      // A verified composition inside another (硬體發現 / hardware discovery in 自動硬體發現 /
      // automatic hardware discovery) is a term of its own, like nested aligned pairs; a copied
      // name inside a composition on both sides is one of its pieces, no rival, where the rest is
      // itself a compound (常規 Debian 系統 / normal Debian system; not Debian 系統 / Debian system).
      if (l.composed) {
        const namePiece = (k: Link): boolean => k.method === 'shared-token' && inside(k, l) && hanCount(l.zh.text) - hanCount(k.zh.text) >= 3;
        if (kept.some((k) => (overlaps(k.zh, l.zh) || overlaps(k.en, l.en)) && !(k.composed && inside(l, k)) && !namePiece(k))) continue;
      } else {
        // A statistical pair inside a composition made of it (幣安 in 幣安平台 / Binance
        // platform) keeps its own link beside it, as an aligned one does.
        const overlapping = kept.filter((k) => overlaps(k.zh, l.zh) || overlaps(k.en, l.en));
        if (l.method === 'statistics' && overlapping.length > 0 && overlapping.every((k) => k.composed && inside(l, k))) {
          kept.push(l);
          continue;
        }
        if (l.method !== 'alignment' && l.method !== 'shared-token') continue;
        const clash = (k: Link): boolean => (overlaps(k.zh, l.zh) || overlaps(k.en, l.en)) && !nested(k, l);
        if (kept.some((k) => k.method !== 'alignment' && k.method !== 'shared-token' && (overlaps(k.zh, l.zh) || overlaps(k.en, l.en)) && !(l.method === 'alignment' && nested(k, l)))) continue;
        if (keptAligned.some(clash)) continue;
      }
    }
    kept.push(l);
    if (l.method === 'alignment' || l.method === 'shared-token') keptAligned.push(l);
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
  const trace = options.trace;
  const traced = (zhKey: string): boolean => trace !== undefined && trace.keys.has(zhKey);
  const show = (l: Link): string => `${l.zh.text} / ${l.en.text} [${l.method}${l.composed ? ' composed' : ''} ${l.score.toFixed(2)}${l.support ? ` ×${l.support}` : ''}]${l.note ? ` ${l.note}` : ''}`;
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
  const simplifiedZh = units.map((u) => toSimplified(u.zh).toLowerCase());
  const simplifiedText = simplifiedZh.join('\n');
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

  // The characters around each word-aligned occurrence of the Chinese strings in `keys`, in one
  // pass over the units (for fragments: 接字 in 套接字).
  const neighboursOf = (keys: ReadonlySet<string>): Map<string, Neighbours> => {
    const out = new Map<string, Neighbours>();
    forEachRun(units, simplifiedZh, keys, (key, toks, i, j, text) => {
      let around = out.get(key);
      if (!around) out.set(key, (around = { left: [], right: [] }));
      if (around.left.length >= 50) return;
      around.left.push(text[toks[i]!.start - 1] ?? '');
      around.right.push(text[toks[j]!.end] ?? '');
    });
    return out;
  };
  const isWord = (s: string): boolean => dict.lookup(s) !== undefined;

  const pinyinOf = (ch: string): string | undefined => dict.lookup(ch)?.pinyin.split(/[ |]/)[0];

  const termhood = cValues(units);
  // A small text gives little evidence: there co-occurrence must be near-perfect to count.
  const small = units.length < (options.statisticsMinUnits ?? 100);
  const stat = new Map<string, StatPair>(statisticalPairs(units, small ? { minDice: 0.7 } : {}, termhood).pairs.map((p) => [p.zh, p]));

  const known = new Map([...stat.values()].map((p) => [p.zh, p.en]));
  // The pairs the text states itself (glosses, shared names, anchors, titles, ·-names) first:
  // they seed the word alignment as priors.
  const stated = units.map((u) => {
    const links = [...glossLinks(u, freq, (w) => dict.glosses(w)), ...sharedTokenLinks(u), ...anchorLinks(u), ...titleLinks(u), ...nameLinks(u, pinyinOf), ...structureLinks(u, dict)];
    u.release?.();
    return links;
  });
  // A word alignment learnt from a handful of units knows nothing the dictionary does not.
  const phrases = options.alignment === false || units.length < ALIGNMENT_MIN_UNITS ? undefined : phraseTable(units, dict, { seeds: seedsOf(units, stated) });
  // Renderings of pieces for compositions: the TM's own (aligned in two units or more, stated by
  // the text), then CC-CEDICT's senses as a hint.
  const stateds = new Map<string, Set<string>>();
  for (const list of stated) {
    for (const l of list) {
      const set = stateds.get(l.zh.key);
      if (set) set.add(l.en.key);
      else stateds.set(l.zh.key, new Set([l.en.key]));
    }
  }
  const renderingCache = new Map<string, Set<string>>();
  const renderings = (zh: string): Set<string> => {
    let r = renderingCache.get(zh);
    if (!r) {
      // The TM's renderings of a span that is a word of the dictionary or a term of the phrase
      // table (a stretch such as 制度應, system + should, is neither); of a term only its chosen
      // rendering, where it is shaped like a term and associated with it (命令金融 / financial is not).
      const han = /\p{Script=Han}/u.test(zh);
      const chosen = phrases?.best.get(zh);
      const own = !han || dict.lookup(zh) !== undefined ? phrases?.lexicon.get(zh) ?? [] : chosen && chosen.shaped && chosen.dice >= 0.5 ? [chosen.en] : [];
      // The statistics' partner of a word, where it is strong; never of a stretch opened by a
      // function character (之日起 / day is a piece of a clause).
      const statistical = isZhFunctionWord(zh[0] ?? '') ? undefined : stat.get(zh);
      r = new Set([...(stateds.get(zh) ?? []), ...own, ...(statistical && statistical.dice >= 0.5 ? [statistical.en] : []), ...(han ? dict.glosses(zh) : [])]);
      if (renderingCache.size < 200_000) renderingCache.set(zh, r);
    }
    return r;
  };
  const aggs = new Map<string, PairAgg>();
  const posOf = new Map<string, string>();
  units.forEach((u, k) => {
    for (const t of u.zhTokens) if (!posOf.has(t.key)) posOf.set(t.key, t.pos);
    const others = [...stated[k]!, ...dictionaryLinks(u, dict, known)];
    const candidates = [
      ...(phrases ? alignmentLinks(u.id, phrases, alignmentScore) : []), ...withinNone(composedLinks(u, renderings, (zh) => dict.glosses(zh)), others),
      ...others, ...(stat.size > 0 ? statisticsLinks(u, stat) : []),
    ];
    const linked = piecesDropped(linkUnit(candidates, u.zh.length, u.en.length), u.zhTokens).map((l) => withoutGluedFunctionWord(l, u.zhTokens, isWord));
    // A unit that is one term on both sides (a heading, a list item) is that term beside the
    // pairs found inside it: it claims no words from them, and it seeds no alignment.
    const whole = wholeUnitLinks(u, dict).filter((w) => !linked.some((l) => l.zh.start === w.zh.start && l.zh.end === w.zh.end));
    const links = whole.length > 0 ? [...linked, ...whole] : linked;
    if (trace) {
      const zhS = simplifiedZh[k]!;
      for (const key of trace.keys) {
        if (!zhS.includes(key)) continue;
        const isCandidate = u.zhCandidates.some((c) => c.key === key);
        trace.log(`unit ${u.id}: ${key} ${isCandidate ? 'is' : 'is NOT'} a candidate; words ${u.zhTokens.map((t) => `${t.text}/${t.pos}`).join(' ')}`);
        trace.log(`  en: ${u.en.slice(0, 300)}`);
        for (const l of candidates) {
          if (!(l.zh.key.includes(key) || key.includes(l.zh.key))) continue;
          trace.log(`  ${links.includes(l) ? 'kept ' : 'lost '} ${show(l)}`);
        }
        for (const l of links) if (overlaps(l.zh, { start: zhS.indexOf(key), end: zhS.indexOf(key) + key.length }) && !(l.zh.key.includes(key) || key.includes(l.zh.key))) trace.log(`  taken by ${show(l)}`);
      }
    }
    u.release?.();
    for (const l of links) {
      const k = `${l.zh.key}\u0000${l.en.key}`;
      const a = aggs.get(k);
      if (a) a.links.push(l);
      else aggs.set(k, { zhKey: l.zh.key, enKey: l.en.key, links: [l] });
    }
  });

  // A gloss, anchor or name is written out once; later units use the pair without it. Count
  // those units as evidence too (the other pairers find every unit themselves).
  const simplifiedUnits = units.map((u) => ({ id: u.id, zh: toSimplified(u.zh).toLowerCase(), en: ` ${u.enTokens.map((t) => t.key).join(' ')} ` }));
  const recurrences = (a: PairAgg, method: PairMethod): number[] => {
    if (method !== 'gloss' && method !== 'anchor' && method !== 'name') return [];
    return simplifiedUnits.filter((u) => u.zh.includes(a.zhKey) && u.en.includes(` ${a.enKey} `)).map((u) => u.id);
  };

  // The English of each unit, and every word the TM writes in lower case somewhere: a word only
  // ever seen capitalised (Taiwan) keeps its capital even where a sentence starts with it.
  const enById = new Map(units.map((u) => [u.id, u.en]));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const lowerWords = wordsWrittenLower(units.map((u) => u.en));
  // One English term per Chinese term: the most trusted method, then the most evidence.
  const byZh = new Map<string, PairAgg[]>();
  for (const a of aggs.values()) {
    const list = byZh.get(a.zhKey);
    if (list) list.push(a);
    else byZh.set(a.zhKey, [a]);
  }
  const entries: GlossaryEntry[] = [];
  const fragmentCandidates = new Set<string>();
  // Entries of general words, kept only if widened to the term they always stand in (by zh text).
  const generalWords = new Set<string>();
  const composedEntries = new Set<string>();
  // A word the statistics pair strongly with one English word over three units or more (Dice
  // 0.8) ranks before a stretch the alignment found in a single unit (調解: conciliation in 3
  // units, not conciliation procedure aligned once), still after the dictionary; a stretch of
  // words the statistics pair with one word (申請評議 / institute) does not.
  const rankTier = (r: { a: PairAgg; best: Link; units: number }): number =>
    r.best.method === 'statistics' && r.units >= 3 && r.best.score >= 0.75 && posOf.has(r.a.zhKey) && !r.a.enKey.includes(' ') ? tier('dictionary') + 0.25 : linkTier(r.best);
  for (const list of byZh.values()) {
    const ranked = list
      .map((a) => ({ a, best: bestLink(a.links), units: new Set(a.links.map((l) => l.unitId)).size }))
      .sort((x, y) => rankTier(x) - rankTier(y) || y.units - x.units || y.best.score - x.best.score);
    // Two compositions of the same dictionary senses in one unit, one in the Chinese order and
    // one head first with "of" (人格權: personality rights, right of integrity): the Chinese order
    // is the composition's own reading, the other a sense of another word nearby.
    if (ranked.length >= 2 && ranked[0]!.best.composed && ranked[1]!.best.composed && linkTier(ranked[0]!.best) === linkTier(ranked[1]!.best) && ranked[0]!.units === ranked[1]!.units) {
      const headFirst = (r: (typeof ranked)[number]): boolean => / (?:of|for) /.test(` ${r.a.enKey} `);
      if (headFirst(ranked[0]!) && !headFirst(ranked[1]!)) ranked.splice(0, 2, ranked[1]!);
      else if (!headFirst(ranked[0]!) && headFirst(ranked[1]!)) ranked.splice(1, 1);
    }
    // A stretch of a clause is no term, whatever found it; a verb with its object (enter the
    // formula, place the cursor) is an instruction, even in a heading (Import a dBASE File). Such
    // a rendering gives way to the next one (適合度: suitability, not suitability should take
    // into account aligned once).
    const forms = new Map<(typeof ranked)[number], string>();
    const formOf = (r: (typeof ranked)[number]): string => {
      let f = forms.get(r);
      if (f === undefined) forms.set(r, (f = englishForm(r.a.links.map((l) => occurrenceOf(l, enById.get(l.unitId) ?? '')), r.a.enKey, lowerWords)));
      return f;
    };
    const clause = (r: (typeof ranked)[number]): boolean => {
      const m = r.best.method;
      if (m !== 'gloss' && m !== 'definition' && m !== 'anchor' && opensWithChineseVerb(r.a.zhKey, formOf(r), dict)) return true;
      return m === 'dictionary' || m === 'statistics' || m === 'alignment' || m === 'list' ? clauseLike(formOf(r)) : opensWithObject(formOf(r));
    };
    if (clause(ranked[0]!)) {
      const dropped = ranked[0]!;
      ranked.splice(0, ranked.length, ...ranked.filter((r) => !clause(r)));
      if (ranked.length === 0) {
        if (traced(dropped.a.zhKey)) trace!.log(`${dropped.a.zhKey}: dropped: rendered by a stretch of a clause`);
        continue;
      }
    }
    // A rendering that is only part of the dictionary's whole sense found in the TM too (對話方塊:
    // dialog beside dialog box, 源代碼: source beside source code) leaves part of the term
    // untranslated: the whole sense goes first, unless the part is itself a sense (人工智能: AI).
    const whole = wholeSenseFirst(ranked.map((r) => ({ en: r.a.enKey, whole: wholeSense(r.best) })), dict.glosses(ranked[0]!.a.zhKey));
    if (whole > 0) ranked.unshift(...ranked.splice(whole, 1));
    const top = ranked[0]!;
    const why = traced(top.a.zhKey) ? (m: string): void => trace!.log(`${top.a.zhKey}: ${m}; ranked ${ranked.map((r) => `${r.a.enKey} (${r.best.method}, ${r.units} units)`).join(', ')}`) : undefined;
    // Competing translations of the same term with equal trust: too ambiguous to offer one.
    const rival = ranked[1];
    if (rival && linkTier(rival.best) === linkTier(top.best) && rival.units === top.units && top.best.method !== 'gloss') {
      why?.('dropped: two translations with equal trust');
      continue;
    }
    const evidence = [...new Set([...top.a.links.map((l) => l.unitId), ...recurrences(top.a, top.best.method)])].sort((x, y) => x - y);
    const statistical = top.best.method === 'dictionary' || top.best.method === 'statistics' || top.best.method === 'alignment';
    let general = false;
    // Found by the statistics or the dictionary alone: general words and pieces of words are no terms.
    if (statistical && /\p{Script=Han}/u.test(top.a.zhKey)) {
      // A verified composition's boundary is the English one: no piece of a longer word.
      if (!top.best.composed) fragmentCandidates.add(top.a.zhKey);
      const pos = posOf.get(top.a.zhKey);
      // A noun the dictionary renders with a phrase of several content words (董事長 / chairman
      // of the board) names a thing, however common: only single-word renderings are general.
      const phrase = top.best.method === 'dictionary' && /^n/.test(pos ?? '') && top.a.enKey.split(' ').filter((w) => !isStopKey(w)).length >= 2;
      if (pos !== undefined && !phrase && generality(pos, dict.idf(top.a.zhKey), recurrent(top.best)).drop) {
        // A general word may yet be a piece of a term it always stands in (適合 in 適合度): kept
        // until the pieces are widened, then dropped unless it was.
        if (top.best.composed) {
          why?.(`dropped: a general word (${pos}, idf ${dict.idf(top.a.zhKey).toFixed(1)})`);
          continue;
        }
        general = true;
      }
    }
    let enText = formOf(top);
    // A Chinese word rendered by an inflected English verb (儲存 / stored, 精簡 / stripped) is used
    // as a verb there: an action in a sentence, not a term to look up.
    if (statistical || top.best.method === 'list') {
      const form = enText;
      // Unless the dictionary names the thing with an abstract noun of the same family (去中心化,
      // decentralization / decentralized; not 翻譯, translator / translated).
      const named = (): boolean => [...dict.glosses(top.a.zhKey)].some((g) => !g.includes(' ') && /(?:tion|sion|ment|ance|ence|ity|ness|ure)$/.test(g) && wordClasses(g).noun && sameWordFamily(g, form.toLowerCase()));
      if (inflectedVerb(form) && !named()) {
        why?.('dropped: rendered by an inflected verb');
        continue;
      }
      // Read in one unit by the statistics or the dictionary, a word that only describes or acts
      // (remarkable, unnecessary, automate) belongs to that sentence: the units that make a word
      // the text's own, or a list that states it (irrevocable), are another matter.
      if (statistical && evidence.length === 1 && describingWord(form)) {
        why?.('dropped: one unit, rendered by an adjective or a verb');
        continue;
      }
      // A Chinese verb rendered by an English verb that opens the sentence or the bracket it
      // stands in, in nearly all of its units (參看 / See in `(See fakeroot(1).)`), tells the reader
      // what to do: an instruction, no term.
      if (statistical && !top.a.enKey.includes(' ') && /^v/.test(posOf.get(top.a.zhKey) ?? '') && instruction(top.a.links.map((l) => ({ text: enById.get(l.unitId) ?? '', at: l.en.start })))) {
        why?.('dropped: an instruction to the reader');
        continue;
      }
      // A quantity opening the Chinese (這部分 / part, 幾個階段 / several phases) makes a phrase
      // of the sentence, not a name of a thing.
      if (quantified(top.a.zhKey, enText)) {
        why?.('dropped: a quantity and what it counts');
        continue;
      }
      // A stretch opened or closed by a function word is a piece of a clause (之日起 / days of the
      // date, 其董 / 4.Order); an English that is a number word, or holds a list number glued to a
      // word, names nothing (Fifty, 4.Order).
      if (top.best.method !== 'dictionary' && edgeFunctionWord(top.a.zhKey)) {
        why?.('dropped: opened or closed by a function word');
        continue;
      }
      if (numberLike(enText)) {
        why?.('dropped: a number in English');
        continue;
      }
      // A statistical partner the dictionary does not give, where the head of one of the word's
      // senses stands in every unit too: the statistics took the word it always occurs beside
      // (頁首, "page header", paired with footers in 頁首和頁尾 / headers and footers).
      if (top.best.method === 'statistics' && otherSenseEverywhere(dict.glosses(top.a.zhKey), top.a.enKey, evidence.map((id) => enById.get(id) ?? ''))) {
        why?.('dropped: the dictionary names another word of the same units');
        continue;
      }
      // A composition read in one unit that opens with an everyday modifier (不同顏色 / different
      // color, 主要工具 / main tool, 整個系統 / entire system) is a phrase of the sentence.
      if (evidence.length === 1 && (top.best.composed || /word by word/.test(top.best.note ?? '')) && everydayModifierFirst(top.a.zhKey, (w) => dict.idf(w))) {
        why?.('dropped: a one-unit composition opened by an everyday modifier');
        continue;
      }
      // A numbered reference is no term: an ordinal and its unit (第一項 / Paragraph 1), or words
      // a number follows wherever the pair occurs (參見 節 / see Section).
      if (numberedReference(top.a.zhKey, top.a.links.map((l) => (enById.get(l.unitId) ?? '').slice(l.en.end, l.en.end + 8)))) {
        why?.('dropped: the words of a numbered reference');
        continue;
      }
      // An English that is only part of the dictionary's sense (洗錢 / money, of money laundering;
      // 法人 / persons, of legal person) leaves the rest of the term untranslated, unless the TM
      // uses it so again and again (素材 / Material in 36 units, source material in CC-CEDICT).
      if ((top.best.method === 'alignment' || top.best.method === 'statistics') && top.units <= 2) {
        const senses = dict.glosses(top.a.zhKey);
        if (senses.size > 0 && !senses.has(top.a.enKey) && [...senses].some((g) => properPart(top.a.enKey, g))) {
          // Unless the text writes a modifier of its own where the sense has one (法人, "legal
          // person": juristic persons in every occurrence), which no other word of the units renders.
          const own = ownModifier(top.a, senses, unitById, dict);
          if (!own) {
            why?.('dropped: only part of a dictionary sense');
            continue;
          }
          why?.(`completed with the text's own modifier: ${own}`);
          enText = own;
        }
      }
    }
    const recurring = (termhood.get(top.a.zhKey) ?? 0) >= 2 && [...top.a.zhKey].length >= 3 ? 0.03 : 0;
    let score = Math.min(top.best.method === 'statistics' ? 0.85 : 1, recurring + pairScore(top.a, top.best, evidence.length, posOf.get(top.a.zhKey) ?? '', (w) => dict.idf(w)));
    // A name written the same in both languages is a do-not-translate entry: kept, marked, and
    // ranked below the terms that need a translation.
    const copied = top.best.method === 'shared-token';
    if (copied) score = Math.min(score, DO_NOT_TRANSLATE_SCORE + Math.min(0.06, 0.02 * Math.log2(evidence.length)));
    if (score < threshold) {
      why?.(`dropped: score ${score.toFixed(3)} under ${threshold}`);
      continue;
    }
    why?.(`entry ${top.a.enKey}, score ${score.toFixed(3)}`);
    const zhText = mostFrequent(top.a.links.map((l) => l.zh.text));
    if (top.best.composed) composedEntries.add(zhText);
    if (general) generalWords.add(zhText);
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
      ...(copied ? { note: DO_NOT_TRANSLATE } : top.best.note ? { note: top.best.note } : {}),
      origin: 'extract',
    });
  }
  // Pieces of words (接字 in 套接字) go, judged from the characters around their occurrences.
  const around = neighboursOf(fragmentCandidates);
  const numbered = new Set([...fragmentCandidates].filter((k) => betweenNumbers(around.get(k) ?? { left: [], right: [] })));
  for (const k of numbered) if (traced(k)) trace!.log(`${k}: dropped as a piece of numbered references`);
  if (numbered.size > 0) entries.splice(0, entries.length, ...entries.filter((e) => !numbered.has(toSimplified(e.zh).toLowerCase())));
  const pieces = new Set([...fragmentCandidates].filter((k) => !numbered.has(k) && isFragment(k, around.get(k) ?? { left: [], right: [] }, isWord)));
  // A piece that always stands beside the same word is that word's term, not nothing: 預審 always
  // in 預審委員 and aligned with "pre-examiners" gives 預審委員 / pre-examiner, unless its English
  // does not render the word beside it (資料庫 / database is no 資料庫權利).
  const widened = widenedPieces(units, simplifiedZh, pieces, isWord);
  const byKey = new Set(entries.map((e) => toSimplified(e.zh).toLowerCase()));
  for (const [i, e] of entries.entries()) {
    const k = toSimplified(e.zh).toLowerCase();
    const w = widened.get(k);
    if (!w || byKey.has(w.key)) continue;
    // The English must name a thing: a noun, or a plain noun compound (not a stretch of a clause).
    const single = !/[\s\u2010-\u2015-]/.test(e.en.trim());
    const named = single ? wordClasses(phraseKey(e.en)).noun : nounCompound(e.en);
    if (!rendersWord(w.word, phraseKey(e.en), renderings, w.after) || !named) {
      if (traced(k)) trace!.log(`${k}: not widened to ${w.key}: ${e.en} does not render ${w.word}`);
      continue;
    }
    byKey.add(w.key);
    entries[i] = { ...e, zh: w.text, terms: e.terms.map((t, j) => (j === 0 ? { ...t, text: w.text } : t)), note: `${e.note ? `${e.note}; ` : ''}widened to the word it always stands in` };
    pieces.delete(k);
    if (traced(k)) trace!.log(`${k}: widened to ${w.key}`);
  }
  for (const e of entries) if (generalWords.has(e.zh) && traced(toSimplified(e.zh).toLowerCase())) trace!.log(`${toSimplified(e.zh).toLowerCase()}: dropped: a general word`);
  if (generalWords.size > 0) entries.splice(0, entries.length, ...entries.filter((e) => !generalWords.has(e.zh)));
  for (const k of pieces) if (traced(k)) trace!.log(`${k}: dropped as a piece of a longer word`);
  if (pieces.size > 0) entries.splice(0, entries.length, ...entries.filter((e) => !pieces.has(toSimplified(e.zh).toLowerCase())));
  // Two terms joined (新加坡和薩爾瓦多 / Singapore and El Salvador), each an entry of its own, are
  // no third term: the statistical methods found the stretch, nothing stated it as one.
  const zhKeys = new Set(entries.map((e) => toSimplified(e.zh).toLowerCase()));
  const joined = new Set(entries.filter((e) => (e.method === 'alignment' || e.method === 'statistics' || e.method === 'dictionary') && joinsTwoEntries(toSimplified(e.zh).toLowerCase(), zhKeys)));
  for (const e of joined) if (traced(toSimplified(e.zh).toLowerCase())) trace!.log(`${toSimplified(e.zh).toLowerCase()}: dropped: two entries joined`);
  if (joined.size > 0) entries.splice(0, entries.length, ...entries.filter((e) => !joined.has(e)));
  // A part of a longer term with the same translation (深度 / DeepSeek beside 深度求索 / DeepSeek)
  // is a fragment of that term, not a term: keep the longer one, unless the shorter has more
  // evidence (金融消費者 beside a stretch 有關金融消費者 aligned once).
  const byEn = new Map<string, GlossaryEntry[]>();
  for (const e of entries) {
    const k = phraseKey(e.en);
    byEn.set(k, [...(byEn.get(k) ?? []), e]);
  }
  const fragments = new Set<GlossaryEntry>();
  // A verified composition ranks as its links did: before the aligned pairs.
  const entryTier = (e: GlossaryEntry): number => (composedEntries.has(e.zh) ? tier('alignment') - 0.5 : tier(e.method as PairMethod));
  for (const group of byEn.values()) {
    for (const e of group) {
      const key = toSimplified(e.zh);
      if (group.some((o) => o !== e && o.zh.length > e.zh.length && toSimplified(o.zh).includes(key) && entryTier(o) <= entryTier(e) && (o.frequency ?? 0) >= (e.frequency ?? 0))) fragments.add(e);
    }
  }
  for (const e of fragments) if (traced(toSimplified(e.zh))) trace!.log(`${toSimplified(e.zh)}: dropped as a part of a longer term with the same English`);
  let kept = entries.filter((e) => !fragments.has(e));
  // A locative particle left at the end (儲存格中 / cell, 水平尺規上 / horizontal ruler) is no
  // part of the term: the entry without it stands already, or takes its place where the
  // dictionary renders the rest so (樹中 / tree: 樹 is "tree").
  const keysNow = new Set(kept.map((e) => toSimplified(e.zh).toLowerCase()));
  kept = kept.flatMap((e) => {
    const rest = withoutLocative(e.zh, e.en, (s) => isWord(toSimplified(s)));
    if (rest === undefined) return [e];
    const restKey = toSimplified(rest).toLowerCase();
    if (keysNow.has(restKey)) {
      if (traced(toSimplified(e.zh).toLowerCase())) trace!.log(`${toSimplified(e.zh).toLowerCase()}: dropped: ${rest} with a locative particle`);
      return [];
    }
    if (!dict.glosses(restKey).has(phraseKey(e.en))) return [e];
    keysNow.add(restKey);
    return [{ ...e, zh: rest }];
  });
  // Instances of a thing named by an identifier (儲存格 A1 / cell A1 beside 儲存格 B4 / cell B4)
  // are examples in the text, not terms: the thing itself is the term. Last, so that their
  // pieces (格 B12) went with them as fragments.
  const named = instances(kept);
  for (const i of named) if (traced(toSimplified(kept[i]!.zh).toLowerCase())) trace!.log(`${toSimplified(kept[i]!.zh).toLowerCase()}: dropped: an instance named by an identifier`);
  const final = kept.filter((_, i) => !named.has(i));
  const withVariants = [...final, ...wordingVariants(final, units, simplifiedUnits, (zh) => phrases?.best.get(zh)?.en ?? stat.get(zh)?.en)];
  return definedForms(withVariants).sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || (b.frequency ?? 0) - (a.frequency ?? 0) || a.zh.localeCompare(b.zh));
}

/**
 * A term written in the TM in the other side of the Strait's wording too (軟件包 and 軟體包, 二進制包
 * and 二進位制包: a translation that went through OpenCC keeps both vocabularies): the other
 * wording, where units hold it beside the term's English and the TM renders it no other way, is
 * an entry of its own with the same English, so the glossary says how the document translates
 * each. Only OpenCC's Taiwan and mainland phrase tables say what a wording variant is.
 */
export function wordingVariants(entries: readonly GlossaryEntry[], units: readonly AnalysedUnit[], folded: readonly { id: number; en: string }[], tmRendering: (zh: string) => string | undefined = () => undefined): GlossaryEntry[] {
  const keyOf = (zh: string): string => toSimplified(zh).toLowerCase();
  const have = new Set(entries.map((e) => keyOf(e.zh)));
  const wanted = new Map<string, GlossaryEntry>();
  // A wording two terms of other English share (文件: "file" on the mainland, 檔案's; "document"
  // in Taiwan, 文檔's) says nothing of either.
  const shared = new Set<string>();
  for (const e of entries) {
    if (e.method === 'shared-token' || !/\p{Script=Han}/u.test(e.zh)) continue;
    const key = keyOf(e.zh);
    for (const v of [taiwanVocabulary(key), mainlandVocabulary(key)]) {
      // A word the TM itself renders otherwise is a word of its own here (文件 is "document" in
      // a Taiwan text, where 檔案 is "file").
      const own = tmRendering(v);
      if (v === key || have.has(v) || (own !== undefined && own !== phraseKey(e.en))) continue;
      const other = wanted.get(v);
      if (other && phraseKey(other.en) !== phraseKey(e.en)) shared.add(v);
      else if (!other) wanted.set(v, e);
    }
  }
  for (const v of shared) wanted.delete(v);
  if (wanted.size === 0) return [];
  const found = new Map<string, { texts: string[]; units: Set<number> }>();
  units.forEach((u, k) => {
    for (const c of u.zhCandidates) {
      const v = c.key.toLowerCase();
      const e = wanted.get(v);
      if (!e || !folded[k]!.en.includes(` ${phraseKey(e.en)} `)) continue;
      let f = found.get(v);
      if (!f) found.set(v, (f = { texts: [], units: new Set() }));
      f.texts.push(c.text);
      f.units.add(u.id);
    }
  });
  const out: GlossaryEntry[] = [];
  for (const [v, f] of found) {
    const e = wanted.get(v)!;
    const zh = mostFrequent(f.texts);
    const evidence = [...f.units].sort((a, b) => a - b);
    out.push({
      ...e,
      zh,
      terms: e.terms.map((t, j) => (j === 0 ? { ...t, text: zh } : t)),
      frequency: evidence.length,
      evidence: evidence.slice(0, 200),
      note: `the other wording of ${e.zh} (Taiwan and mainland vocabulary)`,
    });
  }
  return out;
}

/**
 * Each occurrence of the strings in `keys` (Simplified, lower case) as a run of one to six whole
 * words of a unit: `visit` gets the unit's words, the run's first and last word, and the unit's
 * Simplified text.
 */
function forEachRun(units: readonly AnalysedUnit[], simplified: readonly string[], keys: ReadonlySet<string>, visit: (key: string, toks: readonly ZhToken[], i: number, j: number, text: string) => void): void {
  units.forEach((u, k) => {
    const text = simplified[k]!;
    const toks = u.zhTokens;
    for (let i = 0; i < toks.length; i++) {
      for (let j = i; j < Math.min(toks.length, i + 6); j++) {
        const key = text.slice(toks[i]!.start, toks[j]!.end);
        if (keys.has(key)) visit(key, toks, i, j, text);
      }
    }
  });
}

/**
 * For each piece of a word (`pieces`, Simplified keys), the longer term it always stands in: the
 * same whole word (jieba's cut) beside every occurrence, on the same side, the two together shaped
 * like a term somewhere (a candidate of the unit). Seen once, the two together must be a word of
 * the dictionary.
 */
export function widenedPieces(units: readonly AnalysedUnit[], simplified: readonly string[], pieces: ReadonlySet<string>, isWord: (s: string) => boolean): Map<string, { key: string; text: string; word: string; after: boolean }> {
  const seen = new Map<string, { next: (string | undefined)[]; prev: (string | undefined)[] }>();
  const word = (t: ZhToken | undefined): string | undefined => (t && t.kind === 'han' && !isZhFunctionWord(t.key) ? t.key : undefined);
  forEachRun(units, simplified, pieces, (key, toks, i, j) => {
    let s = seen.get(key);
    if (!s) seen.set(key, (s = { next: [], prev: [] }));
    s.next.push(word(toks[j + 1]));
    s.prev.push(word(toks[i - 1]));
  });
  const shaped = new Map<string, string>();
  for (const u of units) for (const c of u.zhCandidates) if (!shaped.has(c.key)) shaped.set(c.key, c.text);
  const out = new Map<string, { key: string; text: string; word: string; after: boolean }>();
  for (const [key, s] of seen) {
    const same = (words: (string | undefined)[]): string | undefined => (words[0] !== undefined && words.every((w) => w === words[0]) ? words[0] : undefined);
    // jieba may cut the word after differently in different sentences (適合|度 and 適合|度應):
    // then the same character after every occurrence.
    const sameChar = (words: (string | undefined)[], at: 0 | -1): string | undefined => same(words.map((w) => (w === undefined ? undefined : at === 0 ? w[0] : w[w.length - 1])));
    const next = same(s.next) ?? sameChar(s.next, 0);
    const prev = same(s.prev);
    for (const [word, whole, after] of [[next, next === undefined ? undefined : key + next, true], [prev, prev === undefined ? undefined : prev + key, false]] as const) {
      if (whole === undefined || word === undefined || !shaped.has(whole) || (s.next.length < 2 && !isWord(whole))) continue;
      out.set(key, { key: whole, text: shaped.get(whole)!, word, after });
      break;
    }
  }
  return out;
}

/**
 * A link whose Chinese starts with a function character jieba glued to a word it did not know
 * (或超|連結: 或 "or" + 超連結 "hyperlink", one unknown token 或超) starts after it.
 */
export function withoutGluedFunctionWord(l: Link, toks: readonly ZhToken[], isWord: (s: string) => boolean): Link {
  const first = toks.find((t) => t.start === l.zh.start);
  if (!first || first.pos !== 'x' || first.key.length < 2 || l.zh.end - l.zh.start < 3) return l;
  if (!isZhFunctionWord(first.key[0]!) || isWord(first.key)) return l;
  const text = l.zh.text.slice(1);
  return { ...l, zh: { ...l.zh, text, key: l.zh.key.slice(1), start: l.zh.start + 1 } };
}

/**
 * One English word that is a verb's past form or -ing form and no noun (stored, stripped; not
 * warning, recording, which name things too).
 */
export function inflectedVerb(en: string): boolean {
  const w = en.trim();
  if (!/^[a-z][a-z-]*(?:ed|ing|s)$/.test(w)) return false;
  const c = wordClasses(w);
  if (c.noun) return false;
  const base = lemma(w);
  if (base === w) return false;
  const b = wordClasses(base);
  // A third person (automates) only of a word that is no noun (not tries, hands).
  return /s$/.test(w) && !/(?:ed|ing)$/.test(w) ? b.verb && !b.noun : b.verb;
}

/**
 * One English word in lower case that WordNet knows only as an adjective or adverb (remarkable,
 * punitive) or only as a verb (automate): it describes or acts, it names nothing. Names, hyphened
 * words and words WordNet lacks (blockchain) are not judged.
 */
export function describingWord(en: string): boolean {
  const w = en.trim();
  if (!/^[a-z]+$/.test(w)) return false;
  return wordClasses(w).modifierOnly || verbOnly(w);
}

/**
 * Whether one English verb opens its sentence or bracket, capitalised, in at least three in four
 * of its occurrences (`text`: the unit's English, `at`: where the word starts): an imperative.
 */
export function instruction(occurrences: readonly { text: string; at: number }[]): boolean {
  if (occurrences.length === 0) return false;
  const word = /^\p{L}+/u.exec(occurrences[0]!.text.slice(occurrences[0]!.at))?.[0] ?? '';
  if (!/^\p{L}\p{Ll}+$/u.test(word) || !wordClasses(word.toLowerCase()).verb) return false;
  const opening = occurrences.filter(({ text, at }) => {
    if (!/^\p{Lu}/u.test(text.slice(at))) return false;
    return /(?:^|[.!?:;(（[])\s*$/u.test(text.slice(Math.max(0, at - 8), at));
  }).length;
  return opening * 4 >= occurrences.length * 3;
}

/**
 * Whether a Chinese term opens with a quantity: one word that is a numeral with its classifier
 * (jieba's mq: 這部分, 一部), or a numeral word before the rest where the English opens with a
 * quantifier (幾個階段 / several phases, 一些選項 / some options). Not 多重運算 / Multiple
 * operations: "multiple" names a kind.
 */
export function quantified(zhKey: string, en: string): boolean {
  const toks = segmentChinesePiece(zhKey);
  const first = toks[0];
  if (!first || first.kind !== 'han') return false;
  if (first.pos === 'mq') return true;
  return first.pos === 'm' && toks.length >= 2 && /^(?:several|many|some|various|numerous|few|each|every|all|both|any|certain)\b/i.test(en.trim());
}

/** Whether the first or last word of a Chinese stretch is a function word (之日起, 其董, 制度應). */
export function edgeFunctionWord(zhKey: string): boolean {
  if (PARTICLE_FIRST.test(zhKey)) return true;
  const toks = segmentChinesePiece(zhKey);
  if (toks.length < 2) return false;
  const first = toks[0]!;
  const last = toks[toks.length - 1]!;
  // Prefixes (非專屬, 再利用, 本機, 新版) and locatives (see withoutLocative) build words too.
  if (first.kind === 'han' && isZhFunctionWord(first.key) && !WORD_PREFIXES.has(first.key)) return true;
  if (last.kind === 'han' && isZhFunctionWord(last.key) && !LOCATIVES.has(last.key)) return true;
  // A particle that opens no word (之日起 is one word to jieba), a modal verb left at the end (制度應).
  return last.kind === 'han' && MODALS.has(last.key);
}

const PARTICLE_FIRST = /^[之的了]/u;

/**
 * Whether a Chinese stretch of two words or more opens with an adjective, adverb or distinguishing
 * word of everyday language (jieba idf under 6: 不同, 主要, 整個, 重要, 簡單); not with an
 * adjectival noun (安全 in 安全模型 / security model).
 */
export function everydayModifierFirst(zhKey: string, idf: (w: string) => number): boolean {
  const toks = segmentChinesePiece(zhKey);
  if (toks.length < 2) return false;
  const first = toks[0]!;
  return first.kind === 'han' && /^(?:a|ad|b|z|d)$/.test(first.pos) && idf(first.key) < 6;
}
const MODALS: ReadonlySet<string> = new Set(['应', '会', '能', '须', '需', '得', '将', '可']);

const WORD_PREFIXES: ReadonlySet<string> = new Set(['非', '再', '时', '本', '新', '多', '少', '大', '小', '最', '更', '全', '总', '前', '后', '上', '下', '内', '外', '无', '不', '可', '第']);
const LOCATIVES: ReadonlySet<string> = new Set(['上', '下', '中', '内', '外', '里', '前', '后', '时']);

const NUMBER_WORDS = /^(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|first|second|third|fourth|fifth)[\s-]*)+$/i;

/**
 * An English that is only number words (Fifty), holds a list number glued to a word (4.Order),
 * or two sentences glued at a full stop (Bar.The): no name.
 */
export function numberLike(en: string): boolean {
  return NUMBER_WORDS.test(en.trim()) || /(?:^|\s)\d+[.)]\p{Lu}\p{Ll}/u.test(en) || /\p{Ll}{2}\.\p{Lu}\p{Ll}/u.test(en);
}

/** Chinese words that join two terms. */
const JOINS = /(以及|及|和|与|或|或者|暨)/u;

/** Whether a Chinese key is two keys of `keys` joined by one coordinating word (区块链和ai). */
export function joinsTwoEntries(key: string, keys: ReadonlySet<string>): boolean {
  const parts = key.split(JOINS);
  if (parts.length !== 3) return false;
  const [a, , b] = parts.map((p) => p.trim());
  return a !== undefined && b !== undefined && a.length > 0 && b.length > 0 && keys.has(a) && keys.has(b);
}

/**
 * Whether none of a word's dictionary senses renders `enKey` while the last word of one of them
 * occurs in every unit's English (`texts`), as a whole word in any inflection.
 */
export function otherSenseEverywhere(senses: ReadonlySet<string>, enKey: string, texts: readonly string[]): boolean {
  if (senses.size === 0 || texts.length === 0) return false;
  const words = enKey.split(' ');
  const renders = [...senses].some((g) => g.split(' ').some((w) => !isStopKey(w) && words.some((x) => x === w || (w.length >= 4 && sameWordFamily(w, x)))));
  if (renders) return false;
  const keysOf = (t: string): Set<string> => new Set(tokenizeEnglish(t).map((k) => k.key));
  const units = texts.map(keysOf);
  return [...senses].some((g) => {
    const head = g.split(' ').filter((w) => !isStopKey(w)).at(-1);
    return head !== undefined && !words.includes(head) && units.every((u) => u.has(head));
  });
}

/**
 * The English of a pair completed like a two-word dictionary sense whose head it is (法人 /
 * persons, sense "legal person"): where every occurrence has the same content word right before
 * it (juristic persons) and no other Chinese word of those units has a sense holding that word,
 * the text's own modifier takes the sense's place: "juristic persons". Undefined otherwise.
 */
export function ownModifier(a: { zhKey: string; enKey: string; links: readonly Link[] }, senses: ReadonlySet<string>, unitById: ReadonlyMap<number, AnalysedUnit>, dict: Dictionary): string | undefined {
  if (a.enKey.includes(' ') || a.links.length < 2) return undefined;
  if (![...senses].some((g) => g.split(' ').length === 2 && g.endsWith(` ${a.enKey}`))) return undefined;
  let word: string | undefined;
  let text: string | undefined;
  for (const l of a.links) {
    const u = unitById.get(l.unitId);
    if (!u) return undefined;
    // An occurrence after a number or a function word says nothing (under 20 persons).
    const before = u.en.slice(0, l.en.start);
    const m = /([A-Za-z]+)\s+$/.exec(before);
    if (!m || (m.index > 0 && /[\w-]/.test(before[m.index - 1]!)) || isStopKey(m[1]!.toLowerCase())) continue;
    const w = m[1]!.toLowerCase();
    // An adverb or a verb before it makes a clause (automatically break), no modifier.
    if (/ly$/.test(w) || verbOnly(w)) return undefined;
    if (word !== undefined && w !== word) return undefined;
    word = w;
    text ??= u.en.slice(m.index, l.en.end);
    // Another Chinese word of the unit that the dictionary renders with this word, or a word of
    // its family, owns it (使用 use: usage examples is 使用示例's).
    for (const t of u.zhTokens) {
      if (t.kind !== 'han' || (t.start >= l.zh.start && t.end <= l.zh.end)) continue;
      if ([...dict.glosses(t.key)].some((g) => g.split(' ').some((x) => x === w || sameWordFamily(x, w)))) return undefined;
    }
  }
  return text;
}

/** Whether `part` is a run of the words of `whole` and shorter (money in money laundering). */
export function properPart(part: string, whole: string): boolean {
  const p = part.split(' ');
  const w = whole.split(' ');
  if (p.length >= w.length) return false;
  for (let i = 0; i + p.length <= w.length; i++) if (p.every((x, k) => w[i + k] === x)) return true;
  return false;
}

/**
 * Which of a term's ranked renderings (English keys; `whole`: a dictionary sense of several words
 * found whole in the sentence) goes first instead of the first one, because the first is only part
 * of it and no sense of its own: its index, or -1.
 */
export function wholeSenseFirst(ranked: readonly { en: string; whole: boolean }[], senses: ReadonlySet<string>): number {
  const first = ranked[0];
  if (!first || first.whole || senses.has(first.en)) return -1;
  return ranked.findIndex((r) => r.whole && properPart(first.en, r.en));
}

/** Auxiliaries and copulas: an English phrase holding one is a clause, not a name. */
const AUXILIARIES: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'has', 'have', 'had', 'does', 'did', 'can', 'could', 'may', 'might', 'shall', 'should', 'will', 'would', 'must']);

/**
 * An English phrase that is a stretch of a clause: it holds an auxiliary (computer is powered),
 * ends with a participle (property valued), opens with a participle and a function word
 * (prescribed by the competent authority), or holds after its first word a verb form that is no
 * noun (slice manages, modules providing).
 */
/** Words that open a noun phrase as its determiner, and `that`, which opens a clause. */
const DETERMINERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'that', 'which', 'this', 'these', 'those', 'its', 'their', 'your', 'our', 'his', 'her', 'my']);
/** Prepositions: a determiner after one opens the noun phrase a term may hold (due care of a good administrator). */
const PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'on', 'to', 'at', 'by', 'with', 'from', 'into', 'onto', 'under', 'over', 'as', 'per', 'about', 'against', 'between', 'through', 'without', 'within', 'upon', 'via']);

/**
 * An English phrase whose second word is a determiner after a word that is no preposition: a
 * verb and its object (enter the formula, specifies that the …), not a name.
 */
export function opensWithObject(en: string): boolean {
  const words = en.split(/\s+/).filter((w) => w.length > 0);
  if (words.length < 3) return false;
  const second = words[1]!;
  // A capital A is a determiner in a title (Defining A Function), a name elsewhere (Columns A and B).
  if (second === 'A' ? !/^\p{Lu}\p{Ll}/u.test(words[2]!) : !DETERMINERS.has(second.toLowerCase())) return false;
  return !PREPOSITIONS.has(words[0]!.toLowerCase());
}

/**
 * An English that opens with the verb the Chinese term opens with (套用|頁面樣式 / Applying Page
 * Styles, 編輯|段落樣式 / Edit Paragraph Style): CC-CEDICT gives the Chinese first word the sense
 * "to <verb>" and the English's first word is that verb, as a gerund, or in its base form before
 * two words or more, and never a noun. An action on a thing, as headings and menu commands name
 * them, not a term; a base form before one word names a kind (編輯模式 / edit mode), a gerund
 * that is a noun too may modify the head (作業系統 / operating system), and a noun made from the
 * verb is no verb (配置檔案 / configuration file).
 */
export function opensWithChineseVerb(zhKey: string, en: string, dict: Dictionary): boolean {
  const words = en.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length < 2 || !/^[a-z]+$/.test(words[0]!)) return false;
  const first = words[0]!;
  const gerund = /ing$/.test(first) && lemma(first) !== first;
  // A base form before a function word names an act (申請評議 / apply to institute an ombudsman
  // case); a term the dictionary lists whole is a name (作業系統 / operating system).
  if (!gerund && (words.length < 3 || isStopKey(words[1]!))) return false;
  if (dict.lookup(zhKey) !== undefined) return false;
  // A word that is also a noun may modify the head (operating system, numbering format, dispute
  // handling procedures, control group hierarchy): only a verb that is never a noun acts here.
  if (wordClasses(first).noun) return false;
  const verb = gerund ? lemma(first) : first;
  if (!wordClasses(verb).verb) return false;
  // The Chinese first word: the longest headword the term opens with (作業系統|核心, not 作業).
  for (let n = Math.min(4, zhKey.length - 1); n >= 2; n--) {
    const entry = dict.lookup(zhKey.slice(0, n));
    if (!entry) continue;
    return entry.senses.some((sense) => {
      const m = /^to ([a-z]+)\b/i.exec(sense.trim());
      return m !== null && lemma(m[1]!.toLowerCase()) === verb;
    });
  }
  return false;
}

export function clauseLike(en: string): boolean {
  if (opensWithObject(en)) return true;
  const words = en.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length < 2) return false;
  if (words.some((w) => AUXILIARIES.has(w))) return true;
  // A verb's -s or -ed form before "to" and a verb opens a clause (tries to start).
  if (words.length >= 3 && words[1] === 'to' && /(?:s|ed)$/.test(words[0]!) && lemma(words[0]!) !== words[0] && wordClasses(lemma(words[0]!)).verb && wordClasses(words[2]!).verb) return true;
  // A participle at the end is no head of a noun phrase (property valued).
  const last = words[words.length - 1]!;
  if (/ed$/.test(last) && lemma(last) !== last && !wordClasses(last).noun) return true;
  // A verb that is never a noun at the end follows its subject (directory contain).
  if (verbOnly(last)) return true;
  // A participle followed by a function word opens a clause (prescribed by the competent
  // authority); a verb's base form may name an act (apply to institute an ombudsman case).
  if (/ed$/.test(words[0]!) && !englishShaped(en)) return true;
  return words.slice(1).some((w) => {
    if (!/^[a-z]+(?:s|ed|ing)$/.test(w) || wordClasses(w).noun) return false;
    const base = lemma(w);
    if (base === w) return false;
    const c = wordClasses(base);
    return c.verb && !c.noun;
  });
}

/** Han characters that make an agent noun of the word they end (委員, 讀者, 作家). */
const AGENT_ENDINGS = /[者人员家商]$/u;

/**
 * Whether an English term (its key) renders a Chinese word: one of the word's renderings (the
 * TM's, the dictionary's) shares a content word with it, or the word names an agent and the
 * English ends with an agent noun (委員 in 預審委員 / pre-examiner).
 */
export function rendersWord(word: string, enKey: string, renderings: (zh: string) => ReadonlySet<string>, after = true): boolean {
  const words = enKey.split(' ');
  const last = words[words.length - 1]!;
  if (AGENT_ENDINGS.test(word) && /(?:er|or|ist|ee|ant|ent)$/.test(last)) return true;
  // One character beside a word makes an abstract noun of it (適合度 suitability, 複雜性
  // complexity): the English suffix renders it.
  if (after && /^\p{Script=Han}$/u.test(word) && /(?:ity|ness|ion|ment|ance|ence|ancy|ency|ship|ism)$/.test(last)) return true;
  for (const r of renderings(word)) {
    for (const w of phraseKey(r).split(' ')) {
      if (w.length < 3 || isStopKey(w)) continue;
      if (words.some((x) => x === w || sameWordFamily(x, w))) return true;
    }
  }
  return false;
}

/**
 * Compositions that are no piece of a pair the text states or the dictionary gives on both sides
 * (首席技術 / chief technology inside 首席技術官 / chief technology officer), nor the same pair as
 * the dictionary's own word-by-word composition (量子計算機 / quantum computers: its senses are
 * the dictionary's, the stronger evidence).
 */
export function withinNone(composed: readonly Link[], others: readonly Link[]): Link[] {
  const within = (a: Link, b: Link): boolean => b.zh.start <= a.zh.start && a.zh.end <= b.zh.end && b.en.start <= a.en.start && a.en.end <= b.en.end;
  const same = (a: Link, b: Link): boolean => a.zh.start === b.zh.start && a.zh.end === b.zh.end && a.en.start === b.en.start && a.en.end === b.en.end;
  return composed.filter((c) => !others.some((o) => (o.composed ? same(c, o) : within(c, o))));
}

/**
 * Among the links kept in a unit, aligned stretches seen in that unit only, of two words or more,
 * that lie inside a kept verified composition on both sides: pieces of it (常規 Debian / normal
 * Debian inside 常規 Debian 系統 / normal Debian system), not terms. A single word inside (桌面 /
 * desktop) stays.
 */
export function piecesDropped(links: readonly Link[], zhTokens: readonly { start: number; end: number }[]): Link[] {
  const composed = links.filter((l) => l.composed);
  if (composed.length === 0) return [...links];
  const words = (l: Link): number => zhTokens.filter((t) => t.start < l.zh.end && t.end > l.zh.start).length;
  const inside = (a: Link, b: Link): boolean => a !== b && b.zh.start <= a.zh.start && a.zh.end <= b.zh.end && b.en.start <= a.en.start && a.en.end <= b.en.end;
  return links.filter((l) => l.method !== 'alignment' || l.composed || (l.support ?? 0) >= 2 || !composed.some((c) => inside(l, c)) || words(l) < 2);
}

/** A statistical link over at least three units with near-perfect co-occurrence. */
function recurrent(l: Link): boolean {
  const m = l.method === 'statistics' ? /Dice ([\d.]+) over (\d+) units/.exec(l.note ?? '') : null;
  return m !== null && Number(m[1]) >= 0.8 && Number(m[2]) >= 3;
}

function bestLink(links: Link[]): Link {
  return links.reduce((b, l) => (linkTier(l) < linkTier(b) || (linkTier(l) === linkTier(b) && l.score > b.score) ? l : b));
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
  if (best.method === 'dictionary' || best.method === 'statistics' || best.method === 'alignment') {
    const isName = /^n[rst]/.test(zhPos);
    const idf = /\p{Script=Han}/u.test(agg.zhKey) ? generalIdf(agg.zhKey) : 14;
    if (zhLen <= 2 && !isName) s -= generality(zhPos, idf, recurrent(best)).penalty;
    // (An aligned pair's own score already weighs its termhood and recurrence.)
    if (zhLen >= 3 && best.method !== 'alignment') s += 0.06;
    if (multiword && best.method !== 'alignment') s += 0.04;
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
 * The words (folded) a text writes in lower case more often than capitalised inside a sentence:
 * common words, whose capital at a sentence start is no part of them. Words inside paths and
 * identifiers (/etc/debian_version) are not counted.
 */
export function wordsWrittenLower(texts: readonly string[]): Set<string> {
  const lower = new Map<string, number>();
  const keyOf = new Map<string, string>();
  for (const text of texts) {
    for (const m of text.matchAll(/(?<![\p{L}\p{N}_./\\-])\p{L}[\p{L}'’]*(?![\p{N}_./\\-]?[\p{L}\p{N}])/gu)) {
      const w = m[0];
      const cased = /^\p{Ll}/u.test(w) ? 1 : /^\p{Lu}\p{Ll}+$/u.test(w) && !startsSentence(text, m.index) ? -1 : 0;
      if (cased === 0) continue;
      const lw = w.toLowerCase();
      let k = keyOf.get(lw);
      if (k === undefined) keyOf.set(lw, (k = phraseKey(lw)));
      lower.set(k, (lower.get(k) ?? 0) + cased);
    }
  }
  return new Set([...lower].filter(([, n]) => n > 0).map(([k]) => k));
}

/** One written occurrence of a pair's English, and whether a sentence or list item starts there. */
export interface EnOccurrence {
  text: string;
  initial: boolean;
  /** The same words with a sentence-initial capital undone, when the dictionary confirmed it. */
  form?: string;
}

function occurrenceOf(l: Link, unitEn: string): EnOccurrence {
  const initial = startsSentence(unitEn, l.en.start);
  return { text: l.en.text, initial, ...(l.form ? { form: l.form } : {}) };
}

/**
 * The English form to show: always one the text writes. Among the written spellings, a singular
 * one (the folded key itself: financial consumer beside financial consumers) when the text writes
 * one, else the most frequent (securities enterprises stays as written). Its case is the one it
 * has inside a sentence; a capital seen only where a sentence starts is undone when the
 * dictionary confirmed it or the TM writes that word in lower case elsewhere (a name keeps it).
 */
export function englishForm(occurrences: readonly EnOccurrence[], key: string, lowerWords: ReadonlySet<string> = new Set()): string {
  const norm = (t: string): string => t.toLowerCase().replace(/[-‐]/g, ' ').replace(/’/g, "'");
  const spellings = new Map<string, EnOccurrence[]>();
  for (const o of occurrences) {
    const k = o.text.toLowerCase();
    spellings.set(k, [...(spellings.get(k) ?? []), o]);
  }
  const [, chosen] = [...spellings].sort((a, b) => Number(norm(b[0]) === key) - Number(norm(a[0]) === key) || b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
  // Inside a sentence the case is the text's own; the most frequent such writing wins.
  const inside = chosen.filter((o) => !o.initial).map((o) => o.text);
  if (inside.length > 0) return mostFrequent(inside);
  const confirmed = chosen.find((o) => o.form !== undefined);
  if (confirmed) return confirmed.form!;
  const written = mostFrequent(chosen.map((o) => o.text));
  const [first, ...rest] = written.split(' ');
  const lower = first!.toLowerCase();
  const everLower = occurrences.some((o) => !o.initial && o.text.split(' ')[0] === lower);
  // Only a phrase in sentence case: another capital makes it a name (Democratic Party).
  const sentenceCase = /^\p{Lu}\p{Ll}+(?:[-‐]\p{Ll}+)*$/u.test(first!) && !rest.some((w) => /\p{Lu}/u.test(w));
  if (sentenceCase && (everLower || lowerWords.has(phraseKey(lower.split(/[-‐]/)[0]!)))) return [lower, ...rest].join(' ');
  return written;
}
