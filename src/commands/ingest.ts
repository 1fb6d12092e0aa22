import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { requireInputFile } from './files.js';
import { formatForFile, formatByName } from '../formats/index.js';
import { ingest } from '../ingest.js';
import { prestartBulkWorker, releaseBulkWorker } from '../store/bulk.js';
import { largeFirstFile } from './ingest-early.js';
import { openFresh } from '../store/open-fresh.js';
import { BadInput } from '../errors.js';

export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'ingest [--format NAME] [--no-extract] FILE...',
  summary: 'add the units and terms of each file to the store, one transaction per file, then extract terms',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, 'no-extract': { type: 'boolean' } } });
    if (positionals.length === 0) throw new BadInput('ingest needs at least one FILE');
    // A large first file of units into a local database goes through the bulk path from its
    // first unit (not after a head of units read ahead to decide): its database thread starts
    // now, while the store opens, and stores units as soon as it is ready.
    // (src/cli.ts has started that thread already, before this module loaded: prestartIngest.)
    const first = positionals[0]!;
    let bulkFirst = false;
    if (ctx.config.dbUrl.startsWith('file:') && largeFirstFile(args) !== undefined) {
      const format = values.format ? formatByName(values.format) : formatForFile(first);
      if ((format.readUnits ?? format.readDocument) && !format.readEntries) {
        prestartBulkWorker();
        bulkFirst = true;
      } else releaseBulkWorker();
    }
    requireInputFile(first);
    // Into a database file that does not exist yet: the first file is imported into a new file
    // under a temporary name, published whole once done (src/store/open-fresh.ts).
    let fresh = await openFresh(ctx.config.dbUrl, { authToken: ctx.config.dbAuthToken, busyTimeoutMs: ctx.config.busyTimeoutMs });
    for (const [i, file] of positionals.entries()) {
      requireInputFile(file);
      const format = values.format ? formatByName(values.format) : formatForFile(file);
      const tty = (ctx.err as NodeJS.WriteStream).isTTY === true;
      const started = Date.now();
      const db = fresh ? fresh.db : await ctx.db();
      const options = {
        file,
        format,
        extract: !values['no-extract'],
        extractMaxUnits: ctx.config.extractMaxUnits,
        bulkThreshold: i === 0 && bulkFirst ? 0 : undefined,
        onProgress: tty ? (n: number) => ctx.err.write(`\r${file}: ${n.toLocaleString('en-US')} units read…`) : undefined,
      };
      let summary;
      try {
        summary = await ingest(db, createReadStream(file), options);
        fresh?.publish();
      } catch (e) {
        fresh?.discard();
        throw e;
      } finally {
        fresh = undefined;
      }
      if (tty) ctx.err.write('\n');
      for (const w of summary.warnings) ctx.err.write(`warning: ${w}\n`);
      if (summary.warningCount > summary.warnings.length) ctx.err.write(`warning: … and ${summary.warningCount - summary.warnings.length} more\n`);
      const bits = [`${file} (${summary.format})`];
      // A table of pairs can hold both: sentence rows (units) and term rows (entries).
      const units = summary.units.added + summary.units.duplicates;
      if (!format.readEntries || units > 0) bits.push(`${summary.units.added} units added`, `${summary.units.duplicates} already present`);
      if (format.readEntries) bits.push(`${summary.entries.added} term entries added`);
      if (summary.warningCount > 0) bits.push(`${summary.warningCount} skipped with a warning`);
      if (summary.extraction?.skipped) ctx.err.write(`note: ${summary.extraction.skipped}\n`);
      else if (summary.extraction) bits.push(`${summary.extraction.entries} term entries extracted`);
      bits.push(`${((Date.now() - started) / 1000).toFixed(2)} s`);
      ctx.out.write(bits.join(', ') + '\n');
    }
    return 0;
  },
};
