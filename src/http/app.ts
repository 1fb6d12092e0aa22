/** The hono app: routes and middleware composed in one place (issue #6 adds the API behind it). */
import { Hono } from 'hono';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';
import { importRoutes } from './routes/import.js';
import { exportRoutes } from './routes/export.js';
import { checkRoutes } from './routes/check.js';

export interface AppDeps {
  db: Db;
  config: Config;
}

export function createApp({ db, config }: AppDeps): Hono {
  const app = new Hono();
  app.route('/api', importRoutes(db, config));
  app.route('/api', exportRoutes(db));
  app.route('/api', checkRoutes(db, config));
  app.get('/api/health', async (c) => {
    await db.client.execute('SELECT 1');
    return c.json({ status: 'ok' });
  });
  return app;
}
