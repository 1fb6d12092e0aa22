/**
 * POST /api/check: a translation to check against the glossary and the TM, as JSON
 * `{srcLang, tgtLang, pairs: [{id, source, target}]}` or as an XLIFF (1.2/2.0) or TMX body
 * (`?format=` names another format of the registry), or a CSV/TSV of pairs (`text/csv` or
 * `?format=csv`; a header of two language tags, or source,target with `?src=&tgt=`). Answers
 * `{issues, summary}` (docs/http-api.md), or with `Accept: application/sarif+json` a SARIF 2.1.0 log
 * (docs/checks.md) naming the checked file as `?file=` says.
 * Over the configured body limit it is a 413 (limitBody, src/http/middleware.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { formatByName, formatFor } from '../../formats/index.js';
import { BadInput, Unsupported } from '../../errors.js';
import { canonicalLang } from '../../model.js';
import { checkAgainstStore, readUnitsToCheck, MAX_CHECK_UNITS, type UnitsToCheck } from '../../check/run.js';
import { SARIF_MEDIA_TYPE, acceptsSarif, reportJson, reportSarif } from '../../check/report.js';
import { limitBody } from '../middleware.js';

const LANG = z.string().trim().regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'a BCP 47 language tag such as zh-TW or en');
const PairsBody = z.strictObject({
  srcLang: LANG,
  tgtLang: LANG,
  pairs: z
    .array(z.strictObject({ id: z.union([z.string(), z.number()]).optional(), source: z.string(), target: z.string() }))
    .min(1, 'pairs is empty')
    .max(MAX_CHECK_UNITS),
});

function pairsJob(bytes: Uint8Array): UnitsToCheck {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BadInput(`not valid UTF-8 JSON: ${(e as Error).message}`, { file: 'request body' });
  }
  const parsed = PairsBody.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new BadInput(`${first.path.join('.') || 'body'}: ${first.message}`, { file: 'request body' });
  }
  const used = new Set<string>();
  const units = parsed.data.pairs.map((p, i) => {
    let id = p.id === undefined ? String(i + 1) : String(p.id);
    if (used.has(id)) id = `${id}#${i + 1}`;
    used.add(id);
    return { id, source: p.source, target: p.target };
  });
  return { srcLang: canonicalLang(parsed.data.srcLang), tgtLang: canonicalLang(parsed.data.tgtLang), units };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export function checkRoutes(db: Db, config: Config): Hono {
  const app = new Hono();
  app.post('/check', limitBody(config.maxBodyBytes, { setting: 'GLOSSA_MAX_BODY' }), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw new BadInput('is empty', { file: 'request body' });
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const name = c.req.query('format');
    const src = c.req.query('src') ?? c.req.query('srcLang');
    const tgt = c.req.query('tgt') ?? c.req.query('tgtLang');
    for (const [k, v] of [['src', src], ['tgt', tgt]] as const) {
      if (v !== undefined && !LANG.safeParse(v).success) throw new BadInput(`${k}: "${v}" is not a BCP 47 language tag such as zh-TW or en`);
    }
    const langs = src && tgt ? { srcLang: src, tgtLang: tgt } : {};
    const tabular = type === 'text/csv' ? 'csv' : type === 'text/tab-separated-values' ? 'tsv' : undefined;
    let job: UnitsToCheck;
    if (name || tabular) job = await readUnitsToCheck(once(bytes), formatByName(name ?? tabular!), `request body (${name ?? tabular})`, langs);
    else if (type === 'application/json' || type.endsWith('+json')) job = pairsJob(bytes);
    else if (type === '' || type.endsWith('/xml') || type.endsWith('+xml')) job = await readUnitsToCheck(once(bytes), formatFor(bytes, 'request body'), 'request body');
    else throw new Unsupported(`cannot check a body of type ${type}: send application/json pairs, an XLIFF or TMX document, a text/csv of pairs (or name the format with ?format=)`);
    const report = await checkAgainstStore(db, job);
    c.header('Vary', 'Accept');
    if (acceptsSarif(c.req.header('accept'))) {
      // The file the log names: the client's path for the body (?file=, relative to its checkout), else "request-body".
      const file = c.req.query('file') || 'request-body';
      return c.body(JSON.stringify(reportSarif(report, job.units, { file, docsUrl: config.docsUrl })), 200, { 'Content-Type': SARIF_MEDIA_TYPE });
    }
    return c.json(reportJson(report));
  });
  return app;
}
