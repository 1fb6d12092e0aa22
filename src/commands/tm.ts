import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { TermLookup } from '../match/terms.js';
import { searchTM } from '../match/tm.js';
import { TmQuery } from '../http/schemas.js';
import { describeIssues } from '../http/middleware.js';
import { BadInput } from '../errors.js';

export const tmCommand: Command = {
  name: 'tm',
  usage: 'tm TEXT [--min N] [--limit N] [--src LANG] [--tgt LANG] [--json]',
  summary: 'fuzzy matches of a segment in the translation memory, best first (score 0–100)',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { min: { type: 'string' }, limit: { type: 'string' }, src: { type: 'string' }, tgt: { type: 'string' }, json: { type: 'boolean' } },
    });
    const parsed = TmQuery.safeParse({ q: positionals.join(' '), min: values.min, limit: values.limit, src: values.src, tgt: values.tgt });
    if (!parsed.success) throw new BadInput(describeIssues(parsed.error, 'arguments').replace(/^q:/, 'TEXT:'));
    const q = parsed.data;
    const db = await ctx.db();
    const terms = await new TermLookup(db, 2000, { pinyin: false }).complete();
    const matches = await searchTM(db, q.q, { min: q.min, limit: q.limit, terms, ...(q.src ? { src: q.src } : {}), ...(q.tgt ? { tgt: q.tgt } : {}) });
    if (values.json) {
      ctx.out.write(JSON.stringify({ matches }, null, 2) + '\n');
      return 0;
    }
    if (matches.length === 0) ctx.out.write(`no match of ${q.min}% or more\n`);
    for (const m of matches) {
      ctx.out.write(`${String(m.score).padStart(3)}%  ${m.source}\n      ${m.target}  (${m.srcLang} → ${m.tgtLang}, #${m.id})\n`);
      if (m.terms.length > 0) ctx.out.write(`      terms: ${m.terms.map((t) => `${t.source} = ${t.target ?? '?'}`).join('; ')}\n`);
    }
    return 0;
  },
};
