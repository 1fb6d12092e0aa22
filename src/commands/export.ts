import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { exportStream } from '../export.js';
import { BadInput } from '../errors.js';

export const exportCommand: Command = {
  name: 'export',
  usage: 'export --format tmx|xliff12|xliff20|tbx|tbx3|csv|tsv [--out FILE] [--src LANG] [--tgt LANG]',
  summary: 'write every unit (tmx, xliff) or every term that is not forbidden (tbx, csv, tsv)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' }, src: { type: 'string' }, tgt: { type: 'string' } } });
    if (!values.format) throw new BadInput('export needs --format (tmx, xliff12, xliff20, tbx, tbx3, csv or tsv)');
    const db = await ctx.db();
    const chunks = await exportStream(db, values.format, { srcLang: values.src, tgtLang: values.tgt });
    if (values.out) {
      // Write beside the target and rename, so a failed export never leaves half a file.
      const tmp = `${values.out}.part`;
      await pipeline(Readable.from(chunks), createWriteStream(tmp));
      await rename(tmp, values.out);
    } else {
      for await (const c of chunks) if (!ctx.out.write(c)) await new Promise((r) => ctx.out.once('drain', r));
    }
    return 0;
  },
};
