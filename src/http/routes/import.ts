/**
 * POST /api/import?format=NAME[&file=NAME]: the request body is one file, ingested in one write
 * transaction (src/ingest.ts), so a bad file leaves the database as it was. The body is streamed
 * into the reader and counted; over the configured limit it is a 413. `extract=false` skips term
 * extraction (bulk loads of a large TM: run `glossa extract` afterwards).
 */
import { Hono, type Context } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { formatByName, formatForFile, type FormatModule } from '../../formats/index.js';
import { ingest } from '../../ingest.js';
import { BadInput, TooLarge } from '../../errors.js';
import { errorResponse as answerError } from '../errors.js';
import { requireToken } from '../middleware.js';

/** The JSON answer for an error (the app's one table, src/http/errors.ts); kept for the routes that catch their own. */
export function errorResponse(c: Context, e: unknown): Response {
  return answerError(e, c);
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
  app.use('/import', requireToken(config));
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
      const extractParam = c.req.query('extract');
      if (extractParam !== undefined && !['true', 'false', '1', '0'].includes(extractParam)) throw new BadInput('query parameter extract: expected true or false');
      const extract = extractParam === undefined || extractParam === 'true' || extractParam === '1';
      const summary = await ingest(db, limited(c.req.raw.body, config.maxBodyBytes), { file, format, extract });
      return c.json(summary, 201);
    } catch (e) {
      return errorResponse(c, e);
    }
  });
  return app;
}
