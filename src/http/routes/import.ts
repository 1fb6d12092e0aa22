/**
 * POST /api/import?format=NAME[&file=NAME]: the request body is one file, ingested in one write
 * transaction (src/ingest.ts), so a bad file leaves the database as it was. The body is streamed
 * into the reader; over the configured limit it is a 413 (limitBody, src/http/middleware.ts).
 * `extract=false` skips term extraction (bulk loads of a large TM: run `glossa extract` afterwards).
 */
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { formatByName, formatForFile, type FormatModule } from '../../formats/index.js';
import { ingest, serverImportOptions } from '../../ingest.js';
import { BadInput } from '../../errors.js';
import { limitBody, requireToken } from '../middleware.js';


export function importRoutes(db: Db, config: Config): Hono {
  const app = new Hono();
  // Writes need the bearer token when one is configured; without one the server is bound to
  // 127.0.0.1 only.
  app.use('/import', requireToken(config), limitBody(config.maxBodyBytes, { streaming: true, setting: 'GLOSSA_MAX_BODY' }));
  app.post('/import', async (c) => {
    const name = c.req.query('format');
    const file = c.req.query('file') ?? `request body${name ? ` (${name})` : ''}`;
    let format: FormatModule;
    if (name) format = formatByName(name);
    else if (c.req.query('file')) format = formatForFile(file);
    else throw new BadInput('say which format the body is in: ?format=tmx|xliff12|xliff20|tbx|csv|tsv|po|txt');
    const body = c.req.raw.body;
    if (c.req.header('content-length') === '0' || !body) throw new BadInput('is empty', { file });
    const extractParam = c.req.query('extract');
    if (extractParam !== undefined && !['true', 'false', '1', '0'].includes(extractParam)) throw new BadInput('query parameter extract: expected true or false');
    const extract = extractParam === undefined || extractParam === 'true' || extractParam === '1';
    // A large body (or one of unknown length) is read and stored on a thread of its own, so this
    // one goes on serving while it is read; a small one costs less here than a thread's start.
    const declared = c.req.header('content-length');
    const summary = await ingest(db, body, { file, format, extract, extractMaxUnits: config.extractMaxUnits, ...serverImportOptions(declared === undefined ? undefined : Number(declared), config.busyTimeoutMs) });
    return c.json(summary, 201);
  });
  return app;
}
