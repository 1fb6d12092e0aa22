/**
 * The pairers that need no dictionary: inline glosses, the same Latin-script token on both sides,
 * quoted spans anchored by a number or name, and `·` transliterated names. Each is a pure function
 * of one analysed unit (plus corpus frequencies for the gloss's extent).
 */
import { distance } from 'fastest-levenshtein';
import { isCapitalized, isStopKey, phraseKey } from '../text/en-words.js';
import { toSimplified } from '../text/fold.js';
import type { AnalysedUnit, Link, Span } from './types.js';
import { isEnumerator } from './precision.js';
import { isZhFunctionWord, type ZhToken } from '../text/zh-words.js';

/** Where in the English the phrase (folded key) occurs, as a span; the first match. */
export function findEnglish(unit: AnalysedUnit, key: string): Span | undefined {
  const g = unit.enNgrams.find((n) => n.key === key);
  if (g) return { text: g.text, key: g.key, start: g.start, end: g.end };
  // Phrases with stop words at an edge (not n-grams): scan the tokens.
  const words = key.split(' ');
  const toks = unit.enTokens;
  for (let i = 0; i < toks.length; i++) {
    let k = 0;
    let j = i;
    let ok = true;
    while (k < words.length && j < toks.length) {
      const parts = toks[j]!.key.split(' ');
      for (const p of parts) {
        if (words[k] !== p) ok = false;
        k++;
      }
      if (!ok) break;
      j++;
    }
    if (ok && k === words.length) return { text: unit.en.slice(toks[i]!.start, toks[j - 1]!.end), key, start: toks[i]!.start, end: toks[j - 1]!.end };
  }
  return undefined;
}

/** Counts how often each Simplified string occurs in the Chinese of the corpus (for a gloss's extent). */
/** One English word carries a sense word: the same, or one of them the other plus a derivational ending (supervise / Supervisory, pay / payment). */
export function wordRenders(en: string, sense: string): boolean {
  if (en === sense) return true;
  const [short, long] = en.length <= sense.length ? [en, sense] : [sense, en];
  if (short.length < 3) return false;
  const stem = short.endsWith('e') ? short.slice(0, -1) : short;
  return long.startsWith(stem) && /^(?:e|s|es|ed|ing|ment|ion|ation|ory|ive|al|er|or|y|ry|ic|ance|ence|ity)$/.test(long.slice(stem.length));
}

export type ZhFrequency = (simplified: string) => number;

/** Folded English senses of a Simplified Chinese word (the dictionary's). */
export type Senses = (simplified: string) => ReadonlySet<string>;

const GLOSS = /[(（]\s*([A-Za-z][A-Za-z0-9 .&'’-]{0,60}?)\s*[)）]/g;

/**
 * Inline glosses: a Chinese term followed by its English in brackets, `深度求索(DeepSeek)`,
 * `證券交易委員會(SEC)`. The term's extent (how many words before the bracket) is the longest
 * run that recurs as often as its shortest part elsewhere in the corpus; on a text where nothing
 * recurs, the run whose word count fits the gloss (letters of an acronym, parts of a name).
 */
export function glossLinks(unit: AnalysedUnit, freq: ZhFrequency, senses: Senses = () => new Set()): Link[] {
  const links: Link[] = [];
  for (const m of unit.zh.matchAll(GLOSS)) {
    const gloss = m[1]!.trim();
    if (isEnumerator(gloss)) continue;
    // Where the term ends: right before the bracket, or before the spaces in between.
    const end = m.index - (/\s*$/.exec(unit.zh.slice(Math.max(0, m.index - 4), m.index))?.[0].length ?? 0);
    const glossKey = phraseKey(gloss);
    // The English's own bracketed occurrence first (`TUN/TAP modules … network device (TUN)`).
    const found = bracketedEnglish(unit, gloss) ?? findEnglish(unit, glossKey);
    if (!found) continue;
    // The English spells the acronym out before it, `operating system (OS)`: the term's
    // translation is the spelled-out form (Schwartz and Hearst's abbreviation pairs).
    const expanded = expansionOf(unit, found, gloss);
    if (!expanded && /\(\s*$/.test(unit.en.slice(0, found.start))) {
      // The English glosses it too, after words that are no spelling-out (`Music sharing
      // (DAAP)`): the Chinese before the bracket translates those words, where the dictionary
      // shows which; otherwise the extent of neither side is sure and nothing is paired.
      const both = bracketedOnBothSides(unit, end, found, senses);
      if (both) links.push({ ...both, method: 'gloss', score: 0.95, unitId: unit.id, note: `inline gloss ${m[0]} on both sides` });
      continue;
    }
    const en = expanded ?? found;
    // Han tokens ending right before the bracket.
    const run: ZhToken[] = [];
    for (let i = unit.zhTokens.findIndex((t) => t.end === end); i >= 0; i--) {
      const t = unit.zhTokens[i]!;
      // A function word (以, 的, 和) ends the term on the left.
      if (t.kind !== 'han' || (run.length > 0 && t.end !== run[run.length - 1]!.start) || (run.length > 0 && isZhFunctionWord(t.text))) break;
      run.push(t);
      if (run.length >= 6) break;
    }
    if (run.length === 0) continue;
    const options = run.map((_, k) => {
      const first = run[k]!;
      const text = unit.zh.slice(first.start, end);
      const weight = run.slice(0, k + 1).reduce((s, t) => s + (t.end - t.start >= 4 ? 2 : 1), 0);
      return { text, start: first.start, weight, f: freq(toSimplified(text)) };
    }).filter((o) => o.text.length >= 2);
    if (options.length === 0) continue;
    // The words of the English the gloss stands for: an acronym's spelled-out form where the
    // English has one (主引導記錄（MBR）: master boot record).
    const glossWords = en.key.split(' ').filter((w) => !isStopKey(w));
    const rendersGloss = (zhKey: string): boolean => glossWords.some((x) => senseRenders(senses, zhKey, x));
    const rendered = (t: ZhToken): boolean => rendersGloss(t.key);
    // A single dictionary word whose senses do not render the gloss is not its term when a longer
    // run is there (背景程式（daemon）: 程式 alone is "program"), however often it recurs.
    const foreign = (o: (typeof options)[number]): boolean => {
      const t = run.find((x) => x.start === o.start)!;
      return t.end === end && senses(t.key).size > 0 && !rendered(t);
    };
    if (options.length > 1 && foreign(options[0]!)) options.shift();
    const maxF = Math.max(...options.map((o) => o.f));
    const wanted = expectedWords(gloss);
    let chosen: (typeof options)[number];
    // An acronym the English spells out: as many Chinese words as the spelled-out words, where
    // there are (最大|分片|大小（MSS）: maximum segment size), however often a shorter part recurs.
    const spelled = expanded ? options.find((o) => o.weight === expanded.key.split(' ').length) : undefined;
    if (spelled) {
      chosen = spelled;
    } else if (maxF >= 2 && options.some((o) => o.f < maxF)) {
      chosen = [...options].reverse().find((o) => o.f === maxF)!;
    } else {
      chosen = options.reduce((best, o) => (Math.abs(o.weight - wanted) < Math.abs(best.weight - wanted) ? o : best));
    }
    // The gloss translates words further left too (按需|套接字|啟用（on-demand socket
    // activation）, where 啟用 alone recurs more): the term reaches as far as the dictionary
    // finds each word in the gloss.
    // A word the dictionary does not know may lie in between (最大|分片|大小（MSS）: 分片).
    for (let k = run.findIndex((t) => t.start === chosen.start) + 1; k < run.length; k++) {
      if (!rendered(run[k]!)) {
        if (senses(run[k]!.key).size > 0 || k + 1 >= run.length || !rendered(run[k + 1]!)) break;
        k++;
      }
      const o = options.find((x) => x.start === run[k]!.start);
      if (o) chosen = o;
    }
    // A bracket that qualifies a word the English translates elsewhere in the sentence is no
    // gloss of it (28 位元組（IPv4） / 28 bytes for the IPv4: 位元組 is "bytes").
    const chosenKey = toSimplified(chosen.text);
    const elsewhere = (g: string): boolean => {
      const f = findEnglish(unit, g);
      return f !== undefined && (f.end <= found.start || f.start >= found.end);
    };
    if (!expanded && senses(chosenKey).size > 0 && !rendersGloss(chosenKey) && [...senses(chosenKey)].some(elsewhere)) continue;
    // A Latin name written before the Chinese that the English opens with belongs to the term
    // (Debian 政策（Debian Policy）: the term is `Debian 政策`).
    const at = unit.zhTokens.findIndex((t) => t.start === chosen.start);
    const before = at > 0 ? unit.zhTokens[at - 1]! : undefined;
    if (before?.kind === 'latin' && /^ ?$/.test(unit.zh.slice(before.end, chosen.start))) {
      const name = phraseKey(before.text);
      if (name.length > 0 && `${en.key} `.startsWith(`${name} `) && en.key !== name) chosen = { ...chosen, text: unit.zh.slice(before.start, end), start: before.start };
    }
    links.push({
      zh: { text: chosen.text, key: toSimplified(chosen.text).toLowerCase(), start: chosen.start, end },
      en,
      method: 'gloss',
      score: 0.95,
      unitId: unit.id,
      note: `inline gloss ${m[0]}`,
    });
  }
  return links;
}

/** Where the English writes the gloss in brackets of its own, `(TUN)`, as a span; the first such. */
function bracketedEnglish(unit: AnalysedUnit, gloss: string): Span | undefined {
  const escaped = gloss.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\(\\s*(${escaped})\\s*\\)`).exec(unit.en);
  if (!m) return undefined;
  const start = m.index + m[0].indexOf(m[1]!);
  return { text: m[1]!, key: phraseKey(m[1]!), start, end: start + m[1]!.length };
}

/** Whether some dictionary sense of the Chinese word renders the English word (folded keys). */
export function senseRenders(senses: Senses, zhKey: string, enKey: string): boolean {
  for (const g of senses(zhKey)) for (const w of g.split(' ')) if (!isStopKey(w) && wordRenders(enKey, w)) return true;
  return false;
}

/**
 * The same gloss in brackets on both sides, `共享音樂(DAAP)` / `Music sharing (DAAP)`: a Chinese
 * run before the bracket and the English words before it that render each other word for
 * word through the dictionary (every Chinese content word and every English content word has its
 * counterpart); undefined when no such pair is there.
 */
function bracketedOnBothSides(unit: AnalysedUnit, zhBracket: number, gloss: Span, senses: Senses): { zh: Span; en: Span } | undefined {
  const toks = unit.enTokens;
  const at = toks.findIndex((t) => t.start === gloss.start);
  const run: ZhToken[] = [];
  for (let i = unit.zhTokens.findIndex((t) => t.end === zhBracket); i >= 0 && run.length < 5; i--) {
    const t = unit.zhTokens[i]!;
    if (t.kind !== 'han' || (run.length > 0 && t.end !== run[run.length - 1]!.start)) break;
    run.push(t);
  }
  // The most English words before the bracket that some Chinese run renders, with the fewest
  // Chinese words that do (乙太網路網路裝置（TAP）/ Ethernet network device (TAP): 網路裝置 /
  // network device, no word the translator wrote twice).
  for (let k = Math.min(5, at); k >= 1; k--) {
    const words = toks.slice(at - k, at);
    if (words.slice(0, -1).some((t) => t.breakAfter) || isStopKey(words[0]!.key)) continue;
    const content = words.filter((t) => !isStopKey(t.key));
    for (let z = 1; z <= run.length; z++) {
      const zhWords = run.slice(0, z).filter((t) => !isZhFunctionWord(t.text));
      if (zhWords.length === 0) continue;
      const zhOk = zhWords.every((t) => content.some((w) => senseRenders(senses, t.key, w.key)));
      const enOk = content.every((w) => zhWords.some((t) => senseRenders(senses, t.key, w.key)));
      if (!zhOk || !enOk) continue;
      const first = run[z - 1]!;
      const start = words[0]!.start;
      const end = words[k - 1]!.end;
      const zhText = unit.zh.slice(first.start, zhBracket);
      return {
        zh: { text: zhText, key: toSimplified(zhText), start: first.start, end: zhBracket },
        en: { text: unit.en.slice(start, end), key: words.map((t) => t.key).join(' '), start, end },
      };
    }
  }
  return undefined;
}

/**
 * The words just before an acronym in brackets whose initials spell it: `operating system (OS)`,
 * `EFI system partition (ESP)`; undefined when there are none.
 */
export function expansionOf(unit: AnalysedUnit, acronym: Span, gloss: string): Span | undefined {
  if (!/^[A-Z]{2,6}$/.test(gloss)) return undefined;
  if (!/\(\s*$/.test(unit.en.slice(0, acronym.start))) return undefined;
  const toks = unit.enTokens;
  const at = toks.findIndex((t) => t.start === acronym.start);
  const n = gloss.length;
  if (at < n) return undefined;
  const words = toks.slice(at - n, at);
  if (words.slice(0, -1).some((t) => t.breakAfter)) return undefined;
  if (!words.every((t, i) => t.text[0]!.toUpperCase() === gloss[i])) return undefined;
  const start = words[0]!.start;
  const end = words[n - 1]!.end;
  return { text: unit.en.slice(start, end), key: words.map((t) => t.key).join(' '), start, end };
}

/** How many Chinese words an English gloss likely stands for: acronym letters, CamelCase or spaced parts. */
function expectedWords(gloss: string): number {
  if (/^[A-Z]{2,6}$/.test(gloss)) return gloss.length;
  const parts = gloss.split(/\s+|(?<=\p{Ll})(?=\p{Lu})/u).filter((p) => p.length > 0);
  return Math.max(1, parts.length);
}

/**
 * Written like a name or a term of its own: a letter first, and a capital or digit somewhere
 * (DeepSeek, Web3, AI, Prime Intellect); an all-lower-case word left untranslated in Chinese text
 * is mostly a command or keyword (file, help).
 */
export function isNameLike(text: string): boolean {
  if (text.length < 2 || !/^\p{L}[\p{L}\p{N}]*(?:[ .-][\p{L}\p{N}]+)*$/u.test(text) || !/[\p{Lu}\p{N}]/u.test(text)) return false;
  // Single letters (command options `-A c`) and Roman numerals (II, IV) number or mark; they name nothing.
  return !text.split(/[ .-]/).every((w) => w.length === 1) && !/^[IVX]{2,4}$/.test(text);
}

/** The same Latin-script name or token on both sides (`Prime Intellect`, `Web3`), outside glosses. */
export function sharedTokenLinks(unit: AnalysedUnit): Link[] {
  const links: Link[] = [];
  const glossed = [...unit.zh.matchAll(GLOSS)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const t of unit.zhTokens) {
    if (t.kind !== 'latin' || !isNameLike(t.text)) continue;
    // Format placeholders, options and paths (%s, --verbose, $HOME, /usr) are code, not names.
    if (/[%$\-/\\_<{@#=[]/.test(unit.zh[t.start - 1] ?? '')) continue;
    if (glossed.some((g) => t.start >= g.start && t.end <= g.end)) continue;
    const key = phraseKey(t.text);
    if (isStopKey(key)) continue;
    const en = findEnglish(unit, key);
    if (!en) continue;
    links.push({ zh: { text: t.text, key: toSimplified(t.text).toLowerCase(), start: t.start, end: t.end }, en, method: 'shared-token', score: 0.9, unitId: unit.id });
  }
  return links;
}

const QUOTED = /[“「『"《]([^”」』"》]{2,30})[”」』"》]/g;

/**
 * Anchored spans: a quoted Chinese span holding a number or Latin name, and the English name-like
 * phrase (capitalised words) carrying the same anchor: “扼喉行動2.0” / Operation Chokepoint 2.0.
 */
export function anchorLinks(unit: AnalysedUnit): Link[] {
  const links: Link[] = [];
  for (const m of unit.zh.matchAll(QUOTED)) {
    const inner = m[1]!;
    if (!/\p{Script=Han}/u.test(inner)) continue;
    const anchor = inner.match(/\d+(?:\.\d+)*|[A-Za-z][A-Za-z0-9]+/)?.[0];
    if (!anchor) continue;
    const toks = unit.enTokens;
    const at = toks.findIndex((t) => t.text === anchor || t.key === anchor.toLowerCase());
    if (at < 0) continue;
    // Extend left over capitalised words that are not sentence-initial stop words.
    let from = at;
    while (from > 0 && !toks[from - 1]!.breakAfter && isCapitalized(toks[from - 1]!.text) && !isStopKey(toks[from - 1]!.key)) from--;
    let to = at + 1;
    while (to < toks.length && !toks[to - 1]!.breakAfter && isCapitalized(toks[to]!.text) && !isStopKey(toks[to]!.key)) to++;
    if (to - from < 2) continue;
    const start = toks[from]!.start;
    const end = toks[to - 1]!.end;
    const zhStart = m.index + 1;
    links.push({
      zh: { text: inner, key: toSimplified(inner), start: zhStart, end: zhStart + inner.length },
      en: { text: unit.en.slice(start, end), key: toks.slice(from, to).map((t) => t.key).join(' '), start, end },
      method: 'anchor',
      score: 0.9,
      unitId: unit.id,
      note: `anchored by ${anchor}`,
    });
  }
  return links;
}

const TITLE = /《([^《》]{1,30})》/g;

/**
 * A title in title marks (《財富》: a publication, a book, a law) and the one English name of the
 * unit left over: capitalised words, not at the start of a sentence, that the Chinese does not
 * already hold as Latin letters (Fortune.com, SEC). With more than one such name, or more than
 * one title, the unit says nothing sure and gives no link.
 */
export function titleLinks(unit: AnalysedUnit): Link[] {
  const titles = [...unit.zh.matchAll(TITLE)].filter((m) => /\p{Script=Han}/u.test(m[1]!));
  if (titles.length !== 1) return [];
  const zhLatin = new Set(unit.zhTokens.filter((t) => t.kind === 'latin').map((t) => phraseKey(t.text)));
  const toks = unit.enTokens;
  const runs: { from: number; to: number }[] = [];
  for (let i = 0; i < toks.length; ) {
    const t = toks[i]!;
    const initial = i === 0 || /[.!?:;"“‘]\s*$/.test(unit.en.slice(toks[i - 1]!.end, t.start));
    if (!isCapitalized(t.text) || isStopKey(t.key) || initial) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < toks.length && !toks[j - 1]!.breakAfter && isCapitalized(toks[j]!.text) && !isStopKey(toks[j]!.key)) j++;
    const key = toks.slice(i, j).map((k) => k.key).join(' ');
    if (!zhLatin.has(key)) runs.push({ from: i, to: j });
    i = j;
  }
  if (runs.length !== 1) return [];
  const r = runs[0]!;
  const m = titles[0]!;
  const inner = m[1]!;
  const start = toks[r.from]!.start;
  const end = toks[r.to - 1]!.end;
  const zhStart = m.index + 1;
  return [{
    zh: { text: inner, key: toSimplified(inner), start: zhStart, end: zhStart + inner.length },
    en: { text: unit.en.slice(start, end), key: toks.slice(r.from, r.to).map((t) => t.key).join(' '), start, end },
    method: 'anchor',
    score: 0.7,
    unitId: unit.id,
    note: `title ${m[0]}, the one English name left`,
  }];
}

const NAME_DOT = /[·・‧•]/;

/** Latin letters of a pinyin reading without tones: `Bu4 lu3` → `bulu`. */
function plainPinyin(reading: string): string {
  return reading.toLowerCase().replace(/u:/g, 'u').replace(/[^a-z]/g, '');
}

/** Similarity 0..1 of a Chinese transliteration (by the pinyin of its characters) and an English name part. */
function soundsLike(zh: string, en: string, pinyinOf: (ch: string) => string | undefined): number {
  const py = [...toSimplified(zh)].map((ch) => plainPinyin(pinyinOf(ch) ?? '')).join('');
  const e = en.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '');
  if (py.length === 0 || e.length === 0) return 0;
  return 1 - distance(py, e) / Math.max(py.length, e.length);
}

/**
 * Transliterated names written with a middle dot (杰克·布魯克曼): paired with the one run of
 * capitalised English words with as many parts in the unit. The extent of each Chinese part (the
 * text around the dot has no spaces) is the one whose pinyin sounds most like the English part.
 */
export function nameLinks(unit: AnalysedUnit, pinyinOf: (ch: string) => string | undefined): Link[] {
  const links: Link[] = [];
  const dots = [...unit.zh.matchAll(new RegExp(`(?<=\\p{Script=Han})${NAME_DOT.source}(?=\\p{Script=Han})`, 'gu'))];
  if (dots.length !== 1) return links;
  const dot = dots[0]!.index;
  const runs: { from: number; to: number }[] = [];
  const toks = unit.enTokens;
  for (let i = 0; i < toks.length; ) {
    if (!/^\p{Lu}\p{Ll}+$/u.test(toks[i]!.text) || isStopKey(toks[i]!.key)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < toks.length && !toks[j - 1]!.breakAfter && /^\p{Lu}\p{Ll}+$/u.test(toks[j]!.text)) j++;
    runs.push({ from: i, to: j });
    i = j;
  }
  const fits = runs.filter((r) => r.to - r.from === 2);
  if (fits.length !== 1) return links;
  const r = fits[0]!;
  const [given, family] = [toks[r.from]!.text, toks[r.from + 1]!.text];
  const best = (texts: string[], en: string): { text: string; sim: number } =>
    texts.map((text) => ({ text, sim: soundsLike(text, en, pinyinOf) })).reduce((a, b) => (b.sim > a.sim ? b : a), { text: '', sim: -1 });
  const left: string[] = [];
  for (let k = 1; k <= 4 && dot - k >= 0 && /\p{Script=Han}/u.test(unit.zh[dot - k]!); k++) left.push(unit.zh.slice(dot - k, dot));
  const right: string[] = [];
  for (let k = 1; k <= 6 && dot + k < unit.zh.length && /\p{Script=Han}/u.test(unit.zh[dot + k]!); k++) right.push(unit.zh.slice(dot + 1, dot + 1 + k));
  const l = best(left, given);
  const rr = best(right, family);
  // Both parts must sound like the English: otherwise the capitalised words are someone else.
  if (l.sim < 0.34 || rr.sim < 0.34) return links;
  const zhText = unit.zh.slice(dot - l.text.length, dot + 1 + rr.text.length);
  const start = toks[r.from]!.start;
  const end = toks[r.to - 1]!.end;
  links.push({
    zh: { text: zhText, key: toSimplified(zhText), start: dot - l.text.length, end: dot + 1 + rr.text.length },
    en: { text: unit.en.slice(start, end), key: toks.slice(r.from, r.to).map((t) => t.key).join(' '), start, end },
    method: 'name',
    score: 0.85,
    unitId: unit.id,
    note: `transliteration (pinyin similarity ${l.sim.toFixed(2)}, ${rr.sim.toFixed(2)})`,
  });
  return links;
}
