/**
 * Matching units: what TM search compares and indexes. Han (and kana) characters one by one,
 * in Simplified form; words of other scripts folded for width, case and English inflection;
 * punctuation and white space dropped. Character-level edit distance for Chinese and word-level
 * for English then fall out of one comparison, and mixed text (DeepSeek公司) works too.
 *
 * Folding is cached per code point and per word, so that indexing a million units stays fast
 * (fold() in src/text/fold.ts keeps offsets and converts phrases; here only the units matter).
 */
import { lemma, toSimplified } from './fold.js';

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

/**
 * foldChar for BMP characters as two tables, filled as characters are met: the kind below, and
 * for an ideograph whose folded form is one BMP character, that character's code.
 */
const BMP_SEPARATOR = 1;
const BMP_IDEOGRAPH = 2;
/** A word character, or an ideograph that folds to more than one code unit: ask foldChar. */
const BMP_OTHER = 3;
const BMP_KIND = new Uint8Array(0x10000);
/** ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;
const BMP_CODE = new Uint16Array(0x10000);

function bmpKind(cp: number): number {
  const f = foldChar(cp);
  let kind = BMP_OTHER;
  if (f.kind === Kind.Separator) kind = BMP_SEPARATOR;
  else if (f.kind === Kind.Ideograph && f.text.length === 1) {
    kind = BMP_IDEOGRAPH;
    BMP_CODE[cp] = f.text.charCodeAt(0);
  }
  BMP_KIND[cp] = kind;
  return kind;
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

/** Whether text[start..] begins with `lower` once ASCII capitals are lower-cased. */
function sameFolded(text: string, start: number, lower: string): boolean {
  for (let j = 0; j < lower.length; j++) {
    const c = text.charCodeAt(start + j);
    if ((c >= 0x41 && c <= 0x5a ? c + 32 : c) !== lower.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * An open-addressing table's keys (linear probing, 0 for an empty slot) moved into a table twice
 * the size, which is returned: `slot` gives a key's first slot there, and `move(from, to)` moves
 * what else the old slot held (the table's other arrays) to the new one.
 */
function rehash<T extends Uint32Array | Int32Array>(keys: T, slot: (key: number) => number, move: (from: number, to: number) => void): T {
  const out = new (keys.constructor as new (length: number) => T)(keys.length * 2);
  const mask = out.length - 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === 0) continue;
    let h = slot(key);
    while (out[h] !== 0) h = (h + 1) & mask;
    out[h] = key;
    move(i, h);
  }
  return out;
}

/**
 * Index tokens of texts as small integers, for building the index of a large import: the same
 * tokens as indexTokens(toUnits(text)) (tested), interned in this object. Written for speed:
 * words are sliced from the text rather than built character by character, Chinese bigrams are
 * looked up by a number (two UTF-16 units) in an open-addressing table, and the caller gets
 * the ids in an array it reuses, so a million units cost no garbage per token.
 */
export class TokenInterner {
  /** Token text by id; '' for a bigram (its text is made from bigramKeys when asked for). */
  private texts: string[] = [];
  /** Per id, the bigram's two characters (a << 16 | b), or 0 for a token held as text. */
  private bigramKeys = new Uint32Array(1 << 12);
  private byToken = new Map<string, number>();
  /** Folded word as written → id of its token (the lemma for plain English words). */
  private words = new Map<string, number>();
  private keys = new Uint32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  /** 32 - log2(capacity): slots are the top bits of a multiplicative hash (Fibonacci hashing). */
  private shift = 16;
  /** Bigrams interned (each holds one slot of the table). */
  private used = 0;

  /** Tokens interned. */
  get size(): number {
    return this.texts.length;
  }

  /** Tokens interned that are not bigrams (held as strings, in a Map: the costlier kind). */
  get textTokens(): number {
    return this.texts.length - this.used;
  }

  /** Bigrams interned (held in a typed table only). */
  get bigramTokens(): number {
    return this.used;
  }

  /** The text of token `id`. */
  token(id: number): string {
    const key = this.bigramKeys[id]!;
    return key === 0 ? this.texts[id]! : String.fromCharCode(key >>> 16, key & 0xffff);
  }

  private newId(text: string, key: number): number {
    const id = this.texts.length;
    this.texts.push(text);
    if (id === this.bigramKeys.length) {
      const keys = new Uint32Array(id * 2);
      keys.set(this.bigramKeys);
      this.bigramKeys = keys;
    }
    this.bigramKeys[id] = key;
    return id;
  }

  private idOf(token: string): number {
    let id = this.byToken.get(token);
    if (id === undefined) {
      id = this.newId(token, 0);
      this.byToken.set(token, id);
    }
    return id;
  }

  private wordId(w: string): number {
    let id = this.words.get(w);
    if (id === undefined) {
      id = this.idOf(/^[a-z]+$/.test(w) ? lemma(w) : w);
      this.words.set(w, id);
    }
    return id;
  }

  /**
   * Id of the bigram of two BMP characters (key = a << 16 | b, never 0 for ideographs). The slot
   * comes from the high bits of the product: its low bits depend on the key's low bits only, that
   * is on the second character, and bigrams sharing one piled up in long probe runs (figures in
   * docs/decisions.md). A new bigram gets no string and no Map entry: this table is its only
   * index (a bigram cannot equal any other token: those are words, or one ideograph, or hold a
   * character folding to more than one code unit), and its text is made when asked for. That
   * takes far less memory a bigram than a Map entry with its string, and no string hashing.
   */
  private bigramId(a: number, b: number): number {
    const key = ((a << 16) | b) >>> 0;
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[h]!;
      if (k === key) return this.values[h]!;
      if (k === 0) break;
      h = (h + 1) & mask;
    }
    const id = this.newId('', key);
    this.keys[h] = key;
    this.values[h] = id;
    if (++this.used * 2 > this.keys.length) this.grow();
    return id;
  }

  private grow(): void {
    const oldValues = this.values;
    const values = (this.values = new Int32Array(oldValues.length * 2));
    const shift = --this.shift;
    this.keys = rehash(this.keys, (key) => Math.imul(key, 0x9e3779b1) >>> shift, (from, to) => {
      values[to] = oldValues[from]!;
    });
  }

  // ASCII words by a hash of their lower-cased letters, checked against the text in place: no
  // string is made for a word seen before (a slice and a Map look-up per word were a sixth of an
  // import's main-thread time).
  private wordKeys = new Int32Array(1 << 12);
  private wordIds = new Int32Array(1 << 12);
  private wordTexts: string[] = new Array<string>(1 << 12);
  private wordCount = 0;

  private asciiWordId(text: string, start: number, end: number, hash: number, upper: boolean): number {
    const mask = this.wordKeys.length - 1;
    let h = hash & mask;
    for (;;) {
      const k = this.wordKeys[h]!;
      if (k === 0) break;
      if (k === hash) {
        const w = this.wordTexts[h]!;
        if (w.length === end - start && (upper ? sameFolded(text, start, w) : text.startsWith(w, start))) return this.wordIds[h]!;
      }
      h = (h + 1) & mask;
    }
    const w = text.slice(start, end).toLowerCase();
    const id = this.wordId(w);
    this.wordKeys[h] = hash;
    this.wordIds[h] = id;
    this.wordTexts[h] = w;
    if (++this.wordCount * 2 > this.wordKeys.length) this.growWords();
    return id;
  }

  private growWords(): void {
    const oldIds = this.wordIds;
    const oldTexts = this.wordTexts;
    const ids = (this.wordIds = new Int32Array(oldIds.length * 2));
    const texts = (this.wordTexts = new Array<string>(oldIds.length * 2));
    const mask = ids.length - 1;
    this.wordKeys = rehash(this.wordKeys, (key) => key & mask, (from, to) => {
      ids[to] = oldIds[from]!;
      texts[to] = oldTexts[from]!;
    });
  }

  /**
   * The token ids of `text` in text order (a token may repeat), written to `out` from index
   * `from` (default 0); returns how many. `out` must hold from + text.length + 1 entries.
   *
   * One loop with its state in local variables: the method-per-step form kept its state in
   * fields, written back on every character, and was markedly slower (docs/decisions.md).
   */
  tokenIds(text: string, out: Uint32Array, from = 0): number {
    let n = from;
    // The current word: plain ASCII from wordStart (its FNV-1a hash of lower-cased letters in
    // wordHash, `upper` if it has a capital), or, once a non-ASCII letter joined it, wordBuf.
    let wordStart = -1;
    let wordHash = 0;
    let upper = false;
    let wordBuf: string | undefined;
    // The current run of ideographs: its length, and the previous one (folded) as one BMP code
    // when it is one, else as text.
    let run = 0;
    let prevCode = 0;
    let prev = '';
    const len = text.length;
    let i = 0;
    for (;;) {
      // Past the last character, a separator: it ends the last word.
      const at = i;
      const atEnd = i >= len;
      let cp = 0;
      let kind = BMP_SEPARATOR; // what the character is: ASCII word character (0), or a BMP_ kind
      if (!atEnd) {
        cp = text.charCodeAt(i++);
        if (cp < 0x80) kind = ASCII_WORD[cp]! ? 0 : BMP_SEPARATOR;
        else if (cp >= 0xd800 && cp < 0xdc00 && i < len && (text.charCodeAt(i) & 0xfc00) === 0xdc00) {
          cp = ((cp - 0xd800) << 10) + (text.charCodeAt(i++) - 0xdc00) + 0x10000;
          kind = BMP_OTHER;
        } else kind = BMP_KIND[cp] || bmpKind(cp);
      }
      if (kind === 0) {
        // An ASCII letter or digit.
        const cap = cp <= 0x5a && cp >= 0x41;
        const lower = cap ? cp + 32 : cp;
        if (wordBuf !== undefined) wordBuf += String.fromCharCode(lower);
        else {
          if (wordStart < 0) {
            wordStart = at;
            wordHash = 0x811c9dc5 | 0;
          }
          wordHash = Math.imul(wordHash ^ lower, 0x01000193);
          if (cap) upper = true;
        }
        if (run > 0) {
          if (run === 1) out[n++] = this.idOf(prevCode !== 0 ? String.fromCharCode(prevCode) : prev);
          run = 0;
        }
        continue;
      }
      // The slow path: a character outside the BMP tables (a word character beyond ASCII, an
      // ideograph folding to more than one code unit, a supplementary-plane character).
      let fold: CharFold | undefined;
      if (kind === BMP_OTHER) {
        fold = foldChar(cp);
        if (fold.kind === Kind.Word) {
          if (wordBuf === undefined) {
            const head = wordStart >= 0 ? text.slice(wordStart, at) : '';
            wordBuf = upper ? head.toLowerCase() : head;
          }
          wordBuf += fold.text;
          if (run > 0) {
            if (run === 1) out[n++] = this.idOf(prevCode !== 0 ? String.fromCharCode(prevCode) : prev);
            run = 0;
          }
          continue;
        }
        kind = fold.kind === Kind.Ideograph ? BMP_IDEOGRAPH : BMP_SEPARATOR;
      }
      if (wordBuf !== undefined) {
        out[n++] = this.wordId(wordBuf);
        wordBuf = undefined;
        wordStart = -1;
        upper = false;
      } else if (wordStart >= 0) {
        out[n++] = this.asciiWordId(text, wordStart, at, wordHash === 0 ? 1 : wordHash, upper);
        wordStart = -1;
        upper = false;
      }
      if (atEnd) break;
      if (kind !== BMP_IDEOGRAPH) continue;
      // An ideograph: its code when it folds to one BMP character, else its folded text.
      const code = fold ? (fold.text.length === 1 ? fold.text.charCodeAt(0) : 0) : BMP_CODE[cp]!;
      if (run > 0) {
        if (prevCode !== 0 && code !== 0) out[n++] = this.bigramId(prevCode, code);
        else out[n++] = this.idOf((prevCode !== 0 ? String.fromCharCode(prevCode) : prev) + (code !== 0 ? String.fromCharCode(code) : fold!.text));
      }
      prevCode = code;
      prev = code !== 0 ? '' : fold!.text;
      run++;
    }
    if (run === 1) out[n++] = this.idOf(prevCode !== 0 ? String.fromCharCode(prevCode) : prev);
    return n - from;
  }
}
