/**
 * POST /api/import?format=NAME[&file=NAME]: the request body is one file, ingested in one write
 * transaction (src/ingest.ts), so a bad file leaves the database as it was. The body is streamed
 * into the reader and counted; over the configured limit it is a 413.
 */
import { Hono, type Context } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { formatByName, formatForFile, type FormatModule } from '../../formats/index.js';
import { ingest } from '../../ingest.js';
import { BadInput, TooLarge, isGlossaError, type GlossaError } from '../../errors.js';

/** HTTP status of each error kind (until src/http has one table for all routes). */
const STATUS: Record<GlossaError['code'], 400 | 401 | 404 | 409 | 413 | 415 | 500 | 503> = {
  bad_input: 400, unsupported: 415, too_large: 413, not_found: 404, conflict: 409, unauthorized: 401, busy: 503, internal: 500,
};

export function errorResponse(c: Context, e: unknown): Response {
  if (isGlossaError(e)) return c.json({ error: { code: e.code, message: e.message } }, STATUS[e.code]);
  console.error(e);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}

/** The body as a byte stream that refuses more than `limit` bytes. */
async function* limited(body: ReadableStream<Uint8Array> | null, limit: number): AsyncGenerator<Uint8Array> {
  if (!body) return;
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > limit) throw new TooLarge(`request body larger than ${limit} bytes (GLOSSA_MAX_BODY)`);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function importRoutes(db: Db, config: Config): Hono {
  const app = new Hono();
  // Writes need the bearer token when one is configured (DESIGN.md); without one the server is
  // bound to 127.0.0.1 only.
  if (config.token) app.use('/import', bearerAuth({ token: config.token }));
  app.post('/import', async (c) => {
    try {
      const name = c.req.query('format');
      const file = c.req.query('file') ?? `request body${name ? ` (${name})` : ''}`;
      let format: FormatModule;
      if (name) format = formatByName(name);
      else if (c.req.query('file')) format = formatForFile(file);
      else throw new BadInput('say which format the body is in: ?format=tmx|xliff12|xliff20|tbx|csv|tsv|po|txt');
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > config.maxBodyBytes) throw new TooLarge(`request body of ${declared} bytes is larger than ${config.maxBodyBytes} (GLOSSA_MAX_BODY)`);
      if (c.req.header('content-length') === '0' || !c.req.raw.body) throw new BadInput('is empty', { file });
      const summary = await ingest(db, limited(c.req.raw.body, config.maxBodyBytes), { file, format });
      return c.json(summary, 201);
    } catch (e) {
      return errorResponse(c, e);
    }
  });
  return app;
}
