import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { addTUs } from '../../src/store/tus.js';
import { listEntries, updateEntry } from '../../src/store/terms.js';
import { ingest } from '../../src/ingest.js';
import { formatByName } from '../../src/formats/index.js';
import { autoExtractMaxUnits, extractAfterIngest, extractAll } from '../../src/extract/index.js';
import type { TermEntry, TranslationUnit } from '../../src/model.js';
import { fold } from '../../src/text/fold.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dbs: Db[] = [];
async function tempDb(): Promise<Db> {
  const db = await openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-extract-')), 't.db')}`);
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

async function* bytesOf(file: string): AsyncGenerator<Uint8Array> {
  yield readFileSync(file);
}

const tu = (source: string, target: string): TranslationUnit => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
const pair = (e: TermEntry): [string, string] => [e.terms[0]!.text, e.terms[1]!.text];

describe('extraction into the store', () => {
  test('extractAll stores candidate concepts with method, score, frequency and evidence', async () => {
    const db = await tempDb();
    const { ids } = await addTUs(db, [
      tu('氣候變化正在威脅沿海城市。', 'Climate change is threatening coastal cities.'),
      tu('世界衛生組織(WHO)發布了指南。', 'The WHO released guidelines.'),
    ]);
    const summary = await extractAll(db);
    expect(summary.units).toBe(2);
    const entries = await listEntries(db);
    expect(entries.length).toBe(summary.entries);
    const who = entries.find((e) => e.terms[0]!.text === '世界衛生組織')!;
    expect(pair(who)).toEqual(['世界衛生組織', 'WHO']);
    expect(who).toMatchObject({ method: 'gloss', origin: 'extract', frequency: 1, evidence: [ids[1]] });
    expect(who.terms.every((t) => t.status === 'candidate')).toBe(true);
  });

  test('reads the sentence pairs only, not the units of a CAT tool\'s segments joining them', async () => {
    const db = await tempDb();
    const segment = { ...tu('世界衛生組織(WHO)發布了指南。氣候變化正在威脅沿海城市。', 'The WHO released guidelines. Climate change is threatening coastal cities.'), props: [{ type: 'x-glossa-unit', value: 'cat-segment' }] };
    // Another prop on a unit does not keep it out.
    const noted = { ...tu('氣候變化正在威脅沿海城市。', 'Climate change is threatening coastal cities.'), props: [{ type: 'x-glossa-unit', value: 'other' }] };
    await addTUs(db, [tu('世界衛生組織(WHO)發布了指南。', 'The WHO released guidelines.'), noted, segment]);
    expect((await extractAll(db)).units).toBe(2);
    const who = (await listEntries(db)).find((e) => e.terms[0]!.text === '世界衛生組織')!;
    expect(who.frequency).toBe(1);
  });

  test('re-running keeps a reviewer\'s approved term and does not add it twice', async () => {
    const db = await tempDb();
    await addTUs(db, [tu('氣候變化正在威脅沿海城市。', 'Climate change is threatening coastal cities.')]);
    await extractAll(db);
    const climate = (await listEntries(db)).find((e) => e.terms[0]!.text === '氣候變化')!;
    await db.write((tx) => updateEntry(tx, climate.id!, { terms: climate.terms.map((t) => ({ ...t, status: 'approved' as const })) }));
    const before = (await listEntries(db)).length;
    await extractAll(db);
    const after = await listEntries(db);
    expect(after.length).toBe(before);
    const kept = after.filter((e) => e.terms[0]!.text === '氣候變化');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.terms.every((t) => t.status === 'approved')).toBe(true);
  });

  test('ingesting the essay yields every dev pair with the right translation', async () => {
    const db = await tempDb();
    const file = join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt');
    const summary = await ingest(db, bytesOf(file), { file, format: formatByName('txt') });
    expect(summary.extraction?.entries).toBeGreaterThan(12);
    const entries = await listEntries(db);
    const byZh = new Map(entries.map((e) => [fold(e.terms[0]!.text), e]));
    const dev = readFileSync(join(ROOT, 'test', 'fixtures', 'eval', 'dev-terms.tsv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    for (const line of dev) {
      const [zh, en] = line.split('\t');
      const e = byZh.get(fold(zh!));
      expect(e, zh).toBeDefined();
      expect(en!.split('|').map((v) => fold(v)), zh).toContain(fold(e!.terms[1]!.text));
    }
  });
});

describe('statistics over a memory of software strings (po2tmx peer)', () => {
  const present = hasProgram('po2tmx');
  test.runIf(peerAvailable('translate-toolkit po2tmx', present))('GNU tar and wget catalogs yield 檔案 / file and no pair without evidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossa-po2tmx-'));
    const out = join(dir, 'gnu.tmx');
    execFileSync('po2tmx', ['-l', 'zh-TW', join(ROOT, 'test', 'fixtures', 'extract'), out], { stdio: 'ignore' });
    const db = await tempDb();
    const summary = await ingest(db, bytesOf(out), { file: out, format: formatByName('tmx') });
    expect(summary.units.added).toBeGreaterThan(1000);
    const entries = await listEntries(db);
    const byZh = new Map(entries.map((e) => [e.terms[0]!.text, e]));
    expect(byZh.get('檔案')?.terms[1]!.text).toBe('file');
    // Pairs learnt from the memory itself: co-occurrence statistics and the word alignment.
    const stats = entries.filter((e) => e.method === 'statistics' || e.method === 'alignment');
    expect(stats.length).toBeGreaterThan(10);
    // The frequency floor: every statistical pair co-occurs in at least three units.
    for (const e of stats.filter((s) => s.method === 'statistics')) expect(Number(/over (\d+) units/.exec(e.note ?? '')?.[1])).toBeGreaterThanOrEqual(3);
    // Every aligned pair names the units it was aligned in, the renderings it is composed of, or
    // the term whose other wording it is (with units of its own).
    for (const e of stats.filter((s) => s.method === 'alignment')) {
      if (e.note?.startsWith('composed of the document\'s own renderings: ')) expect(e.note, e.terms[0]!.text).toMatch(/: \S.* \/ .+ (?:\+|of|for) \S.* \/ .+/);
      else if (e.note?.startsWith('the other wording of ')) expect(e.evidence?.length, e.terms[0]!.text).toBeGreaterThanOrEqual(1);
      else expect(Number(/word alignment: (\d+) of/.exec(e.note ?? '')?.[1]), e.terms[0]!.text).toBeGreaterThanOrEqual(1);
    }
    // Known software vocabulary among the learnt pairs.
    const statPairs = new Set(stats.map((e) => pair(e).join('/')));
    const known = ['封存/archive', '標頭/header', '讀取/read', '權限/permission', '主機/host', '寫入/write', '重新命名/rename', '位址/address'];
    expect(known.filter((p) => statPairs.has(p)).length).toBeGreaterThanOrEqual(6);
  });
});

describe('extraction after an ingest on a large TM', () => {
  const units = [
    tu('氣候變化正在威脅沿海城市。', 'Climate change is threatening coastal cities.'),
    tu('世界衛生組織(WHO)發布了指南。', 'The WHO released guidelines.'),
    tu('量子計算機的研究進展很快。', 'Research on quantum computers is moving fast.'),
  ];

  test('above the limit it does not run, says why and how to run it; at the limit it runs', async () => {
    const db = await tempDb();
    const { ids } = await addTUs(db, units);
    const skipped = await extractAfterIngest(db, ids.length, { maxUnits: 2 });
    expect(skipped.entries).toBe(0);
    expect(skipped.skipped).toMatch(/3 units, more than 2 .*glossa extract/);
    expect(await listEntries(db)).toEqual([]);
    const ran = await extractAfterIngest(db, ids.length, { maxUnits: 3 });
    expect(ran.skipped).toBeUndefined();
    expect(ran.entries).toBeGreaterThan(0);
    expect((await listEntries(db)).length).toBe(ran.entries);
  });

  test('the limit comes from GLOSSA_EXTRACT_MAX_UNITS, else 20,000; a value that is not a number is refused', () => {
    expect(autoExtractMaxUnits({})).toBe(20_000);
    expect(autoExtractMaxUnits({ GLOSSA_EXTRACT_MAX_UNITS: '500' })).toBe(500);
    expect(() => autoExtractMaxUnits({ GLOSSA_EXTRACT_MAX_UNITS: 'lots' })).toThrow('GLOSSA_EXTRACT_MAX_UNITS must be a whole number of units, got "lots"');
  });

  test('ingest with extract: false adds the units and extracts nothing', async () => {
    const db = await tempDb();
    const tsv = join(mkdtempSync(join(tmpdir(), 'glossa-noextract-')), 'pairs.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(tsv, '氣候變化正在威脅沿海城市。\n\nClimate change is threatening coastal cities.\n');
    const summary = await ingest(db, bytesOf(tsv), { file: tsv, format: formatByName('txt'), extract: false });
    expect(summary.units.added).toBe(1);
    expect(summary.extraction).toBeUndefined();
    expect(await listEntries(db)).toEqual([]);
  });
});
