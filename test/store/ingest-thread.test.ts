/**
 * Imports read on the import thread (src/ingest-worker.ts, `offThread`, as POST /api/import
 * reads a large body): the calling thread never runs the reader, and the database ends the same
 * as when it does, through the bulk path (a large file) and the client path (a small one); a
 * broken file or a body that cannot be read to its end leaves the database as it was.
 */
import { createReadStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { formatByName, type FormatModule } from '../../src/formats/index.js';
import { ingest } from '../../src/ingest.js';
import { searchTM } from '../../src/match/tm.js';
import { BadInput, TooLarge } from '../../src/errors.js';

const MATCH = join(import.meta.dirname, '..', 'fixtures', 'match');

async function freshDb(): Promise<Db> {
  return openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-thread-')), 'g.db')}`);
}

/** The registry's format under its own name, whose readers fail if this thread runs them. */
function notHere(name: string): FormatModule {
  const real = formatByName(name);
  const refuse = (): never => {
    throw new Error(`the ${name} reader ran on the calling thread`);
  };
  return { ...real, readUnits: refuse, readDocument: undefined };
}

const clientOf = (d: Db): Db['client'] => d.client;

async function rows(db: Db): Promise<string[]> {
  const rs = await db.client.execute('SELECT id, src_lang, tgt_lang, source, target, dedup, extra, external_id, origin_file FROM tu ORDER BY id');
  return rs.rows.map((r) => JSON.stringify(Object.values(r)));
}

describe('imports on the import thread', () => {
  it.each([
    ['bulk path', 'essay.zh-en.tmx', 'tmx', 20],
    ['client path (a small file comes back to be stored here)', 'wget.zh_TW.po', 'po', 1_000_000],
  ])('stores what an import read here stores, without running the reader here: %s', async (_, file, format, bulkThreshold) => {
    const here = await freshDb();
    const there = await freshDb();
    const a = await ingest(here, createReadStream(join(MATCH, file)), { file, format: formatByName(format), extract: false, bulkThreshold });
    const b = await ingest(there, createReadStream(join(MATCH, file)), { file, format: notHere(format), extract: false, bulkThreshold, offThread: true });
    expect(b).toEqual(a);
    expect(a.units.added).toBeGreaterThan(20);
    expect(await rows(there)).toEqual(await rows(here));
    // Units of the file itself as queries: each must be found, the same way in both.
    const some = (await clientOf(here).execute('SELECT source, target FROM tu WHERE id IN (3, 9)')).rows.flatMap((r) => [String(r.source), String(r.target)]);
    for (const q of some) {
      const found = await searchTM(there, q);
      expect(found, q).toEqual(await searchTM(here, q));
      expect(found.length, q).toBeGreaterThan(0);
    }
    here.close();
    there.close();
  });

  it('answers a broken file with the reader’s BadInput naming the line, and stores nothing', async () => {
    const db = await freshDb();
    const tmx = readFileSync(join(MATCH, 'essay.zh-en.tmx'), 'utf8');
    const broken = tmx.replace(/<\/tu>\s*<\/body>/, '</tu><tu><tuv xml:lang="en"><seg>cut</tuv></body>');
    async function* body(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(broken);
    }
    const e = await ingest(db, body(), { file: 'broken.tmx', format: notHere('tmx'), extract: false, bulkThreshold: 20, offThread: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BadInput);
    expect((e as Error).message).toMatch(/^broken\.tmx:\d+/);
    expect((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n).toBe(0);
    db.close();
  });

  it('rolls back when the body fails half-way, with the body’s own error', async () => {
    const db = await freshDb();
    const tmx = readFileSync(join(MATCH, 'essay.zh-en.tmx'));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield tmx.subarray(0, tmx.length / 2);
      throw new TooLarge('request body larger than 10 bytes');
    }
    const e = await ingest(db, failing(), { file: 'half.tmx', format: notHere('tmx'), extract: false, bulkThreshold: 5, offThread: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TooLarge);
    expect((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n).toBe(0);
    db.close();
  });

  it.runIf(process.platform === 'linux')('runs the import and its database thread at a lower priority than the calling thread', async () => {
    const db = await freshDb();
    const tmx = readFileSync(join(MATCH, 'essay.zh-en.tmx'));
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    async function* body(): AsyncGenerator<Uint8Array> {
      // Copies: a chunk's buffer is handed over to the import thread.
      yield new Uint8Array(tmx.subarray(0, tmx.length / 2));
      await held;
      yield new Uint8Array(tmx.subarray(tmx.length / 2));
    }
    /** Nice value of each thread of this process, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
    const niceByThread = (): Map<number, number> =>
      new Map(readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
      }));
    const before = niceByThread();
    const done = ingest(db, body(), { file: 'held.tmx', format: notHere('tmx'), extract: false, bulkThreshold: 5, offThread: true });
    // The import thread reads the first half, passes the threshold and starts its database thread.
    let lowered: number[] = [];
    for (let i = 0; i < 200 && lowered.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lowered = [...niceByThread()].filter(([tid, nice]) => !before.has(tid) && nice === 10).map(([tid]) => tid);
    }
    const here = niceByThread().get(process.pid);
    release();
    const summary = await done;
    expect(lowered).toHaveLength(2);
    expect(here).toBe(before.get(process.pid));
    expect(summary.units.added).toBeGreaterThan(20);
    db.close();
  });
});
