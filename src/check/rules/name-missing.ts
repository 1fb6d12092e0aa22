/**
 * name-missing (warning): a name written in Latin script inside a source of another script
 * (DeepSeek, CoinFund, Web3, Prime Intellect), or a name-shaped token of a Latin-script source
 * (inner capitals or digits: DeepSeek, Web3, GPT-4), is not in the target.
 */
import type { CheckIssue } from '../../model.js';
import type { CheckRule } from '../types.js';
import { isRule, termHits } from '../context.js';
import { foldCharacters } from '../../text/fold.js';

const LATIN_RUN = /[A-Za-z0-9][A-Za-z0-9.&'’+-]*(?:[ \u00A0][A-Za-z0-9][A-Za-z0-9.&'’+-]*)*/g;
const NAME_SHAPED = /\b(?:[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9.]*|[A-Z][A-Za-z]*-[0-9][A-Za-z0-9.]*)\b/g;

export const nameMissing: CheckRule = {
  id: 'name-missing',
  severity: 'warning',
  description: 'a Latin-script name of the source is missing from the target',
  check(unit, ctx) {
    if (unit.target.trim().length === 0) return [];
    const issues: CheckIssue[] = [];
    const hanSource = /\p{Script=Han}/u.test(unit.source);
    const candidates = hanSource ? latinRuns(unit.source) : [...unit.source.matchAll(NAME_SHAPED)].map((m) => ({ text: m[0], start: m.index }));
    const covered = termHits(unit, ctx).filter((h) => !h.rendering && isRule(h.term, ctx)).map((h) => h.span);
    if (candidates.length === 0) return issues;
    // The target's character fold (width, case; cached for every rule), white space as one space.
    const target = ` ${unit.tgt.foldedText().text.replace(/\s+/g, ' ')} `;
    for (const c of candidates) {
      const name = c.text.replace(/[.'’-]+$/, '');
      if (!/[A-Z0-9]/.test(name) || !/[A-Za-z]/.test(name) || name.replace(/[^A-Za-z]/g, '').length < 2) continue;
      const span: [number, number] = [c.start, c.start + name.length];
      // A term already reported missing covers its name.
      if (covered.some(([s, e]) => span[0] < e && s < span[1])) continue;
      const key = foldCharacters(name).replace(/\s+/g, ' ');
      if (containsWord(target, key)) continue;
      issues.push({
        unitId: unit.id, rule: 'name-missing', severity: 'warning',
        message: `the name "${name}" of the source is not in the target`,
        sourceSpan: span, found: name,
      });
    }
    return issues;
  },
};

function latinRuns(text: string): { text: string; start: number }[] {
  return [...text.matchAll(LATIN_RUN)].map((m) => ({ text: m[0].trim(), start: m.index }));
}

function containsWord(haystack: string, key: string): boolean {
  for (let at = haystack.indexOf(key); at >= 0; at = haystack.indexOf(key, at + 1)) {
    const before = haystack[at - 1] ?? ' ';
    const after = haystack[at + key.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    // Possessive or plural of the name: DeepSeek's, CoinFunds.
    if (!/[\p{L}\p{N}]/u.test(before) && /^(?:'s|s)\b/.test(haystack.slice(at + key.length))) return true;
  }
  return false;
}
