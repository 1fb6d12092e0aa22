import type { Command } from './types.js';
import { countTUs, languagePairs } from '../store/tus.js';
import { countEntries } from '../store/terms.js';

export const statsCommand: Command = {
  name: 'stats',
  usage: 'stats [--json]',
  summary: 'units per language pair and terms in the database',
  async run(args, ctx) {
    const db = await ctx.db();
    const pairs = await languagePairs(db);
    const terms = await countEntries(db);
    const units = await countTUs(db);
    if (args.includes('--json')) {
      ctx.out.write(JSON.stringify({ units, pairs, concepts: terms.concepts, terms: terms.terms }, null, 2) + '\n');
      return 0;
    }
    ctx.out.write(`database: ${db.url}\nunits: ${units}\n`);
    for (const p of pairs) ctx.out.write(`  ${p.srcLang} → ${p.tgtLang}: ${p.units}\n`);
    ctx.out.write(`term entries: ${terms.concepts} (${terms.terms} terms)\n`);
    return 0;
  },
};
