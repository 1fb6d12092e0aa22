/**
 * One side of a unit analysed for matching: Chinese by characters over the folded text
 * (Traditional→Simplified, width, case) with jieba's words as possible edges; other languages by
 * word keys (inflection, case, hyphenation folded: open-sourced ~ open source). Every hit comes
 * back as offsets into the text as written, for highlighting.
 */
import { foldCharacters, foldCharactersWithOffsets, hasHan, isCharacterLanguage, lemma, spanInOriginal, type Folded } from '../text/fold.js';
import { segmentChinese } from '../text/zh-words.js';
import { compactLemmatizer, type Lemmatizer } from '../text/lemmatizer.js';
import { MINOR_WORDS, normaliseWordKey, phraseWords, stem, tokenizeEnglish, wordMatches, type EnToken, type WordMatch } from '../text/en-words.js';

export interface Word {
  key: string;
  start: number;
  end: number;
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
    this.folded ??= foldCharactersWithOffsets(this.text);
    return this.folded;
  }

  wordList(): Word[] {
    if (!this.words) {
      this.words = [];
      for (const t of this.tokens()) {
        for (const p of t.key.split(' ')) this.words.push({ key: normaliseWordKey(p), start: t.start, end: t.end });
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

  private prefixes?: Set<string>;

  /** True when a word of the text starts with the first three letters of `key` (a derivation of it may be there: fairly, reproduction). */
  private hasPrefix(key: string): boolean {
    this.prefixes ??= new Set(this.wordList().map((w) => w.key.slice(0, 3)));
    return key.length >= 3 && this.prefixes.has(key.slice(0, 3));
  }

  private stem5?: string[];

  /** Stems cut to five letters, per word: a necessary condition of sameFamily and of a demonym. */
  private wordStems(): string[] {
    this.stem5 ??= this.wordList().map((w) => stem(w.key).slice(0, 5));
    return this.stem5;
  }

  private hasStem(key: string): boolean {
    this.stemSet ??= new Set(this.wordStems());
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
    if (this.byCharacter || hasHan(term)) return this.findByCharacter(term, options.isWord);
    return this.findByWords(phraseWords(term), options.families ?? false);
  }

  /**
   * The phrase's word keys in a row. `families`: true lets each word match a word of its family,
   * or per word: 'family', 'name' (only the name and its demonyms: Singapore ~ Singaporean, never
   * Singapur) or 'exact'. A hyphenated word matches the closed compound (start-ups ~ startup).
   */
  findByWords(keys: readonly string[], families: boolean | readonly WordMatch[]): [number, number][] {
    const words = this.wordList();
    const out: [number, number][] = [];
    if (keys.length === 0) return out;
    const compounds = families !== false;
    const mode = (k: number): WordMatch => (typeof families === 'boolean' ? (families ? 'family' : 'exact') : families[k] ?? 'exact');
    // Quick rejection: a word of the phrase that the text has in no form.
    const k0 = keys[0]!;
    if (!this.hasWord(k0) && !(mode(0) !== 'exact' && this.hasStem(k0)) && !(compounds && this.hasCompoundStart(k0)) && !(mode(0) === 'family' && this.hasPrefix(k0))) return out;
    const stems = mode(0) === 'exact' ? undefined : this.wordStems();
    const s0 = stems ? stem(k0).slice(0, 5) : '';
    for (let i = 0; i < words.length; i++) {
      // Cheap test of the first word before the full comparison.
      const w0 = words[i]!.key;
      if (w0 !== k0 && !(stems && stems[i] === s0) && !(compounds && w0.length > 0 && (k0.startsWith(w0) || w0.startsWith(k0))) && !(mode(0) === 'family' && derived(w0, k0))) continue;
      let j = i;
      let ok = true;
      for (let k = 0; k < keys.length && ok; k++) {
        const w = words[j];
        if (!w) {
          ok = false;
          break;
        }
        const key = keys[k]!;
        if (wordMatches(w.key, key, mode(k))) {
          j++;
          continue;
        }
        // Two words joined into one: start-up ~ startup, policy makers ~ policymaker.
        const next = words[j + 1];
        if (compounds && next && (next.start === w.start || (w.key.length >= 3 && next.key.length >= 3)) && key.startsWith(w.key) && (w.key + next.key === key || lemma(w.key + next.key) === key)) {
          j += 2;
          continue;
        }
        // Two words of the phrase written as one: startup ~ start-up.
        if (compounds && k + 1 < keys.length && w.key === key + keys[k + 1]) {
          k++;
          j++;
          continue;
        }
        if (mode(k) === 'family' && derived(w.key, key)) {
          j++;
          continue;
        }
        ok = false;
      }
      if (ok && j > i) out.push([words[i]!.start, words[j - 1]!.end]);
    }
    return out;
  }

  /**
   * Capitalised words whose initials spell an abbreviation (SEC: Securities and Exchange
   * Commission), minor words (and, of, for, the) allowed inside.
   */
  findExpansion(acronym: string): [number, number] | undefined {
    const letters = acronym.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const tokens = this.tokens();
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.text[0] !== letters[0]) continue;
      let got = '';
      for (let j = i; j < tokens.length; j++) {
        const w = tokens[j]!.text;
        if (j > i && MINOR_WORDS.has(w)) continue;
        if (!/^\p{Lu}\p{Ll}/u.test(w) || letters[got.length] !== w[0]) break;
        got += w[0];
        if (got.length === letters.length) return j > i ? [tokens[i]!.start, tokens[j]!.end] : undefined;
      }
    }
    return undefined;
  }

  /** The abbreviation written as a word of its own (SEC, SECs, S.E.C.). */
  findAcronym(acronym: string): [number, number] | undefined {
    for (const t of this.tokens()) {
      if (t.text.replace(/\./g, '').replace(/['’]?s$/, '') === acronym) return [t.start, t.end];
    }
    return undefined;
  }

  private tokenCache?: EnToken[];

  /** The English tokens of the text, tokenised once for every look-up. */
  private tokens(): EnToken[] {
    // A list number glued to its item (2.Natural persons) is no word of the item: a space for the
    // dot keeps every offset.
    this.tokenCache ??= tokenizeEnglish(this.text.replace(/(^|[\s:;(])(\d{1,3})\.(?=\p{L})/gu, '$1$2 '));
    return this.tokenCache;
  }

  private compoundStarts?: Set<string>;

  /** True when a hyphenated word of the text joins into a word starting with `key`'s first letters. */
  private hasCompoundStart(key: string): boolean {
    if (!this.compoundStarts) {
      this.compoundStarts = new Set();
      const words = this.wordList();
      for (let i = 0; i + 1 < words.length; i++) {
        if (words[i]!.start === words[i + 1]!.start) this.compoundStarts.add((words[i]!.key + words[i + 1]!.key).slice(0, 3));
        else this.compoundStarts.add(words[i]!.key.slice(0, 3));
      }
    }
    return this.compoundStarts.has(key.slice(0, 3));
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
      if (crosses && hasHan(t.key)) return true;
    }
    return false;
  }
}

function isLatinOrDigit(c: string): boolean {
  return /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Han}/u.test(c);
}

/**
 * Derivations of a word that the shared family test leaves out (it needs four letters and a
 * common stem): adverbs (fair ~ fairly, possible ~ possibly, basic ~ basically, easy ~ easily),
 * -ing, -er and -able words (set ~ setting, understand ~ understandable), a closed compound
 * the word starts (crypto ~ cryptonative), -uce ~ -uction
 * (reproduce ~ reproduction), -ize/-ate ~ -ation (authorize ~ authorization), irregular verb forms. Both are word keys (lemmas).
 */
let lemmatizer: Lemmatizer | undefined;

export function derived(word: string, key: string): boolean {
  if (key.length < 3 || !/^[a-z]+$/.test(key) || !/^[a-z]+$/.test(word)) return false;
  // An irregular form of a verb of four letters or more (understood ~ understand, written ~ write; not was ~ be).
  if (key.length >= 4 && word[0] === key[0] && (lemmatizer ??= compactLemmatizer()).verb(word) === key) return true;
  // The noun of a verb and the other way round: authorize ~ authorization, regulate ~ regulation.
  if (key.endsWith('ation') && (word === `${key.slice(0, -5)}e` || word === key.slice(0, -5))) return true;
  if (word.endsWith('ation') && (key === `${word.slice(0, -5)}e` || key === word.slice(0, -5))) return true;
  if (word.length <= key.length) return false;
  if (word.startsWith(key)) {
    const rest = word.slice(key.length);
    const last = key[key.length - 1]!;
    if (rest === 'ly' || rest === 'able' || (rest === 'ally' && key.endsWith('ic'))) return true;
    // A closed compound that the word starts (crypto ~ cryptonative): the rest is a word of its own.
    if (key.length >= 5 && rest.length >= 4) {
      const lem = (lemmatizer ??= compactLemmatizer());
      if (lem.isNoun(rest) || lem.isVerb(rest)) return true;
    }
    return /^(?:ing|er)$/.test(rest) || rest === `${last}ing` || rest === `${last}er`;
  }
  if (key.endsWith('le')) return word === `${key.slice(0, -1)}y`;
  if (key.endsWith('y')) return word === `${key.slice(0, -1)}ily`;
  if (key.endsWith('uce')) return word === `${key.slice(0, -1)}tion`;
  return false;
}
