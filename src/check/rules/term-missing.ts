/**
 * term-missing: the source holds a glossary term and the target none of its accepted
 * translations (candidate or approved; forms folded, several translations per concept). An
 * unreviewed extracted term counts only when it is a rule (see TermMatcher.isRule). An unapproved
 * single word right beside a Latin name the target holds ("/etc/fstab" 檔案) may be left out.
 * A miss of an unreviewed candidate that the TM renders otherwise in more than one unit in ten is
 * a warning (TermMatcher.isSplit).
 */
import type { CheckRule } from '../types.js';
import { isDictionaryWord, isRule, isSplit, nameBeside, termHits, termVariants } from '../context.js';

export const termMissing: CheckRule = {
  id: 'term-missing',
  severity: 'error',
  description: 'a glossary term of the source is not translated as the glossary says',
  check(unit, ctx) {
    if (unit.target.trim().length === 0) return [];
    const issues = [];
    const seen = new Set<string>();
    const variants = termVariants(unit, ctx);
    for (const hit of termHits(unit, ctx)) {
      if (seen.has(hit.term.key)) continue;
      seen.add(hit.term.key);
      // The extractor's guess at a general word, or a term the TM renders several ways, is no rule.
      // A variant of the translation is term-variant's (a warning).
      if (hit.rendering || !isRule(hit.term, ctx) || variants.has(hit)) continue;
      // A word that only says what kind of thing the Latin name beside it is ("/etc/fstab" 檔案,
      // mount(8) 指令) may be left to the name, unless a reviewer approved the term.
      if (!hit.term.approved && isDictionaryWord(hit.term, ctx) && nameBeside(unit, hit.span)) continue;
      const expected = hit.term.expected;
      if (expected.some((e) => inCamelCompound(e, unit.target))) continue;
      // An unreviewed candidate its own TM renders otherwise now and then: a warning.
      const split = isSplit(hit.term, ctx);
      issues.push({
        unitId: unit.id,
        rule: this.id,
        severity: split ? 'warning' : this.severity,
        message: `"${unit.source.slice(hit.span[0], hit.span[1])}" should be translated as ${expected.map((e) => `"${e}"`).join(' or ')}${split ? ' (an unreviewed candidate that the TM renders otherwise in more than one unit in ten)' : ''}`,
        term: { source: hit.term.text, expected },
        sourceSpan: hit.span,
      });
    }
    return issues;
  },
};

/**
 * A one-word translation written as a part of a CamelCase compound of the target (Share in
 * ShareAlike, Script in PowerScript): the compound holds the word.
 */
export function inCamelCompound(expected: string, target: string): boolean {
  const word = expected.trim().toLowerCase();
  if (!/^\p{L}{3,}$/u.test(word)) return false;
  for (const m of target.matchAll(/\b\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)+\b/gu)) {
    const parts = m[0].split(/(?=\p{Lu})/u).map((p) => p.toLowerCase());
    if (parts.includes(word) || parts.some((p) => p.length > word.length && p.startsWith(word) && /^(?:s|es)$/.test(p.slice(word.length)))) return true;
  }
  return false;
}
