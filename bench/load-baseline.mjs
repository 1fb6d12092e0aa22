// `node bench/load-baseline.mjs PORT DBFILE`: the load bench's baseline server (bench/load.ts),
// plain node like `npm start`: GET /bare answers a constant from a bare hono route, GET /read?id=N
// answers one unit read by id through a native libSQL read-only connection (as the server's TM
// search reads, src/store/db.ts). What any route of Glossa costs at least: HTTP and hono, then
// one read of the database.
import process from 'node:process';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import Database from 'libsql';

const [port, file] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
const byId = db.prepare('SELECT source, target FROM tu WHERE id = ?').raw(true);
const app = new Hono();
app.get('/bare', (c) => c.json({ ok: true }));
app.get('/read', (c) => {
  const row = byId.get([Number(c.req.query('id') ?? 1)]);
  return c.json({ source: row?.[0] ?? null, target: row?.[1] ?? null });
});
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => process.stdout.write('listening\n'));
