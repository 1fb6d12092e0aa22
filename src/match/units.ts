/**
 * Matching units: what TM search compares and indexes. Han (and kana) characters one by one,
 * in Simplified form; words of other scripts folded for width, case and English inflection;
 * punctuation and white space dropped. Character-level edit distance for Chinese and word-level
 * for English then fall out of one comparison, and mixed text (DeepSeek公司) works too.
 *
 * Folding is cached per code point and per word, so that indexing a million units stays fast
 * (fold() in src/text/fold.ts keeps offsets and converts phrases; here only the units matter).
 */
import { lemma, toSimplified } from '../text/fold.js';

const enum Kind {
  Separator = 0,
  Ideograph = 1,
  Word = 2,
}

interface CharFold {
  kind: Kind;
  text: string;
}

const charCache = new Map<number, CharFold>();
const IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const MARK = /\p{M}/gu;

function foldChar(cp: number): CharFold {
  let f = charCache.get(cp);
  if (f) return f;
  const ch = String.fromCodePoint(cp);
  if (IDEOGRAPH.test(ch)) {
    const s = toSimplified(ch);
    f = { kind: Kind.Ideograph, text: s.length > 0 ? s : ch };
  } else {
    const n = ch.normalize('NFKC').toLowerCase().replace(MARK, '');
    let word = '';
    for (const c of n) if (WORD_CHAR.test(c)) word += c;
    f = word.length > 0 ? { kind: Kind.Word, text: word } : { kind: Kind.Separator, text: '' };
  }
  if (charCache.size < 100_000) charCache.set(cp, f);
  return f;
}

export interface Units {
  /** The units in text order. */
  units: string[];
  /** Whether unit i is an ideograph (one character) rather than a word. */
  ideograph: boolean[];
}

/** Cut text into matching units (see the file comment). */
export function toUnits(text: string): Units {
  const units: string[] = [];
  const ideograph: boolean[] = [];
  let word = '';
  const endWord = (): void => {
    if (word.length === 0) return;
    units.push(/^[a-z]+$/.test(word) ? lemma(word) : word);
    ideograph.push(false);
    word = '';
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    // ASCII fast path: most English text never reaches the cache.
    if (cp < 0x80) {
      if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) word += String.fromCharCode(cp);
      else if (cp >= 0x41 && cp <= 0x5a) word += String.fromCharCode(cp + 32);
      else endWord();
      continue;
    }
    const f = foldChar(cp);
    if (f.kind === Kind.Word) word += f.text;
    else {
      endWord();
      if (f.kind === Kind.Ideograph) {
        units.push(f.text);
        ideograph.push(true);
      }
    }
  }
  endWord();
  return { units, ideograph };
}

/**
 * Index tokens of a text: adjacent ideograph pairs (bigrams, as CJK search engines index
 * Chinese), a lone ideograph as itself, and every word. Returned without duplicates.
 */
export function indexTokens(u: Units): string[] {
  const out = new Set<string>();
  const { units, ideograph } = u;
  for (let i = 0; i < units.length; i++) {
    if (!ideograph[i]) {
      out.add(units[i]!);
      continue;
    }
    const nextIsIdeograph = i + 1 < units.length && ideograph[i + 1];
    if (nextIsIdeograph) out.add(units[i]! + units[i + 1]!);
    else if (i === 0 || !ideograph[i - 1]) out.add(units[i]!);
  }
  return [...out];
}
