/** The translator's page: server-rendered results (app.request) and a real browser without JavaScript. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';
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

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = peerAvailable('chromium', hasProgram(CHROMIUM));

describe.runIf(haveChromium)('in a browser with JavaScript off', () => {
  let server: ServerType;
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('searches from the box and shows terms and sentences', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const tab = await context.newPage();
      await tab.goto(base + '/');
      await tab.fill('input[name=q]', 'DeepSeek');
      await Promise.all([tab.waitForURL(/\?q=DeepSeek/), tab.press('input[name=q]', 'Enter')]);
      expect(await tab.locator('#terms h3').first().innerText()).toMatch(/DeepSeek → 深度求索/);
      const marked = await tab.locator('#terms mark').allInnerTexts();
      expect(marked).toContain('DeepSeek');
      expect(marked).toContain('深度求索');
      expect(await tab.title()).toBe('DeepSeek · Glossa');
    } finally {
      await browser.close();
    }
  });
});
