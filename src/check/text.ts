/**
 * One side of a unit analysed for matching: Chinese by characters over the folded text
 * (Traditional→Simplified, width, case) with jieba's words as possible edges; other languages by
 * word keys (inflection, case, hyphenation folded: open-sourced ~ open source). Every hit comes
 * back as offsets into the text as written, for highlighting.
 */
import { spanInOriginal, toSimplified, type Folded } from '../text/fold.js';
import { segmentChinese } from '../text/zh-words.js';
import { tokenizeEnglish } from '../text/en-words.js';
import { primaryLanguage } from '../model.js';

/** Languages matched by characters rather than words. */
const CHARACTER_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja', 'ko', 'yue', 'wuu', 'lzh']);

export function isCharacterLanguage(lang: string): boolean {
  return CHARACTER_LANGUAGES.has(primaryLanguage(lang));
}

/** The comparison key of one word: the fold's word key, dots of abbreviations dropped (U.S. ~ US). */
export function normaliseWordKey(key: string): string {
  return /^(?:[a-z]\.)+[a-z]?\.?$/.test(key) ? key.replace(/\./g, '') : key;
}

/** A phrase as the word keys it is matched by (`Executive Orders` → [executive, order]). */
export function phraseWords(phrase: string): string[] {
  return tokenizeEnglish(phrase).flatMap((t) => t.key.split(' ')).map(normaliseWordKey).filter((k) => k.length > 0);
}

export interface Word {
  key: string;
  start: number;
  end: number;
}

/** Derivational endings stripped to compare word families (regulator ~ regulatory ~ regulation, America ~ American). */
const FAMILY_ENDING = /(?:isation|ization|ation|ition|ology|ory|ors?|ions?|ive|al|ers?|ed|ing|ity|ian|ean|an|ese|ic|ism|ist|e|a|y|n)$/;

/** The word without up to two derivational endings (computational → computation → comput). */
const stems = new Map<string, string>();

function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  let w = word;
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
  return short.length >= 5 && long.startsWith(short) && /^(?:at|it|ic|iz|is|ut)$/.test(long.slice(short.length));
}

export class AnalysedText {
  readonly text: string;
  readonly lang: string;
  readonly byCharacter: boolean;
  private folded?: Folded;
  private words?: Word[];
  private edges?: { starts: Set<number>; ends: Set<number>; tokens: { start: number; end: number; key: string }[] };

  constructor(text: string, lang: string) {
    this.text = text;
    this.lang = lang;
    this.byCharacter = isCharacterLanguage(lang);
  }

  /**
   * The text folded character for character (Traditional→Simplified, full-width→half-width,
   * case), so offsets stay those of the text as written; the general fold (white space, lemmas)
   * is not needed to find Chinese terms and costs several times more.
   */
  foldedText(): Folded {
    if (!this.folded) {
      const text = foldCharacters(this.text);
      const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
      this.folded = { text, offsets };
    }
    return this.folded;
  }

  wordList(): Word[] {
    if (!this.words) {
      this.words = [];
      for (const t of tokenizeEnglish(this.text)) {
        const parts = t.key.split(' ');
        for (const p of parts) this.words.push({ key: normaliseWordKey(p), start: t.start, end: t.end });
      }
    }
    return this.words;
  }

  private keySet?: Set<string>;
  private stemSet?: Set<string>;

  private hasWord(key: string): boolean {
    this.keySet ??= new Set(this.wordList().map((w) => w.key));
    return this.keySet.has(key);
  }

  private hasStem(key: string): boolean {
    // Stems cut to five letters: a necessary condition of sameFamily.
    this.stemSet ??= new Set(this.wordList().map((w) => stem(w.key).slice(0, 5)));
    return this.stemSet.has(stem(key).slice(0, 5));
  }

  /** jieba's word edges (offsets in the text as written). */
  private wordEdges(): NonNullable<AnalysedText['edges']> {
    if (!this.edges) {
      const tokens = segmentChinese(this.text);
      this.edges = { starts: new Set(tokens.map((t) => t.start)), ends: new Set(tokens.map((t) => t.end)), tokens: tokens.map((t) => ({ start: t.start, end: t.end, key: t.key })) };
    }
    return this.edges;
  }

  /**
   * Where a term occurs, as spans of the text as written. Character languages: the folded term in
   * the folded text, not cut out of a longer word (`isWord` says which words count: 美國 is not
   * found inside 美國人). Word languages: the term's word keys in a row, each word equal or (with
   * `families`) of the same family.
   */
  find(term: string, options: { families?: boolean; isWord?: (key: string) => boolean } = {}): [number, number][] {
    if (this.byCharacter || /\p{Script=Han}/u.test(term)) return this.findByCharacter(term, options.isWord);
    return this.findByWords(phraseWords(term), options.families ?? false);
  }

  findByWords(keys: readonly string[], families: boolean): [number, number][] {
    const words = this.wordList();
    const out: [number, number][] = [];
    if (keys.length === 0) return out;
    // Quick rejection: a word of the phrase that the text has in no form.
    const k0 = keys[0]!;
    if (!this.hasWord(k0) && !(families && this.hasStem(k0))) return out;
    for (let i = 0; i + keys.length <= words.length; i++) {
      let ok = true;
      for (let k = 0; k < keys.length && ok; k++) {
        const w = words[i + k]!.key;
        ok = w === keys[k] || (families && sameFamily(w, keys[k]!));
      }
      if (ok) out.push([words[i]!.start, words[i + keys.length - 1]!.end]);
    }
    return out;
  }

  private findByCharacter(term: string, isWord?: (key: string) => boolean): [number, number][] {
    const f = this.foldedText();
    const key = foldCharacters(term);
    const out: [number, number][] = [];
    if (key.length === 0) return out;
    for (let at = f.text.indexOf(key); at >= 0; at = f.text.indexOf(key, at + 1)) {
      const span = this.characterMatchAt(key, at, isWord);
      if (span) out.push(span);
    }
    return out;
  }

  /** The span of a folded key found at folded offset `at`, unless the hit cuts a word. */
  characterMatchAt(key: string, at: number, isWord?: (key: string) => boolean): [number, number] | undefined {
    const f = this.foldedText();
    const before = f.text[at - 1] ?? ' ';
    const after = f.text[at + key.length] ?? ' ';
    // A Latin or digit edge must be a word edge (Web3 is not inside Web30).
    if (isLatinOrDigit(key[0]!) && isLatinOrDigit(before)) return undefined;
    if (isLatinOrDigit(key[key.length - 1]!) && isLatinOrDigit(after)) return undefined;
    const span = spanInOriginal(f, at, at + key.length, this.text);
    // With a dictionary, its words decide (cheap); without one, jieba's words do.
    if (isWord) return this.insideLongerWord(key, at, isWord) ? undefined : span;
    return this.cutsAWord(span) ? undefined : span;
  }

  /**
   * True when the hit with a character or two after it, or one before it, is a longer dictionary
   * word (美國人 around 美國, 新加坡人): jieba cuts such derived words apart.
   */
  private insideLongerWord(key: string, at: number, isWord: (key: string) => boolean): boolean {
    const f = this.foldedText().text;
    const han = (c: string | undefined): boolean => c !== undefined && /\p{Script=Han}/u.test(c);
    const end = at + key.length;
    if (han(key[key.length - 1]) && han(f[end])) {
      if (isWord(f.slice(at, end + 1)) || (han(f[end + 1]) && isWord(f.slice(at, end + 2)))) return true;
    }
    return han(key[0]) && han(f[at - 1]) && isWord(f.slice(at - 1, end));
  }

  /** True when a word jieba found crosses an edge of the span and is a known word (美國人 around 美國). */
  private cutsAWord([start, end]: [number, number]): boolean {
    const { starts, ends, tokens } = this.wordEdges();
    if (starts.has(start) && ends.has(end)) return false;
    for (const t of tokens) {
      const crosses = (t.start < start && t.end > start) || (t.start < end && t.end > end);
      if (crosses && /\p{Script=Han}/u.test(t.key)) return true;
    }
    return false;
  }
}

function isLatinOrDigit(c: string): boolean {
  return /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Han}/u.test(c);
}

/** Fold without changing length: full-width ASCII to half-width, lower case, Simplified script. */
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
  return /\p{Script=Han}/u.test(out) ? toSimplified(out) : out;
}
