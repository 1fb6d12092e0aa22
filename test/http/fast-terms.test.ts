/**
 * GET /api/terms answered before hono (src/http/fast-terms.ts) gives the answer hono's route
 * gives: the same status, content type and body for every query form, and hands on to hono
 * whatever it does not answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { openDb, type Db } from '../../src/store/db.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { termsAnswerNow, withTermsFastPath } from '../../src/http/fast-terms.js';
import { TermLookup } from '../../src/match/terms.js';

let db: Db;
let app: Hono;
let lookup: TermLookup;
let server: Server;
let base: string;
let answered = 0;

async function post(body: unknown): Promise<void> {
  const res = await app.request('/api/terms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  db = await openDb(':memory:');
  const config = loadConfig({ GLOSSA_DB: ':memory:' });
  lookup = new TermLookup(db, 2000, { pinyin: true, aheadMinTerms: Infinity });
  app = createApp({ db, config, lookup });
  await post({ source: 'blockchain', target: '區塊鏈', srcLang: 'en', tgtLang: 'zh-TW' });
  await post({ source: 'block chain', target: '区块链', srcLang: 'en', tgtLang: 'zh-CN', status: 'candidate' });
  await post({ source: 'smart contract', target: '智能合約', srcLang: 'en', tgtLang: 'zh-TW' });
  await post({ source: 'smart contracts', target: '智慧合約', srcLang: 'en', tgtLang: 'zh-TW', note: 'a "quoted" note' });
  await post({ terms: [{ lang: 'en', text: 'wallet' }, { lang: 'zh-TW', text: '錢包' }, { lang: 'ja', text: 'ウォレット', status: 'candidate' }, { lang: 'zh-CN', text: '钱包', status: 'forbidden' }] });
  await post({ source: 'Tab\\Key "x"', target: '定位鍵', srcLang: 'en', tgtLang: 'zh-TW' });
  const answer = termsAnswerNow(lookup, config);
  const counted = (host: string | undefined, target: string): Buffer | undefined => {
    const body = answer(host, target);
    if (body !== undefined) answered++;
    return body;
  };
  server = createServer(withTermsFastPath(getRequestListener(app.fetch), counted));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  db.close();
});

const QUERIES = [
  'q=blockchain',
  'q=Blockchain',
  'q=blockchains',
  'q=block%20chain',
  'q=block+chain',
  'q=%E5%8D%80%E5%A1%8A%E9%8F%88',
  'q=%E5%8C%BA%E5%9D%97%E9%93%BE&tgt=en',
  'q=qukuailian',
  'q=qu%20kuai%20lian',
  'q=qu1kuai4lian4',
  'q=qkl',
  'q=smart%20contrat',
  'q=smart%20contract&limit=1',
  'q=smart&limit=100',
  'q=wallet',
  'q=wallet&tgt=ja',
  'q=wallet&tgt=zh-CN',
  'q=wallet&lang=en&tgt=zh',
  'q=%E9%8C%A2%E5%8C%85&lang=zh',
  'q=wallet&lang=fr',
  'q=Tab%5CKey%20%22x%22',
  'q=%20wallet%20',
  'q=nothing%20like%20it',
  'lang=en&q=contract',
  'q=wallet&',
  '&q=wallet',
  'q=wallet&limit=0',
  'q=wallet&limit=101',
  'q=wallet&limit=05',
  'q=wallet&q=smart',
  'q=',
  'q=%20',
  'q=wallet&lang=nope!',
  'q=wallet&other=1',
  'q=%E0%A4%A',
  'q=%00x',
  'q=wallet%0A',
  'q',
  '',
];

describe('GET /api/terms before hono', () => {
  it('answers as the route does, for every query form', async () => {
    answered = 0;
    for (const query of QUERIES) {
      const [viaHono, viaServer] = [await app.request(`/api/terms?${query}`), await fetch(`${base}/api/terms?${query}`)];
      const [a, b] = [await viaHono.text(), await viaServer.text()];
      expect({ query, status: viaServer.status, type: viaServer.headers.get('content-type'), body: b }).toEqual({ query, status: viaHono.status, type: viaHono.headers.get('content-type'), body: a });
      if (viaHono.status === 200) {
        // And both are the look-up's hits, as JSON.
        const p = new URLSearchParams(query);
        const options = { limit: Number(p.get('limit') ?? 10), ...(p.get('lang') ? { lang: p.get('lang')! } : {}), ...(p.get('tgt') ? { tgt: p.get('tgt')! } : {}) };
        expect(a).toBe(JSON.stringify({ terms: await lookup.lookup(p.get('q')!, options) }));
      }
    }
    // Most of them were answered before hono.
    expect(answered).toBeGreaterThan(15);
  });

  it('hands on what it does not answer: other routes and methods, a long query', async () => {
    answered = 0;
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/api/terms/?q=wallet`)).status).toBe(404);
    expect((await fetch(`${base}/api/terms?q=${'a'.repeat(2001)}`)).status).toBe(400);
    const head = await fetch(`${base}/api/terms?q=wallet`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(answered).toBe(0);
  });

  it('sees a change made through another route at once', async () => {
    await post({ source: 'ledger', target: '帳本', srcLang: 'en', tgtLang: 'zh-TW' });
    const body = (await (await fetch(`${base}/api/terms?q=ledger`)).json()) as { terms: { target: string }[] };
    expect(body.terms[0]?.target).toBe('帳本');
    await post({ terms: [{ lang: 'en', text: 'wallet' }, { lang: 'ko', text: '지갑' }] });
    const wallet = (await (await fetch(`${base}/api/terms?q=wallet`)).json()) as { terms: unknown[] };
    expect(wallet.terms).toEqual((await lookup.lookup('wallet')).map((h) => JSON.parse(JSON.stringify(h))));
  });
});
