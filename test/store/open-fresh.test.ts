/**
 * A new database filled under a temporary name and published whole (src/store/open-fresh.ts).
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFresh, removeStaleTemps } from '../../src/store/open-fresh.js';
import { openDb } from '../../src/store/db.js';
import { insertTUs } from '../../src/store/tus.js';
import type { TranslationUnit } from '../../src/model.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'glossa-fresh-'));
const unit = (i: number): TranslationUnit => ({ srcLang: 'en', tgtLang: 'zh-TW', source: `Unit ${i} of the test.`, target: `測試第${i}單元。` });
async function* units(n: number): AsyncGenerator<TranslationUnit> {
  for (let i = 0; i < n; i++) yield unit(i);
}

describe('openFresh', () => {
  it('fills a temporary file and publishes it under the name in WAL mode', async () => {
    const dir = folder();
    const path = join(dir, 'g.db');
    const fresh = await openFresh(`file:${path}`);
    expect(fresh).toBeDefined();
    await fresh!.db.write((tx) => insertTUs(tx, units(3)));
    expect(existsSync(path)).toBe(false);
    expect(existsSync(fresh!.temp)).toBe(true);
    fresh!.publish();
    expect(readdirSync(dir)).toEqual(['g.db']);
    const db = await openDb(`file:${path}`);
    try {
      expect((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n).toBe(3);
      expect((await db.client.execute('PRAGMA journal_mode')).rows[0]!.journal_mode).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('is not used for a file that exists, even empty', async () => {
    const dir = folder();
    const path = join(dir, 'g.db');
    writeFileSync(path, '');
    expect(await openFresh(`file:${path}`)).toBeUndefined();
    expect(await openFresh(`file:${join(dir, 'x.db')}?mode=ro`)).toBeUndefined();
  });

  it('stores nothing when a database appeared under the name meanwhile, and keeps that one', async () => {
    const dir = folder();
    const path = join(dir, 'g.db');
    const fresh = (await openFresh(`file:${path}`))!;
    await fresh.db.write((tx) => insertTUs(tx, units(3)));
    const other = await openDb(`file:${path}`);
    await other.write((tx) => insertTUs(tx, units(1)));
    other.close();
    expect(() => fresh.publish()).toThrow(/another process created the database/);
    expect(readdirSync(dir).filter((n) => n.includes('.import-'))).toEqual([]);
    const db = await openDb(`file:${path}`);
    try {
      expect((await db.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('removes the file on discard, and a dead process\'s file at the next import', async () => {
    const dir = folder();
    const path = join(dir, 'g.db');
    const fresh = (await openFresh(`file:${path}`))!;
    fresh.discard();
    expect(readdirSync(dir)).toEqual([]);
    // A process id above the kernel's limit (pid_max is at most 2^22) is never alive.
    const dead = join(dir, 'g.db.import-99999999.tmp');
    const live = join(dir, `g.db.import-${process.pid}.tmp`);
    writeFileSync(dead, 'x');
    writeFileSync(`${dead}-journal`, 'x');
    writeFileSync(live, 'x');
    removeStaleTemps(path);
    expect(readdirSync(dir).sort()).toEqual([`g.db.import-${process.pid}.tmp`]);
  });
});
