/**
 * The two-thread bulk import (src/store/bulk.ts) against the one-transaction client path: the
 * same units, ids, index and search results from real files, duplicates skipped and left out
 * of the index, and a file that breaks half-way leaving the database as it was.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { formatByName } from '../../src/formats/index.js';
import { ingest } from '../../src/ingest.js';
import { searchTM } from '../../src/match/tm.js';
import { BadInput } from '../../src/errors.js';
import { prestartBulkWorker } from '../../src/store/bulk.js';

const MATCH = join(import.meta.dirname, '..', 'fixtures', 'match');

async function freshDb(): Promise<Db> {
  return openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-bulk-')), 'g.db')}`);
}

type LateIndex = { maxExisting?: number; maxUnits?: number };

async function load(db: Db, file: string, format: string, bulkThreshold: number, bulkLateIndex?: LateIndex): Promise<Awaited<ReturnType<typeof ingest>>> {
  return ingest(db, createReadStream(join(MATCH, file)), { file, format: formatByName(format), extract: false, bulkThreshold, bulkLateIndex });
}

/** The dedup index's three ways through a bulk import (src/store/bulk-worker.ts). */
const MODES: [string, LateIndex][] = [
  ['dedup index dropped and built at the end', {}],
  ['dedup index kept (a TM too big to re-sort)', { maxExisting: -1 }],
  ['dedup index dropped, then built half-way when the import grows past the key table', { maxUnits: 300 }],
];

async function dedupIndex(db: Db): Promise<string | undefined> {
  const rs = await db.client.execute("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'tu_dedup'");
  return rs.rows[0] ? String(rs.rows[0].sql) : undefined;
}

async function snapshot(db: Db): Promise<{ units: string[]; postings: Map<string, number[]>; ingests: string[] }> {
  const units = (await db.client.execute('SELECT id, src_lang, tgt_lang, source, target, dedup, extra, external_id, origin_file FROM tu ORDER BY id')).rows.map((r) => JSON.stringify(Object.values(r)));
  const postings = new Map<string, number[]>();
  for (const r of (await db.client.execute('SELECT token, df, docs FROM tm_posting ORDER BY id')).rows) {
    const b = r.docs as ArrayBuffer;
    const docs = [...new Uint32Array(b.slice(0))];
    expect(docs.length).toBe(Number(r.df));
    postings.set(String(r.token), [...(postings.get(String(r.token)) ?? []), ...docs]);
  }
  const ingests = (await db.client.execute('SELECT file, format, added, duplicates FROM ingest ORDER BY id')).rows.map((r) => JSON.stringify(Object.values(r)));
  return { units, postings, ingests };
}

describe('bulk import', () => {
  it('lets a process end while a database thread started ahead waits unused', () => {
    const root = join(import.meta.dirname, '..', '..');
    expect(spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')]).status).toBe(0);
    // A module file, not `-e`: the thread would inherit --input-type and fail to start.
    const script = join(mkdtempSync(join(tmpdir(), 'glossa-spare-')), 'spare.mjs');
    const bulk = pathToFileURL(join(root, 'dist', 'store', 'bulk.js')).href;
    writeFileSync(script, `const m = await import(${JSON.stringify(bulk)}); m.prestartBulkWorker(); setTimeout(() => console.log('done'), 300);\n`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout.trim()).toBe('done');
    expect(r.status).toBe(0);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('uses a database thread started ahead, and stores the same as one started for it', async () => {
    const ahead = await freshDb();
    const fresh = await freshDb();
    prestartBulkWorker();
    const a = await load(ahead, 'wget.zh_TW.po', 'po', 20);
    const b = await load(fresh, 'wget.zh_TW.po', 'po', 20);
    expect(a.units.added).toBeGreaterThan(500);
    expect(a.units).toEqual(b.units);
    const [sa, sb] = await Promise.all([snapshot(ahead), snapshot(fresh)]);
    expect(sa).toEqual(sb);
    // Started ahead for a file that turned out small: the next bulk import still gets it.
    prestartBulkWorker();
    const small = await freshDb();
    expect((await load(small, 'wget.zh_TW.po', 'po', 1_000_000)).units).toEqual(b.units);
    const next = await freshDb();
    expect((await load(next, 'wget.zh_TW.po', 'po', 20)).units).toEqual(b.units);
    for (const db of [ahead, fresh, small, next]) db.close();
  });

  it.each(MODES)('stores the same units, ids and index as the client path, and searches the same: %s', async (_, lateIndex) => {
    const client = await freshDb();
    const bulk = await freshDb();
    for (const [file, format] of [['essay.zh-en.tmx', 'tmx'], ['wget.zh_TW.po', 'po']] as const) {
      const a = await load(client, file, format, 1_000_000);
      const b = await load(bulk, file, format, 20, lateIndex);
      expect(b.units).toEqual(a.units);
    }
    const [sa, sb] = await Promise.all([snapshot(client), snapshot(bulk)]);
    expect(sa.units.length).toBeGreaterThan(500);
    expect(sb.units).toEqual(sa.units);
    expect(sb.ingests).toEqual(sa.ingests);
    expect([...sb.postings.keys()].sort()).toEqual([...sa.postings.keys()].sort());
    for (const [token, docs] of sa.postings) expect(sb.postings.get(token), token).toEqual(docs);
    for (const q of ['無法開啟檔案', 'Cannot write to', '區塊鏈初創公司', 'the SEC']) {
      const [ra, rb] = await Promise.all([searchTM(client, q), searchTM(bulk, q)]);
      expect(rb, q).toEqual(ra);
    }
    expect((await searchTM(bulk, 'Cannot write to')).length).toBeGreaterThan(0);
    expect(await dedupIndex(bulk)).toMatch(/CREATE UNIQUE INDEX tu_dedup ON tu \(dedup\)/);
    client.close();
    bulk.close();
  });

  it.each(MODES)('stores every column as the client path when units vary within a statement: %s', async (_, lateIndex) => {
    // The worker binds a value once for a chunk of units that share it (languages, file, dates,
    // nulls): units here vary in each of those columns, in runs that start and end inside chunks.
    const dir = mkdtempSync(join(tmpdir(), 'glossa-bulk-'));
    const langs = ['zh-TW', 'zh-CN', 'ja'];
    const tus = Array.from({ length: 400 }, (_, i) => {
      const created = `2024${String(1 + (Math.floor(i / 37) % 12)).padStart(2, '0')}15T120000Z`;
      const changed = i % 3 === 0 ? ` changedate="20250101T0000${String(i % 60).padStart(2, '0')}Z"` : '';
      const tuid = i % 7 < 4 ? ` tuid="u${i}"` : '';
      const prop = i % 11 === 0 ? `<prop type="x-note">n${i}</prop>` : '';
      // Every fifth unit has inline codes (part of its dedup key); the last 20 units repeat the
      // content of the first 20, duplicates both paths must find.
      const n = i < 380 ? i : i - 380;
      const lang = langs[Math.floor(n / 45) % langs.length];
      const en = n % 5 === 0 ? `Unit <bpt i="1">&lt;b&gt;</bpt>${n}<ept i="1">&lt;/b&gt;</ept> &amp; more` : `Unit ${n} &amp; more`;
      return `<tu${tuid} creationdate="${created}"${changed}>${prop}<tuv xml:lang="en-US"><seg>${en}</seg></tuv><tuv xml:lang="${lang}"><seg>單元${n}</seg></tuv></tu>`;
    });
    writeFileSync(join(dir, 'varied.tmx'), `<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en-US" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n${tus.join('\n')}\n</body></tmx>`);
    const all = async (db: Db): Promise<unknown[][]> => (await db.client.execute('SELECT * FROM tu ORDER BY id')).rows.map((r) => Object.values(r));
    const client = await freshDb();
    const bulk = await freshDb();
    await ingest(client, createReadStream(join(dir, 'varied.tmx')), { file: 'varied.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 1_000_000 });
    const b = await ingest(bulk, createReadStream(join(dir, 'varied.tmx')), { file: 'varied.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 20, bulkLateIndex: lateIndex });
    expect(b.units).toEqual({ added: 380, duplicates: 20 });
    const [ra, rb] = await Promise.all([all(client), all(bulk)]);
    expect(rb.filter((r) => String(r[6]).includes('sourceParts'))).toHaveLength(76);
    expect(rb).toEqual(ra);
    expect(new Set(rb.map((r) => r[2])).size).toBe(3);
    expect(new Set(rb.map((r) => r[11])).size).toBe(11);
    client.close();
    bulk.close();
  });

  it.each(MODES)('skips duplicates, in the file and already stored, and keeps them out of the index: %s', async (_, bulkLateIndex) => {
    const db = await freshDb();
    const text = readFileSync(join(MATCH, 'essay.zh-en.tmx'), 'utf8');
    const body = text.slice(text.indexOf('<body>') + 6, text.indexOf('</body>'));
    const twice = text.replace(body, body + body);
    const dir = mkdtempSync(join(tmpdir(), 'glossa-bulk-'));
    writeFileSync(join(dir, 'twice.tmx'), twice);
    const first = await ingest(db, createReadStream(join(dir, 'twice.tmx')), { file: 'twice.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 10, bulkLateIndex });
    const units = Number((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n);
    expect(first.units.added).toBe(units);
    expect(first.units.duplicates).toBe(units);
    const again = await ingest(db, createReadStream(join(dir, 'twice.tmx')), { file: 'twice.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 10, bulkLateIndex });
    expect(again.units).toEqual({ added: 0, duplicates: 2 * units });
    // The index is back and unique: the client path sees the same duplicates.
    expect(await dedupIndex(db)).toMatch(/UNIQUE/);
    const client = await ingest(db, createReadStream(join(dir, 'twice.tmx')), { file: 'twice.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 1_000_000 });
    expect(client.units).toEqual({ added: 0, duplicates: 2 * units });
    const ids = new Set((await db.client.execute('SELECT id FROM tu')).rows.map((r) => Number(r.id)));
    const { postings } = await snapshot(db);
    for (const docs of postings.values()) for (const d of docs) expect(ids.has(Math.floor(d / 2))).toBe(true);
    // Each unit once in the results, not once per copy.
    const hits = await searchTM(db, '扼喉行動2.0', { min: 1, limit: 50 });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => `${h.id}:${h.reversed}`)).size).toBe(hits.length);
    db.close();
  });

  it('finds duplicates among 80k units as its key table grows (slots and ids past their first sizes)', async () => {
    // Units 0..71,999 are distinct; each of the 8,000 after them repeats one of those, from
    // all over the file, so the table is probed for them after several growths.
    const dir = mkdtempSync(join(tmpdir(), 'glossa-bulk-'));
    const tus = Array.from({ length: 80_000 }, (_, i) => {
      const n = i < 72_000 ? i : ((i - 72_000) * 7919) % 72_000;
      return `<tu><tuv xml:lang="en"><seg>Line ${n}</seg></tuv><tuv xml:lang="zh-TW"><seg>第${n}行</seg></tuv></tu>`;
    });
    writeFileSync(join(dir, 'many.tmx'), `<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n${tus.join('\n')}\n</body></tmx>`);
    const db = await freshDb();
    await load(db, 'essay.zh-en.tmx', 'tmx', 1_000_000);
    const held = Number((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n);
    const r = await ingest(db, createReadStream(join(dir, 'many.tmx')), { file: 'many.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 100 });
    expect(r.units).toEqual({ added: 72_000, duplicates: 8_000 });
    const counts = (await db.client.execute('SELECT count(*) AS n, count(DISTINCT dedup) AS k, max(id) AS top FROM tu')).rows[0]!;
    expect([Number(counts.n), Number(counts.k)]).toEqual([held + 72_000, held + 72_000]);
    expect(await dedupIndex(db)).toMatch(/UNIQUE/);
    db.close();
  }, 60_000);

  it('indexes a file whose units are mostly words of their own in bounded memory', async () => {
    // 600,000 distinct words in 60,000 units, far fewer postings than a segment holds: the
    // database thread's small heap ran out of memory holding them all as interned words.
    const dir = mkdtempSync(join(tmpdir(), 'glossa-bulk-'));
    const word = (i: number, k: number): string => `w${(i * 10 + k).toString(36)}q`;
    const tus = Array.from({ length: 60_000 }, (_, i) => {
      const words = Array.from({ length: 10 }, (_, k) => word(i, k)).join(' ');
      return `<tu><tuv xml:lang="en"><seg>${words}</seg></tuv><tuv xml:lang="zh-TW"><seg>第${i}行</seg></tuv></tu>`;
    });
    writeFileSync(join(dir, 'words.tmx'), `<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n${tus.join('\n')}\n</body></tmx>`);
    const db = await freshDb();
    const r = await ingest(db, createReadStream(join(dir, 'words.tmx')), { file: 'words.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 100 });
    expect(r.units).toEqual({ added: 60_000, duplicates: 0 });
    // Each word's one row points at its unit's source side, in whichever segment it was written.
    for (const i of [0, 17_771, 59_999]) {
      const rows = (await db.client.execute({ sql: 'SELECT docs FROM tm_posting WHERE token = ?', args: [word(i, 3)] })).rows;
      expect(rows.length).toBe(1);
      const docs = new Uint32Array(new Uint8Array(rows[0]!.docs as ArrayBuffer).slice().buffer);
      const id = Number((await db.client.execute({ sql: 'SELECT id FROM tu WHERE source LIKE ?', args: [`${word(i, 0)} %`] })).rows[0]!.id);
      expect([...docs]).toEqual([id * 2]);
    }
    const unit42 = Array.from({ length: 10 }, (_, k) => word(42, k)).join(' ');
    expect((await searchTM(db, unit42))[0]?.source).toBe(unit42);
    db.close();
  }, 60_000);

  it.each(MODES)('leaves the database as it was when the file breaks after thousands of units: %s', async (_, bulkLateIndex) => {
    const db = await freshDb();
    await load(db, 'essay.zh-en.tmx', 'tmx', 1_000_000);
    const before = await snapshot(db);
    const dir = mkdtempSync(join(tmpdir(), 'glossa-bulk-'));
    const good = Array.from({ length: 3000 }, (_, i) => `<tu><tuv xml:lang="en"><seg>Line ${i} of a long file</seg></tuv><tuv xml:lang="zh-TW"><seg>長檔案的第${i}行</seg></tuv></tu>`).join('\n');
    writeFileSync(join(dir, 'broken.tmx'), `<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n${good}\n<tu><tuv xml:lang="en"><seg>broken</tuv></tu></body></tmx>`);
    const err = await ingest(db, createReadStream(join(dir, 'broken.tmx')), { file: 'broken.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: 100, bulkLateIndex }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInput);
    expect(String((err as Error).message)).toMatch(/broken\.tmx:3003/);
    const after = await snapshot(db);
    expect(after.units).toEqual(before.units);
    expect([...after.postings.entries()]).toEqual([...before.postings.entries()]);
    expect(after.ingests).toEqual(before.ingests);
    expect(await dedupIndex(db)).toMatch(/UNIQUE/);
    // The database is usable afterwards: the write queue moved on.
    const ok = await load(db, 'wget.zh_TW.po', 'po', 100);
    expect(ok.units.added).toBeGreaterThan(500);
    db.close();
  });
});
