/** The formats through the two real entry points: HTTP import/export and the CLI; bad input leaves the database unchanged. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/store/db.js';
import { countTUs } from '../../src/store/tus.js';
import { countEntries } from '../../src/store/terms.js';
import { main } from '../../src/cli.js';
import { FIXTURES, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));
const dir = mkdtempSync(join(tmpdir(), 'glossa-formats-http-'));
const dbUrl = `file:${join(dir, 'g.db')}`;
let db: Db;
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

async function snapshot(): Promise<string> {
  const rs = await db.client.execute('SELECT (SELECT count(*) FROM tu) AS a, (SELECT count(*) FROM concept) AS b, (SELECT count(*) FROM term) AS c, (SELECT count(*) FROM ingest) AS d');
  const r = rs.rows[0]!;
  return [r.a, r.b, r.c, r.d].map(Number).join('/');
}

beforeAll(async () => {
  db = await openDb(dbUrl);
});
afterAll(() => db.close());

describe('HTTP import and export', () => {
  const app = (): ReturnType<typeof createApp> => createApp({ db, config: { ...loadConfig({ GLOSSA_DB: dbUrl }), maxBodyBytes: 64 * 1024 } });

  it('imports a TMX body in one transaction and exports it back, streamed and valid', async () => {
    const r = await app().request('/api/import?format=tmx&file=hostile-text.tmx', { method: 'POST', body: fixture('hostile-text.tmx') });
    expect(r.status).toBe(201);
    const summary = (await r.json()) as { units: { added: number } };
    expect(summary.units.added).toBe(5);
    const out = await app().request('/api/export/tmx');
    expect(out.status).toBe(200);
    expect(out.headers.get('content-type')).toContain('tmx');
    const xml = await out.text();
    expect(xml).toContain('<seg>字面上的 &amp;amp; 不是 &amp;</seg>');
    if (haveXmllint) expect(xmllint('--dtdvalid', 'tmx14.dtd', xml).status).toBe(0);
    for (const f of ['xliff12', 'xliff20']) expect((await app().request(`/api/export/${f}`)).status).toBe(200);
  });

  it('imports a CSV glossary and exports TBX and CSV', async () => {
    const r = await app().request('/api/import?format=csv', { method: 'POST', body: fixture('hostile-glossary.csv') });
    expect(r.status).toBe(201);
    const tbx = await (await app().request('/api/export/tbx')).text();
    expect(tbx).toContain('<term>證券交易委員會</term>');
    const csv = await (await app().request('/api/export/csv')).text();
    expect(csv).toContain('"the ""SEC"", U.S."');
  });

  it('answers 4xx with a clear message for hostile or broken bodies, and the database is unchanged', async () => {
    const before = await snapshot();
    const cases: [string, string | Buffer, number, RegExp][] = [
      ['tmx', fixture('hostile/billion-laughs.tmx'), 400, /DOCTYPE declares entities/],
      ['tmx', fixture('hostile/xxe.tmx'), 400, /DOCTYPE declares entities/],
      ['tmx', fixture('hostile/unpaired.tmx'), 400, /:6: in <seg>: <bpt i="1"> has no matching <ept>/],
      ['tmx', fixture('hostile/truncated.tmx'), 400, /truncated|unclosed/i],
      ['tmx', fixture('hostile/latin-bytes.tmx'), 400, /not valid UTF-8/],
      ['tmx', '', 400, /empty/],
      ['tmx', Buffer.alloc(100 * 1024, 0x20), 413, /larger than 65536 bytes/],
      ['nonsense', 'x', 400, /unknown format "nonsense"/],
      ['csv', 'zh-TW,en-US,status\na,b,approved\nc,d,maybe\n', 400, /:3: unknown status "maybe"/],
    ];
    for (const [format, body, status, message] of cases) {
      const r = await app().request(`/api/import?format=${format}`, { method: 'POST', body });
      expect(r.status, `${format} ${message}`).toBe(status);
      const j = (await r.json()) as { error: { code: string; message: string } };
      expect(j.error.message).toMatch(message);
    }
    expect(await snapshot()).toBe(before);
    expect((await app().request('/api/export/nonsense')).status).toBe(400);
  });

  it('refuses a body over the limit by its Content-Length before reading it, and one of unknown length as it streams in', async () => {
    const before = await snapshot();
    const declared = await app().request('/api/import?format=tmx', { method: 'POST', body: Buffer.alloc(70_000, 0x20), headers: { 'content-length': '70000' } });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: 'too_large', message: 'request body of 70000 bytes is larger than 65536 (GLOSSA_MAX_BODY)' } });
    // A valid TMX that passes the limit half-way: the reader has started when the count stops it.
    const tmx = fixture('hostile-text.tmx').toString('utf8');
    const big = tmx.replace('</body>', `${'<!-- padding -->\n'.repeat(5000)}</body>`);
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= big.length) return controller.close();
        controller.enqueue(Buffer.from(big.slice(sent, sent + 8192)));
        sent += 8192;
      },
    });
    const streamed = await app().request('/api/import?format=tmx', { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: { code: 'too_large', message: 'request body larger than 65536 bytes (GLOSSA_MAX_BODY)' } });
    expect(await snapshot()).toBe(before);
  });

  it('needs the bearer token for imports when one is configured', async () => {
    const guarded = createApp({ db, config: { ...loadConfig({ GLOSSA_DB: dbUrl, GLOSSA_TOKEN: 's3cret' }) } });
    const refused = await guarded.request('/api/import?format=tmx', { method: 'POST', body: fixture('hostile-text.tmx') });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'unauthorized', message: 'this request needs Authorization: Bearer <GLOSSA_TOKEN>' } });
    expect((await guarded.request('/api/import?format=tmx', { method: 'POST', body: fixture('hostile-text.tmx'), headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await guarded.request('/api/import?format=tmx', { method: 'POST', body: fixture('hostile-text.tmx'), headers: { Authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(201);
  });
});

describe('CLI ingest and export', () => {
  const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out = new PassThrough();
    const err = new PassThrough();
    let o = '';
    let e = '';
    out.on('data', (d) => (o += d));
    err.on('data', (d) => (e += d));
    const code = await main(['--db', dbUrl, ...args], out, err);
    return { code, out: o, err: e };
  };

  it('exits 2 with one line naming file, line and problem, and leaves the database unchanged', async () => {
    const before = await snapshot();
    for (const [file, message] of [
      ['hostile/billion-laughs.tmx', /billion-laughs\.tmx:\d+: the DOCTYPE declares entities/],
      ['hostile/unpaired.tmx', /unpaired\.tmx:6: in <seg>/],
      ['hostile/malformed.tmx', /malformed\.tmx:6: malformed XML/],
      ['hostile/big5.tmx', /big5\.tmx:1: declares encoding "Big5"/],
    ] as const) {
      const r = await run('ingest', '--no-extract', join(FIXTURES, file));
      expect(r.code, file).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
    expect(await snapshot()).toBe(before);
  });

  it('ingests by extension and exports every format', async () => {
    const f = join(dir, 'g.tsv');
    writeFileSync(f, fixture('glossary.tsv'));
    expect((await run('ingest', '--no-extract', f)).code).toBe(0);
    expect((await countEntries(db)).concepts).toBeGreaterThan(0);
    expect(await countTUs(db)).toBeGreaterThan(0);
    for (const format of ['tmx', 'xliff12', 'xliff20', 'tbx', 'tbx3', 'csv', 'tsv']) {
      const r = await run('export', '--format', format);
      expect(r.code, `${format}: ${r.err}`).toBe(0);
      expect(r.out.length).toBeGreaterThan(100);
    }
  });
});
