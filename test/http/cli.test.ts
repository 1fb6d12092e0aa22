/** The CLI's lookup, tm and serve over the same pieces as the HTTP API. */
import { createServer, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { checkBind } from '../../src/http/bind.js';
import type { Db } from '../../src/store/db.js';
import { addGlossary, realTmDb } from '../match/helpers.js';

let db: Db;
beforeAll(async () => {
  db = await realTmDb();
  await addGlossary(db);
});
afterAll(() => db.close());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const code = await main(['--db', db.url, ...args], out, err);
  return { code, out: o, err: e };
}

describe('glossa lookup', () => {
  it('prints each hit with how it matched', async () => {
    const r = await run('lookup', '区块链');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/區塊鏈 \(zh-TW\) → blockchain \(en-US\)\s+\[folded, approved/);
    expect((await run('lookup', 'blockchian')).out).toMatch(/blockchain \(en-US\) → 區塊鏈.*\[fuzzy \d+%/);
  });

  it('finds a Chinese term by pinyin, with or without tones, and by initials', async () => {
    for (const args of [['qukuailian'], ['qu', 'kuai', 'lian'], ['qu1 kuai4 lian4'], ['qū kuài liàn']]) {
      expect((await run('lookup', ...args)).out.split('\n')[0], args.join(' ')).toMatch(/^區塊鏈 \(zh-TW\) → blockchain \(en-US\)\s+\[pinyin, approved/);
    }
    expect((await run('lookup', 'qkl')).out.split('\n')[0]).toMatch(/^區塊鏈 .*\[initials, approved/);
  });

  it('answers JSON with --json', async () => {
    const r = await run('lookup', 'blockchains', '--json');
    expect(JSON.parse(r.out).terms[0]).toMatchObject({ source: 'blockchain', match: 'folded' });
  });

  it('refuses bad arguments with exit 2 and one line', async () => {
    const r = await run('lookup', '--limit', 'lots', 'x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/limit/);
    expect((await run('lookup')).code).toBe(2);
  });
});

describe('glossa tm', () => {
  it('prints matches best first with their score and terms', async () => {
    const r = await run('tm', '那些用區塊鏈和開源AI技術', '--min', '10');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s*\d+%\s+/);
    expect(r.out).toMatch(/terms: .*區塊鏈 = blockchain/);
  });

  it('says when nothing reaches --min, and refuses --min 200', async () => {
    expect((await run('tm', 'xyzzyplugh frobnicate')).out).toMatch(/no match of 50% or more/);
    const bad = await run('tm', 'text', '--min', '200');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/min/);
  });
});

describe('glossa serve', () => {
  it('refuses a non-loopback host without a token', async () => {
    expect(() => checkBind({ host: '0.0.0.0', token: undefined })).toThrow(/GLOSSA_TOKEN/);
    expect(() => checkBind({ host: '0.0.0.0', token: 't' })).not.toThrow();
    expect(() => checkBind({ host: '127.0.0.1', token: undefined })).not.toThrow();
    const r = await run('serve', '--host', '0.0.0.0', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to listen on 0\.0\.0\.0 without GLOSSA_TOKEN/);
    expect((await run('serve', '--port', 'http')).code).toBe(2);
    expect((await run('serve', '--host', 'not a host')).err).toMatch(/--host must be an IP address or a host name/);
  });

  it('says which address it cannot listen on, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    const r = await run('serve', '--port', String(port));
    taken.close();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  });
});
