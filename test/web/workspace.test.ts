/**
 * The workspace's pages and writes through app.request (no browser): sessions and CSRF with and
 * without a token, the review forms, the glossary's query validation, the check and the import
 * without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { getEntry } from '../../src/store/terms.js';
import { addGlossary, pair, tempDb } from '../match/helpers.js';

/** A client that keeps the session cookie, as a browser would. */
function client(app: ReturnType<typeof createApp>) {
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const r = await app.request(path, { ...init, headers, redirect: 'manual' });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return r;
  };
  return {
    request,
    get cookie() {
      return cookie;
    },
    set cookie(v: string) {
      cookie = v;
    },
    /** The CSRF token of the session, read from a page's form as a browser reads it. */
    async csrf(path = '/check'): Promise<string> {
      const html = await (await request(path)).text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (!m) throw new Error(`no CSRF field on ${path}`);
      return m[1]!;
    },
    post(path: string, form: Record<string, string>): Promise<Response> {
      return request(path, { method: 'POST', body: new URLSearchParams(form) });
    },
  };
}

const statusOf = async (db: Db, id: number): Promise<string[]> => (await getEntry(db, id)).terms.map((t) => t.status);

describe('without GLOSSA_TOKEN (one user on loopback)', () => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let ids: number[];
  beforeAll(async () => {
    db = await tempDb();
    ids = await addGlossary(db, [pair('區塊鏈', 'blockchain', 'candidate'), pair('美國', 'America')]);
    app = createApp({ db, config: loadConfig({}) });
  });
  afterAll(() => db.close());

  it('sets a signed HttpOnly SameSite=Strict session cookie', async () => {
    const r = await app.request('/glossary');
    const set = r.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^glossa_session=[^;]+\.[^;]+;/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('shows the review controls without signing in, and approves with the CSRF token', async () => {
    const c = client(app);
    const html = await (await c.request(`/terms/${ids[0]}`)).text();
    expect(html).toMatch(/>Approve</);
    expect(await (await c.request('/login')).text()).toMatch(/no sign-in is needed/);
    const r = await c.post(`/terms/${ids[0]}/status`, { status: 'approved', _csrf: await c.csrf() });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/terms/${ids[0]}?done=approved`);
    expect(await statusOf(db, ids[0]!)).toEqual(['approved', 'approved']);
  });

  it('refuses a POST without the CSRF token, or with another session\u2019s, and changes nothing', async () => {
    const a = client(app);
    const b = client(app);
    const tokenOfB = await b.csrf();
    await a.csrf();
    for (const form of [{ status: 'forbidden' } as Record<string, string>, { status: 'forbidden', _csrf: '' }, { status: 'forbidden', _csrf: tokenOfB }]) {
      const r = await a.post(`/terms/${ids[1]}/status`, form);
      expect(r.status).toBe(403);
      expect(await r.text()).toMatch(/nothing was changed/);
    }
    // A cookie whose signature does not verify is no session: a new one, whose token is not b's.
    a.cookie = b.cookie.replace(/\.[^.]*$/, '.forged');
    expect((await a.post(`/terms/${ids[1]}/status`, { status: 'forbidden', _csrf: tokenOfB })).status).toBe(403);
    expect(await statusOf(db, ids[1]!)).toEqual(['approved', 'approved']);
  });

  it('edits a concept: translation, synonyms, note and part of speech', async () => {
    const c = client(app);
    const r = await c.post(`/terms/${ids[1]}/edit`, { _csrf: await c.csrf(), tgtLang: 'en-US', translation: 'the United States', synonyms: 'America\nUSA\n', note: 'the country', partOfSpeech: 'properNoun' });
    expect(r.status).toBe(303);
    const e = await getEntry(db, ids[1]!);
    expect(e.note).toBe('the country');
    expect(e.terms.map((t) => [t.lang, t.text, t.status, t.partOfSpeech])).toEqual([
      ['zh-TW', '美國', 'approved', 'properNoun'],
      ['en-US', 'the United States', 'approved', 'properNoun'],
      ['en-US', 'America', 'approved', 'properNoun'],
      ['en-US', 'USA', 'candidate', 'properNoun'],
    ]);
    const lookup = (await (await app.request('/api/terms?q=USA')).json()) as { terms: { source: string }[] };
    expect(lookup.terms[0]?.source).toBe('USA');
    expect((await c.post(`/terms/${ids[1]}/edit`, { _csrf: await c.csrf(), tgtLang: 'en-US', translation: '  ' })).status).toBe(400);
  });

  it('validates the glossary query and answers bad values with a 400 page', async () => {
    for (const q of ['status=maybe', 'sort=random', 'page=0', 'page=x', 'page=99', 'lang=%3Cscript%3E']) {
      const r = await app.request(`/glossary?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
    }
    expect((await app.request('/terms/99999')).status).toBe(404);
    expect((await app.request('/terms/abc')).status).toBe(404);
  });

  it('checks pasted pairs and keeps the report to the session that made it', async () => {
    const c = client(app);
    const r = await c.post('/check', { _csrf: await c.csrf(), pairs: '區塊鏈很新。\tThe chain is new.\n美國很大。\tThe United States is big.', src: 'zh-TW', tgt: 'en-US' });
    expect(r.status).toBe(303);
    const report = r.headers.get('location')!;
    const html = await (await c.request(report)).text();
    expect(html).toMatch(/2 units checked/);
    expect(html).toMatch(/data-rule="term-missing"/);
    expect(html).toMatch(/<mark>區塊鏈<\/mark>/);
    const csv = await (await c.request(`${report}/report.csv`)).text();
    expect(csv.split('\n')[1]).toMatch(/^1,term-missing,/);
    expect((await client(app).request(report)).status).toBe(404);
    expect((await c.post('/check', { _csrf: await c.csrf(), pairs: '', src: 'zh-TW', tgt: 'en-US' })).status).toBe(400);
  });

  it('imports a file posted by a form without JavaScript and shows the report', async () => {
    const c = client(app);
    const form = new FormData();
    form.set('_csrf', await c.csrf('/import'));
    form.set('format', 'auto');
    form.set('file', new File(['zh-TW\ten-US\n詞彙表\tglossary\n術語\tterm\n'], 'pairs.tsv'));
    const r = await c.request('/import', { method: 'POST', body: form });
    expect(r.status).toBe(201);
    const html = await r.text();
    expect(html).toMatch(/<dd id="entries">2<\/dd>/);
    const bad = new FormData();
    bad.set('_csrf', await c.csrf('/import'));
    bad.set('file', new File(['<tmx><body><tu></tu>'], 'broken.tmx'));
    const r2 = await c.request('/import', { method: 'POST', body: bad });
    expect(r2.status).toBe(400);
    expect(await r2.text()).toMatch(/was not imported, and the database is as it was/);
  });

  it('deletes a concept', async () => {
    const c = client(app);
    const [id] = await addGlossary(db, [pair('刪除', 'delete me')]);
    // Without the box ticked nothing is deleted.
    const unconfirmed = await c.post(`/terms/${id}/delete`, { _csrf: await c.csrf() });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toMatch(/tick the box/);
    expect((await getEntry(db, id!)).terms.map((t) => t.text)).toContain('delete me');
    const r = await c.post(`/terms/${id}/delete`, { _csrf: await c.csrf(), confirm: 'yes' });
    expect(r.headers.get('location')).toBe(`/glossary?deleted=${id}`);
    await expect(getEntry(db, id!)).rejects.toThrow(/no term entry/);
  });
});

describe('with GLOSSA_TOKEN', () => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let ids: number[];
  beforeAll(async () => {
    db = await tempDb();
    ids = await addGlossary(db, [pair('區塊鏈', 'blockchain', 'candidate')]);
    app = createApp({ db, config: loadConfig({ GLOSSA_TOKEN: 's3cret-token' }) });
  });
  afterAll(() => db.close());

  it('hides the review controls until sign-in, and signs in with the right token only', async () => {
    const c = client(app);
    expect(await (await c.request(`/terms/${ids[0]}`)).text()).not.toMatch(/>Approve</);
    const csrf = await c.csrf('/login');
    const wrong = await c.post('/login', { _csrf: csrf, token: 's3cret-tokeN', next: '/glossary' });
    expect(wrong.status).toBe(401);
    expect((await c.post('/import/upload?job=abcdefgh&file=a.tsv', { _csrf: csrf })).status).toBe(401);
    const before = c.cookie;
    const right = await c.post('/login', { _csrf: csrf, token: 's3cret-token', next: '//evil.example/' });
    expect(right.status).toBe(303);
    // Only paths of this site: anything else goes to the start page.
    expect(right.headers.get('location')).toBe('/');
    // A new session (and CSRF token) on sign-in.
    expect(c.cookie).not.toBe(before);
    expect(await (await c.request(`/terms/${ids[0]}`)).text()).toMatch(/>Approve</);
    expect((await c.post(`/terms/${ids[0]}/status`, { status: 'approved', _csrf: csrf })).status).toBe(403);
    expect((await c.post(`/terms/${ids[0]}/status`, { status: 'approved', _csrf: await c.csrf() })).status).toBe(303);
    expect(await statusOf(db, ids[0]!)).toEqual(['approved', 'approved']);
    // Signing out ends the session's right to write.
    await c.post('/logout', { _csrf: await c.csrf() });
    expect((await c.post(`/terms/${ids[0]}/status`, { status: 'candidate', _csrf: await c.csrf() })).status).toBe(401);
    expect(await statusOf(db, ids[0]!)).toEqual(['approved', 'approved']);
  });
});
