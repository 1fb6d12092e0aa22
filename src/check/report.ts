/**
 * The check report for a terminal: per issue the unit id, rule and severity, the message, and
 * source and target with the span marked (⟦…⟧, or in colour on a terminal).
 */
import type { CheckIssue } from '../model.js';
import type { CheckReport } from './index.js';
import type { CheckUnit } from './types.js';

export interface TextReportOptions {
  /** ANSI colours (a terminal). */
  color?: boolean;
  /** Longest excerpt of a side shown, in characters. */
  width?: number;
}

export function formatTextReport(report: CheckReport, units: readonly CheckUnit[], options: TextReportOptions = {}): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const color = options.color ?? false;
  const width = options.width ?? 160;
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const issue of report.issues) {
    const unit = byId.get(issue.unitId);
    const sev = issue.severity === 'error' ? paint('31;1', 'error') : paint('33;1', 'warning');
    lines.push(`${paint('1', issue.unitId)}  ${sev}  ${issue.rule}: ${issue.message}`);
    if (unit) {
      lines.push(`    source: ${excerpt(unit.source, issue.sourceSpan, width, paint)}`);
      lines.push(`    target: ${unit.target.length === 0 ? paint('2', '(empty)') : excerpt(unit.target, issue.targetSpan, width, paint)}`);
    }
  }
  const s = report.summary;
  if (lines.length > 0) lines.push('');
  const rules = Object.entries(s.byRule).map(([r, n]) => `${r} ${n}`).join(', ');
  lines.push(`${s.units} units checked (${s.srcLang} → ${s.tgtLang}, ${s.glossaryTerms} glossary terms): ${s.errors} errors, ${s.warnings} warnings${rules ? ` (${rules})` : ''}`);
  return lines.join('\n') + '\n';
}

function excerpt(text: string, span: CheckIssue['sourceSpan'], width: number, paint: (code: string, s: string) => string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (!span || (span[0] === 0 && span[1] >= text.length)) return clip(flat, 0, width);
  const [s, e] = span;
  const mark = color(paint) ? paint('7', flat.slice(s, e)) : `⟦${flat.slice(s, e)}⟧`;
  // Keep the marked span in view on long segments.
  const from = Math.max(0, Math.min(s - Math.floor(width / 3), flat.length - width));
  const before = (from > 0 ? '…' : '') + flat.slice(from, s);
  const afterRoom = Math.max(10, width - (s - from) - (e - s));
  const after = flat.slice(e, e + afterRoom) + (e + afterRoom < flat.length ? '…' : '');
  return before + mark + after;
}

function color(paint: (code: string, s: string) => string): boolean {
  return paint('0', '') !== '';
}

function clip(s: string, from: number, width: number): string {
  return s.length - from > width ? s.slice(from, from + width) + '…' : s.slice(from);
}

/** The JSON of the contract: issues and summary. */
export function reportJson(report: CheckReport): { issues: CheckIssue[]; summary: CheckReport['summary'] } {
  return { issues: report.issues, summary: report.summary };
}
