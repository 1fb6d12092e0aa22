import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { addTUs, countTUs, dedupKey, getTUs, iterateTUs } from '../../src/store/tus.js';
import type { TranslationUnit } from '../../src/model.js';

const dbs: Db[] = [];
async function tempDb(): Promise<Db> {
  const db = await openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-')), 't.db')}`);
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const tu = (source: string, target: string, extra: Partial<TranslationUnit> = {}): TranslationUnit => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target, ...extra });

describe('store', () => {
  it('creates the schema in WAL mode and migrates only once', async () => {
    const db = await tempDb();
    const mode = await db.client.execute('PRAGMA journal_mode');
    expect(String(mode.rows[0]![0])).toBe('wal');
    const again = await openDb(db.url);
    const versions = await again.client.execute('SELECT version FROM schema_migration');
    expect(versions.rows.length).toBeGreaterThanOrEqual(1);
    again.close();
  });

  it('adds units once: the same languages and text are a duplicate', async () => {
    const db = await tempDb();
    const first = await addTUs(db, [tu('美國', 'America'), tu('歐盟', 'EU')]);
    expect(first).toMatchObject({ added: 2, duplicates: 0 });
    const second = await addTUs(db, [tu('美國', 'America'), tu('美國', 'the U.S.')]);
    expect(second).toMatchObject({ added: 1, duplicates: 1 });
    expect(await countTUs(db)).toBe(3);
    expect(await countTUs(db, { srcLang: 'zh', tgtLang: 'en' })).toBe(3);
    expect(await countTUs(db, { srcLang: 'en' })).toBe(0);
  });

  it('keeps the dedup key of every earlier version: databases made before hold these keys', () => {
    // sha256 of "zh-tw\0en-us\0source\0target", base64url, 22 characters (computed by the
    // first implementation, a Hash object); a change here makes re-imports into old databases
    // add every unit again.
    const tu: TranslationUnit = { srcLang: 'zh-TW', tgtLang: 'en-US', source: '證券交易委員會', target: 'SEC' };
    expect(dedupKey(tu)).toBe('8T0Te4HGFhpAWx3COihpdT');
    expect(dedupKey({ ...tu, srcLang: 'zh-tw', tgtLang: 'EN-us' })).toBe('8T0Te4HGFhpAWx3COihpdT');
    expect(dedupKey({ ...tu, target: 'SEC ' })).not.toBe('8T0Te4HGFhpAWx3COihpdT');
  });

  it('keeps inline codes, props and notes through the JSON column', async () => {
    const db = await tempDb();
    const unit = tu('按 Enter', 'Press Enter', {
      sourceParts: ['按 ', { tag: 'ph', attrs: { x: '1' }, content: ['<b>'] }, 'Enter'],
      props: [{ type: 'x-project', value: 'demo' }],
      notes: [{ text: 'UI string' }],
      origin: { file: 'a.tmx' },
    });
    const { ids } = await addTUs(db, [unit]);
    const [back] = await getTUs(db, ids);
    expect(back).toMatchObject({ source: '按 Enter', sourceParts: unit.sourceParts, props: unit.props, notes: unit.notes, origin: { file: 'a.tmx' } });
  });

  it('rolls back a failed write: nothing of it stays', async () => {
    const db = await tempDb();
    async function* failing(): AsyncGenerator<TranslationUnit> {
      for (let i = 0; i < 450; i++) yield tu(`句子${i}`, `sentence ${i}`);
      throw new Error('parse error at unit 451');
    }
    await expect(addTUs(db, failing())).rejects.toThrow('unit 451');
    expect(await countTUs(db)).toBe(0);
  });

  it('pages through every unit in order', async () => {
    const db = await tempDb();
    await addTUs(db, Array.from({ length: 45 }, (_, i) => tu(`第${i}句`, `sentence ${i}`)));
    const seen: string[] = [];
    for await (const u of iterateTUs(db, {}, 10)) seen.push(u.target);
    expect(seen).toHaveLength(45);
    expect(seen[44]).toBe('sentence 44');
  });
});
