/**
 * term-missing: the source holds a glossary term and the target none of its accepted
 * translations (candidate or approved; forms folded, several translations per concept). An
 * unreviewed extracted term counts only when it is a rule (see TermMatcher.isRule).
 */
import type { CheckRule } from '../types.js';
import { isRule, termHits, termVariants } from '../context.js';

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
      const expected = hit.term.expected;
      issues.push({
        unitId: unit.id,
        rule: this.id,
        severity: this.severity,
        message: `"${unit.source.slice(hit.span[0], hit.span[1])}" should be translated as ${expected.map((e) => `"${e}"`).join(' or ')}`,
        term: { source: hit.term.text, expected },
        sourceSpan: hit.span,
      });
    }
    return issues;
  },
};
