/**
 * English tokens and term candidates: words with their offsets, inflection folded through
 * fold.ts's lemma (blockchains ~ blockchain), and n-grams that neither start nor end with a stop
 * word (noun phrases and names such as `venture capital`, `Operation Chokepoint 2.0`); and how
 * two words compare: word keys (U.S. ~ US), word families (regulator ~ regulation) and names
 * with their demonyms (Singapore ~ Singaporean).
 */
import { wordLemma as lemma } from './fold.js';

export interface EnToken {
  /** The word as written. */
  text: string;
  /** Lower case, width-folded, lemmatised; hyphenated words keep their parts: `open source`. */
  key: string;
  start: number;
  end: number;
  /** A punctuation mark or a dash sits between this token and the next one (n-grams stop there). */
  breakAfter: boolean;
}

export interface EnNgram {
  /** Keys of the words joined by one space: the folded form used to compare. */
  key: string;
  text: string;
  start: number;
  end: number;
  /** Index of the first and one past the last token. */
  from: number;
  to: number;
}

/** Function words: never the first or last word of a term, never a term alone. */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but nor of to in on at by for from with without into onto over under as than then
  that this these those there here it its it's itself they them their theirs we us our ours you your i me my
  he him his she her hers who whom whose which what when where why how is are was were be been being am
  do does did done doing have has had having can could will would shall should may might must not no yes
  so such very more most less least much many some any all each every both either neither other another
  own same just only also even still yet ever never once again too up down out off about above below
  between through during before after while because if unless until though although whether via per
  one ones s t isn aren wasn don doesn didn won let lets like become became get got make made
  soon now today thing things lot lots
  upon amid among against toward towards across within along beyond around despite
  ca mr mrs ms etc ie eg vs`.split(/\s+/).filter((w) => w.length > 0),
);

// A word: letters/digits, inner apostrophes, dots between letters (U.S., Fortune.com), hyphens, decimals (2.0).
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}]|['’](?=\p{L})|[.](?=[\p{L}\p{N}])|-(?=[\p{L}\p{N}]))*\.?/gu;

/** Fold one English word to its comparison key: width, case, curly apostrophes, lemma of each hyphen part. */
export function wordKey(word: string): string {
  let w = word.normalize('NFKC').toLowerCase().replace(/’/g, "'");
  // Keep a trailing dot only in abbreviations (u.s.), not at a sentence end.
  if (w.endsWith('.') && !/\.[a-z]\.$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("'s")) w = w.slice(0, -2);
  return w
    .split('-')
    .map((p) => (/^[a-z]+$/.test(p) ? lemma(p) : p))
    .join(' ');
}

export function tokenizeEnglish(text: string): EnToken[] {
  const tokens: EnToken[] = [];
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const start = m.index;
    // A dot ends the word unless it belongs to an abbreviation such as U.S. or e.g.
    if (word.endsWith('.') && !/(?:^|\.)\p{L}\.$/u.test(word)) word = word.slice(0, -1);
    // The possessive is no part of the term: public's → public.
    if (/\p{L}['’]s$/u.test(word)) word = word.slice(0, -2);
    const end = start + word.length;
    const key = wordKey(word);
    if (key.length === 0) continue;
    tokens.push({ text: word, key, start, end, breakAfter: false });
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    const between = text.slice(tokens[i]!.end, tokens[i + 1]!.start);
    tokens[i]!.breakAfter = /[^\s]/.test(between);
  }
  if (tokens.length > 0) tokens[tokens.length - 1]!.breakAfter = true;
  return tokens;
}

export function isStopKey(key: string): boolean {
  return EN_STOP_WORDS.has(key) || /^\p{P}+$/u.test(key);
}

/**
 * Every n-gram of up to `maxWords` words inside one clause that neither starts nor ends with a
 * stop word; stop words inside are allowed (`gatekeepers of the web`).
 */
export function englishNgrams(text: string, maxWords = 5, tokens: EnToken[] = tokenizeEnglish(text)): EnNgram[] {
  const out: EnNgram[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (isStopKey(tokens[i]!.key)) continue;
    let key = '';
    for (let j = i; j < tokens.length && j - i < maxWords; j++) {
      const t = tokens[j]!;
      key = j === i ? t.key : `${key} ${t.key}`;
      if (!isStopKey(t.key)) {
        out.push({ key, text: text.slice(tokens[i]!.start, t.end), start: tokens[i]!.start, end: t.end, from: i, to: j + 1 });
      }
      if (t.breakAfter) break;
    }
  }
  return out;
}

/** Fold an English phrase (a dictionary gloss, a term) to the key its n-grams would have. */
export function phraseKey(phrase: string): string {
  return tokenizeEnglish(phrase).map((t) => t.key).join(' ');
}

/** True when a word is written as a name: an initial capital or inner capitals (DeepSeek, CoinFund, EU). */
export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word) || /\p{Ll}\p{Lu}/u.test(word);
}

/** The comparison key of one word: the fold's word key, dots of abbreviations dropped (U.S. ~ US). */
export function normaliseWordKey(key: string): string {
  return /^(?:[a-z]\.)+[a-z]?\.?$/.test(key) ? key.replace(/\./g, '') : key;
}

/** A phrase as the word keys it is matched by (`Executive Orders` → [executive, order]). */
export function phraseWords(phrase: string): string[] {
  return tokenizeEnglish(phrase).flatMap((t) => t.key.split(' ')).map(normaliseWordKey).filter((k) => k.length > 0);
}

/** Minor words a name may hold between its capitalised words (Securities and Exchange Commission). */
export const MINOR_WORDS: ReadonlySet<string> = new Set(['and', 'of', 'for', 'the', 'on', 'in', '&']);

/** How one word of a phrase may be written in the text (exactly, as a word of its family, or as a name or its demonym). */
export type WordMatch = 'exact' | 'family' | 'name';

/** Endings that make a name's adjective or people (American, Singaporean, Chinese, Salvadoran). */
const DEMONYM = /^(?:n|an|ean|ian|ese|ish|i|ite)$/;

/** Whether `word` of a text matches `key` of a phrase in the given way. */
export function wordMatches(word: string, key: string, mode: WordMatch): boolean {
  if (word === key) return true;
  if (mode === 'family') return sameFamily(word, key);
  if (mode === 'name') {
    if (key.length < 4 || !/^[a-z]+$/.test(key)) return false;
    const base = /[aeoy]$/.test(key) && word.startsWith(key.slice(0, -1)) && !word.startsWith(key) ? key.slice(0, -1) : key;
    return word.startsWith(base) && DEMONYM.test(word.slice(base.length));
  }
  return false;
}

/** Derivational endings stripped to compare word families (regulator ~ regulatory ~ regulation, America ~ American). */
const FAMILY_ENDING = /(?:ization|ation|ition|ory|ors?|ions?|ive|al|ers?|ed|ing|ity|ian|ean|an|ese|ic|ism|ist|e|a|y|n)$/;

/** The word without up to two derivational endings (computational → computation → comput). */
const stems = new Map<string, string>();

export function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  // British -ise and American -ize spellings are one word (decentralised ~ decentralized).
  let w = word.replace(/is(?=(?:e|ed|es|ing|ation|ations|er|ers)$)/, 'iz');
  for (let round = 0; round < 2; round++) {
    const next = w.replace(FAMILY_ENDING, '');
    if (next === w || next.length < 4) break;
    w = next;
  }
  if (stems.size < 100_000) stems.set(word, w);
  return w;
}

/** Two word keys of one family: equal, or the same stem of at least four letters under derivational endings. */
export function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  if (!/^[a-z]{4,}$/.test(a) || !/^[a-z]{4,}$/.test(b)) return false;
  const sa = stem(a);
  const sb = stem(b);
  if (sa.length >= 4 && sa === sb) return true;
  // Endings stripped differently (regulation → regul, regulatory → regulat): one stem starts the other.
  const [short, long] = sa.length <= sb.length ? [sa, sb] : [sb, sa];
  return short.length >= 5 && long.startsWith(short) && /^(?:at|it|ic|iz|is|ut|olog)$/.test(long.slice(short.length));
}

const SENTENCE_START = /^\s*$|[.!?:;]\s*$|^\s*(?:\(?[\da-z]{1,3}[.)]|[-•*])\s*$/i;

/** Whether a sentence or a list item starts at this offset (only what precedes it nearby is read). */
export function startsSentence(text: string, at: number): boolean {
  const from = Math.max(0, at - 16);
  const before = text.slice(from, at);
  return from === 0 ? SENTENCE_START.test(before) : /[.!?:;]\s*$/.test(before);
}
