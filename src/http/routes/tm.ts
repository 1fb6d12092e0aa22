/** GET /api/tm: fuzzy TM search (src/match/tm.ts) with the glossary terms of each match. */
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { TermLookup } from '../../match/terms.js';
import { searchTM } from '../../match/tm.js';
import { TmQuery } from '../schemas.js';
import { validate } from '../middleware.js';

export function tmRoutes(db: Db, lookup: TermLookup): Hono {
  const app = new Hono();
  app.get('/tm', validate('query', TmQuery), async (c) => {
    const q = c.req.valid('query');
    const matches = await searchTM(db, q.q, {
      min: q.min,
      limit: q.limit,
      terms: await lookup.current(),
      ...(q.src ? { src: q.src } : {}),
      ...(q.tgt ? { tgt: q.tgt } : {}),
    });
    return c.json({ matches });
  });
  return app;
}
