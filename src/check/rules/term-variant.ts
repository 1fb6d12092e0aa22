/**
 * term-variant (warning): the target renders a glossary term, but not as the glossary says: word
 * by word (a calque: 合理使用 as "reasonable use" where the glossary says "fair use", accepted
 * only because each word has a dictionary sense), or, for an extracted term, in part ("product"
 * for "financial product", "overseas" for "foreign"). The glossary's translation exists because
 * the literal or shortened one is not the term. Approving the variant in the glossary accepts it
 * (it is then one of the term's translations).
 */
import type { CheckIssue } from '../../model.js';
import type { CheckRule } from '../types.js';
import { termVariants } from '../context.js';

export const termVariant: CheckRule = {
  id: 'term-variant',
  severity: 'warning',
  description: 'a glossary term rendered word by word (a calque) or in part, not as the glossary says',
  check(unit, ctx) {
    if (unit.target.trim().length === 0) return [];
    const issues: CheckIssue[] = [];
    const seen = new Set<string>();
    for (const [hit, v] of termVariants(unit, ctx)) {
      if (seen.has(hit.term.key)) continue;
      seen.add(hit.term.key);
      const expected = hit.term.expected;
      const found = unit.target.slice(v.span[0], v.span[1]);
      const how = v.kind === 'calque' ? 'word by word as' : 'only in part, as';
      issues.push({
        unitId: unit.id, rule: this.id, severity: this.severity,
        message: `"${unit.source.slice(hit.span[0], hit.span[1])}" is translated ${how} "${found}"; the glossary says ${expected.map((e) => `"${e}"`).join(' or ')}`,
        term: { source: hit.term.text, expected },
        sourceSpan: hit.span, targetSpan: v.span, found,
      });
    }
    return issues;
  },
};
