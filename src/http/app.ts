/**
 * The hono app: middleware and routes composed in one place. Middleware registered here comes
 * before every route mounted below it, so routes added by other modules get the same query
 * limits, error shape and 404; write routes add the token and body limit (src/http/middleware.ts).
 */
import { Hono } from 'hono';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';
import { countTUs, languagePairs } from '../store/tus.js';
import { countEntries } from '../store/terms.js';
import { TermLookup } from '../match/terms.js';
import { errorBody, errorResponse } from './errors.js';
import { limitQuery } from './middleware.js';
import { openApiDocument } from './openapi.js';
import { termRoutes } from './routes/terms.js';
import { tmRoutes } from './routes/tm.js';
import { importRoutes } from './routes/import.js';
import { exportRoutes } from './routes/export.js';
import { checkRoutes } from './routes/check.js';
import { backupRoutes } from './routes/backup.js';
import { auditRoutes } from './routes/audit.js';
import { pageRoutes } from '../web/page.js';

export interface AppDeps {
  db: Db;
  config: Config;
  /** The term look-up the routes share (a new one over `db` if not given; the server shares it with src/http/fast-terms.ts). */
  lookup?: TermLookup;
}

export function createApp({ db, config, lookup = new TermLookup(db) }: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorResponse);
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.use('*', limitQuery(config));

  app.get('/api/health', async (c) => {
    await db.client.execute('SELECT 1');
    return c.json({ status: 'ok' as const });
  });
  app.get('/api/stats', async (c) => {
    const [units, pairs, terms] = await Promise.all([countTUs(db), languagePairs(db), countEntries(db)]);
    return c.json({ units, pairs, concepts: terms.concepts, terms: terms.terms });
  });
  app.get('/api/openapi.json', (c) => c.json(openApiDocument({ tokenRequired: Boolean(config.token) })));
  app.route('/api', termRoutes(db, config, lookup));
  app.route('/api', tmRoutes(db, lookup));
  app.route('/api', importRoutes(db, config));
  app.route('/api', exportRoutes(db));
  app.route('/api', checkRoutes(db, config));
  app.route('/api', backupRoutes(db, config));
  app.route('/api', auditRoutes(db));
  app.route('/', pageRoutes(db, lookup, config));
  return app;
}
