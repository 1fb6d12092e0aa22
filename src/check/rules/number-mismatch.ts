/**
 * number-mismatch: a number of the source is not in the target, or the target has a number
 * written in digits that the source has not, comparing values (10萬億 = 10 trillion, 數百 =
 * hundreds, 2.0 = 2.0), not spellings. List numbers (二、 ~ 2.) are compared with list numbers.
 */
import type { CheckIssue } from '../../model.js';
import type { CheckRule } from '../types.js';
import { quantities, sameQuantity } from '../numbers.js';

export const numberMismatch: CheckRule = {
  id: 'number-mismatch',
  severity: 'error',
  description: 'a number differs between source and target',
  check(unit, ctx) {
    if (unit.target.trim().length === 0) return [];
    const src = quantities(unit.source, ctx.srcLang);
    const tgt = quantities(unit.target, ctx.tgtLang);
    const issues: CheckIssue[] = [];
    // List numbers need a counterpart only when the other side numbers its list too.
    const srcLists = src.some((q) => q.list);
    const tgtLists = tgt.some((t) => t.list);
    for (const q of src) {
      if (q.optional || (q.list && !tgtLists) || tgt.some((t) => sameQuantity(q, t)) || writtenIn(q.text, unit.target)) continue;
      issues.push({
        unitId: unit.id, rule: this.id, severity: this.severity,
        message: q.label !== undefined ? `the source says ${q.text}, the target has no such label` : `the source says ${q.text} (${describe(q.value, q.vague)}), the target has no such number`,
        sourceSpan: [q.start, q.end], found: q.text,
      });
    }
    for (const t of tgt) {
      if (!t.digits || (t.list && !srcLists) || src.some((q) => sameQuantity(q, t)) || writtenIn(t.text, unit.source)) continue;
      issues.push({
        unitId: unit.id, rule: this.id, severity: this.severity,
        message: t.label !== undefined ? `the target says ${t.text}, the source has no such label` : `the target says ${t.text} (${describe(t.value, t.vague)}), the source has no such number`,
        targetSpan: [t.start, t.end], found: t.text,
      });
    }
    return issues;
  },
};

function describe(value: number, vague: boolean): string {
  const n = value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return vague ? `some ${n}s` : n;
}

/**
 * A number written with digits the other side writes the same, as a whole token (1048576k in
 * `1GB=1048576k` on both sides): copied, whatever each language's reading of its suffix.
 */
function writtenIn(text: string, other: string): boolean {
  if (!/\d/.test(text)) return false;
  const escaped = text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}.])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(other);
}
