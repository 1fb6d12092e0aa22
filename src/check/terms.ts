/**
 * Glossary terms in a unit: the source terms found in its source (longest first, a longer term
 * wins over a term inside it), and whether the target holds one of their accepted translations.
 * Sources are scanned through an index by first characters / first word, so the cost grows with
 * the text, not with the glossary.
 */
import type { CheckGlossary, SourceTerm } from './glossary.js';
import type { AnalysedText } from './text.js';
import { foldCharacters, phraseWords } from './text.js';
import type { Dictionary } from '../extract/cedict.js';
import { toSimplified } from '../text/fold.js';

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
          if (span) hits.push({ term: t, span });
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
   * capitalised, hyphenated or of the same word family), or, for a term nobody approved yet,
   * one of CC-CEDICT's senses of it (the extractor's candidate is one choice, not the only one).
   */
  renderingIn(term: SourceTerm, target: AnalysedText): [number, number] | undefined {
    for (const e of term.expected) {
      const [hit] = target.byCharacter ? target.find(e) : target.findByWords(this.wordsOf(e), true);
      if (hit) return hit;
    }
    if (!term.approved && this.dictionary && !target.byCharacter && /\p{Script=Han}/u.test(term.text)) {
      for (const g of this.dictionary.glosses(toSimplified(term.text))) {
        const [hit] = target.findByWords(this.wordsOf(g), true);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private wordsOf(phrase: string): string[] {
    let w = this.expectedWords.get(phrase);
    if (!w) {
      w = phraseWords(phrase);
      this.expectedWords.set(phrase, w);
    }
    return w;
  }
}
