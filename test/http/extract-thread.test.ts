/**
 * The extraction that ends an import runs on a thread of its own: while a POST /api/import of
 * new units re-runs term extraction over the TM (the essay's units), the
 * server goes on answering term look-ups. On the serving thread the extraction held the event
 * loop for most of the import; the bound is a share of the import's own duration, so that a
 * loaded machine, which stretches both, does not make the test flaky.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { addGlossary, FIXTURES, tempDb } from '../match/helpers.js';
import { ingest } from '../../src/ingest.js';
import { formatByName } from '../../src/formats/index.js';
import { extractEntries, extractOnThread } from '../../src/extract/index.js';

let db: Db;
let server: TestServer;
let base: string;

beforeAll(async () => {
  db = await tempDb();
  await ingest(db, createReadStream(join(FIXTURES, 'essay.zh-en.tmx')), { file: 'essay.zh-en.tmx', format: formatByName('tmx'), extract: false });
  await addGlossary(db);
  server = await startServer(db);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  db.close();
});

/** A TMX of a few units the TM does not hold yet (so the import adds units and extraction runs). */
function newUnitsTmx(): string {
  const tus = [
    ['The download resumed after the connection was lost.', '連線中斷後，下載已繼續。'],
    ['The proxy server refused the connection.', '代理伺服器拒絕了連線。'],
    ['Certificate verification failed for the host.', '主機的憑證驗證失敗。'],
  ]
    .map(([en, zh]) => `<tu><tuv xml:lang="en-US"><seg>${en}</seg></tuv><tuv xml:lang="zh-TW"><seg>${zh}</seg></tuv></tu>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/><body>\n${tus}\n</body></tmx>\n`;
}

describe('the extraction after an import', () => {
  it('runs off the serving thread: look-ups keep answering while it runs', async () => {
    // Warm: the term index and the dictionary it reads pinyin from are loaded before the import.
    const warm = (await (await fetch(`${base}/api/terms?q=blockchain`)).json()) as { terms: { match: string }[] };
    expect(warm.terms[0]).toMatchObject({ match: 'exact' });

    // The event loop's longest gap, from a timer that should fire every 5 ms.
    const started = performance.now();
    let last = started;
    let longestGap = 0;
    let gapAt = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > longestGap) {
        longestGap = now - last;
        gapAt = now - started;
      }
      last = now;
    }, 5);
    let importing = true;
    const latencies: number[] = [];
    const client = (async () => {
      while (importing) {
        const t = performance.now();
        const r = await fetch(`${base}/api/terms?q=${encodeURIComponent('加密貨幣')}`);
        expect(r.status).toBe(200);
        await r.json();
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const res = await fetch(`${base}/api/import?format=tmx&file=new.tmx`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: newUnitsTmx() });
    const took = performance.now() - started;
    importing = false;
    await client;
    clearInterval(ticker);
    const summary = (await res.json()) as { units: { added: number }; extraction?: { entries: number; units: number } };
    expect(res.status).toBe(201);
    expect(summary.units.added).toBe(3);
    // Extraction ran, over the whole TM, and stored what it found.
    expect(summary.extraction?.units).toBe(38);
    expect(summary.extraction?.entries).toBeGreaterThan(10);
    expect((await (await fetch(`${base}/api/stats`)).json()) as { concepts: number }).toMatchObject({ concepts: expect.any(Number) });
    const longestLookup = Math.max(...latencies);
    const note = `import ${took.toFixed(0)} ms, longest event-loop gap ${longestGap.toFixed(0)} ms (ending at ${gapAt.toFixed(0)} ms), ${latencies.length} look-ups, longest ${longestLookup.toFixed(0)} ms`;
    // Look-ups went on all along: many answered, none waited for a large part of the import.
    expect(latencies.length, note).toBeGreaterThan(5);
    expect(longestGap, note).toBeLessThan(0.25 * took);
    expect(longestLookup, note).toBeLessThan(0.25 * took);
  }, 60_000);

  it('finds on its thread what it finds on the calling thread', async () => {
    const here = await extractEntries(db);
    expect(here.entries.length).toBeGreaterThan(10);
    expect(await extractOnThread(db.filePath!)).toEqual(here);
  }, 60_000);
});
