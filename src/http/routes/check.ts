/**
 * POST /api/check: a translation to check against the glossary and the TM, as JSON
 * `{srcLang, tgtLang, pairs: [{id, source, target}]}` or as an XLIFF (1.2/2.0) or TMX body
 * (`?format=` names another format of the registry), or a CSV/TSV of pairs (`text/csv` or
 * `?format=csv`; a header of two language tags, or source,target with `?src=&tgt=`). Answers
 * `{issues, summary}` (docs/http-api.md), or with `Accept: application/sarif+json` a SARIF 2.1.0 log
 * (docs/checks.md) naming the checked file as `?file=` says.
 * The body is read as it streams in (src/http/check-body.ts); past the route's own limit
 * (GLOSSA_MAX_CHECK_BODY) it is a 413 (limitBody, src/http/middleware.ts).
 */
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { BadInput } from '../../errors.js';
import { checkAgainstStore } from '../../check/run.js';
import { SARIF_MEDIA_TYPE, acceptsSarif, reportJson, reportSarif } from '../../check/report.js';
import { limitBody } from '../middleware.js';
import { LANG, readCheckBody } from '../check-body.js';

export function checkRoutes(db: Db, config: Config): Hono {
  const app = new Hono();
  // Its own limit: a check holds every unit it reads (GLOSSA_MAX_BODY still applies when smaller).
  const limit = Math.min(config.maxCheckBodyBytes, config.maxBodyBytes);
  const setting = limit === config.maxCheckBodyBytes ? 'GLOSSA_MAX_CHECK_BODY' : 'GLOSSA_MAX_BODY';
  app.post('/check', limitBody(limit, { streaming: true, setting }), async (c) => {
    const src = c.req.query('src') ?? c.req.query('srcLang');
    const tgt = c.req.query('tgt') ?? c.req.query('tgtLang');
    for (const [k, v] of [['src', src], ['tgt', tgt]] as const) {
      if (v !== undefined && !LANG.safeParse(v).success) throw new BadInput(`${k}: "${v}" is not a BCP 47 language tag such as zh-TW or en`);
    }
    const job = await readCheckBody(c, src && tgt ? { srcLang: src, tgtLang: tgt } : {});
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
