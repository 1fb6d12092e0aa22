/**
 * Folding for matching (docs/architecture.md): stored text keeps its script and punctuation;
 * indexes, look-ups and checks compare folded text. Folding: NFKC width, case,
 * Traditional→Simplified (OpenCC, character for character so offsets map back), quote and
 * dash forms, hyphens and white space, English inflection (blockchains ~ blockchain).
 *
 * The one place text is folded; what uses which fold:
 * - fold / foldWithOffsets: the whole fold, with a map back to the text (term look-up).
 * - foldCharacters: script, width and case only, length kept (finding terms in a check).
 * - sameTextKey: foldCharacters' key without punctuation or spaces (segments that say the same).
 * - tokens.ts: the matching units of the TM index and search, built on toSimplified and lemma.
 * - en-words.ts: English word keys and word families, built on lemma.
 */
import { createRequire } from 'node:module';
// The Traditional→Simplified build alone: the full bundle also builds the reverse
// dictionaries at import, which every start would pay for.
import * as OpenCC from 'opencc-js/t2cn';
// OpenCC's regional phrase tables as data (a few kB), not as converters.
import { from as OPENCC_FROM } from 'opencc-js/preset/t2cn';
import { compactLemmatizer, type Lemmatizer } from './lemmatizer.js';
import pluralize from 'pluralize';
import { primaryLanguage } from '../model.js';

// Traditional → Simplified is cheap to build; the reverse and the English lemmatizer's word
// lists are not, and load on first use, so that a CLI start stays short.
const toSimplifiedPhrase = OpenCC.Converter({ from: 'tw', to: 'cn' });
let toTraditionalPhrase: ((s: string) => string) | undefined;
// wink-lemmatizer's lemmas from a compact copy of its tables (src/text/lemmatizer.ts), which
// loads far faster than the package.
let lemmatizer: Lemmatizer | undefined;
function getLemmatizer(): Lemmatizer {
  lemmatizer ??= compactLemmatizer();
  return lemmatizer;
}

/** Traditional → Simplified; falls back to character by character if OpenCC changed the length. */
export function toSimplified(text: string): string {
  const out = toSimplifiedPhrase(text);
  if (out.length === text.length) return out;
  let s = '';
  for (const ch of text) {
    const c = toSimplifiedPhrase(ch);
    s += c.length === ch.length ? c : ch;
  }
  return s;
}

/**
 * OpenCC's table of Taiwan phrases and their mainland forms (TWPhrasesRev: 軟體 軟件, 原始碼 源代碼,
 * 資料庫 數據庫), both sides in Simplified characters, each way, read once. OpenCC's own
 * converters would do the same through Traditional, but the Simplified → Traditional one builds
 * dictionaries of about 60 MB and the server would keep them (docs/decisions.md).
 */
let regional: { toMainland: Map<string, string>; toTaiwan: Map<string, string>; longest: number } | undefined;
function regionalPhrases(): NonNullable<typeof regional> {
  if (regional) return regional;
  const toMainland = new Map<string, string>();
  const toTaiwan = new Map<string, string>();
  let longest = 1;
  const table = OPENCC_FROM.twp?.[0]?.[0];
  const pairs: (readonly [string, string])[] = typeof table === 'string' ? table.split('|').map((line) => {
    const [tw = '', cn = ''] = line.split(' ');
    return [tw, cn] as const;
  }) : [...(table ?? [])];
  for (const [tw, cn] of pairs) {
    const t = toSimplified(tw);
    const c = toSimplified(cn);
    if (!t || !c || t === c) continue;
    if (!toMainland.has(t)) toMainland.set(t, c);
    if (!toTaiwan.has(c)) toTaiwan.set(c, t);
    longest = Math.max(longest, t.length, c.length);
  }
  return (regional = { toMainland, toTaiwan, longest });
}

/** `text` with the phrases of `map` replaced, the longest match first, left to right. */
function replacePhrases(text: string, map: ReadonlyMap<string, string>, longest: number): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    let hit = 0;
    for (let n = Math.min(longest, text.length - i); n >= 2; n--) {
      if (map.has(text.slice(i, i + n))) {
        hit = n;
        break;
      }
    }
    if (hit > 0) {
      out += map.get(text.slice(i, i + hit))!;
      i += hit;
    } else {
      out += text[i]!;
      i++;
    }
  }
  return out;
}

/**
 * The mainland wording of a Simplified key written with Taiwan vocabulary (软体包 → 软件包,
 * 原始码 → 源代码, 资料库 → 数据库). For looking words up where the dictionary lists only the
 * mainland form; a word the dictionary lists as it is must not go through it (文件 is "document"
 * in Taiwan).
 */
export function mainlandVocabulary(simplified: string): string {
  const r = regionalPhrases();
  return replacePhrases(simplified, r.toMainland, r.longest);
}

/**
 * The Taiwan wording of a Simplified key written with mainland vocabulary, in Simplified
 * characters (软件包 → 软体包, 源代码 → 原始码, 数据库 → 资料库): the counterpart of
 * mainlandVocabulary.
 */
export function taiwanVocabulary(simplified: string): string {
  const r = regionalPhrases();
  return replacePhrases(simplified, r.toTaiwan, r.longest);
}

/** Simplified → Traditional (Taiwan), for suggesting a term in the other script. */
export function toTraditional(text: string): string {
  const convert = (toTraditionalPhrase ??= (createRequire(import.meta.url)('opencc-js/cn2t') as typeof OpenCC).Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

const QUOTES_DASHES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
  '\u300C': '"', '\u300D': '"', '\u300E': '"', '\u300F': '"',
  '\u2010': ' ', '\u2011': ' ', '\u2012': ' ', '\u2013': ' ', '\u2014': ' ', '\u2015': ' ', '\u2212': ' ', '-': ' ',
  '\u30FB': '·', '\u2027': '·', '\u2022': '·', '\uFF65': '·',
};

const lemmaCache = new Map<string, string>();
const wordLemmaCache = new Map<string, string>();

/**
 * The dictionary form of one lower-case English word, as search, look-up and checks match words:
 * plural nouns and inflected verbs folded, and a plural as its singular is (settings as setting,
 * both → set), so that a query finds the term whatever its number.
 */
export function lemma(word: string): string {
  return lemmaOf(word, true, lemmaCache);
}

/**
 * The dictionary form term extraction keys English words by: a plural stops at its singular
 * (settings → setting), so that the glossary keeps a plural noun apart from the verb its singular
 * folds to (setting → set) and shows the noun as the document writes it.
 */
export function wordLemma(word: string): string {
  return lemmaOf(word, false, wordLemmaCache);
}

function lemmaOf(word: string, further: boolean, cache: Map<string, string>): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  let out = word;
  if (word.length > 3 && /^[a-z]+$/.test(word)) {
    const noun = getLemmatizer().noun(word);
    if (noun !== word) {
      out = further && noun.length < word.length ? lemma(noun) : noun;
    } else if (/[^s]s$/.test(word) && !/(?:us|is|ss)$/.test(word)) {
      // Words the lemmatizer's dictionary lacks (blockchains, tokens of new fields): rule-based singular.
      const single = pluralize.singular(word);
      out = further && single.length < word.length ? lemma(single) : single;
    } else {
      const verb = getLemmatizer().verb(word);
      // Only regular -s/-ed/-ing endings: irregular verb lemmas (was → be) would merge unrelated words.
      if (verb !== word && /(?:s|ed|ing)$/.test(word) && verb.length >= 3) out = verb;
    }
  }
  if (cache.size < 200_000) cache.set(word, out);
  return out;
}

/**
 * The word classes WordNet gives one lower-case English word (through its noun and verb lemmas):
 * a rough part-of-speech signal for term boundaries. A word in neither table is an adjective,
 * adverb, function word or a word WordNet lacks.
 */
export function wordClasses(word: string): { noun: boolean; verb: boolean; modifierOnly: boolean } {
  const l = getLemmatizer();
  const noun = l.isNoun(l.noun(word));
  const verb = l.isVerb(l.verb(word));
  return { noun, verb, modifierOnly: !noun && !verb && l.isModifierOnly(word) };
}

export interface Folded {
  /** The folded text. */
  text: string;
  /** `offsets[i]` is the index in the original text where folded character `i` comes from; one extra entry for the end. */
  offsets: number[];
}

export interface FoldOptions {
  /** Fold English inflection (default true). */
  inflection?: boolean;
  /** Fold Traditional to Simplified Chinese (default true). */
  script?: boolean;
}

/** Fold text for matching and keep the map back to the original offsets. */
export function foldWithOffsets(text: string, options: FoldOptions = {}): Folded {
  const script = options.script ?? true;
  const inflection = options.inflection ?? true;
  const simplified = script ? toSimplified(text) : text;
  // Pass 1: per code point NFKC, case, quotes/dashes, white space collapse.
  let out = '';
  const offsets: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < simplified.length; ) {
    const cp = simplified.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    let f = QUOTES_DASHES[ch] ?? ch.normalize('NFKC').toLowerCase();
    f = QUOTES_DASHES[f] ?? f;
    if (/^\s+$/u.test(f)) f = ' ';
    if (f === ' ') {
      if (!lastSpace) {
        out += ' ';
        offsets.push(i);
      }
      lastSpace = true;
    } else {
      for (let k = 0; k < f.length; k++) offsets.push(i);
      out += f;
      lastSpace = false;
    }
    i += ch.length;
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    offsets.pop();
  }
  if (!inflection) {
    offsets.push(text.length);
    return { text: out, offsets };
  }
  // Pass 2: English words to their lemma; every character of a word maps into the original word.
  let result = '';
  const resultOffsets: number[] = [];
  const wordRe = /[a-z]+/g;
  let last = 0;
  for (let m = wordRe.exec(out); m !== null; m = wordRe.exec(out)) {
    result += out.slice(last, m.index);
    for (let k = last; k < m.index; k++) resultOffsets.push(offsets[k]!);
    const l = lemma(m[0]);
    result += l;
    for (let k = 0; k < l.length; k++) resultOffsets.push(offsets[m.index + Math.min(k, m[0].length - 1)]!);
    last = m.index + m[0].length;
  }
  result += out.slice(last);
  for (let k = last; k < out.length; k++) resultOffsets.push(offsets[k]!);
  resultOffsets.push(text.length);
  return { text: result, offsets: resultOffsets };
}

/** Fold text for matching (see foldWithOffsets). */
export function fold(text: string, options?: FoldOptions): string {
  if (options === undefined && ASCII.test(text)) return foldAscii(text);
  // Han characters of the unified block alone (a Chinese look-up): NFKC, case, quotes and white
  // space change none of them; only the script does.
  if (options === undefined && UNIFIED_HAN.test(text)) return toSimplified(text);
  return foldWithOffsets(text, options).text;
}

const ASCII = /^[\x00-\x7f]*$/;
const UNIFIED_HAN = /^[\u4e00-\u9fff]+$/;
const ASCII_WORD = /[a-z]+/g;

/**
 * The whole fold of ASCII text without the map back (a term look-up folds every query): for ASCII
 * the script, width and quote steps change nothing, a hyphen and white space become one space,
 * upper case lower case; then the words' lemmas. The same text as foldWithOffsets (a property test).
 */
function foldAscii(text: string): string {
  let out = '';
  let lastSpace = true;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 45 || (c >= 9 && c <= 13);
    if (!space && !(c >= 65 && c <= 90)) continue;
    // A run of characters kept as they are, then this one.
    if (i > from) {
      out += text.slice(from, i);
      lastSpace = false;
    }
    from = i + 1;
    if (space) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else {
      out += String.fromCharCode(c + 32);
      lastSpace = false;
    }
  }
  if (text.length > from) out += text.slice(from);
  else if (lastSpace && out.endsWith(' ')) out = out.slice(0, -1);
  return out.replace(ASCII_WORD, lemma);
}

/** Map a span [start, end) of folded text back to [start, end) offsets in the original text. */
export function spanInOriginal(folded: Folded, start: number, end: number, original: string): [number, number] {
  const s = folded.offsets[start] ?? original.length;
  if (end <= start) return [s, s];
  const lastFrom = folded.offsets[end - 1] ?? original.length;
  const next = folded.offsets[end] ?? original.length;
  // The span ends where the next folded character starts, unless that is the same original
  // character (a word folded shorter: "orders" → "order" maps the span to the whole word).
  let e = next > lastFrom ? next : lastFrom + 1;
  while (e > s + 1 && /\s/.test(original[e - 1] ?? '')) e--;
  return [s, e];
}

/** Whether the text holds a Han (CJK) ideograph. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Languages matched by characters rather than words. */
const CHARACTER_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja', 'ko', 'yue', 'wuu', 'lzh']);

/** Whether a language is matched by characters (Chinese, Japanese, Korean) rather than by words. */
export function isCharacterLanguage(lang: string): boolean {
  return CHARACTER_LANGUAGES.has(primaryLanguage(lang));
}

let IDENTITY: number[] = [];

/** Offsets of a fold that keeps every character in place: one shared array (index i holds i), grown on demand. */
function identityOffsets(length: number): number[] {
  if (IDENTITY.length < length) IDENTITY = Array.from({ length: Math.max(length, IDENTITY.length * 2, 1024) }, (_, i) => i);
  return IDENTITY;
}

/**
 * Fold without changing length: full-width ASCII to half-width, lower case, Simplified script.
 * Offsets stay those of the text as written; cheaper than fold() where white space and lemmas
 * need no folding (finding Chinese terms).
 */
export function foldCharacters(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0).toLowerCase();
    else if (c === 0x3000) out += ' ';
    else if (c < 0x80) out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
    else {
      const lower = text[i]!.toLowerCase();
      out += lower.length === 1 ? lower : text[i];
    }
  }
  return hasHan(out) ? toSimplified(out) : out;
}

/** foldCharacters with its (identity) map back to the text as written. */
export function foldCharactersWithOffsets(text: string): Folded {
  const folded = foldCharacters(text);
  return { text: folded, offsets: identityOffsets(folded.length + 1) };
}

const KEY_DROPS = /[\p{P}\p{S}\s]/gu;

/**
 * The key two segments share when they say the same: script, width and case folded, punctuation,
 * symbols and white space dropped. `scriptFolded`: the text is Simplified already (a
 * foldCharacters output), so the script conversion is skipped.
 */
export function sameTextKey(text: string, scriptFolded = false): string {
  const t = text.normalize('NFKC');
  return (!scriptFolded && hasHan(t) ? toSimplified(t) : t).toLowerCase().replace(KEY_DROPS, '');
}
