import type { Command } from './types.js';
import { extractAll } from '../extract/index.js';

export const extractCommand: Command = {
  name: 'extract',
  usage: 'extract',
  summary: 're-run term extraction over the whole TM (a reviewer\'s approved and forbidden terms stay)',
  async run(_args, ctx) {
    const started = Date.now();
    const summary = await extractAll(await ctx.db());
    const from = summary.sampled !== undefined ? ` from an even sample of ${summary.sampled} of ${summary.units} units` : ` from ${summary.units ?? 0} units`;
    ctx.out.write(`${summary.entries} term entries extracted${from} in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  },
};
