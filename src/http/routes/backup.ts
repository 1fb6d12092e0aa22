/**
 * POST /api/backup {"file": PATH, "force": false}: a consistent copy of the database written to
 * PATH on the server's disk (src/store/backup.ts). A write: it needs the token when one is set.
 * 201 with the copy's path and size; 409 when PATH exists and force is not true.
 */
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { backupDb } from '../../store/backup.js';
import { BackupBody } from '../schemas.js';
import { jsonBody, limitBody, requireToken } from '../middleware.js';

export function backupRoutes(db: Db, config: Config): Hono {
  const app = new Hono();
  app.post('/backup', requireToken(config), limitBody(64 * 1024), async (c) => {
    const body = await jsonBody(c, BackupBody);
    const r = await backupDb(db, body.file, { force: body.force });
    return c.json(r, 201);
  });
  return app;
}
