import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { requireInputFile } from './files.js';
import { formatByName, formatForFile } from '../formats/index.js';
import { BadInput } from '../errors.js';
import { checkAgainstStore, readUnitsToCheck } from '../check/run.js';
import { REPORT_FORMATS, formatTextReport, reportJson, reportSarif, type ReportFormat } from '../check/report.js';

export const checkCommand: Command = {
  name: 'check',
  usage: 'check [--report text|json|sarif] [--json] [--format NAME] [--src LANG --tgt LANG] FILE',
  summary: 'check a translation (XLIFF, TMX, CSV/TSV of pairs) against the glossary and the TM; exit 1 when errors are found',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, report: { type: 'string' }, format: { type: 'string' }, src: { type: 'string' }, tgt: { type: 'string' } } });
    if (positionals.length !== 1) throw new BadInput('check needs exactly one FILE');
    const file = positionals[0]!;
    const report = reportFormat(values.report, values.json);
    requireInputFile(file);
    const format = values.format ? formatByName(values.format) : formatForFile(file);
    if ((values.src === undefined) !== (values.tgt === undefined)) throw new BadInput('give both --src and --tgt, or neither');
    const langs = values.src && values.tgt ? { srcLang: values.src, tgtLang: values.tgt } : {};
    const job = await readUnitsToCheck(createReadStream(file), format, file, langs);
    const result = await checkAgainstStore(await ctx.db(), job);
    if (report === 'json') ctx.out.write(JSON.stringify(reportJson(result), null, 2) + '\n');
    else if (report === 'sarif') ctx.out.write(JSON.stringify(reportSarif(result, job.units, { file, srcRoot: process.cwd(), docsUrl: ctx.config.docsUrl }), null, 2) + '\n');
    else ctx.out.write(formatTextReport(result, job.units, { color: (ctx.out as NodeJS.WriteStream).isTTY === true }));
    return result.summary.errors > 0 ? 1 : 0;
  },
};

/** The report asked for: `--report NAME`, or `--json` (the older spelling of `--report json`). */
function reportFormat(name: string | undefined, json: boolean | undefined): ReportFormat {
  if (name === undefined) return json ? 'json' : 'text';
  const format = REPORT_FORMATS.find((f) => f === name.toLowerCase());
  if (!format) throw new BadInput(`unknown report "${name}" (known: ${REPORT_FORMATS.join(', ')})`);
  if (json && format !== 'json') throw new BadInput(`--json and --report ${format} ask for two reports; give one`);
  return format;
}
