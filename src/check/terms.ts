/**
 * Glossary terms in a unit: the source terms found in its source (longest first, a longer term
 * wins over a term inside it), and whether the target holds one of their accepted translations.
 * Sources are scanned through an index by first characters / first word, so the cost grows with
 * the text, not with the glossary.
 */
import type { CheckGlossary, SourceTerm } from './glossary.js';
import type { AnalysedText } from './text.js';
import { isStopKey, MINOR_WORDS, normaliseWordKey, phraseKey, phraseWords, tokenizeEnglish, type WordMatch } from '../text/en-words.js';
import type { Dictionary } from '../dict/cedict.js';
import { foldCharacters, hasHan, toSimplified } from '../text/fold.js';

export interface TermHit {
  term: SourceTerm;
  span: [number, number];
}

export class TermMatcher {
  private readonly byChars = new Map<string, SourceTerm[]>();
  private readonly charKeys = new Map<SourceTerm, string>();
  private readonly byWord = new Map<string, { term: SourceTerm; words: string[] }[]>();
  private readonly expectedWords = new Map<string, string[]>();
  private readonly isWord: ((key: string) => boolean) | undefined;
  private readonly dictionary: Dictionary | undefined;
  private readonly learned = new Map<SourceTerm, PhraseSpec[]>();
  private readonly dictionaryAlternatives = new Map<SourceTerm, DictionaryRenderings>();
  private readonly specs = new Map<string, PhraseSpec>();
  private readonly abbreviations = new Map<string, { expand?: string; acronym?: string }>();
  private readonly notRules = new Set<SourceTerm>();
  private readonly splitRules = new Set<SourceTerm>();
  private readonly wholeParts = new Map<SourceTerm, CompoundPart[] | undefined>();
  private readonly general = new Map<SourceTerm, boolean>();

  constructor(glossary: CheckGlossary, dictionary?: Dictionary) {
    this.dictionary = dictionary;
    this.isWord = dictionary ? (key) => dictionary.lookup(key) !== undefined : undefined;
    for (const t of glossary.sources) {
      const charKey = foldCharacters(t.text.trim());
      this.charKeys.set(t, charKey);
      const head = charKey.slice(0, 2);
      if (!this.byChars.has(head)) this.byChars.set(head, []);
      this.byChars.get(head)!.push(t);
      const words = phraseWords(t.text);
      if (words.length > 0) {
        if (!this.byWord.has(words[0]!)) this.byWord.set(words[0]!, []);
        this.byWord.get(words[0]!)!.push({ term: t, words });
      }
    }
  }

  /**
   * A matcher over the same glossary and dictionary for another check: the indexes and the caches
   * that depend on them alone are shared; what a check teaches it (addRenderings, markNotRules)
   * starts empty and stays its own.
   */
  fork(): TermMatcher {
    const m = Object.assign(Object.create(TermMatcher.prototype) as TermMatcher, this) as unknown as { learned: Map<SourceTerm, PhraseSpec[]>; notRules: Set<SourceTerm>; splitRules: Set<SourceTerm> };
    m.learned = new Map();
    m.notRules = new Set();
    m.splitRules = new Set();
    return m as unknown as TermMatcher;
  }

  /**
   * Whether a term the target does not render is an error. A term a person entered, imported or
   * approved always is. The extractor's unreviewed guess is not when it is a general word (see
   * isGeneralWord), or when the TM shows it is no rule: its own translators render it in no
   * accepted way in too many of its units (markNotRules).
   */
  isRule(term: SourceTerm): boolean {
    if (!term.extracted) return true;
    if (this.notRules.has(term)) return false;
    return !this.isGeneralWord(term);
  }

  /** Whether a term is a single CC-CEDICT headword (a word, not a phrase the extractor built). */
  isDictionaryWord(term: SourceTerm): boolean {
    return hasHan(term.text) && this.isWord !== undefined && this.isWord(toSimplified(term.text.trim()));
  }

  /** Terms the TM renders too inconsistently to be rules (src/check/learn.ts: termsNotRules). */
  markNotRules(terms: Iterable<SourceTerm>): void {
    for (const t of terms) this.notRules.add(t);
  }

  /**
   * Extracted terms that are rules, but that the TM's own translators render otherwise in more
   * than one unit in ten (src/check/learn.ts: SPLIT_SHARE): a miss of one is a warning.
   */
  markSplit(terms: Iterable<SourceTerm>): void {
    for (const t of terms) this.splitRules.add(t);
  }

  isSplit(term: SourceTerm): boolean {
    return this.splitRules.has(term);
  }

  /**
   * A word of the common vocabulary (規定, 事項, 情形, 程序, 使用): a single CC-CEDICT headword
   * among the few thousand commonest words of jieba's general-language table (low inverse
   * document frequency), not a name (no sense written with a capital: 美國 United States, 歐盟 EU).
   * Translators rephrase such words freely: the extractor pairing one with one rendering is no rule.
   */
  isGeneralWord(term: SourceTerm): boolean {
    let g = this.general.get(term);
    if (g === undefined) {
      g = false;
      const dict = this.dictionary;
      if (dict && hasHan(term.text)) {
        const simplified = toSimplified(term.text.trim());
        const senses = dict.lookup(simplified)?.senses;
        g = senses !== undefined && dict.idf(simplified) < GENERAL_IDF && !senses.some((x) => /^\p{Lu}/u.test(x.trim()));
      }
      this.general.set(term, g);
    }
    return g;
  }

  /** Source terms in a text, longest first, none inside or overlapping a longer one. */
  termsIn(text: AnalysedText): TermHit[] {
    const hits: TermHit[] = [];
    if (text.byCharacter) {
      const folded = text.foldedText().text;
      for (let i = 0; i + 1 < folded.length; i++) {
        for (const t of this.byChars.get(folded.slice(i, i + 2)) ?? []) {
          const key = this.charKeys.get(t)!;
          if (!folded.startsWith(key, i)) continue;
          const span = text.characterMatchAt(key, i, this.isWord);
          if (span && !this.cutsAtEdge(folded, key, i)) hits.push({ term: t, span });
        }
      }
    } else {
      const words = text.wordList();
      for (let i = 0; i < words.length; i++) {
        for (const { term, words: tw } of this.byWord.get(words[i]!.key) ?? []) {
          if (i + tw.length > words.length) continue;
          if (tw.every((w, k) => words[i + k]!.key === w)) hits.push({ term, span: [words[i]!.start, words[i + tw.length - 1]!.end] });
        }
      }
    }
    hits.sort((a, b) => b.span[1] - b.span[0] - (a.span[1] - a.span[0]) || a.span[0] - b.span[0]);
    const kept: TermHit[] = [];
    for (const h of hits) {
      if (kept.some((k) => h.span[0] < k.span[1] && k.span[0] < h.span[1])) continue;
      kept.push(h);
    }
    return kept.sort((a, b) => a.span[0] - b.span[0]);
  }

  /**
   * Where the target renders a source term: one of its accepted translations (inflected,
   * capitalised, hyphenated or of the same word family; a name only as itself or its demonym),
   * its abbreviation or the abbreviation's expansion (SEC ~ Securities and Exchange Commission).
   * For a term nobody approved yet (weak evidence: the extractor's candidate is one choice, not
   * the only one) also one of CC-CEDICT's senses of it, of its dictionary words in turn (科技 +
   * 公司: technology company), or a rendering the TM shows for it (see addRenderings).
   */
  renderingIn(term: SourceTerm, target: AnalysedText): [number, number] | undefined {
    return this.renderingOf(term, target)?.span;
  }

  /** As renderingIn, telling a rendering word by word (a calque: each word of a compound by a sense of its own) apart. */
  renderingOf(term: SourceTerm, target: AnalysedText): { span: [number, number]; calque?: true; loose?: true } | undefined {
    const span = this.acceptedIn(term, target);
    if (span) return { span };
    if (term.approved || target.byCharacter) return undefined;
    const alt = this.dictionaryRenderings(term);
    const span2 = alt.parts ? this.compositionIn(alt.parts, target) : undefined;
    if (!span2) return undefined;
    // Accepted; a calque when its words stand together and the glossary's translation is more than a dictionary's sense choice.
    if (term.fromDictionary) return { span: span2 };
    return this.isCalque(term, alt.parts!, target, span2) ? { span: span2, calque: true } : { span: span2, loose: true };
  }

  /** The words of a word-by-word rendering stand together (a few words per part), and the glossary's translation is the translators' word, not one more dictionary sense. */
  private isCalque(term: SourceTerm, parts: readonly CompoundPart[], target: AnalysedText, span: [number, number]): boolean {
    if (term.fromDictionary) return false;
    return target.text.slice(span[0], span[1]).split(/\s+/).length <= 2 * parts.length + 1;
  }

  /**
   * Every content word of a translation of two or more (family forms), standing together in
   * another order or with other small words: "contents of the database" ~ "database contents",
   * "authorized litigation rights" ~ "authorization of litigation rights".
   */
  private sameWordsIn(phrase: string, target: AnalysedText): [number, number] | undefined {
    const content = this.specOf(phrase).keys.filter((k) => k.length >= 3 && !isStopKey(k));
    if (content.length < 2) return undefined;
    const hits = content.map((k) => target.findByWords([k], ['family']));
    if (hits.some((h) => h.length === 0)) return undefined;
    const span = nearestWindow(hits);
    return target.text.slice(span[0], span[1]).split(/\s+/).length <= 2 * content.length ? span : undefined;
  }

  /**
   * A variant of the glossary's translation in a target that does not render the term:
   * - `calque`: every word of the compound rendered by a sense of its own (作業系統 as
   *   "operation system" where the dictionary and the glossary say "operating system"), for a
   *   term nobody approved (an approved term accepts its glossary translations only);
   * - `partial`: for an extracted term, its head word and at least half of the content words of
   *   a translation that names nothing (no capital: a name is exact), the head word as itself, outside the spans given (renderings of
   *   the unit's other terms): "financial product" found as "product", "foreign financial
   *   services enterprises" as "overseas financial services enterprise".
   */
  variantIn(term: SourceTerm, target: AnalysedText, skip: readonly [number, number][]): { span: [number, number]; kind: 'calque' | 'partial' } | undefined {
    if (term.approved || target.byCharacter) return undefined;
    const parts = this.wordByWordParts(term);
    const calque = parts ? this.compositionIn(parts, target, skip) : undefined;
    if (calque && this.isCalque(term, parts!, target, calque)) return { span: calque, kind: 'calque' };
    if (!term.extracted) return undefined;
    for (const e of term.expected) {
      if (/\p{Lu}/u.test(e)) continue;
      const spec = this.specOf(e);
      const content = spec.keys.filter((k) => k.length >= 3 && !isStopKey(k));
      if (content.length < 2) continue;
      // The head word must be there as itself, not another word of its family (product in
      // "financial product", authorization in "authorization of litigation rights"; "loads" is no
      // "boot loader").
      const ofAt = spec.keys.indexOf('of');
      const head = (ofAt > 0 ? spec.keys.slice(0, ofAt) : spec.keys).filter((k) => content.includes(k)).at(-1) ?? content.at(-1)!;
      if (!target.findByWords([head], ['exact']).some(([a, b]) => !skip.some(([x, y]) => a < y && x < b))) continue;
      const found = content.map((k) => target.findByWords([k], ['family']).filter(([a, b]) => !skip.some(([x, y]) => a < y && x < b))).filter((h) => h.length > 0);
      if (found.length === 0 || 2 * found.length < content.length) continue;
      const span = nearestWindow(found);
      // Words far apart are no rendering of one term.
      if (target.text.slice(span[0], span[1]).split(/\s+/).length > 2 * content.length + 2) continue;
      return { span, kind: 'partial' };
    }
    return undefined;
  }

  /** The words of a compound with their senses, also for a compound the dictionary has as a whole (作業 + 系統). */
  private wordByWordParts(term: SourceTerm): CompoundPart[] | undefined {
    if (this.wholeParts.has(term)) return this.wholeParts.get(term);
    const alt = this.dictionaryRenderings(term);
    let parts = alt.parts;
    if (!parts && this.dictionary && hasHan(term.text)) parts = this.compoundParts(toSimplified(term.text.trim()), true);
    this.wholeParts.set(term, parts);
    return parts;
  }

  /** Where the target has one of the glossary's own translations of the term (or its abbreviation / expansion). */
  glossaryRenderingIn(term: SourceTerm, target: AnalysedText): [number, number] | undefined {
    for (const e of term.expected) {
      const hit = this.phraseIn(e, target);
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * True when CC-CEDICT confirms the glossary's translation: the term is a name there (a sense
   * written with a capital: 新加坡 Singapore, 美國 United States), or one of its senses is the
   * glossary's translation (開發者 developer, 首席執行官 CEO).
   */
  dictionaryConfirms(term: SourceTerm): boolean {
    const dict = this.dictionary;
    if (!dict || !hasHan(term.text)) return false;
    const simplified = toSimplified(term.text.trim());
    const senses = dict.lookup(simplified)?.senses ?? [];
    if (senses.some((x) => /^\p{Lu}/u.test(x.trim()))) return true;
    const glosses = dict.glosses(simplified);
    return term.expected.some((e) => glosses.has(phraseKey(e)) || senses.some((x) => x.includes(`(${e.trim()})`) || x.trim() === e.trim()));
  }

  /** Accepted renderings, a calque left out. */
  private acceptedIn(term: SourceTerm, target: AnalysedText): [number, number] | undefined {
    for (const e of term.expected) {
      const hit = this.phraseIn(e, target);
      if (hit) return hit;
    }
    if (term.approved || target.byCharacter) return undefined;
    for (const spec of this.learned.get(term) ?? []) {
      const [hit] = target.findByWords(spec.keys, spec.modes);
      if (hit) return hit;
    }
    for (const e of term.expected) {
      const hit = this.sameWordsIn(e, target);
      if (hit) return hit;
    }
    const alt = this.dictionaryRenderings(term);
    for (const spec of alt.senses) {
      const [hit] = target.findByWords(spec.keys, spec.modes);
      if (hit) return hit;
    }
    for (const sense of alt.abbreviations) {
      const hit = this.abbreviationIn(sense, target);
      if (hit) return hit;
    }
    return undefined;
  }

  /** CC-CEDICT's renderings of a term, worked out once per term. */
  private dictionaryRenderings(term: SourceTerm): DictionaryRenderings {
    let alt = this.dictionaryAlternatives.get(term);
    if (alt) return alt;
    alt = { senses: [], abbreviations: [] };
    const dict = this.dictionary;
    if (dict && hasHan(term.text)) {
      const simplified = toSimplified(term.text.trim());
      const senses = dict.lookup(simplified)?.senses ?? [];
      alt.senses = [...dict.glosses(simplified)].map((g) => this.glossSpec(g, senses));
      alt.abbreviations = senses.filter((x) => /^[A-Z][A-Z0-9&]{1,7}$/.test(x.trim()) || initials(x) !== undefined || /\([A-Z][A-Za-z]{1,7}\)\s*$/.test(x));
      if (senses.length === 0) alt.parts = this.compoundParts(simplified);
    }
    this.dictionaryAlternatives.set(term, alt);
    return alt;
  }

  /**
   * A compound the dictionary lacks, as its dictionary words (longest first), each with the
   * renderings of its senses: the sense, or a content word of it (科技: science and technology).
   */
  private compoundParts(simplified: string, cutWhole = false): CompoundPart[] | undefined {
    const dict = this.dictionary!;
    const parts: CompoundPart[] = [];
    for (let i = 0; i < simplified.length; ) {
      // cutWhole: the compound is a dictionary word, and its words are wanted.
      let n = Math.min(4, simplified.length - i - (cutWhole && i === 0 ? 1 : 0));
      while (n > 1 && dict.lookup(simplified.slice(i, i + n)) === undefined) n--;
      if (n <= 1 || n === simplified.length) return undefined;
      const specs: PhraseSpec[] = [];
      const part = simplified.slice(i, i + n);
      const senses = dict.lookup(part)?.senses ?? [];
      for (const g of dict.glosses(part)) {
        const spec = this.glossSpec(g, senses);
        specs.push(spec);
        if (spec.keys.length > 1) {
          spec.keys.forEach((k, j) => {
            if (k.length >= 4 && !isStopKey(k)) specs.push({ keys: [k], modes: [spec.modes[j]!] });
          });
        }
      }
      if (specs.length === 0) return undefined;
      parts.push({ specs, term: this.glossaryTerm(part) });
      i += n;
    }
    return parts;
  }

  /** Renderings the TM shows for a candidate term (words that go with the term in its units). */
  addRenderings(term: SourceTerm, phrases: readonly string[]): void {
    const list = this.learned.get(term) ?? [];
    for (const p of phrases) list.push(this.specOf(p));
    this.learned.set(term, list);
  }

  /** A translation as written in the glossary: its words (names strictly), or its abbreviation / expansion. */
  private phraseIn(phrase: string, target: AnalysedText): [number, number] | undefined {
    if (target.byCharacter) return target.find(phrase)[0];
    const spec = this.specOf(phrase);
    return target.findByWords(spec.keys, spec.modes)[0] ?? this.abbreviationIn(phrase, target);
  }

  /** SEC in the glossary, Securities and Exchange Commission in the target, or the other way round. */
  private abbreviationIn(phrase: string, target: AnalysedText): [number, number] | undefined {
    let a = this.abbreviations.get(phrase);
    if (a === undefined) {
      const p = phrase.replace(/\s*\(([A-Z][A-Za-z]{1,7})\)\s*$/, '').trim();
      a = /^[A-Z][A-Z0-9&]{1,7}$/.test(p) ? { expand: p } : { acronym: initials(p) ?? '' };
      this.abbreviations.set(phrase, a);
    }
    if (a.expand) return target.findExpansion(a.expand);
    return a.acronym ? target.findAcronym(a.acronym) : undefined;
  }

  /** Every part of a compound rendered by one of its senses; the span covers them all. */
  private compositionIn(parts: readonly CompoundPart[], target: AnalysedText, skip: readonly [number, number][] = []): [number, number] | undefined {
    let start = Infinity;
    let end = -1;
    const free = ([a, b]: [number, number]): boolean => !skip.some(([x, y]) => a < y && x < b);
    for (const { specs, term } of parts) {
      let found: [number, number] | undefined;
      for (const spec of specs) {
        found = target.findByWords(spec.keys, spec.modes).find(free);
        if (found) break;
      }
      // A part that is a glossary term of its own may be rendered as the glossary (or the TM) says (美國: America).
      if (!found && term) found = this.renderingIn(term, target);
      if (!found) return undefined;
      start = Math.min(start, found[0]);
      end = Math.max(end, found[1]);
    }
    return [start, end];
  }

  /** Glossary terms written inside a longer term (美國 in 美國競爭對手): their renderings may render its parts. */
  termsInside(term: SourceTerm): SourceTerm[] {
    const key = this.charKeys.get(term) ?? foldCharacters(term.text.trim());
    const out: SourceTerm[] = [];
    for (let i = 0; i + 1 < key.length; i++) {
      for (const t of this.byChars.get(key.slice(i, i + 2)) ?? []) {
        if (t !== term && key.startsWith(this.charKeys.get(t)!, i) && !out.includes(t)) out.push(t);
      }
    }
    return out;
  }

  /**
   * True when a term's first or last character belongs with the character beside it, while the
   * rest of the term is a word or term on its own and no word inside the term ends (or starts)
   * with that character (爭議處理機構設 in 爭議處理機構設立: 設立 is the word, 爭議處理機構 the
   * term): an extraction cut through a word.
   */
  private cutsAtEdge(folded: string, key: string, at: number): boolean {
    const isWord = this.isWord;
    if (!isWord || key.length < 3) return false;
    const han = (c: string | undefined): boolean => c !== undefined && /\p{Script=Han}/u.test(c);
    // The rest may also be Latin-script words (unstable 版 in unstable 版本: 版本 is the word).
    const whole = (k: string): boolean => isWord(k) || this.glossaryTerm(k) !== undefined || /^[\sA-Za-z0-9.+-]*[A-Za-z][\sA-Za-z0-9.+-]*$/.test(k);
    const end = at + key.length;
    // An edge character that ends (or starts) a word inside the term belongs to the term (委員會 in
    // 評議委員會所作: 會所 is a word too, but so is 委員會).
    const endsWord = (): boolean => [...Array(Math.min(4, key.length - 1)).keys()].some((i) => isWord(key.slice(key.length - i - 2)));
    const startsWord = (): boolean => [...Array(Math.min(4, key.length - 1)).keys()].some((i) => isWord(key.slice(0, i + 2)));
    if (han(folded[end]) && han(key[key.length - 1]) && isWord(folded.slice(end - 1, end + 1)) && whole(key.slice(0, -1)) && !endsWord()) return true;
    return han(folded[at - 1]) && han(key[0]) && isWord(folded.slice(at - 1, at + 1)) && whole(key.slice(1)) && !startsWord();
  }

  /** The glossary's source term written as this (Simplified) text, if any. */
  private glossaryTerm(simplified: string): SourceTerm | undefined {
    const key = foldCharacters(simplified);
    return (this.byChars.get(key.slice(0, 2)) ?? []).find((t) => this.charKeys.get(t) === key);
  }

  private wordsOf(phrase: string): string[] {
    let w = this.expectedWords.get(phrase);
    if (!w) {
      w = phraseWords(phrase);
      this.expectedWords.set(phrase, w);
    }
    return w;
  }

  /** A dictionary gloss (folded to lower case) as words, a word the senses capitalise taken as a name (El Salvador). */
  private glossSpec(gloss: string, senses: readonly string[]): PhraseSpec {
    const cacheKey = `${gloss}\t${senses.join('\x1f')}`;
    let spec = this.specs.get(cacheKey);
    if (!spec) {
      const names = new Set(senses.flatMap((x) => tokenizeEnglish(x)).filter((t) => /^\p{Lu}\p{Ll}/u.test(t.text)).flatMap((t) => t.key.split(' ')));
      const keys = this.wordsOf(gloss);
      spec = { keys, modes: keys.map((k) => (names.has(k) ? 'name' : 'family')) };
      this.specs.set(cacheKey, spec);
    }
    return spec;
  }

  /** Word keys of a translation and how each may vary: a capitalised word is a name (exact or demonym). */
  private specOf(phrase: string): PhraseSpec {
    let spec = this.specs.get(phrase);
    if (!spec) {
      spec = { keys: [], modes: [] };
      for (const t of tokenizeEnglish(phrase)) {
        const mode: WordMatch = /^\p{Lu}/u.test(t.text) ? 'name' : 'family';
        for (const k of t.key.split(' ')) {
          const key = normaliseWordKey(k);
          if (key.length === 0) continue;
          spec.keys.push(key);
          spec.modes.push(mode);
        }
      }
      this.specs.set(phrase, spec);
    }
    return spec;
  }
}

/** The narrowest span holding one hit of each word (each list non-empty). */
function nearestWindow(hits: readonly (readonly [number, number][])[]): [number, number] {
  let best: [number, number] = [0, Infinity];
  for (const h0 of hits[0]!) {
    let start = h0[0];
    let end = h0[1];
    for (const list of hits.slice(1)) {
      let pick = list[0]!;
      for (const h of list) if (Math.abs(h[0] - h0[0]) < Math.abs(pick[0] - h0[0])) pick = h;
      start = Math.min(start, pick[0]);
      end = Math.max(end, pick[1]);
    }
    if (end - start < best[1] - best[0]) best = [start, end];
  }
  return best;
}

/**
 * Inverse document frequency below which a headword is common vocabulary: jieba's table ranks
 * about 3,500 of its 270,000 words below it (使用 4.5, 規定 4.9, 程序 6.3, 事項 6.7; 區塊鏈 and
 * 開發者 are far above).
 */
const GENERAL_IDF = 7;

interface PhraseSpec {
  keys: string[];
  modes: WordMatch[];
}

interface DictionaryRenderings {
  /** The senses of the term as a whole. */
  senses: PhraseSpec[];
  /** Senses that are or hold an abbreviation (SEC, chief executive officer (CEO)). */
  abbreviations: string[];
  /** For a compound CC-CEDICT lacks: its dictionary words with their senses. */
  parts?: CompoundPart[];
}

interface CompoundPart {
  specs: PhraseSpec[];
  /** The glossary term the part is, if any (its renderings count too). */
  term?: SourceTerm | undefined;
}

/**
 * True when a source written in another script also holds the translation itself in Latin
 * letters (Creative Commons, or its initials CC) anywhere but as a gloss right after the term
 * (證券交易委員會(SEC)): the target then copies that text, which says nothing of how the term is
 * rendered.
 */
export function echoesTranslation(source: string, termSpan: [number, number], phrase: string): boolean {
  // The phrase in any case; its initials in capitals only (CC, not cc).
  const forms: [string, string][] = [[phrase.trim(), 'giu'], [initials(phrase.trim()) ?? '', 'gu']];
  for (const [f, flags] of forms) {
    if (f.length < 2) continue;
    const re = new RegExp(`(?<![A-Za-z0-9])${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, flags);
    for (const m of source.matchAll(re)) {
      // A gloss: the Latin text right after the term, at most a bracket and spaces between.
      if (m.index >= termSpan[1] && /^[\s(（「『"“]*$/u.test(source.slice(termSpan[1], m.index))) continue;
      return true;
    }
  }
  return false;
}

/**
 * The abbreviation a phrase of two or more words makes (Securities and Exchange Commission → SEC,
 * venture capital → VC), if any: the target must write it in capitals as a word of its own.
 */
function initials(phrase: string): string | undefined {
  const words = phrase.split(/[\s-]+/).filter((w) => w.length > 0);
  if (words.length < 2) return undefined;
  let out = '';
  for (const w of words) {
    if (MINOR_WORDS.has(w)) continue;
    if (!/^\p{L}/u.test(w)) return undefined;
    out += w[0]!.toUpperCase();
  }
  return out.length >= 2 ? out : undefined;
}
