/**
 * `glossa backup [--force] FILE`: a consistent copy of the database, safe while a server or an
 * import writes to it (src/store/backup.ts). An existing FILE is replaced only with --force.
 */
import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { backupDb } from '../store/backup.js';
import { BadInput } from '../errors.js';

export const backupCommand: Command = {
  name: 'backup',
  usage: 'backup [--force] FILE',
  summary: 'copy the database to FILE, consistently, even while a server writes to it; --force replaces an existing FILE',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
    if (positionals.length !== 1) throw new BadInput('backup needs one FILE to write');
    const db = await ctx.db();
    const r = await backupDb(db, positionals[0]!, { force: values.force });
    ctx.out.write(`backed up ${db.url} to ${r.file}: ${r.bytes} bytes, ${(r.milliseconds / 1000).toFixed(2)} s\n`);
    return 0;
  },
};
