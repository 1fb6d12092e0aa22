/**
 * Pairers that read the structure a bilingual document shares on both sides rather than single
 * words: parallel enumerations (甲、乙及丙 / A, B, and C, item by item), definitions (「X」指… /
 * X means …; 本法所稱X，指… / The term "X" as used in this Act means …) and quoted terms
 * (“X” / "Y" where both sides quote the same number of terms). Each is a pure function of one
 * analysed unit and the dictionary's look-ups; none knows any document's words.
 */
import { isStopKey, phraseKey, startsSentence } from '../text/en-words.js';
import { isNounLike, isZhFunctionWord, type ZhToken } from '../text/zh-words.js';
import type { EnToken } from '../text/en-words.js';
import { toSimplified } from '../text/fold.js';
import type { AnalysedUnit, Link, Span } from './types.js';
import { expansionOf, findEnglish, senseRenders } from './pairers.js';
import { isEnumerator } from './precision.js';
import { nounCompound } from './phrases.js';

/** What the structure pairers ask of the dictionary. */
export interface Lexicon {
  /** Folded English glosses of a Simplified headword (empty when unknown). */
  glosses(simplified: string): Set<string>;
  /** General-language inverse document frequency (higher = rarer). */
  idf(simplified: string): number;
}

/** A verb more common than this (jieba idf) ends a list item: it opens a clause (包括, 指). */
const COMMON_VERB_IDF = 7;

/** Trust of a list pair confirmed by a shared head or a dictionary sense, and of one that is not. */
export const LIST_CONFIRMED_SCORE = 0.8;
export const LIST_UNCONFIRMED_SCORE = 0.62;
/** Trust of a definition the text states (「X」指… / X means …). */
export const DEFINITION_SCORE = 0.9;
/** Trust of quoted terms paired in order. */
export const QUOTED_SCORE = 0.75;

/** Fewest items of a list taken as an enumeration (two items are any coordination). */
const MIN_ITEMS = 3;
/** Longest list item: Chinese characters and words, English words. */
const MAX_ZH_ITEM_CHARS = 10;
const MAX_ZH_ITEM_WORDS = 4;
const MAX_EN_ITEM_WORDS = 5;

/** Chinese words that close a list before its last item. */
const ZH_LIST_JOINS: ReadonlySet<string> = new Set(['及', '和', '与', '或', '以及', '暨', '或者', '及其']);
/** Parts of speech that build clauses, not list items: prepositions, conjunctions, particles, pronouns, numerals. */
const ZH_CLAUSE_POS = /^(?:p|c|u\w*|r\w*|y|e|o|m|mq|q|uj|ul|zg)$/;
/** Verbs (not verbal nouns: 免費, 處理 as a noun). */
const VERB_POS = /^v[dgi]?$/;
/** Characters that end a stretch of Chinese in which a list can lie. */
const ZH_STOP = /[，,。；;：:！？!?（）()「」『』“”"《》\n]/;

/** A list item: its span, and whether it is shaped like a term. */
interface Item {
  start: number;
  end: number;
  text: string;
  key: string;
  shaped: boolean;
  /** Words in the item. */
  words: number;
  /** An English edge item whose extent is unsure: its first words, as long as the inner items. */
  short?: Item;
}

/** Whether Chinese tokens [from, to) can be one list item: short, some Han, no clause words. */
export function zhItemShaped(text: string, toks: readonly ZhToken[], from: number, to: number): boolean {
  if (to <= from || to - from > MAX_ZH_ITEM_WORDS) return false;
  const span = toks.slice(from, to);
  if (span.some((t) => t.kind === 'other' || t.kind === 'number')) return false;
  if (!span.some((t) => t.kind === 'han')) return false;
  const chars = toks[to - 1]!.end - toks[from]!.start;
  if (chars < 2 || chars > MAX_ZH_ITEM_CHARS) return false;
  for (let i = from + 1; i < to; i++) if (!/^ ?$/.test(text.slice(toks[i - 1]!.end, toks[i]!.start))) return false;
  // 不, 非, 無 open negated adjectives (非專屬, 不可撤回): allowed at the start; other function words are not.
  const negation = (t: ZhToken): boolean => /^[不非无免]/.test(t.key);
  // Adverbs may qualify an item (不可再授權); other function words may not.
  return span.every((t, i) => t.kind !== 'han' || t.pos === 'd' || ((!isZhFunctionWord(t.key) || (i === 0 && negation(t))) && (!ZH_CLAUSE_POS.test(t.pos) || (i === 0 && negation(t)))));
}

/** Whether English tokens [from, to) can be one list item: short, no stop word at an edge, one clause. */
export function enItemShaped(toks: readonly EnToken[], from: number, to: number, text?: string): boolean {
  if (to <= from || to - from > MAX_EN_ITEM_WORDS) return false;
  if (isStopKey(toks[from]!.key) || isStopKey(toks[to - 1]!.key)) return false;
  // A possessive (Adapter's License) does not break a phrase.
  const possessive = (i: number): boolean => text !== undefined && /^['’]s?\s+$/.test(text.slice(toks[i]!.end, toks[i + 1]!.start));
  for (let i = from; i < to - 1; i++) if (toks[i]!.breakAfter && !possessive(i)) return false;
  return toks.slice(from, to).some((t) => /\p{L}/u.test(t.text));
}

const zhItem = (u: AnalysedUnit, from: number, to: number): Item => {
  const start = u.zhTokens[from]!.start;
  const end = u.zhTokens[to - 1]!.end;
  const text = u.zh.slice(start, end);
  return { start, end, text, key: toSimplified(text).toLowerCase(), shaped: zhItemShaped(u.zh, u.zhTokens, from, to), words: to - from };
};

const enItem = (u: AnalysedUnit, from: number, to: number): Item => {
  const start = u.enTokens[from]!.start;
  const end = u.enTokens[to - 1]!.end;
  return { start, end, text: u.en.slice(start, end), key: u.enTokens.slice(from, to).map((t) => t.key).join(' '), shaped: enItemShaped(u.enTokens, from, to), words: to - from };
};

/** The length the inner items have most often (the shortest of equally frequent ones); 1 without inner items. */
function usualLength(lengths: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}

/**
 * The separators of a run of list items, from the one at token `first`: `next(j)` gives the
 * separator that closes an item starting at token j, or undefined where the run ends. `end` is
 * the token after the last separator.
 */
function separatorRun(first: number, next: (j: number) => number | undefined): { separators: number[]; end: number } {
  const separators = [first];
  let j = first + 1;
  for (let k = next(j); k !== undefined; k = next(j)) {
    separators.push(k);
    j = k + 1;
  }
  return { separators, end: j };
}

/**
 * The Chinese enumerations of a unit: items separated by 、, the last one after a joining word
 * (及, 和, 或, 以及) or after the last 、. Inner items (between two 、) must each be one short
 * stretch without clause words; the first and last items run from the 、 or
 * the joining word to a function word, a common verb or punctuation. A list whose inner items are clauses gives nothing.
 */
export function chineseLists(u: AnalysedUnit, lex: Lexicon): Item[][] {
  const toks = u.zhTokens;
  // Where an edge item stops: a function word, a word that builds clauses, a common verb (包括, 指).
  // A negation (不可, 非, 免) opens an item rather than a clause.
  const stopsItem = (t: ZhToken): boolean => t.kind === 'other' || (t.kind === 'han' && !/^[不非无免]/.test(t.key) && (isZhFunctionWord(t.key) || ZH_CLAUSE_POS.test(t.pos) || (/^v[dgi]?$/.test(t.pos) && lex.idf(t.key) < COMMON_VERB_IDF)));
  const lists: Item[][] = [];
  const isComma = (t: ZhToken | undefined): boolean => t !== undefined && t.kind === 'other' && t.text.includes('、');
  let i = 0;
  while (i < toks.length) {
    if (!isComma(toks[i])) {
      i++;
      continue;
    }
    // A run of 、-separated inner items.
    const run = separatorRun(i, (j) => {
      let k = j;
      while (k < toks.length && toks[k]!.kind !== 'other') k++;
      return k < toks.length && isComma(toks[k]) && k > j ? k : undefined;
    });
    const commas = run.separators;
    i = run.end;
    // A clause between two 、: the items around it cannot be counted, no list.
    const inner: Item[] = [];
    for (let c = 0; c + 1 < commas.length; c++) inner.push(zhItem(u, commas[c]! + 1, commas[c + 1]!));
    if (inner.some((it) => !it.shaped)) continue;
    // In a list of nouns a verb after the last item starts the predicate (學者、專家及公正人士遴選之).
    const nounList = commas.slice(0, -1).every((c, n) => !VERB_POS.test(toks[commas[n + 1]! - 1]!.pos)) && !VERB_POS.test(toks[commas[0]! - 1]?.pos ?? '');
    const verbAfterNouns = (t: ZhToken): boolean => nounList && t.kind === 'han' && VERB_POS.test(t.pos);
    // The first item: the words before the first 、, back to a function word, a common verb or punctuation.
    const first = commas[0]!;
    let from = first;
    // In a list of nouns a verb before the first item ends it too (解除董事、監察人…).
    const endsFirst = (t: ZhToken): boolean => stopsItem(t) || verbAfterNouns(t);
    while (from > 0 && first - from < MAX_ZH_ITEM_WORDS && !endsFirst(toks[from - 1]!)) from--;
    const firstItem = from < first ? zhItem(u, from, first) : undefined;
    // Stopped by its length or its shape rather than by a word that ends it, or by a joining word
    // (名稱及基本資料、…): where the first item starts is unsure; it counts, unpaired.
    if (firstItem && from > 0 && (!endsFirst(toks[from - 1]!) || ZH_LIST_JOINS.has(toks[from - 1]!.key))) firstItem.shaped = false;
    if (!firstItem) continue;
    const longestInner = Math.max(1, ...commas.slice(0, -1).map((c, n) => commas[n + 1]! - c - 1));
    // Much longer than the inner items (本會審查文件、圖表…): it may hold words before the list.
    if (firstItem.words > longestInner + 1) firstItem.shaped = false;
    // After the last 、: an item, then maybe a joining word and the last item.
    const last = commas[commas.length - 1]! + 1;
    let stop = last;
    while (stop < toks.length && toks[stop]!.kind !== 'other' && !ZH_STOP.test(toks[stop]!.text)) stop++;
    const tail: Item[] = [];
    const join = toks.slice(last, stop).findIndex((t) => ZH_LIST_JOINS.has(t.key));
    const cutFrom = (from: number, to: number): Item | undefined => {
      let end = from;
      while (end < to && end - from < MAX_ZH_ITEM_WORDS && !stopsItem(toks[end]!) && !(end > from && verbAfterNouns(toks[end]!))) end++;
      if (end === from) return undefined;
      const item = zhItem(u, from, end);
      if (end < to && !stopsItem(toks[end]!) && !verbAfterNouns(toks[end]!)) item.shaped = false;
      // Longer than every other item, the last may carry what follows the list (…及分享資料庫內容,
      // …或受僱人職務): unsure.
      if (item.text.length > Math.max(firstItem.text.length, ...inner.map((i) => i.text.length)) + 1) item.shaped = false;
      return item;
    };
    if (join > 0) {
      tail.push(zhItem(u, last, last + join));
      // The last item may be no term (及其他…之事業): it still counts as an item, unpaired.
      const lastItem = cutFrom(last + join + 1, stop);
      // 及其 ("and its", 及其他 "and other"): what follows is no item of its own.
      if (lastItem && toks[last + join]!.key === '及其') lastItem.shaped = false;
      tail.push(lastItem ?? { start: toks[last + join]!.end, end: toks[last + join]!.end, text: '', key: '', shaped: false, words: 0 });
    } else {
      const lastItem = cutFrom(last, stop);
      if (!lastItem) continue;
      tail.push(lastItem);
    }
    if (!tail[0]!.shaped) continue;
    const items = [firstItem, ...inner, ...tail];
    // An item that alone ends with a suffix (蒐集、處理及利用者: 者 "one who") is of another kind than the others.
    for (const it of items) {
      const lastTok = toks.find((t) => t.end === it.end && t.kind === 'han');
      if (it.shaped && lastTok?.pos === 'k' && !items.every((o) => o.text.endsWith(lastTok.text))) it.shaped = false;
    }
    if (items.length >= MIN_ITEMS) lists.push(items);
  }
  return lists;
}

const EN_JOINS: ReadonlySet<string> = new Set(['and', 'or', 'and/or']);
const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);
const PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'to', 'in', 'for', 'on', 'with', 'by', 'from', 'at', 'under', 'about', 'between', 'into', 'over']);

/**
 * The English enumerations of a unit: items separated by commas, the last after `and` / `or`
 * (with or without a comma before it). Inner items must be short phrases; the first and last
 * run to a stop word or punctuation.
 */
export function englishLists(u: AnalysedUnit): Item[][] {
  const toks = u.enTokens;
  const gap = (i: number): string => u.en.slice(toks[i]!.end, toks[i + 1]?.start ?? u.en.length);
  const isComma = (i: number): boolean => /^[\s"”’']*,[\s"“‘']*$/.test(gap(i));
  const lists: Item[][] = [];
  // Token indices after which a comma stands.
  const commaAfter = toks.map((_, i) => i < toks.length - 1 && isComma(i));
  let i = 0;
  while (i < toks.length) {
    if (!commaAfter[i]) {
      i++;
      continue;
    }
    const run = separatorRun(i, (j) => {
      let k = j;
      while (k < toks.length && !toks[k]!.breakAfter) k++;
      return k < toks.length && commaAfter[k] && k - j + 1 <= MAX_EN_ITEM_WORDS + 1 && !toks.slice(j, k + 1).some((t) => EN_JOINS.has(t.key)) ? k : undefined;
    });
    const commas = run.separators;
    i = run.end;
    const strip = (from: number, to: number): [number, number] => {
      while (from < to && ARTICLES.has(toks[from]!.key)) from++;
      return [from, to];
    };
    // A segment that is no item (`provided, however, that securities exchanges, …`) ends what
    // comes before it: the list starts after the last such segment.
    for (let c = commas.length - 2; c >= 0; c--) {
      const [f, t] = strip(commas[c]! + 1, commas[c + 1]! + 1);
      if (!enItemShaped(toks, f, t)) {
        commas.splice(0, c + 1);
        break;
      }
    }
    const inner: Item[] = [];
    const innerWords: number[] = [];
    for (let c = 0; c + 1 < commas.length; c++) {
      const [f, t] = strip(commas[c]! + 1, commas[c + 1]! + 1);
      inner.push(enItem(u, f, t));
      innerWords.push(t - f);
    }
    // An edge item runs from the comma or the joining word to a stop word or punctuation; when
    // that run is longer than every inner item its extent is unsure (`includes banking
    // enterprises`): the item still counts, unpaired.
    const longest = Math.max(...innerWords, 1);
    const unsure = (at: number): Item => ({ start: toks[at]!.start, end: toks[at]!.start, text: '', key: '', shaped: false, words: 0 });
    const firstEnd = commas[0]!+ 1;
    let firstFrom = firstEnd - 1;
    while (firstFrom > 0 && !toks[firstFrom - 1]!.breakAfter && !isStopKey(toks[firstFrom - 1]!.key) && firstEnd - firstFrom < MAX_EN_ITEM_WORDS) firstFrom--;
    if (isStopKey(toks[firstEnd - 1]!.key)) continue;
    // `the names of the parties to the dispute, …`: a preposition before the run (past an article) means the item began earlier.
    let before = firstFrom - 1;
    while (before >= 0 && ARTICLES.has(toks[before]!.key)) before--;
    // `laws or regulations, contravenes …`: a joining word before the run, too.
    const continued = before >= 0 && !toks[before]!.breakAfter && (PREPOSITIONS.has(toks[before]!.key) || EN_JOINS.has(toks[before]!.key));
    const firstItem = firstEnd - firstFrom <= longest && !continued ? enItem(u, firstFrom, firstEnd) : unsure(firstFrom);
    const usual = usualLength(innerWords);
    if (!firstItem.shaped && !continued && firstEnd - firstFrom > usual) firstItem.short = enItem(u, firstEnd - usual, firstEnd);
    // After the last comma: `and X` / `or X`, or `Y and X`, or a last item without a joining word.
    const last = commas[commas.length - 1]! + 1;
    let stop = last;
    while (stop < toks.length && !toks[stop]!.breakAfter) stop++;
    stop = Math.min(toks.length, stop + 1);
    const tail: Item[] = [];
    const cut = (from: number): Item => {
      while (from < toks.length - 1 && ARTICLES.has(toks[from]!.key)) from++;
      if (from >= toks.length) return unsure(toks.length - 1);
      // To a stop word or punctuation (`and "insurance enterprises" as used`: the quote after `and` does not end the list).
      let to = from;
      while (to < toks.length && !isStopKey(toks[to]!.key) && to - from < MAX_EN_ITEM_WORDS && (to === from || !toks[to - 1]!.breakAfter)) to++;
      const ended = to === toks.length || toks[to - 1]!.breakAfter;
      // Ended by a joining word (`fair and impartial persons`) or by its length: the item may go on.
      if (to === from || (!ended && (!isStopKey(toks[to]!.key) || EN_JOINS.has(toks[to]!.key)))) return unsure(from);
      if (to - from <= longest) return enItem(u, from, to);
      return { ...unsure(from), short: enItem(u, from, from + usualLength(innerWords)) };
    };
    const joinAt = toks.slice(last, stop).findIndex((t) => EN_JOINS.has(t.key));
    if (joinAt === 0) {
      tail.push(cut(last + 1));
    } else if (joinAt > 0) {
      const [f, t] = strip(last, last + joinAt);
      const before = enItem(u, f, t);
      if (!before.shaped) continue;
      tail.push(before, cut(last + joinAt + 1));
    } else {
      tail.push(cut(last));
    }
    const items = [firstItem, ...inner, ...tail];
    if (items.length >= MIN_ITEMS) lists.push(items);
  }
  return lists;
}

/**
 * Whether a dictionary sense of the Chinese item is the English item (strict), or shares a content
 * word with it (loose: enough to show that a list is out of order).
 */
function senseMatch(lex: Lexicon, zh: Item, en: Item, strict = false): boolean {
  const glosses = lex.glosses(zh.key);
  if (glosses.has(en.key)) return true;
  if (strict) return false;
  const words = new Set(en.key.split(' ').filter((w) => !isStopKey(w)));
  for (const g of glosses) for (const w of g.split(' ')) if (words.has(w)) return true;
  return false;
}

/** The last character of every Chinese item and the last word of every English item are each the same (業 / enterprises). */
function sharedHead(zh: readonly Item[], en: readonly Item[]): boolean {
  const z = zh.filter((i) => i.shaped);
  const e = en.filter((i) => i.shaped);
  if (z.length < MIN_ITEMS || e.length < MIN_ITEMS) return false;
  const zHead = z[0]!.key.slice(-1);
  const eHead = e[0]!.key.split(' ').pop()!;
  return z.every((i) => i.key.length > 1 && i.key.endsWith(zHead)) && e.every((i) => i.key.includes(' ') && i.key.split(' ').pop() === eHead);
}

/**
 * Parallel enumerations: a Chinese list and an English list of the same unit with exactly the same
 * number of items give item i / item i, where both items are shaped like terms. Lists whose counts
 * differ give nothing (one side may have merged or split items); so does a list that the
 * dictionary shows out of order (a sense of item i found at item j only). A pair confirmed by a
 * head shared by every item on both sides or by a dictionary sense ranks with the dictionary;
 * an unconfirmed one, like a single aligned observation.
 */
export function listLinks(u: AnalysedUnit, lex: Lexicon): Link[] {
  const zhLists = chineseLists(u, lex);
  const enLists = englishLists(u);
  const links: Link[] = [];
  for (const zl of zhLists) {
    const n = zl.length;
    if (zhLists.filter((l) => l.length === n).length !== 1) continue;
    const matches = enLists.filter((l) => l.length === n);
    if (matches.length !== 1) continue;
    const el = matches[0]!;
    // Out of order: a sense of a Chinese item names another English item and not its own.
    let crossed = false;
    for (let a = 0; a < n && !crossed; a++) {
      if (!zl[a]!.shaped || senseMatch(lex, zl[a]!, el[a]!)) continue;
      for (let b = 0; b < n; b++) if (b !== a && el[b]!.shaped && senseMatch(lex, zl[a]!, el[b]!)) crossed = true;
    }
    if (crossed) continue;
    // A Chinese list that modifies a noun (全球、…、不可撤回的許可): the English list modifies
    // one too (a worldwide, …, irrevocable license), so its last item is as short as the others.
    const lastZh = zl[n - 1]!;
    if (/^\s*[的之]/.test(u.zh.slice(lastZh.end)) && !el[n - 1]!.shaped && el[n - 1]!.short) el[n - 1] = el[n - 1]!.short!;
    // The Chinese first item is no longer than the inner ones (銀行業、證券業…) while the English run is
    // (includes banking enterprises, securities enterprises…): the English item is its last words.
    const innerZh = Math.max(...zl.slice(1, -1).map((i) => i.words));
    if (zl[0]!.shaped && zl[0]!.words <= innerZh && !el[0]!.shaped && el[0]!.short) el[0] = el[0]!.short!;
    const head = sharedHead(zl, el);
    const confirmed = head || zl.some((z, a) => z.shaped && el[a]!.shaped && senseMatch(lex, z, el[a]!, true));
    for (let a = 0; a < n; a++) {
      const z = zl[a]!;
      const e = el[a]!;
      if (!z.shaped || !e.shaped) continue;
      links.push({
        zh: span(z),
        en: span(e),
        method: 'list',
        score: confirmed ? LIST_CONFIRMED_SCORE : LIST_UNCONFIRMED_SCORE,
        unitId: u.id,
        note: `item ${a + 1} of ${n} in parallel lists${head ? ' (shared head)' : confirmed ? ' (a sense confirms the list)' : ''}`,
      });
    }
  }
  return links;
}

const span = (i: Item): Span => ({ text: i.text, key: i.key, start: i.start, end: i.end });

/** Numbering before a statute's or a list's item: 一、 (1) 1. a) */
const ZH_NUMBERING = /^\s*(?:[一二三四五六七八九十百]+、|[(（]?[0-9０-９a-zA-Z一二三四五六七八九十]{1,3}[)）.．、]\s*)?/;
/** 「X」指 / 「X」係指 / 「X」是指 (other quoted variants of the same term may follow after a slash). */
const ZH_QUOTED_DEFINITION = /^[「『“"]([^「」『』“”"]{1,24})[」』”"](?:\s*[/／]\s*[「『“"][^」』”"]{1,24}[」』”"])*\s*[，,]?\s*(?:係指|是指|意指|指)/;
/** An item of a statute's list of definitions: `三、X：指…` (the numbering already cut off). */
const ZH_ITEM_DEFINITION = /^([^，,。；;：:「」『』“”()（）]{2,16})[：:]\s*(?:係指|是指|意指|指)/;
/** 本法所稱X，指 / 第一項所稱X，指 / 本法所定X，包括 */
const ZH_STATUTE_DEFINITION = /所(?:稱|定)([^，,。；;：:「」]{2,16}?)[，,]\s*(?:係指|是指|指|包括)/;
/** Leading words of an English definition: `X means`, `The term "X" (as used in this Act) means`. */
const EN_DEFINITION = /^\s*(?:\(?[0-9a-z]{1,3}[).]\s*)?(?:(?:the )?terms? )?["“]?([^"“”,;:]{1,80}?)["”]?,?\s+(?:as used in [^,;]{1,60}?,?\s+)?(?:means|shall mean|refers to|includes|shall include)\b/i;

/**
 * Definitions: a term the Chinese defines (「X」指…, 本法所稱X，指…, 三、X：指…) and the term the English
 * defines at the start of the same unit (X means…, The term "X" as used in this Act means…).
 * An English side that does not open with the defined term gives nothing.
 */
export function definitionLinks(u: AnalysedUnit): Link[] {
  const body = u.zh.replace(ZH_NUMBERING, '');
  const offset = u.zh.length - body.length;
  let zhText: string | undefined;
  let zhStart = 0;
  const q = ZH_QUOTED_DEFINITION.exec(body);
  if (q) {
    zhText = q[1]!.trim();
    zhStart = offset + body.indexOf(zhText);
  } else {
    const s = ZH_STATUTE_DEFINITION.exec(body);
    const item = ZH_ITEM_DEFINITION.exec(body);
    if (s && s.index <= 12) {
      zhText = s[1]!.trim();
      zhStart = offset + s.index + s[0].indexOf(zhText);
    } else if (item) {
      zhText = item[1]!.trim();
      zhStart = offset + body.indexOf(zhText);
    }
  }
  if (!zhText || !/\p{Script=Han}/u.test(zhText) || /[、，,]/.test(zhText)) return [];
  const m = EN_DEFINITION.exec(u.en);
  if (!m) return [];
  const enText = m[1]!.trim();
  const enStart = u.en.indexOf(enText, m.index);
  const toks = u.enTokens.filter((t) => t.start >= enStart && t.end <= enStart + enText.length);
  if (toks.length === 0 || toks.length > 6 || !enItemShaped(u.enTokens, u.enTokens.indexOf(toks[0]!), u.enTokens.indexOf(toks[toks.length - 1]!) + 1, u.en)) return [];
  return [{
    zh: { text: zhText, key: toSimplified(zhText).toLowerCase(), start: zhStart, end: zhStart + zhText.length },
    en: { text: enText, key: toks.map((t) => t.key).join(' '), start: enStart, end: enStart + enText.length },
    method: 'definition',
    score: DEFINITION_SCORE,
    unitId: u.id,
    note: 'defined on both sides',
  }];
}

const ZH_QUOTE = /[「『“]([^「」『』“”]{2,16})[」』”]/g;

/**
 * The quoted stretches of a Chinese text: 「…」, 『…』, “…”, and straight quotes "…" paired in
 * order (a straight quote closes the one before it whatever lies between, so that a long path in
 * quotes does not pair its closing quote with the next opening one).
 */
function zhQuotes(text: string): { index: number; text: string }[] {
  const out = [...text.matchAll(ZH_QUOTE)].map((m) => ({ index: m.index, text: m[1]! }));
  for (const m of text.matchAll(/"([^"\n]*)"/g)) if (m[1]!.length >= 2 && m[1]!.length <= 16) out.push({ index: m.index, text: m[1]! });
  return out.sort((a, b) => a.index - b.index);
}
const EN_QUOTE = /["“]([^"“”]{2,60}?)[,.]?["”]/g;

/**
 * Quoted terms: where the Chinese quotes as many Han terms as the English quotes phrases, the
 * i-th with the i-th, each side shaped like a term. A unit that quotes unequal numbers gives
 * nothing.
 */
export function quotedLinks(u: AnalysedUnit): Link[] {
  // A Chinese term, not names joined by a Chinese word (“procfs 和 sysfs”): Han is at least 40% of its letters.
  const hanShare = (t: string): number => (t.match(/\p{Script=Han}/gu)?.length ?? 0) / Math.max(1, t.replace(/\s/g, '').length);
  const zh = zhQuotes(u.zh).filter((m) => hanShare(m.text) >= 0.4 && !/[，,。；;：:]/.test(m.text));
  // Quoted names and paths the Chinese copies unchanged ("enp0s25", "/etc/hosts") are no
  // translated terms: only the English quotes whose text the Chinese does not hold are counted.
  const en = [...u.en.matchAll(EN_QUOTE)].filter((m) => /\p{L}/u.test(m[1]!) && !u.zh.includes(m[1]!.trim()));
  if (zh.length === 0 || zh.length !== en.length) return [];
  const links: Link[] = [];
  zh.forEach((z, i) => {
    const e = en[i]!;
    const zText = z.text;
    const eText = e[1]!.trim();
    const eStart = e.index + e[0].indexOf(eText);
    const toks = u.enTokens.filter((t) => t.start >= eStart && t.end <= eStart + eText.length);
    if (toks.length === 0) return;
    const from = u.enTokens.indexOf(toks[0]!);
    if (!enItemShaped(u.enTokens, from, from + toks.length, u.en)) return;
    const zStart = z.index + 1;
    links.push({
      zh: { text: zText, key: toSimplified(zText).toLowerCase(), start: zStart, end: zStart + zText.length },
      en: { text: eText, key: toks.map((t) => t.key).join(' '), start: eStart, end: eStart + eText.length },
      method: 'definition',
      score: QUOTED_SCORE,
      unitId: u.id,
      note: `quoted term ${i + 1} of ${zh.length} on both sides`,
    });
  });
  return links;
}

const QUOTED_GLOSS = /[「『“]([^「」『』“”]{2,24})[」』”]\s*[(（]\s*([A-Za-z][A-Za-z0-9 .&'’-]{0,60}?)\s*[)）]/g;

/**
 * A quoted term followed by its English in brackets, `「統一資源識別符」(URI)`: the quotes
 * delimit the term, so its extent is sure. The English must occur in the unit's English (spelled
 * out where it is an acronym written out before its brackets there).
 */
export function quotedGlossLinks(u: AnalysedUnit): Link[] {
  const links: Link[] = [];
  for (const m of u.zh.matchAll(QUOTED_GLOSS)) {
    const zText = m[1]!.trim();
    const gloss = m[2]!.trim();
    if (!/\p{Script=Han}/u.test(zText) || isEnumerator(gloss)) continue;
    const found = findEnglish(u, phraseKey(gloss));
    if (!found) continue;
    const en = expansionOf(u, found, gloss) ?? found;
    const zStart = m.index + m[0].indexOf(zText);
    links.push(glossLink(u, zStart, zStart + zText.length, en, `inline gloss of a quoted term ${m[0].slice(m[0].search(/[(（]/))}`));
  }
  return links;
}

/** An English phrase of two words or more, an optional acronym in brackets, then a Chinese term ended by a space. */
const EN_BEFORE_ZH = /(?<![\p{L}\p{N}])([A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*){1,6})\s*(?:[(（]\s*[A-Z][A-Za-z0-9]{1,7}\s*[)）])?\s*((?:[A-Za-z][A-Za-z0-9]* )?\p{Script=Han}[\p{Script=Han}A-Za-z0-9]*)(?=\s)/gu;
/** A Latin name followed by its Chinese rendering in brackets: initramfs（初始 RAM 檔案系統）. */
const LATIN_THEN_ZH = /(?<![\p{L}\p{N}])([A-Za-z][A-Za-z0-9._-]+)\s*[（(]([^（）()]{2,24})[）)]/gu;
/** English words, then a Chinese term in brackets: `Upstream author (上游作者)：程序的原始作者。` */
const WORDS_THEN_ZH = /(?<![\p{L}\p{N}])([A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){0,3})\s*[（(](\p{Script=Han}{2,10})[）)]/gu;

/** An English phrase of two words or more right after Chinese, ending before a bracket, a space or a stop. */
const ZH_THEN_EN = /(?<=\p{Script=Han})[ \t]?([A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*){1,6})(?=\s*[(（]|[\s，,。；;：:)）]|$)/gu;

/**
 * The Chinese words right before `end` that translate the English phrase: the longest run of up to
 * five words, its first word rendered by the phrase and most of its words too (rendersMostWords).
 */
function chineseBefore(u: AnalysedUnit, lex: Lexicon, end: number, enKey: string): Span | undefined {
  const words = enKey.split(' ').filter((w) => !isStopKey(w));
  const renders = (t: ZhToken): boolean => sensesRender(lex, t.key, words);
  let best: Span | undefined;
  const at = u.zhTokens.findIndex((t) => t.end === end);
  // A term ends with no preposition, conjunction, particle, adverb or pronoun (做|為 LibreOffice
  // Writer: "as", though 做 has the sense "to write"), nor with a verb that renders none of the
  // English (版本字符串可以是 upstream version: "can be", a clause before the English).
  if (at < 0 || /^(?:p|c|u\w*|d|r\w*)$/.test(u.zhTokens[at]!.pos)) return undefined;
  if (/^v/.test(u.zhTokens[at]!.pos) && !renders(u.zhTokens[at]!)) return undefined;
  for (let i = at, n = 0; i >= 0 && n < 5; i--, n++) {
    const t = u.zhTokens[i]!;
    if (t.kind !== 'han' || (i < at && t.end !== u.zhTokens[i + 1]!.start)) break;
    if (isZhFunctionWord(t.text) || !renders(t) || !rendersMostWords(u, lex, t.start, end, enKey)) continue;
    // And the English has at most one word the run leaves untranslated (not 域名 / fully
    // qualified domain name).
    const run = u.zhTokens.slice(i, at + 1);
    const missed = words.filter((w) => !run.some((z) => sensesRender(lex, z.key, [w])));
    if (missed.length > 1) continue;
    const text = u.zh.slice(t.start, end);
    best = { text, key: toSimplified(text).toLowerCase(), start: t.start, end };
  }
  return best;
}

/**
 * Bilingual glosses inside the Chinese: an English term followed by its Chinese rendering,
 * `Unified Extensible Firmware Interface (UEFI) 統一可擴充套件韌體介面 定義了…` (the Chinese term
 * ends at the space the translator left), paired when the English term is in the unit's English;
 * and a Latin name glossed in Chinese in brackets, `initramfs（初始 RAM 檔案系統）`, paired with the
 * English gloss after the same name in the English, `initramfs (initial RAM filesystem)`.
 */
export function inlineEnglishLinks(u: AnalysedUnit, lex: Lexicon): Link[] {
  const links: Link[] = [];
  for (const m of u.zh.matchAll(EN_BEFORE_ZH)) {
    const phrase = m[1]!;
    const zText = m[2]!;
    if (zText.length > 16 || !/\p{Script=Han}/u.test(zText)) continue;
    const en = findEnglish(u, phraseKey(phrase));
    if (!en) continue;
    const zStart = m.index + m[0].lastIndexOf(zText);
    // Chinese after an English name mostly goes on with the sentence (`TCP wrapper 使用 …`,
    // `Secure Shell (SSH) 和 …`): a gloss only where the dictionary finds the English in most of
    // its words.
    if (!rendersMostWords(u, lex, zStart, zStart + zText.length, en.key)) continue;
    // The English phrase must be a whole term there, not the start of a longer name (Debian
    // Linux Kernel Handbook: `Debian Linux 核心手冊` is one Chinese term, no gloss).
    const next = u.enTokens.find((t) => t.start >= en.end);
    if (next && next.start === en.end + 1 && /^\p{Lu}/u.test(next.text) && !isStopKey(next.key)) continue;
    const zEnd = withoutUnrenderedTail(u, lex, zStart, zStart + zText.length, en.key);
    links.push(glossLink(u, zStart, zEnd, en, `English term glossed in Chinese: ${phrase}`));
  }
  // The other order: a Chinese term, then the English it keeps, `名字服務轉換 Name Service Switch (NSS)`.
  for (const m of u.zh.matchAll(ZH_THEN_EN)) {
    const phrase = m[1]!;
    const en = findEnglish(u, phraseKey(phrase));
    if (!en) continue;
    // The match starts right after the Chinese (the lookbehind keeps the scan linear).
    const hanEnd = m.index;
    const zh = chineseBefore(u, lex, hanEnd, en.key);
    if (!zh) continue;
    links.push({ zh, en, method: 'gloss', score: 0.95, unitId: u.id, note: `Chinese term glossed in English: ${phrase}` });
  }
  for (const m of u.zh.matchAll(LATIN_THEN_ZH)) {
    const name = m[1]!;
    const zText = m[2]!.trim();
    if (!/\p{Script=Han}/u.test(zText) || zText.length > 16 || /[，,。；;：:]/.test(zText) || isZhFunctionWord(zText[0]!)) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const e = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}\\s*\\(([A-Za-z][A-Za-z -]{1,60})\\)`, 'u').exec(u.en);
    if (!e) continue;
    const enText = e[1]!.trim();
    const found = findEnglish(u, phraseKey(enText));
    if (!found || enText.split(' ').length < 2 || isStopKey(found.key.split(' ')[0]!)) continue;
    const zStart = m.index + m[0].indexOf(zText);
    links.push(glossLink(u, zStart, zStart + zText.length, found, `glossed after ${name} on both sides`));
  }
  // English words the Chinese keeps, with their Chinese term in brackets (`Sponsor (保證人)：…`),
  // where the unit's English writes the same words without a bracket of its own (`sponsor: a
  // person who…`): the translator states the pair. A bracket in the English after the words
  // (`Debian New Member site (official)`) translates that bracket instead; a name (`Python (程式
  // 語言)`) is glossed with what it is, so a name needs the dictionary to agree.
  for (const m of u.zh.matchAll(WORDS_THEN_ZH)) {
    const zText = m[2]!;
    const zStart = m.index + m[0].lastIndexOf(zText);
    if (links.some((l) => l.zh.start === zStart)) continue;
    const toks = u.zhTokens.filter((t) => t.start >= zStart && t.end <= zStart + zText.length);
    if (toks.length === 0 || isZhFunctionWord(toks[0]!.key) || toks[toks.length - 1]!.end !== zStart + zText.length || !isNounLike(toks[toks.length - 1]!.pos)) continue;
    const words = m[1]!.split(' ');
    for (let i = 0; i < words.length; i++) {
      const phrase = words.slice(i).join(' ');
      if (isStopKey(phrase.toLowerCase())) continue;
      const en = findEnglish(u, phraseKey(phrase));
      if (!en) continue;
      if (/^\s*[(（]/.test(u.en.slice(en.end))) break;
      const written = u.en.slice(en.start, en.end);
      const name = /\p{Lu}/u.test(written) && !startsSentence(u.en, en.start);
      if (name && !rendersMostWords(u, lex, zStart, zStart + zText.length, en.key)) break;
      links.push(glossLink(u, zStart, zStart + zText.length, en, `glossed in brackets after ${phrase}`));
      break;
    }
  }
  return links;
}

/** A gloss link: the Chinese zh[start, end) of unit `u` stated as the translation of `en`. */
function glossLink(u: AnalysedUnit, start: number, end: number, en: Span, note: string): Link {
  const text = u.zh.slice(start, end);
  return { zh: { text, key: toSimplified(text).toLowerCase(), start, end }, en, method: 'gloss', score: 0.95, unitId: u.id, note };
}

/** Whether a dictionary sense of the Chinese word (folded key) renders one of the English words. */
function sensesRender(lex: Lexicon, zhKey: string, words: readonly string[]): boolean {
  return words.some((x) => senseRenders((w) => lex.glosses(w), zhKey, x));
}

/**
 * Whether a dictionary sense of at least half of the words in zh[start, end) (and of one at
 * least) shares a word with the English phrase (folded key), a Latin word counting where the
 * phrase has it: the Chinese translates it.
 */
export function rendersMostWords(u: AnalysedUnit, lex: Lexicon, start: number, end: number, enKey: string): boolean {
  const words = enKey.split(' ').filter((w) => !isStopKey(w));
  let han = 0;
  let rendered = 0;
  for (const t of u.zhTokens) {
    if (t.start < start || t.end > end) continue;
    // A Latin word kept in the Chinese (EFI 系統分割槽) renders itself.
    if (t.kind !== 'han') {
      if (/^[A-Za-z]/.test(t.text) && t.key.split(' ').every((k) => words.includes(k))) { han++; rendered++; }
      continue;
    }
    if (isZhFunctionWord(t.text)) continue;
    han++;
    if (sensesRender(lex, t.key, words)) rendered++;
  }
  return rendered > 0 && rendered * 2 >= han;
}

/**
 * Where a gloss's Chinese ends once the words at its end that the dictionary knows and that
 * render none of the English are left out: the sentence going on (網路塊裝置掛載 after network
 * block device: 掛載 is "mount"). A word the dictionary does not know, or a lone character, stays.
 */
export function withoutUnrenderedTail(u: AnalysedUnit, lex: Lexicon, start: number, end: number, enKey: string): number {
  const words = enKey.split(' ').filter((w) => !isStopKey(w));
  const inside = u.zhTokens.filter((t) => t.start >= start && t.end <= end);
  let last = inside.length - 1;
  while (last > 0) {
    const t = inside[last]!;
    // A lone character may be a piece of a word jieba cut (分割|槽): it stays too.
    if (t.kind !== 'han' || t.key.length < 2 || lex.glosses(t.key).size === 0 || sensesRender(lex, t.key, words)) break;
    last--;
  }
  return last >= 0 && last < inside.length - 1 ? inside[last]!.end : end;
}

// A list marker before a unit's text, and the punctuation after it.
const ZH_UNIT_MARKER = /^\s*(?:[（(][a-z一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,3}[.、)])?\s*/u;
const EN_UNIT_MARKER = /^\s*(?:\(\w{1,4}\)\s*|\d{1,3}[.)]\s+|[a-z][.)]\s+)?(?:(?:an?|the)\s+)?/iu;
const UNIT_END = /[；;。：:，,、.．！!？?\s]*$/u;

/**
 * A unit that is one term on both sides: a heading, a list item or a table cell (`著作權聲明；` /
 * `a copyright notice;`, `使用者家目錄` / `User home directory`). The Chinese is two to twelve Han
 * characters, two content words or more ending with a noun, the English a plain noun compound of
 * two to five words; the dictionary finds all but one word of each side in the other, at least
 * one. Structure vouches for the extent, as in parallel lists.
 */
export function wholeUnitLinks(u: AnalysedUnit, lex: Lexicon): Link[] {
  const zs = ZH_UNIT_MARKER.exec(u.zh)![0].length;
  const ze = u.zh.length - UNIT_END.exec(u.zh)![0].length;
  const es = EN_UNIT_MARKER.exec(u.en)![0].length;
  const ee = u.en.length - UNIT_END.exec(u.en)![0].length;
  if (ze <= zs || ee <= es) return [];
  const zText = u.zh.slice(zs, ze);
  const eText = u.en.slice(es, ee);
  if (!/^\p{Script=Han}{2,12}$/u.test(zText)) return [];
  const toks = u.zhTokens.filter((t) => t.start >= zs && t.end <= ze);
  // Content words only, no verb (顯示物件大小 / show object size is a command, not a term), the
  // last no adverb or other word that builds a clause (大小 /b is a head).
  if (toks.length === 0 || toks.some((t) => t.kind !== 'han' || isZhFunctionWord(t.key) || VERB_POS.test(t.pos)) || /^(?:d|ad|c|p|u\w*|r\w*|m|q|y)$/.test(toks[toks.length - 1]!.pos)) return [];
  const surface = eText.split(/\s+/);
  // A single word on one side is the dictionary's and the statistics' to judge (公司 / Company
  // in a form is a general word, however whole).
  if (surface.length < 2 || surface.length > 5 || toks.length < 2 || !/^[\p{L}][\p{L}\s-]*$/u.test(eText) || !nounCompound(eText)) return [];
  const key = phraseKey(eText);
  const words = key.split(' ').filter((w) => !isStopKey(w));
  const enFound = words.filter((w) => toks.some((t) => sensesRender(lex, t.key, [w]))).length;
  const zhFound = toks.filter((t) => sensesRender(lex, t.key, words)).length;
  if (enFound === 0 || enFound < words.length - 1 || zhFound < toks.length - 1) return [];
  return [{
    zh: { text: zText, key: toSimplified(zText).toLowerCase(), start: zs, end: ze },
    en: { text: eText, key, start: es, end: ee },
    method: 'list',
    score: LIST_CONFIRMED_SCORE,
    unitId: u.id,
    note: 'the whole unit on both sides (a heading, a list item or a table cell)',
  }];
}

/** The structure pairers of one unit (lists, definitions, quoted terms), the definitions first. */
export function structureLinks(u: AnalysedUnit, lex: Lexicon): Link[] {
  const defs = definitionLinks(u);
  const quoted = quotedLinks(u).filter((q) => !defs.some((d) => d.zh.start === q.zh.start));
  return [...quotedGlossLinks(u), ...inlineEnglishLinks(u, lex), ...defs, ...quoted, ...listLinks(u, lex), ...lawTitleLinks(u, lex)];
}

/**
 * A term the text defines with a determiner (「本授權素材」指…: 本 "this", 該 "that") is written
 * in the glossary as defined: an entry of the same term without it and with the same English takes
 * the defined form, and the definition's own entry goes.
 */
export function definedForms<E extends { zh: string; en: string; method?: string; terms: { text: string }[]; evidence?: number[]; frequency?: number; score?: number }>(entries: E[]): E[] {
  const drop = new Set<E>();
  for (const d of entries) {
    if (d.method !== 'definition' || !/^[本該该]\p{Script=Han}{2,}/u.test(d.zh)) continue;
    const bare = d.zh.slice(1);
    const o = entries.find((e) => e !== d && toSimplified(e.zh) === toSimplified(bare) && phraseKey(e.en) === phraseKey(d.en));
    if (!o) continue;
    o.zh = d.zh;
    o.terms[0]!.text = d.zh;
    const evidence = [...new Set([...(o.evidence ?? []), ...(d.evidence ?? [])])].sort((x, y) => x - y);
    o.evidence = evidence;
    o.frequency = evidence.length;
    o.score = Math.max(o.score ?? 0, d.score ?? 0);
    drop.add(d);
  }
  return drop.size === 0 ? entries : entries.filter((e) => !drop.has(e));
}

/** What ends the name of a law, treaty or regulation in Chinese (民事訴訟法, 管理條例, 著作權條約). */
const ZH_LAW_SUFFIX = /(?:法|条例|通则|规则|细则|规程|公约|条约|协定|章程)$/u;
/** The head word of a law's English name (Compulsory Execution Act, Code of Civil Procedure). */
const EN_LAW_HEAD: ReadonlySet<string> = new Set(['act', 'code', 'law', 'regulation', 'rule', 'convention', 'treaty', 'agreement', 'ordinance', 'statute', 'charter']);
/** Lower-case words that may stand inside a capitalised English title. */
const EN_TITLE_INNER: ReadonlySet<string> = new Set(['of', 'the', 'on', 'for', 'and', 'in', 'to', 'concerning', 'governing', 'relating', 'regarding']);
/** Trust of a law's name paired with its English name. */
export const LAW_TITLE_SCORE = 0.8;
/** Most words of a Chinese law name before its suffix. */
const MAX_LAW_WORDS = 8;

/** The capitalised English names of laws in a unit: runs of capitalised words (and the small words between them) holding a law's head word; never "this Act". */
export function englishLawTitles(toks: readonly EnToken[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  const cap = (t: EnToken): boolean => /^[A-Z]/.test(t.text);
  for (let i = 0; i < toks.length; ) {
    if (!cap(toks[i]!) || isStopKey(toks[i]!.key)) {
      i++;
      continue;
    }
    let j = i + 1;
    let last = i;
    // A capitalised word before a number starts a reference (Article 18), not a part of the name.
    const reference = (m: number): boolean => m + 1 < toks.length && /^\d/.test(toks[m + 1]!.text);
    while (j < toks.length && !toks[j - 1]!.breakAfter && ((cap(toks[j]!) && !reference(j)) || EN_TITLE_INNER.has(toks[j]!.key))) {
      if (cap(toks[j]!)) last = j;
      j++;
    }
    const run = toks.slice(i, last + 1);
    if (run.some((t) => EN_LAW_HEAD.has(t.key)) && run.filter((t) => cap(t) && !EN_LAW_HEAD.has(t.key)).length >= 1) out.push({ from: i, to: last + 1 });
    i = last + 1;
  }
  return out;
}

/**
 * The names of laws on both sides: a Chinese word ending as a law's name does (法, 條例, 條約 ...)
 * and a capitalised English name holding a law's head word (Act, Code, Treaty ...). The Chinese
 * name reaches left as far as a word the English name translates (by the dictionary), across
 * words it does not (民事訴訟法 / Code of Civil Procedure: 民事 civil), never across a function
 * word or punctuation; a name none of whose words the English translates is not paired. Each
 * Chinese name takes the English name that translates most of its words.
 */
export function lawTitleLinks(u: AnalysedUnit, lex: Lexicon): Link[] {
  const titles = englishLawTitles(u.enTokens);
  if (titles.length === 0) return [];
  const toks = u.zhTokens;
  const options: { zhFrom: number; zhTo: number; title: number; matched: number }[] = [];
  for (let k = 0; k < toks.length; k++) {
    const head = toks[k]!;
    if (head.kind !== 'han' || !ZH_LAW_SUFFIX.test(head.key)) continue;
    titles.forEach((t, ti) => {
      const words = u.enTokens.slice(t.from, t.to).map((e) => e.key).filter((w) => !isStopKey(w) && !EN_LAW_HEAD.has(w));
      const rendersWord = (zh: string): boolean => sensesRender(lex, zh, words);
      // A word the dictionary lacks or translates otherwise as a whole (強制執行, enforce) may
      // still be translated piece by piece (強制 compulsory, 執行 execution).
      const renders = (zh: string): boolean => {
        if (rendersWord(zh)) return true;
        for (let c = 1; c < zh.length; c++) if (rendersWord(zh.slice(0, c)) || rendersWord(zh.slice(c))) return true;
        return false;
      };
      // The head word itself may hold a translated stem (訴訟法, 組織法).
      let matched = head.key.length > 1 && renders(head.key.replace(ZH_LAW_SUFFIX, '')) ? 1 : 0;
      let from = k;
      for (let i = k - 1; i >= Math.max(0, k - MAX_LAW_WORDS); i--) {
        const t = toks[i]!;
        if (t.kind !== 'han' || isZhFunctionWord(t.key) || ZH_CLAUSE_POS.test(t.pos) || t.end !== toks[i + 1]!.start) break;
        if (renders(t.key)) {
          matched++;
          from = i;
        }
      }
      if (matched >= 1) options.push({ zhFrom: from, zhTo: k, title: ti, matched });
    });
  }
  const links: Link[] = [];
  const usedZh = new Set<number>();
  const usedTitle = new Set<number>();
  for (const o of options.sort((a, b) => b.matched - a.matched)) {
    if (usedZh.has(o.zhTo) || usedTitle.has(o.title)) continue;
    usedZh.add(o.zhTo);
    usedTitle.add(o.title);
    const t = titles[o.title]!;
    const zStart = toks[o.zhFrom]!.start;
    const zEnd = toks[o.zhTo]!.end;
    const eStart = u.enTokens[t.from]!.start;
    const eEnd = u.enTokens[t.to - 1]!.end;
    const zhText = u.zh.slice(zStart, zEnd);
    links.push({
      zh: { text: zhText, key: toSimplified(zhText).toLowerCase(), start: zStart, end: zEnd },
      en: { text: u.en.slice(eStart, eEnd), key: u.enTokens.slice(t.from, t.to).map((e) => e.key).join(' '), start: eStart, end: eEnd },
      method: 'anchor',
      score: LAW_TITLE_SCORE,
      unitId: u.id,
      note: 'the name of a law on both sides',
    });
  }
  return links;
}
