/** /api/terms: look-up (GET) and the writes of term entries (POST, PATCH, DELETE). */
import { Hono, type Context } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import type { Term, TermEntry, TermStatus } from '../../model.js';
import { canonicalLang } from '../../model.js';
import { deleteEntry, getEntry, insertEntries, updateEntry } from '../../store/terms.js';
import type { TermLookup } from '../../match/terms.js';
import { IdParam, LANG_TAG, NewTermBody, PatchTermBody, TermsQuery } from '../schemas.js';
import { jsonBody, limitBody, MAX_JSON_BODY, requireToken, validate } from '../middleware.js';

type TermsQueryValue = ReturnType<typeof TermsQuery.parse>;

const JSON_TYPE = { 'Content-Type': 'application/json' };

/**
 * GET /api/terms's query as TermsQuery gives it, read by hand when it is plain: q (and lang, tgt,
 * a limit of 1–100 written plainly), each once and valid. Every look-up asks this route, and zod's
 * asynchronous parse of it was a tenth of a look-up's cost. Anything else (undefined) goes to
 * zod, which words the error; test/http/terms-query.test.ts holds the two to the same values.
 */
export function plainTermsQuery(queries: Record<string, string[]>): TermsQueryValue | undefined {
  let q: string | undefined;
  let lang: string | undefined;
  let tgt: string | undefined;
  let limit = 10;
  for (const key in queries) {
    const values = queries[key]!;
    if (values.length !== 1) return undefined;
    const v = values[0]!;
    if (key === 'q') {
      q = v.trim();
      if (q.length === 0 || q.length > 2000) return undefined;
    } else if (key === 'lang' || key === 'tgt') {
      const tag = v.trim();
      if (!LANG_TAG.test(tag)) return undefined;
      if (key === 'lang') lang = tag;
      else tgt = tag;
    } else if (key === 'limit') {
      if (!/^(?:[1-9][0-9]?|100)$/.test(v)) return undefined;
      limit = Number(v);
    } else return undefined;
  }
  if (q === undefined) return undefined;
  return { q, limit, ...(lang !== undefined ? { lang } : {}), ...(tgt !== undefined ? { tgt } : {}) };
}

function newEntry(body: ReturnType<typeof NewTermBody.parse>): TermEntry {
  if ('terms' in body) {
    const terms: Term[] = body.terms.map((t) => ({ lang: canonicalLang(t.lang), text: t.text, status: t.status as TermStatus, ...(t.partOfSpeech ? { partOfSpeech: t.partOfSpeech } : {}), ...(t.note ? { note: t.note } : {}) }));
    return { terms, method: 'user', origin: 'user', ...(body.note ? { note: body.note } : {}), ...(body.subject ? { subject: body.subject } : {}) };
  }
  const status = body.status as TermStatus;
  return {
    terms: [
      { lang: canonicalLang(body.srcLang), text: body.source, status },
      { lang: canonicalLang(body.tgtLang), text: body.target, status },
    ],
    method: 'user',
    origin: 'user',
    ...(body.note ? { note: body.note } : {}),
    ...(body.subject ? { subject: body.subject } : {}),
  };
}

export function termRoutes(db: Db, config: Config, lookup: TermLookup): Hono {
  const app = new Hono();
  const write = [requireToken(config), limitBody(Math.min(MAX_JSON_BODY, config.maxBodyBytes))] as const;

  // `{"terms": [...]}` as c.json would write it, in UTF-8 (TermIndex.lookupBody); a plain look-up on a
  // server usually never reaches here (src/http/fast-terms.ts).
  const look = async (c: Context, q: TermsQueryValue) =>
    c.body(new Uint8Array(await lookup.lookupBody(q.q, { limit: q.limit, ...(q.lang ? { lang: q.lang } : {}), ...(q.tgt ? { tgt: q.tgt } : {}) })), 200, JSON_TYPE);
  app.get(
    '/terms',
    async (c, next) => {
      const plain = plainTermsQuery(c.req.queries());
      if (!plain) return next();
      return look(c, plain);
    },
    validate('query', TermsQuery),
    async (c) => look(c, c.req.valid('query')),
  );

  app.post('/terms', ...write, async (c) => {
    const entry = newEntry(await jsonBody(c, NewTermBody));
    const [id] = await db.write((tx) => insertEntries(tx, [entry]));
    return c.json(await getEntry(db, id!), 201);
  });

  app.patch('/terms/:id', ...write, validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    const body = await jsonBody(c, PatchTermBody);
    await db.write(async (tx) => {
      const change: Partial<TermEntry> = {};
      if (body.note !== undefined) change.note = body.note;
      if (body.subject !== undefined) change.subject = body.subject;
      if (body.terms) change.terms = body.terms.map((t) => ({ lang: canonicalLang(t.lang), text: t.text, status: t.status as TermStatus }));
      else if (body.status) {
        const current = await getEntry(db, id);
        change.terms = current.terms.map((t) => ({ ...t, status: body.status as TermStatus }));
      }
      if (change.terms && body.status && body.terms) change.terms = change.terms.map((t) => ({ ...t, status: body.status as TermStatus }));
      await updateEntry(tx, id, change);
    });
    return c.json(await getEntry(db, id));
  });

  app.delete('/terms/:id', requireToken(config), validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    await db.write((tx) => deleteEntry(tx, id));
    return c.json({ deleted: id });
  });
  return app;
}
