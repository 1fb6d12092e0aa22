import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import Database from 'libsql';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { addTUs, countTUs, dedupKey, getTUs, iterateTUs, rowValues } from '../../src/store/tus.js';
import type { TranslationUnit } from '../../src/model.js';
import { tmxFormat } from '../../src/formats/tmx.js';
import { searchTM } from '../../src/match/tm.js';
import { TermLookup } from '../../src/match/terms.js';

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

  it('migrates a database made before the dedup index had a name (004): units kept, still unique', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'glossa-')), 'old.db');
    const old = new Database(file);
    const migrations = join(import.meta.dirname, '..', '..', 'src', 'store', 'migrations');
    old.exec('CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const [v, name] of [[1, '001_core.sql'], [2, '002_tm_index.sql'], [3, '003_concept_changed.sql']] as const) {
      old.exec(readFileSync(join(migrations, name), 'utf8'));
      old.prepare('INSERT INTO schema_migration VALUES (?, ?, ?)').run(v, name, '2026-11-01T00:00:00Z');
    }
    const insert = old.prepare("INSERT INTO tu (src_lang, tgt_lang, source, target, dedup, extra, origin_file, created_at) VALUES ('zh-TW', 'en-US', ?, ?, ?, ?, 'old.tmx', '2026-11-01T00:00:00Z')");
    insert.run('美國', 'America', dedupKey(tu('美國', 'America')), null);
    insert.run('歐盟', 'EU', dedupKey(tu('歐盟', 'EU')), '{"note":"kept"}');
    expect(old.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tu_dedup'").get()).toMatchObject({ n: 0 });
    old.close();

    const db = await openDb(`file:${file}`);
    dbs.push(db);
    const units = await getTUs(db, [1, 2]);
    expect(units.map((u) => [u.id, u.source, u.target, u.origin?.file])).toEqual([[1, '美國', 'America', 'old.tmx'], [2, '歐盟', 'EU', 'old.tmx']]);
    expect(units[1]).toMatchObject({ note: 'kept' });
    const index = await db.client.execute("SELECT sql FROM sqlite_schema WHERE name = 'tu_dedup'");
    expect(String(index.rows[0]?.sql)).toBe('CREATE UNIQUE INDEX tu_dedup ON tu (dedup)');
    expect(await addTUs(db, [tu('美國', 'America'), tu('日本', 'Japan')])).toMatchObject({ added: 1, duplicates: 1 });
    await expect(db.client.execute({ sql: "INSERT INTO tu (src_lang, tgt_lang, source, target, dedup, created_at) VALUES ('a', 'b', 'c', 'd', ?, 'now')", args: [dedupKey(tu('歐盟', 'EU'))] })).rejects.toThrow(/UNIQUE/);
  });

  it('refolds a database written when plurals of -ing nouns folded apart (006): TM index and terms', async () => {
    // As the folding before migration 006 wrote them: "settings" indexed and folded as "setting",
    // "Set" as "set"; one unit holds both words.
    const file = join(mkdtempSync(join(tmpdir(), 'glossa-')), 'old.db');
    const old = new Database(file);
    const migrations = join(import.meta.dirname, '..', '..', 'src', 'store', 'migrations');
    old.exec('CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const [v, name] of [[1, '001_core.sql'], [2, '002_tm_index.sql'], [3, '003_concept_changed.sql'], [4, '004_tu_dedup_index.sql'], [5, '005_term_change.sql']] as const) {
      old.exec(readFileSync(join(migrations, name), 'utf8'));
      old.prepare('INSERT INTO schema_migration VALUES (?, ?, ?)').run(v, name, '2026-11-01T00:00:00Z');
    }
    const insert = old.prepare("INSERT INTO tu (src_lang, tgt_lang, source, target, dedup, created_at) VALUES ('zh-TW', 'en-US', ?, ?, ?, '2026-11-01T00:00:00Z')");
    insert.run('開啟設定。', 'Open the settings.', dedupKey(tu('開啟設定。', 'Open the settings.')));
    insert.run('設定值並儲存設定。', 'Set the value and save the settings.', dedupKey(tu('設定值並儲存設定。', 'Set the value and save the settings.')));
    const posting = old.prepare('INSERT INTO tm_posting (token, df, docs) VALUES (?, ?, ?)');
    const docs = (...d: number[]) => Buffer.from(Uint32Array.from(d).buffer);
    posting.run('open', 1, docs(3));
    posting.run('setting', 2, docs(3, 5));
    posting.run('set', 1, docs(5));
    posting.run('value', 1, docs(5));
    posting.run('save', 1, docs(5));
    old.prepare('UPDATE tm_index_state SET indexed_upto = 2').run();
    old.prepare("INSERT INTO concept (id, method, origin, created_at) VALUES (1, 'user', 'user', '2026-11-01T00:00:00Z')").run();
    old.prepare("INSERT INTO term (concept_id, lang, text, folded, status) VALUES (1, 'zh-TW', '設定', '设定', 'approved'), (1, 'en-US', 'Settings', 'setting', 'approved')").run();
    old.close();

    const db = await openDb(`file:${file}`);
    dbs.push(db);
    const rows = (await db.client.execute('SELECT token, df FROM tm_posting ORDER BY token')).rows.map((r) => [String(r.token), Number(r.df)]);
    expect(rows).toEqual([['open', 1], ['save', 1], ['set', 2], ['value', 1]]);
    expect((await db.client.execute("SELECT folded FROM term WHERE lang = 'en-US'")).rows[0]![0]).toBe('set');
    expect((await db.client.execute('SELECT count(*) FROM data_migration')).rows[0]![0]).toBe(0);
    for (const q of ['setting', 'settings', 'Settings']) {
      expect((await searchTM(db, `Set the value and save the ${q}`)).map((m) => m.id)).toContain(2);
      expect((await searchTM(db, `Open the ${q}`)).map((m) => m.id)).toContain(1);
      expect((await new TermLookup(db).lookup(q)).map((h) => [h.source, h.target, h.match])).toEqual([['Settings', '設定', q === 'Settings' ? 'exact' : 'folded']]);
    }
  });

  it('refuses a database that needs a data migration this Glossa does not know', async () => {
    const db = await tempDb();
    await db.client.execute("INSERT INTO data_migration (name) VALUES ('from-the-future')");
    await expect(openDb(db.url)).rejects.toThrow(/data migration this Glossa does not know \(from-the-future\)/);
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

  it('stores the extra JSON and the key of units with codes as the object JSON and the parts JSON give them', async () => {
    // appendRowValues writes the extra column field by field, reusing the parts' JSON made for
    // the key: it must be the text JSON.stringify gives the whole object, in the same order.
    const dir = join(import.meta.dirname, '..', 'fixtures', 'formats');
    const units: TranslationUnit[] = [
      tu('按 Enter', 'Press Enter', { sourceParts: ['按 ', { tag: 'ph', attrs: { x: '1' }, content: ['<b>"\u2028'] }, 'Enter'] }),
      tu('a', 'b', { targetParts: [{ tag: 'bpt', attrs: { i: '1' }, content: ['{\\}'] }, 'b😀', { tag: 'ept', attrs: { i: '1' }, content: [] }], notes: [{ text: 'n' }], attrs: { usagecount: '3' } }),
      tu('x', 'y', { sourceParts: [], targetParts: ['y'], sourceMeta: { props: [{ type: 'x-a', value: '&' }] }, targetMeta: {}, variants: [{ lang: 'ja', text: 'z' }], props: [{ type: 'x-b', value: '"' }] }),
    ];
    for (const file of ['features.tmx', 'hostile-text.tmx']) {
      for await (const unit of tmxFormat.readUnits!(createReadStream(join(dir, file)), { file })) units.push(unit);
    }
    let withParts = 0;
    for (const unit of units) {
      const object: Record<string, unknown> = {};
      if (unit.sourceParts) object.sourceParts = unit.sourceParts;
      if (unit.targetParts) object.targetParts = unit.targetParts;
      if (unit.sourceMeta && Object.keys(unit.sourceMeta).length > 0) object.sourceMeta = unit.sourceMeta;
      if (unit.targetMeta && Object.keys(unit.targetMeta).length > 0) object.targetMeta = unit.targetMeta;
      if (unit.variants?.length) object.variants = unit.variants;
      if (unit.props?.length) object.props = unit.props;
      if (unit.notes?.length) object.notes = unit.notes;
      if (unit.attrs && Object.keys(unit.attrs).length > 0) object.attrs = unit.attrs;
      const values = rowValues(unit, 'now');
      expect(values[5]).toBe(Object.keys(object).length > 0 ? JSON.stringify(object) : null);
      const source = unit.sourceParts ? JSON.stringify(unit.sourceParts) : unit.source;
      const target = unit.targetParts ? JSON.stringify(unit.targetParts) : unit.target;
      const text = `${unit.srcLang.toLowerCase()}\u0000${unit.tgtLang.toLowerCase()}\u0000${source}\u0000${target}`;
      expect(values[4]).toBe(createHash('sha256').update(text).digest('base64url').slice(0, 22));
      expect(values[4]).toBe(dedupKey(unit));
      if (unit.sourceParts || unit.targetParts) withParts++;
    }
    expect(withParts).toBeGreaterThan(2);
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

describe('opening a database another process holds for a moment', () => {
  it('waits for the lock up to the busy timeout instead of failing at once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'glossa-open-')), 'glossa.db');
    // Another process's writer on a new file: the migrations must wait for it to commit.
    const other = new Database(path);
    other.exec('PRAGMA journal_mode = WAL');
    other.exec('BEGIN IMMEDIATE');
    other.exec('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const release = setTimeout(() => other.exec('COMMIT'), 300);
    const started = Date.now();
    const db = await openDb(`file:${path}`, { busyTimeoutMs: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await countTUs(db)).toBe(0);
    db.close();
    clearTimeout(release);
    // Once the schema is in place an open only reads: a writer holding the lock does not delay it.
    other.exec('BEGIN IMMEDIATE');
    const db2 = await openDb(`file:${path}`, { busyTimeoutMs: 200 });
    expect(await countTUs(db2)).toBe(0);
    db2.close();
    other.exec('ROLLBACK');
    other.close();
  });

  it('says busy when the lock is not released within the busy timeout', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'glossa-open-')), 'glossa.db');
    const other = new Database(path);
    other.exec('PRAGMA journal_mode = WAL');
    other.exec('BEGIN IMMEDIATE');
    other.exec('CREATE TABLE t (x)');
    await expect(openDb(`file:${path}`, { busyTimeoutMs: 200 })).rejects.toThrow(/busy with another writer/);
    other.exec('ROLLBACK');
    other.close();
  });
});
