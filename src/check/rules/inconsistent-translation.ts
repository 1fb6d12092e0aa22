/**
 * inconsistent-translation (warning): one source translated two ways in the file or against the
 * TM, or one target used for two different sources in the file. Compared after folding (script,
 * width, case, white space and punctuation), so a changed full stop is no inconsistency.
 */
import type { CheckIssue } from '../../model.js';
import type { CheckRule } from '../types.js';
import { unitGroups } from '../context.js';
import { sameTextKey } from '../../text/fold.js';

/** Short targets (Yes, OK, a name) legitimately serve several sources. */
const MIN_SHARED_TARGET = 12;

export const inconsistentTranslation: CheckRule = {
  id: 'inconsistent-translation',
  severity: 'warning',
  description: 'the same source is translated differently (in the file or the TM), or one translation serves two sources',
  check(unit, ctx) {
    const g = unitGroups(ctx.units);
    const s = g.sourceKey.get(unit);
    const t = g.targetKey.get(unit);
    if (s === undefined || t === undefined) return [];
    const issues: CheckIssue[] = [];
    const same = g.bySource.get(s) ?? [];
    // Every later unit whose translation differs from the first one of the same source.
    const ref = same[0];
    if (ref && ref !== unit && g.targetKey.get(ref) !== t) {
      issues.push({
        unitId: unit.id, rule: this.id, severity: this.severity,
        message: `the same source is translated differently in unit ${ref.id}: "${ref.target}"`,
        sourceSpan: [0, unit.source.length], targetSpan: [0, unit.target.length], found: ref.target,
      });
    }
    const tm = ctx.tm.get(s) ?? [];
    if (tm.length > 0 && !tm.some((x) => sameTextKey(x.target) === t)) {
      const earlier = tm[0]!;
      issues.push({
        unitId: unit.id, rule: this.id, severity: this.severity,
        message: `the TM translates this source differently${earlier.id !== undefined ? ` (TM unit ${earlier.id})` : ''}: "${earlier.target}"`,
        sourceSpan: [0, unit.source.length], targetSpan: [0, unit.target.length], found: earlier.target,
      });
    }
    const sharing = g.byTarget.get(t) ?? [];
    if (t.length >= MIN_SHARED_TARGET && sharing.indexOf(unit) > 0) {
      const other = sharing.find((u) => g.sourceKey.get(u) !== s && sharing.indexOf(u) < sharing.indexOf(unit));
      if (other) {
        issues.push({
          unitId: unit.id, rule: this.id, severity: this.severity,
          message: `the same target translates a different source in unit ${other.id}: "${other.source}"`,
          sourceSpan: [0, unit.source.length], targetSpan: [0, unit.target.length], found: other.source,
        });
      }
    }
    return issues;
  },
};
