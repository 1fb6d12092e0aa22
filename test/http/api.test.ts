import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { addGlossary, realTmDb } from '../match/helpers.js';

let db: Db;
const TOKEN = 's3cret-token';
let open: ReturnType<typeof createApp>;
let guarded: ReturnType<typeof createApp>;
const config = (extra: Partial<Config> = {}): Config => ({ ...loadConfig({}), ...extra });

beforeAll(async () => {
  db = await realTmDb();
  await addGlossary(db);
  open = createApp({ db, config: config() });
  guarded = createApp({ db, config: config({ token: TOKEN, maxQueryChars: 300 }) });
});
afterAll(() => db.close());

type Json = Record<string, unknown>;
async function call(app: ReturnType<typeof createApp>, path: string, init?: RequestInit): Promise<{ status: number; body: Json; headers: Headers }> {
  const r = await app.request(path, init);
  const text = await r.text();
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = { text };
  }
  return { status: r.status, body, headers: r.headers };
}
const json = (method: string, value: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof value === 'string' ? value : JSON.stringify(value),
});
const q = encodeURIComponent;

describe('read endpoints', () => {
  it('GET /api/health', async () => {
    expect(await call(open, '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('GET /api/stats counts units per pair and terms', async () => {
    const { status, body } = await call(open, '/api/stats');
    expect(status).toBe(200);
    expect(body.units).toBeGreaterThan(300);
    expect(body.concepts).toBeGreaterThanOrEqual(7);
    expect(body.pairs).toContainEqual(expect.objectContaining({ srcLang: 'zh-TW', tgtLang: 'en-US' }));
  });

  it('GET /api/terms: 区块链, 區塊鏈, blockchains and blockchian all find 區塊鏈 / blockchain, each marked', async () => {
    const expected = { 区块链: 'folded', 區塊鏈: 'exact', blockchains: 'folded', blockchian: 'fuzzy' } as const;
    for (const [text, match] of Object.entries(expected)) {
      const { status, body } = await call(open, `/api/terms?q=${q(text)}`);
      expect(status).toBe(200);
      const [hit] = body.terms as Json[];
      expect(hit).toMatchObject({ match });
      expect([hit!.source, hit!.target].sort()).toEqual(['blockchain', '區塊鏈'].sort());
      expect(hit).toHaveProperty('id');
      expect(hit).toHaveProperty('score');
      expect(hit).toHaveProperty('status', 'approved');
    }
  });

  it('GET /api/terms finds 區塊鏈 by pinyin in each form a translator types, not by a wrong tone', async () => {
    for (const [text, match] of [['qukuailian', 'pinyin'], ['qu kuai lian', 'pinyin'], ['qu1 kuai4 lian4', 'pinyin'], ['qū kuài liàn', 'pinyin'], ['qkl', 'initials']] as const) {
      const [hit] = (await call(open, `/api/terms?q=${q(text)}`)).body.terms as Json[];
      expect(hit, text).toMatchObject({ source: '區塊鏈', target: 'blockchain', match });
    }
    const wrong = (await call(open, `/api/terms?q=${q('qu1 kuai4 lian3')}`)).body.terms as Json[];
    expect(wrong.map((h) => h.source)).not.toContain('區塊鏈');
  });

  it("the page's search finds 區塊鏈 by pinyin and by initials", async () => {
    for (const [text, match] of [['qu kuai lian', 'pinyin'], ['qkl', 'initials']] as const) {
      const html = String((await call(open, `/?q=${q(text)}`)).body.text);
      const terms = html.slice(html.indexOf('id="terms"'), html.indexOf('id="tm"'));
      expect(terms, text).toMatch(/<span lang="zh-TW">區塊鏈<\/span>/);
      expect(terms, text).toContain(match);
    }
  });

  it('GET /api/terms honours lang and limit', async () => {
    expect((await call(open, `/api/terms?q=blockchain&lang=zh`)).body.terms).toEqual([]);
    const { body } = await call(open, `/api/terms?q=${q('美国')}&lang=zh-TW&limit=1`);
    expect(body.terms).toHaveLength(1);
  });

  it('GET /api/tm: best first, both directions, terms listed, 100 only for the exact text', async () => {
    const { status, body } = await call(open, `/api/tm?q=${q('那些用區塊鏈和開源AI技術')}&min=0&limit=3`);
    expect(status).toBe(200);
    const matches = body.matches as Json[];
    expect(matches.length).toBeGreaterThan(0);
    expect(matches[0]!.score).toBeLessThan(100);
    expect(matches[0]!.terms).toContainEqual(expect.objectContaining({ source: '區塊鏈', target: 'blockchain' }));
    const exact = await call(open, `/api/tm?q=${q(String(matches[0]!.source))}`);
    expect((exact.body.matches as Json[])[0]).toMatchObject({ score: 100, id: matches[0]!.id });
    const en = await call(open, `/api/tm?q=${q('Cannot write to the file')}&src=en&tgt=zh-TW&min=30`);
    expect((en.body.matches as Json[]).every((m) => String(m.srcLang).startsWith('en') && Number(m.score) >= 30)).toBe(true);
  });

  it('GET /api/openapi.json describes every endpoint from the schemas', async () => {
    const { status, body } = await call(open, '/api/openapi.json');
    expect(status).toBe(200);
    const paths = body.paths as Record<string, Record<string, Json>>;
    for (const p of ['/api/health', '/api/terms', '/api/terms/{id}', '/api/tm', '/api/import', '/api/check', '/api/export/{format}']) expect(paths).toHaveProperty([p]);
    const params = paths['/api/tm']!.get!.parameters as Json[];
    expect(params.map((p) => p.name).sort()).toEqual(['limit', 'min', 'q', 'src', 'tgt']);
    expect(params.find((p) => p.name === 'q')).toMatchObject({ required: true });
    expect(params.find((p) => p.name === 'min')).toMatchObject({ required: false, schema: expect.objectContaining({ maximum: 100 }) });
    expect(paths['/api/terms']!.post!.requestBody).toBeTruthy();
  });
});

describe('writes', () => {
  it('POST, PATCH and DELETE /api/terms, and the look-up sees each change', async () => {
    const made = await call(open, '/api/terms', json('POST', { source: '穩定幣', target: 'stablecoin', srcLang: 'zh-TW', tgtLang: 'en-US' }));
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    expect((await call(open, '/api/terms?q=stablecoins')).body.terms).toContainEqual(expect.objectContaining({ id, source: 'stablecoin', target: '穩定幣' }));

    const patched = await call(open, `/api/terms/${id}`, json('PATCH', { status: 'forbidden', note: 'use 穩定幣 only in finance' }));
    expect(patched.status).toBe(200);
    expect((patched.body.terms as Json[]).every((t) => t.status === 'forbidden')).toBe(true);
    expect((await call(open, '/api/terms?q=stablecoin')).body.terms).toContainEqual(expect.objectContaining({ id, status: 'forbidden' }));

    const concept = await call(open, '/api/terms', json('POST', { terms: [{ lang: 'zh-TW', text: '智能合約', status: 'approved' }, { lang: 'en', text: 'smart contract' }] }));
    expect(concept.status).toBe(201);
    expect(concept.body.terms).toContainEqual(expect.objectContaining({ text: 'smart contract', status: 'candidate' }));

    expect(await call(open, `/api/terms/${id}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { deleted: id } });
    expect((await call(open, '/api/terms?q=stablecoin')).body.terms).not.toContainEqual(expect.objectContaining({ id }));
    expect((await call(open, `/api/terms/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(open, `/api/terms/${id}`, json('PATCH', { note: 'x' }))).status).toBe(404);
  });

  it('needs the bearer token for writes when GLOSSA_TOKEN is set, not for reads', async () => {
    const body = { source: '預言機', target: 'oracle', srcLang: 'zh-TW', tgtLang: 'en-US' };
    const denied = await call(guarded, '/api/terms', json('POST', body));
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await call(guarded, '/api/terms', json('POST', body, 'wrong'))).status).toBe(401);
    expect((await call(guarded, '/api/terms/1', { method: 'DELETE' })).status).toBe(401);
    expect((await call(guarded, '/api/terms/1', json('PATCH', { note: 'x' }))).status).toBe(401);
    expect((await call(guarded, '/api/import?format=tmx', { method: 'POST', body: '<tmx/>' })).status).toBe(401);
    expect((await call(guarded, '/api/terms', json('POST', body, TOKEN))).status).toBe(201);
    expect((await call(guarded, '/api/terms?q=oracle')).status).toBe(200);
    expect((await call(guarded, '/api/tm?q=oracle')).status).toBe(200);
  });
});

describe('bad input is a 4xx with a JSON error naming the problem, never a 500', () => {
  const cases: [string, string, RequestInit | undefined, number, RegExp][] = [
    ['missing q', '/api/terms', undefined, 400, /q/],
    ['empty q', '/api/tm?q=%20%20', undefined, 400, /q is empty/],
    ['unknown parameter', '/api/tm?q=x&minimum=3', undefined, 400, /unknown field "minimum"/],
    ['repeated q', '/api/terms?q=a&q=b', undefined, 400, /q/],
    ['limit not a number', '/api/terms?q=a&limit=abc', undefined, 400, /limit/],
    ['limit too big', '/api/tm?q=a&limit=100000', undefined, 400, /limit/],
    ['min over 100', '/api/tm?q=a&min=101', undefined, 400, /min/],
    ['bad language tag', '/api/tm?q=a&src=%3Cscript%3E', undefined, 400, /src/],
    ['control characters', '/api/terms?q=a%00b', undefined, 400, /control/],
    ['a control character in a short query', '/api/terms?q=a%1Fb', undefined, 400, /control/],
    ['q too long', `/api/tm?q=${'長'.repeat(2500)}`, undefined, 400, /longer than/],
    ['unknown route', '/api/nothing', undefined, 404, /no route/],
    ['id not a number', '/api/terms/abc', { method: 'DELETE' }, 400, /id/],
    ['body not JSON', '/api/terms', json('POST', '{"source": '), 400, /not valid JSON/],
    ['empty body', '/api/terms', json('POST', ''), 400, /empty/],
    ['wrong content type', '/api/terms', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }, 415, /application\/json/],
    ['no content type', '/api/terms', { method: 'POST', body: '{}' }, 415, /application\/json/],
    ['unknown body field', '/api/terms', json('POST', { source: 'a', target: 'b', srcLang: 'zh', tgtLang: 'en', admin: true }), 400, /body/],
    ['bad status', '/api/terms', json('POST', { source: 'a', target: 'b', srcLang: 'zh', tgtLang: 'en', status: 'great' }), 400, /body/],
    ['empty term', '/api/terms', json('POST', { source: ' ', target: 'b', srcLang: 'zh', tgtLang: 'en' }), 400, /source is empty/],
    ['JSON array body', '/api/terms', json('POST', [1, 2]), 400, /body/],
    ['empty patch', '/api/terms/1', json('PATCH', {}), 400, /nothing to change/],
  ];
  for (const [name, path, init, status, message] of cases) {
    it(name, async () => {
      const r = await call(open, path, init);
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.stringMatching(message) } });
    });
  }

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ source: 'a', target: 'b', srcLang: 'zh', tgtLang: 'en', note: 'x'.repeat(2 * 1024 * 1024) });
    const r = await call(open, '/api/terms', json('POST', big));
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ error: { code: 'too_large' } });
  });

  it('uses the configured query limit (GLOSSA_MAX_QUERY)', async () => {
    const r = await call(guarded, `/api/terms?q=${'a'.repeat(301)}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { message: expect.stringMatching(/GLOSSA_MAX_QUERY/) } });
  });

  it('survives hostile queries', async () => {
    const hostile = ['%', '%E0%A4%A', '%ED%A0%80', "'; DROP TABLE tu; --", '"', 'NEAR(a b)', 'a OR b AND', '*', '\u202E', '🙂'.repeat(100), '区'.repeat(1999)];
    for (const h of hostile) {
      for (const path of ['/api/terms?q=', '/api/tm?q=']) {
        const r = await open.request(path + [...h].map((c) => (c === '%' ? c : encodeURIComponent(c))).join(''));
        expect(r.status, `${path}${h}`).toBeLessThan(500);
      }
    }
    expect((await call(open, '/api/health')).status).toBe(200);
  });
});
