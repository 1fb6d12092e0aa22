import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { BadInput } from '../errors.js';
import { auditTm, type AuditReport, type TermAudit } from '../check/audit.js';

export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit [--term TERM] [--json] [--all] [--src LANG --tgt LANG]',
  summary: 'how the TM renders each glossary term: renderings with counts and example units, units without an accepted rendering, terms the TM disagrees with or splits',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { term: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, src: { type: 'string' }, tgt: { type: 'string' } } });
    if (positionals.length > 0) throw new BadInput(`audit takes no FILE (found "${positionals[0]}"); give a term with --term`);
    if ((values.src === undefined) !== (values.tgt === undefined)) throw new BadInput('give both --src and --tgt, or neither');
    const report = await auditTm(await ctx.db(), {
      ...(values.term !== undefined ? { term: values.term } : {}),
      ...(values.src && values.tgt ? { srcLang: values.src, tgtLang: values.tgt } : {}),
    });
    if (values.json) ctx.out.write(JSON.stringify(report, null, 2) + '\n');
    else ctx.out.write(formatAudit(report, { all: values.all === true || values.term !== undefined }));
    return 0;
  },
};

/** One block per term (by default only the terms the TM disagrees with or splits), then the totals. */
export function formatAudit(report: AuditReport, options: { all: boolean }): string {
  const lines: string[] = [];
  for (const t of report.terms) {
    if (!options.all && (t.verdict === 'consistent' || t.verdict === 'unused')) continue;
    lines.push(...termBlock(t), '');
  }
  const s = report.summary;
  lines.push(`${report.units} units read (${report.srcLang} → ${report.tgtLang}); ${s.terms} terms, ${s.used} used in the TM: ${s.disagrees} disagree with the glossary, ${s.split} split, ${s.consistent} consistent`);
  return lines.join('\n') + '\n';
}

function termBlock(t: TermAudit): string[] {
  const head = t.inGlossary ? `${t.term} → ${t.expected.join(' | ') || '(no accepted translation)'}${t.approved ? ' (approved)' : ''}` : `${t.term} (not in the glossary)`;
  const out = [`${head}: ${t.estimated ? '~' : ''}${t.units} units, ${t.verdict.toUpperCase()}${t.note ? `: ${t.note}` : ''}`];
  const ex = (ids: number[]): string => (ids.length ? `  e.g. units ${ids.join(', ')}` : '');
  for (const r of t.renderings) out.push(`    ${r.text.padEnd(28)} ${r.kind.padEnd(9)} ${String(r.count).padStart(7)}${r.estimated ? '~' : ' '}${ex(r.examples)}`);
  out.push(`    ${'(no accepted rendering)'.padEnd(28)} ${''.padEnd(9)} ${String(t.unrendered.count).padStart(7)} ${ex(t.unrendered.examples)}`);
  return out;
}
