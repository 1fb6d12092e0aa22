/** term-forbidden: the target holds a translation the glossary marks forbidden. */
import type { CheckIssue } from '../../model.js';
import type { CheckRule } from '../types.js';

export const termForbidden: CheckRule = {
  id: 'term-forbidden',
  severity: 'error',
  description: 'the target uses a translation the glossary forbids',
  check(unit, ctx) {
    const issues: CheckIssue[] = [];
    for (const f of ctx.glossary.forbidden) {
      const [span] = unit.tgt.find(f.text);
      if (!span) continue;
      const expected = f.expected;
      const instead = expected.length > 0 ? `; use ${expected.map((e) => `"${e}"`).join(' or ')}` : '';
      issues.push({
        unitId: unit.id,
        rule: this.id,
        severity: this.severity,
        message: `"${unit.target.slice(span[0], span[1])}" is a forbidden translation${f.sources.length > 0 ? ` of "${f.sources[0]}"` : ''}${instead}`,
        term: { source: f.sources[0] ?? '', expected },
        targetSpan: span,
        found: unit.target.slice(span[0], span[1]),
      });
    }
    return issues;
  },
};
