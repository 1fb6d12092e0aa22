/** The search page: server-rendered results (app.request); in a browser without JavaScript: test/e2e/web-workspace.test.ts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { addGlossary, realTmDb } from '../match/helpers.js';

let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await realTmDb();
  await addGlossary(db);
  app = createApp({ db, config: loadConfig({}) });
});
afterAll(() => db.close());

const page = async (path: string): Promise<{ status: number; html: string; type: string }> => {
  const r = await app.request(path);
  return { status: r.status, html: await r.text(), type: r.headers.get('content-type') ?? '' };
};

describe('GET /', () => {
  it('shows a search box that submits with GET', async () => {
    const { status, html, type } = await page('/');
    expect(status).toBe(200);
    expect(type).toMatch(/text\/html/);
    expect(html).toMatch(/<form method="get" action="\/"/);
    expect(html).toMatch(/<input type="search" name="q"/);
    expect(html).not.toMatch(/<script/);
  });

  it('renders the term and the TM sentences that contain it for ?q=DeepSeek', async () => {
    const { html } = await page('/?q=DeepSeek');
    expect(html).toMatch(/<span lang="en-US">DeepSeek<\/span>/);
    expect(html).toMatch(/深度求索/);
    // A sentence of the essay with the term marked, beside its translation.
    expect(html).toMatch(/<td lang="en-US">[^<]*<mark>DeepSeek<\/mark>/);
    expect(html).toMatch(/<td lang="zh-TW">[^<]*<mark>深度求索<\/mark>/);
    expect(html).toMatch(/value="DeepSeek"/);
  });

  it('finds the Traditional term and its sentences from Simplified', async () => {
    const { html } = await page(`/?q=${encodeURIComponent('区块链')}`);
    expect(html).toMatch(/區塊鏈/);
    expect(html).toMatch(/<mark>區塊鏈<\/mark>/);
    expect(html).toMatch(/folded match/);
  });

  it('escapes what it echoes', async () => {
    const { status, html } = await page(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(status).toBe(200);
    expect(html).not.toMatch(/<script>alert/);
    expect(html).toMatch(/&lt;script&gt;/);
  });

  it('refuses an over-long query with 400, not a 500', async () => {
    expect((await page(`/?q=${'x'.repeat(600)}`)).status).toBe(400);
  });
});
