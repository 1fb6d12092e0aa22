import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { requireInputFile } from './files.js';
import { formatByName, formatForFile } from '../formats/index.js';
import { BadInput } from '../errors.js';
import { checkAgainstStore, readUnitsToCheck } from '../check/run.js';
import { formatTextReport, reportJson } from '../check/report.js';

export const checkCommand: Command = {
  name: 'check',
  usage: 'check [--json] [--format NAME] [--src LANG --tgt LANG] FILE',
  summary: 'check a translation (XLIFF, TMX, CSV/TSV of pairs) against the glossary and the TM; exit 1 when errors are found',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, format: { type: 'string' }, src: { type: 'string' }, tgt: { type: 'string' } } });
    if (positionals.length !== 1) throw new BadInput('check needs exactly one FILE');
    const file = positionals[0]!;
    requireInputFile(file);
    const format = values.format ? formatByName(values.format) : formatForFile(file);
    if ((values.src === undefined) !== (values.tgt === undefined)) throw new BadInput('give both --src and --tgt, or neither');
    const langs = values.src && values.tgt ? { srcLang: values.src, tgtLang: values.tgt } : {};
    const job = await readUnitsToCheck(createReadStream(file), format, file, langs);
    const report = await checkAgainstStore(await ctx.db(), job);
    if (values.json) ctx.out.write(JSON.stringify(reportJson(report), null, 2) + '\n');
    else ctx.out.write(formatTextReport(report, job.units, { color: (ctx.out as NodeJS.WriteStream).isTTY === true }));
    return report.summary.errors > 0 ? 1 : 0;
  },
};
