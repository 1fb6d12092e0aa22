/**
 * Two processes writing one database file: two servers and a CLI ingest at once lose no write
 * (each waits for the write lock, or is told 503 busy with Retry-After and lands on the retry);
 * a lock held past GLOSSA_BUSY_TIMEOUT is a clear 503 / exit 3, and while a write waits the
 * server goes on answering.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, glossa, inspectDb, kill9, makeTmx, startServer, tempFolder, type Server } from './helpers.js';

beforeAll(() => buildDist());

/** POST an import, retrying after a 503 as its Retry-After says; the statuses seen, in order. */
async function importWithRetry(server: Server, tag: string, units: number): Promise<number[]> {
  const seen: number[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body: makeTmx(tag, units) });
    seen.push(res.status);
    if (res.status !== 503) return seen;
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
  }
  return seen;
}

describe('two processes writing one database', () => {
  it('two servers and a CLI ingest, all at once: every write lands', async () => {
    const dir = tempFolder();
    const path = join(dir, 'glossa.db');
    const url = `file:${path}`;
    // The first start creates and migrates the file; the second opens it as it is.
    const a = await startServer(url);
    const b = await startServer(url);
    try {
      const file = join(dir, 'cli.tmx');
      writeFileSync(file, makeTmx('cli', 400));
      const cli = glossa(['--db', url, 'ingest', '--no-extract', file], { GLOSSA_BUSY_TIMEOUT: '20000' });
      const posts = [0, 1, 2, 3].flatMap((i) => [importWithRetry(a, `a${i}`, 300), importWithRetry(b, `b${i}`, 300)]);
      const statuses = await Promise.all(posts);
      expect((await cli.exited).code, cli.output()).toBe(0);
      for (const s of statuses) expect(s[s.length - 1]).toBe(201);
      const state = inspectDb(path);
      expect(state.integrity).toBe('ok');
      for (const tag of ['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3']) expect(state.byTag.get(tag), tag).toBe(300);
      expect(state.byTag.get('cli')).toBe(400);
      expect(state.indexedUpto).toBeGreaterThanOrEqual(state.maxId);
      // Each server sees the other's writes.
      const stats = (await (await fetch(`${a.url}/api/stats`)).json()) as { units: number };
      expect(stats.units).toBe(8 * 300 + 400);
      console.log(`two servers + CLI: 8 imports, ${statuses.flat().filter((s) => s === 503).length} answered 503 first and landed on the retry`);
    } finally {
      await kill9(a);
      await kill9(b);
    }
  });

  it('a write lock held past GLOSSA_BUSY_TIMEOUT: 503 busy with Retry-After, the server still answers, the retry lands', async () => {
    const path = join(tempFolder(), 'glossa.db');
    const server = await startServer(`file:${path}`, { GLOSSA_BUSY_TIMEOUT: '600' });
    const holder = new Database(path);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const term = { source: '閥門', target: 'valve', srcLang: 'zh-TW', tgtLang: 'en-US' };
      const post = (): Promise<Response> => fetch(`${server.url}/api/terms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(term) });
      const waiting = post();
      // While the write waits for the lock, reads are served at once.
      const started = Date.now();
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(500);
      const busy = await waiting;
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(await busy.json()).toMatchObject({ error: { code: 'busy', message: expect.stringMatching(/busy with another writer.*GLOSSA_BUSY_TIMEOUT/) } });
      // The CLI says the same, exit 3.
      const file = join(tempFolder(), 'x.tmx');
      writeFileSync(file, makeTmx('locked', 20));
      const cli = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file], { GLOSSA_BUSY_TIMEOUT: '300' });
      expect((await cli.exited).code).toBe(3);
      expect(cli.output()).toMatch(/glossa ingest: the database is busy with another writer/);
      holder.exec('COMMIT');
      const retry = await post();
      expect(retry.status).toBe(201);
      const state = inspectDb(path);
      expect(state.integrity).toBe('ok');
      expect(state.byTag.get('locked') ?? 0).toBe(0);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await kill9(server);
    }
  });
});
