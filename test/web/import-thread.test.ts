/**
 * The web page's import (the upload the page streams with JavaScript, and the form without it)
 * reads and stores a file of 64 KB or more on the import thread, as POST /api/import does: the
 * serving thread's event loop stays mostly idle while a 12,000-row glossary is stored (its
 * utilisation was near 1 while that thread parsed and inserted), and the report counts what the
 * file held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { OFF_THREAD_MIN_BYTES } from '../../src/ingest.js';
import { countEntries } from '../../src/store/terms.js';
import type { Db } from '../../src/store/db.js';
import { tempDb } from '../match/helpers.js';

let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await tempDb();
  app = createApp({ db, config: loadConfig({}) });
});
afterAll(() => db.close());

/** A glossary table of `n` term rows. */
function glossaryCsv(n: number, tag: string): string {
  const rows = ['zh-TW,en-US,status'];
  for (let i = 0; i < n; i++) rows.push(`${tag}閥門第${i}號,${tag} valve ${i},approved`);
  return rows.join('\n') + '\n';
}

/** A session cookie and its CSRF token, as the page has them. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const r = await app.request('/import');
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const m = /name="_csrf" value="([^"]+)"/.exec(await r.text());
  if (!m) throw new Error('no CSRF field on /import');
  return { cookie, csrf: m[1]! };
}

describe('an import through the web page', () => {
  it('streams a large upload to the import thread and reports every entry', async () => {
    const { cookie, csrf } = await session();
    const csv = glossaryCsv(12_000, 'web');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    const before = performance.eventLoopUtilization();
    const started = performance.now();
    const r = await app.request('/import/upload?job=webimport01&file=web.csv&format=csv&extract=0', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-length': String(Buffer.byteLength(csv)) },
      body: csv,
    });
    const json = (await r.json()) as { summary?: { entries: { added: number } } };
    const utilisation = performance.eventLoopUtilization(performance.eventLoopUtilization(), before).utilization;
    expect(r.status, JSON.stringify(json)).toBe(201);
    expect(json.summary?.entries.added).toBe(12_000);
    expect(utilisation, `event loop utilisation ${utilisation.toFixed(2)} over an import of ${(performance.now() - started).toFixed(0)} ms`).toBeLessThan(0.5);
    expect((await countEntries(db)).concepts).toBe(12_000);
    const progress = (await (await app.request('/import/jobs/webimport01/progress', { headers: { cookie } })).json()) as Record<string, unknown>;
    expect(progress).toMatchObject({ state: 'done', bytesRead: Buffer.byteLength(csv) });
  }, 60_000);

  it('stores every entry of a form upload, and a broken one changes nothing', async () => {
    const { cookie, csrf } = await session();
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('format', 'csv');
    form.set('file', new File([glossaryCsv(6_000, 'form')], 'form.csv'));
    const r = await app.request('/import', { method: 'POST', body: form, headers: { cookie } });
    expect(r.status).toBe(201);
    expect(await r.text()).toMatch(/<dd id="entries">6,?000<\/dd>/);
    const entries = (await countEntries(db)).concepts;
    const bad = new FormData();
    bad.set('_csrf', csrf);
    bad.set('format', 'csv');
    bad.set('file', new File([glossaryCsv(6_000, 'bad').replace('bad閥門第5000號,bad valve 5000,approved', 'bad閥門第5000號,bad valve 5000,settled')], 'bad.csv'));
    const r2 = await app.request('/import', { method: 'POST', body: bad, headers: { cookie } });
    expect(r2.status).toBe(400);
    expect(await r2.text()).toMatch(/settled/);
    expect((await countEntries(db)).concepts).toBe(entries);
  }, 60_000);
});
