/**
 * POST /api/check reads its body as it streams in, within its own limit (GLOSSA_MAX_CHECK_BODY):
 * a body far over it is a 413 before it is read (Content-Length) or once the count passes the
 * limit (chunked), without the server reading the rest; JSON pairs are parsed one pair at a time
 * with the same answers as before for good and bad bodies (src/http/check-body.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { ConfigError, DEFAULT_MAX_CHECK_BODY, loadConfig } from '../../src/config.js';
import { MAX_HTTP_CHECK_UNITS } from '../../src/http/check-body.js';
import type { Db } from '../../src/store/db.js';
import { addGlossary, tempDb } from '../match/helpers.js';

let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await tempDb();
  await addGlossary(db);
  app = createApp({ db, config: loadConfig({}) });
});
afterAll(() => db.close());

const MB = 1024 * 1024;
/** A JSON body of pairs that goes on for `total` bytes, made as it is read; `pulled` counts what was read. */
function endlessPairs(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      let text = sent === 0 ? '{"srcLang":"zh-TW","tgtLang":"en","pairs":[' : '';
      // Sentence-sized pairs (about 300 bytes), so the byte limit comes before the unit count.
      while (text.length < 64 * 1024) text += `${i++ ? ',' : ''}{"source":"${'區塊鏈技術的應用'.repeat(8)}第${i}號","target":"${'the uses of blockchain technology, '.repeat(5)}no. ${i}"}`;
      const bytes = Buffer.from(text);
      sent += bytes.length;
      controller.enqueue(bytes);
    },
  });
  return { stream, pulled: () => sent };
}

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Response> =>
  Promise.resolve(app.request('/api/check', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit));
const errorOf = async (r: Response): Promise<{ code: string; message: string }> => ((await r.json()) as { error: { code: string; message: string } }).error;

describe('the check route body limit', () => {
  it('reads GLOSSA_MAX_CHECK_BODY as a size, and refuses a bad one naming it', () => {
    expect(loadConfig({}).maxCheckBodyBytes).toBe(DEFAULT_MAX_CHECK_BODY);
    expect(loadConfig({ GLOSSA_MAX_CHECK_BODY: '16mb' }).maxCheckBodyBytes).toBe(16 * MB);
    expect(() => loadConfig({ GLOSSA_MAX_CHECK_BODY: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ GLOSSA_MAX_CHECK_BODY: 'lots' })).toThrow(/^GLOSSA_MAX_CHECK_BODY must be a size/);
  });

  it('refuses a 200 MB body by its Content-Length before reading it', async () => {
    const { stream, pulled } = endlessPairs(200 * MB);
    const r = await post(stream, { 'content-length': String(200 * MB) });
    expect(r.status).toBe(413);
    expect(await errorOf(r)).toEqual({ code: 'too_large', message: `request body of ${200 * MB} bytes is larger than ${DEFAULT_MAX_CHECK_BODY} (GLOSSA_MAX_CHECK_BODY)` });
    expect(pulled()).toBeLessThan(MB);
  });

  it('refuses a 200 MB body of unknown length once the count passes the limit, and reads no further', async () => {
    const { stream, pulled } = endlessPairs(200 * MB);
    const r = await post(stream);
    expect(r.status).toBe(413);
    expect(await errorOf(r)).toEqual({ code: 'too_large', message: `request body larger than ${DEFAULT_MAX_CHECK_BODY} bytes (GLOSSA_MAX_CHECK_BODY)` });
    expect(pulled()).toBeGreaterThan(DEFAULT_MAX_CHECK_BODY);
    expect(pulled()).toBeLessThan(DEFAULT_MAX_CHECK_BODY + MB);
    expect((await app.request('/api/health')).status).toBe(200);
  });

  it('takes the smaller of GLOSSA_MAX_CHECK_BODY and GLOSSA_MAX_BODY, naming the one that applies', async () => {
    const small = createApp({ db, config: { ...loadConfig({ GLOSSA_MAX_BODY: '1000' }) } });
    const r = await small.request('/api/check', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' }, body: 'x'.repeat(5000) });
    expect(r.status).toBe(413);
    expect((await errorOf(r)).message).toMatch(/GLOSSA_MAX_BODY\)$/);
  });

  it('refuses a body of more units than a check holds, though under the byte limit', async () => {
    const pairs = Array.from({ length: MAX_HTTP_CHECK_UNITS + 1 }, (_, i) => ({ source: `詞${i}`, target: `w${i}` }));
    const body = JSON.stringify({ srcLang: 'zh-TW', tgtLang: 'en', pairs });
    expect(body.length).toBeLessThan(DEFAULT_MAX_CHECK_BODY);
    const r = await post(body);
    expect(r.status).toBe(413);
    expect((await errorOf(r)).message).toMatch(new RegExp(`more than ${MAX_HTTP_CHECK_UNITS} units`));
  });
});

describe('JSON pairs read as they stream in', () => {
  /** A body cut into chunks of `size` bytes, to cross every token boundary somewhere. */
  const chunked = (text: string, size: number): ReadableStream<Uint8Array> => {
    const bytes = Buffer.from(text);
    let at = 0;
    return new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + size));
        at += size;
      },
    });
  };
  const good = JSON.stringify({
    srcLang: 'zh-TW',
    tgtLang: 'en-US',
    pairs: [
      { id: 'a', source: '智慧財產權', target: 'intellectual property' },
      { id: 'a', source: '區塊鏈', target: '"blockchain"' },
      { source: '區塊鏈', target: 'blockchain' },
    ],
  });

  it('gives the same report whatever the chunks, with duplicate ids told apart and missing ids numbered', async () => {
    const whole = await (await post(good)).json();
    for (const size of [1, 3, 7, 64]) {
      const r = await post(chunked(`\uFEFF${good}`, size));
      expect(r.status, `chunks of ${size}`).toBe(200);
      expect(await r.json()).toEqual(whole);
    }
    const ids = ((whole as { issues: { unitId: string }[] }).issues ?? []).map((i) => i.unitId);
    for (const id of ids) expect(['a', 'a#2', '3']).toContain(id);
  });

  it('answers 400 naming the problem for bodies that are not pairs', async () => {
    const cases: [string, RegExp][] = [
      ['{"srcLang":"zh","tgtLang":"en","pairs":[{"source":"a","target":"b"}', /not valid JSON/],
      ['{"srcLang":"zh","tgtLang":"en","pairs":[],"extra":1}', /unknown field "extra"/],
      ['{"srcLang":"zh","tgtLang":"en","pairs":{"x":{"source":"a","target":"b"}}}', /pairs: expected an array/],
      ['{"srcLang":"zh","tgtLang":"en","pairs":[{"source":"a"}]}', /pairs\.0\.target/],
      ['{"srcLang":"zh","tgtLang":"en","pairs":[{"source":"a","target":"b","note":1}]}', /pairs\.0/],
      ['{"srcLang":"not a tag","tgtLang":"en","pairs":[{"source":"a","target":"b"}]}', /srcLang: a BCP 47 language tag/],
      ['{"tgtLang":"en","pairs":[{"source":"a","target":"b"}]}', /srcLang: required/],
      ['{"srcLang":"zh","tgtLang":"en","pairs":[]}', /pairs is empty/],
      ['[{"source":"a","target":"b"}]', /not a JSON object/],
      ['{"srcLang":"zh"} {"x":1}', /not valid JSON|unknown field/],
    ];
    for (const [body, message] of cases) {
      const r = await post(chunked(body, 5));
      expect(r.status, body).toBe(400);
      expect((await errorOf(r)).message, body).toMatch(message);
    }
  });
});
