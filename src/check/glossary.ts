/**
 * The glossary as the checks see it for one language pair: each source term with every accepted
 * translation (candidate and approved terms of all concepts that hold it: several accepted
 * translations per concept, and per source term), and the forbidden target terms.
 */
import type { TermEntry, TermStatus } from '../model.js';
import { primaryLanguage } from '../model.js';
import { fold } from '../text/fold.js';

export interface SourceTerm {
  /** As written in the glossary (first concept that holds it). */
  text: string;
  /** Folded form: one entry per folded source term. */
  key: string;
  /** Accepted translations, as written. */
  expected: string[];
  /** True when a reviewer approved a translation: then only the glossary's translations count. */
  approved: boolean;
  /**
   * True when every concept holding the term is the extractor's unreviewed guess (origin
   * `extract`, nothing approved): whether such a term is a rule worth an error is for the check
   * to judge (a general word, or a term its own TM renders several ways, is not). A term a person
   * entered or imported is the glossary's word.
   */
  extracted: boolean;
  /**
   * True when every concept holding the term is the extractor's reading of a dictionary (method
   * `dictionary`: a CC-CEDICT sense, or the senses of its words): its translation is one sense
   * choice among others, so another choice is no variant of it.
   */
  fromDictionary: boolean;
  conceptIds: number[];
}

export interface ForbiddenTerm {
  text: string;
  /** Source terms of the concept, for the message. */
  sources: string[];
  /** The concept's accepted translations. */
  expected: string[];
  conceptId?: number;
}

export interface CheckGlossary {
  srcLang: string;
  tgtLang: string;
  sources: SourceTerm[];
  forbidden: ForbiddenTerm[];
}

const ACCEPTED: ReadonlySet<TermStatus> = new Set(['candidate', 'approved']);

/** Build the glossary of one language pair (matched by primary language: zh-TW terms serve a zh-CN file). */
export function buildCheckGlossary(entries: readonly TermEntry[], srcLang: string, tgtLang: string): CheckGlossary {
  const src = primaryLanguage(srcLang);
  const tgt = primaryLanguage(tgtLang);
  const byKey = new Map<string, SourceTerm>();
  const forbidden: ForbiddenTerm[] = [];
  for (const e of entries) {
    const sourceTerms = e.terms.filter((t) => primaryLanguage(t.lang) === src && t.text.trim().length > 0);
    const targetTerms = e.terms.filter((t) => primaryLanguage(t.lang) === tgt && t.text.trim().length > 0);
    const accepted = targetTerms.filter((t) => ACCEPTED.has(t.status));
    const acceptedTexts = unique(accepted.map((t) => t.text.trim()));
    for (const t of targetTerms.filter((x) => x.status === 'forbidden')) {
      forbidden.push({ text: t.text.trim(), sources: unique(sourceTerms.filter((s) => s.status !== 'forbidden').map((s) => s.text.trim())), expected: acceptedTexts, ...(e.id !== undefined ? { conceptId: e.id } : {}) });
    }
    if (acceptedTexts.length === 0) continue;
    for (const s of sourceTerms) {
      if (s.status === 'forbidden') continue;
      const key = fold(s.text);
      if (!isCheckable(key)) continue;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { text: s.text.trim(), key, expected: [], approved: false, extracted: true, fromDictionary: true, conceptIds: [] };
        byKey.set(key, entry);
      }
      if (e.origin !== 'extract') entry.extracted = false;
      if (e.origin !== 'extract' || e.method !== 'dictionary') entry.fromDictionary = false;
      for (const x of acceptedTexts) if (!entry.expected.includes(x)) entry.expected.push(x);
      if (accepted.some((t) => t.status === 'approved') || s.status === 'approved') {
        entry.approved = true;
        entry.extracted = false;
        entry.fromDictionary = false;
      }
      if (e.id !== undefined) entry.conceptIds.push(e.id);
    }
  }
  // Longest first, so that a longer term wins over a term inside it.
  const sources = [...byKey.values()].sort((a, b) => b.key.length - a.key.length || a.key.localeCompare(b.key));
  return { srcLang, tgtLang, sources, forbidden };
}

/** A single Han character or a lone letter is too ambiguous to check as a term. */
function isCheckable(key: string): boolean {
  const han = [...key].filter((c) => /\p{Script=Han}/u.test(c)).length;
  if (han > 0) return han >= 2 || key.length >= 3;
  return /[\p{L}\p{N}]{2,}/u.test(key);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
