/**
 * GET /api/export/:format: the whole TM (tmx, xliff12, xliff20) or glossary (tbx, tbx3, csv, tsv),
 * streamed as the writer produces it. `?src=&tgt=` choose the language pair.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { Db } from '../../store/db.js';
import { exportStream } from '../../export.js';
import { formatByName } from '../../formats/index.js';
import { Unsupported } from '../../errors.js';

const EXTENSIONS: Record<string, string> = { xliff12: 'xlf', xliff20: 'xlf', tbx3: 'tbx' };

export function exportRoutes(db: Db): Hono {
  const app = new Hono();
  app.get('/export/:format', async (c) => {
    const format = formatByName(c.req.param('format'));
    if (!format.writeUnits && !format.writeEntries) throw new Unsupported(`the ${format.name} format cannot be exported`);
    const name = format.name;
    const chunks = await exportStream(db, name, { srcLang: c.req.query('src'), tgtLang: c.req.query('tgt') });
    c.header('Content-Type', format.mediaType);
    c.header('Content-Disposition', `attachment; filename="glossa.${EXTENSIONS[name] ?? name}"`);
    return stream(c, async (s) => {
      for await (const chunk of chunks) await s.write(chunk);
    }, async (err, s) => {
      // Headers are gone by now: the best we can do is cut the stream short and log.
      console.error(`export ${name} failed mid-stream:`, err);
      await s.close();
    });
  });
  return app;
}
