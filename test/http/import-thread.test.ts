/**
 * A TMX body of some size is read and stored on the import thread, however few its units: while
 * POST /api/import stores 4,000 units the serving thread's event loop stays free. On the serving
 * thread the same import held it for most of the import's time; the bound is a share of the
 * import's own duration, so that a loaded machine, which stretches both, does not make it flaky.
 */
import { describe, expect, it } from 'vitest';
import { OFF_THREAD_MIN_BYTES } from '../../src/ingest.js';
import { countTUs } from '../../src/store/tus.js';
import { serverOnTempDb, zhNumber } from '../helpers/server.js';

const server = serverOnTempDb();
function tmx(units: number): string {
  const tus = Array.from({ length: units }, (_, i) => `<tu><tuv xml:lang="en-US"><seg>Record ${i} of the archive was written to the backup volume.</seg></tuv><tuv xml:lang="zh-TW"><seg>封存檔的第${zhNumber(i)}筆記錄已寫入備份磁碟區。</seg></tuv></tu>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/><body>\n${tus.join('\n')}\n</body></tmx>\n`;
}

describe('a TMX of a few thousand units through POST /api/import', () => {
  it('is stored off the serving thread: its event loop keeps turning', async () => {
    const body = tmx(4000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    await (await fetch(`${server.base}/api/stats`)).text();
    const started = performance.now();
    let last = started;
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const res = await fetch(`${server.base}/api/import?format=tmx&extract=false`, { method: 'POST', body });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { units: { added: number } }).units.added).toBe(4000);
    expect(await countTUs(server.db)).toBe(4000);
    expect(longestGap, `longest gap ${longestGap.toFixed(0)} ms over an import of ${took.toFixed(0)} ms`).toBeLessThan(took / 4);
  }, 60_000);
});
