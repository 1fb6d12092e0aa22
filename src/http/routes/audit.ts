/** GET /api/audit?term=&src=&tgt=: how the TM renders each glossary term, or one (src/check/audit.ts). */
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { auditTm } from '../../check/audit.js';
import { AuditQuery } from '../schemas.js';
import { validate } from '../middleware.js';
import { BadInput } from '../../errors.js';

export function auditRoutes(db: Db): Hono {
  const app = new Hono();
  app.get('/audit', validate('query', AuditQuery), async (c) => {
    const q = c.req.valid('query');
    if ((q.src === undefined) !== (q.tgt === undefined)) throw new BadInput('give both src and tgt, or neither');
    const report = await auditTm(db, { ...(q.term !== undefined ? { term: q.term } : {}), ...(q.src && q.tgt ? { srcLang: q.src, tgtLang: q.tgt } : {}) });
    return c.json(report);
  });
  return app;
}
