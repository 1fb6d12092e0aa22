import { parseArgs } from 'node:util';
import type { Command } from './types.js';
import { TermLookup } from '../match/terms.js';
import { TermsQuery } from '../http/schemas.js';
import { describeIssues } from '../http/middleware.js';
import { BadInput } from '../errors.js';

export const lookupCommand: Command = {
  name: 'lookup',
  usage: 'lookup TEXT [--lang LANG] [--tgt LANG] [--limit N] [--json]',
  summary: 'look a term up: exact, then folded (script, width, case, inflection), then by pinyin (qukuailian, qu1 kuai4 lian4, qū kuài liàn, initials qkl), then fuzzy hits',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { lang: { type: 'string' }, tgt: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    });
    const parsed = TermsQuery.safeParse({ q: positionals.join(' '), lang: values.lang, tgt: values.tgt, limit: values.limit });
    if (!parsed.success) throw new BadInput(describeIssues(parsed.error, 'arguments').replace(/^q:/, 'TEXT:'));
    const q = parsed.data;
    const db = await ctx.db();
    // One look-up and nobody waiting behind it: the whole glossary, not the part read so far.
    const index = await new TermLookup(db).complete();
    const hits = index.lookup(q.q, { limit: q.limit, ...(q.lang ? { lang: q.lang } : {}), ...(q.tgt ? { tgt: q.tgt } : {}) });
    if (values.json) {
      ctx.out.write(JSON.stringify({ terms: hits }, null, 2) + '\n');
      return 0;
    }
    if (hits.length === 0) ctx.out.write(`no term matches "${q.q}"\n`);
    for (const h of hits) {
      const targets = h.targets.map((t) => `${t.text} (${t.lang}${t.status === 'approved' ? '' : `, ${t.status}`})`).join(' / ');
      ctx.out.write(`${h.source} (${h.srcLang}) → ${targets || '—'}  [${h.match}${h.match === 'fuzzy' ? ` ${h.similarity}%` : ''}, ${h.status}, #${h.id}]\n`);
    }
    return 0;
  },
};
