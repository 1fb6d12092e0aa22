/**
 * The query string (and path parameters) of every route, made by fast-check: known parameter
 * names and strangers, values that are empty, huge, negative, fractional, not numbers, control
 * characters, broken percent-escapes, repeated keys. The app runs in-process (app.request) on a
 * small database. Every answer is a result or a 4xx in the error shape naming what was wrong,
 * never a 500 and never a hang; a body that streams (an export) streams to its end. Bounded and
 * seeded as test/props/readers.test.ts.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/store/db.js';
import { ROUTES } from '../../src/http/openapi.js';
import { tempDir } from '../helpers/cli.js';

const SEED = process.env.GLOSSA_PROPS_SEED ? Number(process.env.GLOSSA_PROPS_SEED) : undefined;
const RUNS = process.env.GLOSSA_PROPS_RUNS ? Number(process.env.GLOSSA_PROPS_RUNS) : 60;
const HANG_MS = 5000;

const TMX = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-TW" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-TW"><seg>檢查員檢查閥門。</seg></tuv><tuv xml:lang="en-US"><seg>The inspector checks the valve.</seg></tuv></tu>
<tu><tuv xml:lang="zh-TW"><seg>泵浦需要維修。</seg></tuv><tuv xml:lang="en-US"><seg>The pump needs repair.</seg></tuv></tu>
</body></tmx>`;

let db: Db;
let app: Hono;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  db = await openDb(`file:${join(dir, 'glossa.db')}`);
  app = createApp({ db, config: loadConfig({ GLOSSA_DB: `file:${join(dir, 'glossa.db')}` }) });
  const res = await app.request('/api/import?format=tmx&extract=false', { method: 'POST', body: TMX });
  expect(res.status).toBe(201);
  const term = await app.request('/api/terms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: '閥門', target: 'valve', srcLang: 'zh-TW', tgtLang: 'en-US' }) });
  expect(term.status).toBe(201);
});
afterAll(() => db.close());

/** Parameter names the routes know, and strangers. */
const NAMES = ['q', 'lang', 'tgt', 'src', 'limit', 'min', 'format', 'file', 'extract', 'srcLang', 'tgtLang', 'force', 'id', 'x', '', '__proto__', 'constructor', 'q[]', 'Q', 'limit '];
/** Values, written as they go into the URL (some on purpose not valid percent-encoding). */
const VALUES = fc.oneof(
  fc.constantFrom('', '0', '-1', '1', '10', '100', '101', '1e3', '1.5', 'NaN', 'Infinity', '9999999999999999999999', '0x10', ' 5', 'true', 'false', 'zh-TW', 'en', 'en-US', 'xx-YY-ZZZZZZZZZ', 'tmx', 'csv', 'tbx', 'po', 'txt', 'xliff12', 'pdf', '../../etc/passwd', 'a.tmx'),
  fc.constantFrom('%', '%Z', '%zz', '%00', '%0A', '%E4', '%E4%B8', '%FF', '%C0%AF', '%ED%A0%80', '%F0%9F%98', '+', '%2B', '&', '=', '==', '#', '?', ';'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.integer({ min: 2100, max: 9000 }).map((n) => 'a'.repeat(n)),
);
/** A query each route answers, which the generated pairs add to or override (or not). */
const BASE: Record<string, string> = { '/api/terms': 'q=%E9%96%A5%E9%96%80', '/api/tm': 'q=%E6%AA%A2%E6%9F%A5%E9%96%A5%E9%96%80', '/api/import': 'format=tmx&extract=false', '/': 'q=pump' };
const queryFor = (path: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...NAMES), VALUES), { maxLength: 6 }))
    .map(([keepBase, pairs]) => [...(keepBase && BASE[path] ? [BASE[path]] : []), ...pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`)].join('&'));
const PATH_VALUE = fc.oneof(fc.constantFrom('1', '0', '-1', '99999999', '1.5', 'abc', 'tmx', 'tbx', 'csv', 'xliff20', 'po', 'txt', '%00', '%E4', '..', '%2F', 'NaN', ''), fc.string({ maxLength: 12 }).map(encodeURIComponent));

/** A body each write route can take, so that its query is what varies. */
function bodyFor(method: string, path: string): RequestInit {
  if (method === 'get' || method === 'delete') return {};
  const json = (v: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) });
  // With its length declared, as a client's fetch sends it: a body this small is read on the
  // serving thread (an import thread started from the TypeScript source takes seconds here).
  if (path === '/api/import') return { headers: { 'content-length': String(Buffer.byteLength(TMX)) }, body: TMX };
  if (path === '/api/check') return json({ srcLang: 'zh-TW', tgtLang: 'en-US', pairs: [{ source: '檢查閥門。', target: 'Check the valve.' }] });
  if (path === '/api/backup') return json({ file: join(dir, 'backup.db'), force: true });
  if (path === '/api/terms') return json({ source: '泵浦', target: 'pump', srcLang: 'zh-TW', tgtLang: 'en-US' });
  return json({ status: 'approved' });
}

const ERROR_CODES = ['bad_input', 'not_found', 'conflict', 'too_large', 'unsupported', 'unauthorized', 'busy'];

async function answer(method: string, url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${method.toUpperCase()} ${url}: no answer after ${HANG_MS} ms`)), HANG_MS)));
  const run = async (): Promise<{ status: number; text: string }> => {
    const res = await app.request(url, { method: method.toUpperCase(), ...init });
    return { status: res.status, text: await res.text() };
  };
  return Promise.race([run(), hang]).finally(() => clearTimeout(timer));
}

describe('the query parameters of every route', () => {
  const routes = [...ROUTES.map((r) => ({ method: r.method, path: r.path })), { method: 'get' as const, path: '/' }];
  for (const route of routes) {
    it(`${route.method.toUpperCase()} ${route.path}: a result or a 4xx naming the problem, never a 500`, async () => {
      // A 500 is logged by the error table: keep the run's output to the failure itself.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const tally = { answered: 0, refused: 0 };
      try {
        await fc.assert(
          fc.asyncProperty(queryFor(route.path), PATH_VALUE, async (query, pathValue) => {
            const path = route.path.replace(/\{\w+\}/g, pathValue);
            const url = `${path}${query ? `?${query}` : ''}`;
            const { status, text } = await answer(route.method, url, bodyFor(route.method, route.path));
            expect(status, `${url} → ${text.slice(0, 300)}`).toBeLessThan(500);
            tally[status < 400 ? 'answered' : 'refused']++;
            if (status >= 400) {
              const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
              expect(ERROR_CODES, `${url} → ${text.slice(0, 300)}`).toContain(body.error?.code);
              expect(body.error?.message?.length ?? 0).toBeGreaterThan(0);
            }
          }),
          // A backup copies the database each time: fewer of those.
          { numRuns: route.path === '/api/backup' ? Math.ceil(RUNS / 6) : RUNS, ...(SEED === undefined ? {} : { seed: SEED }), interruptAfterTimeLimit: 15_000 },
        );
      } finally {
        logged.mockRestore();
      }
      // The queries reach both ends: answered, and refused (an entry once deleted stays gone).
      // The backup route reads its body only: its query is never a reason to refuse, and its
      // fewer runs draw a URL refused for its length only now and then.
      if (route.path !== '/api/backup') expect(tally.refused, JSON.stringify(tally)).toBeGreaterThan(0);
      if (!route.path.includes('{id}')) {
        // A draw may refuse every query (a path value and a query both valid are rare for some
        // routes): the route's base query on a valid path must then be answered.
        if (tally.answered === 0) {
          const path = route.path.replace('{format}', 'tmx');
          const { status } = await answer(route.method, `${path}${BASE[route.path] ? `?${BASE[route.path]}` : ''}`, bodyFor(route.method, route.path));
          if (status < 400) tally.answered++;
        }
        expect(tally.answered, JSON.stringify(tally)).toBeGreaterThan(0);
      }
    });
  }
});
