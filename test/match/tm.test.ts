import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTM } from '../../src/match/tm.js';
import { TermLookup } from '../../src/match/terms.js';
import { toSimplified } from '../../src/text/fold.js';
import type { Db } from '../../src/store/db.js';
import { iterateTUs } from '../../src/store/tus.js';
import type { TranslationUnit } from '../../src/model.js';
import { addGlossary, realTmDb, tempDb } from './helpers.js';
import { dropOne, sameUnits } from '../../bench/util.js';

let db: Db;
let units: TranslationUnit[];
beforeAll(async () => {
  db = await realTmDb();
  await addGlossary(db);
  units = [];
  for await (const u of iterateTUs(db)) units.push(u);
});
afterAll(() => db.close());

describe('fuzzy TM search on real segments', () => {
  it('holds the essay and the wget catalog', () => {
    expect(units.length).toBeGreaterThan(300);
    expect(units.some((u) => u.srcLang === 'zh-TW')).toBe(true);
    expect(units.some((u) => u.srcLang.startsWith('en'))).toBe(true);
  });

  it('finds the segment a word was dropped from, in both languages, at least 95% of the time', async () => {
    let asked = 0;
    let right = 0;
    const misses: string[] = [];
    for (const u of units) {
      for (const [side, text] of [['source', u.source], ['target', u.target]] as const) {
        const q = dropOne(text);
        if (!q) continue;
        asked++;
        const [top] = await searchTM(db, q, { min: 0, limit: 3 });
        if (top && sameUnits(top.source, text)) right++;
        else misses.push(`${side} ${q} → ${top?.source}`);
      }
    }
    expect(asked).toBeGreaterThan(400);
    expect(right / asked, misses.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('gives 100 for the exact segment and turns the unit round for a target-side query', async () => {
    const zh = units.find((u) => u.srcLang === 'zh-TW')!;
    const [top] = await searchTM(db, zh.source);
    expect(top).toMatchObject({ id: zh.id, score: 100, reversed: false, target: zh.target });
    const [back] = await searchTM(db, zh.target);
    expect(back).toMatchObject({ id: zh.id, score: 100, reversed: true, source: zh.target, target: zh.source, srcLang: 'en-US', tgtLang: 'zh-TW' });
  });

  it('never gives 100 across Chinese scripts', async () => {
    const zh = units.find((u) => u.srcLang === 'zh-TW' && toSimplified(u.source) !== u.source)!;
    const [top] = await searchTM(db, toSimplified(zh.source));
    expect(top!.id).toBe(zh.id);
    expect(top!.score).toBe(99);
  });

  it('keeps to min and limit, best first', async () => {
    const q = 'Cannot open the file for writing';
    const all = await searchTM(db, q, { min: 0, limit: 50 });
    expect(all.length).toBeGreaterThan(2);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    const some = await searchTM(db, q, { min: 40, limit: 2 });
    expect(some.length).toBeLessThanOrEqual(2);
    for (const m of some) expect(m.score).toBeGreaterThanOrEqual(40);
    expect(some[0]).toEqual(all[0]);
  });

  it('filters by language direction', async () => {
    const en = units.find((u) => u.srcLang.startsWith('en'))!;
    const both = await searchTM(db, en.source, { src: 'en' });
    expect(both[0]!.id).toBe(en.id);
    expect(await searchTM(db, en.source, { src: 'zh' })).toEqual([]);
    expect(await searchTM(db, en.source, { src: 'en', tgt: 'de' })).toEqual([]);
  });

  it('lists the glossary terms found in each match', async () => {
    const withTerm = units.find((u) => u.srcLang === 'zh-TW' && u.source.includes('區塊鏈'))!;
    const terms = await new TermLookup(db).current();
    const [top] = await searchTM(db, withTerm.source, { terms });
    expect(top!.terms).toContainEqual(expect.objectContaining({ source: '區塊鏈', target: 'blockchain' }));
  });

  it('answers nothing for empty, punctuation-only and unknown queries', async () => {
    expect(await searchTM(db, '')).toEqual([]);
    expect(await searchTM(db, '。，！')).toEqual([]);
    expect(await searchTM(db, 'xyzzyplugh frobnicate')).toEqual([]);
  });

  it('finds a single character by scanning (the index holds pairs)', async () => {
    const hits = await searchTM(db, '國', { min: 0 });
    expect(hits.length).toBeGreaterThan(0);
  });

  it('answers the same through the native reader of a file and through the client (remote or in-memory databases)', async () => {
    expect(db.read).toBeDefined();
    const viaClient: Db = { ...db, read: undefined };
    for (const q of ['無法開啟檔案', 'Cannot write to', units[40]!.source, units[200]!.target, '證券交易委員會', '國']) {
      const [native, client] = [await searchTM(db, q, { min: 0, limit: 20 }), await searchTM(viaClient, q, { min: 0, limit: 20 })];
      expect(native.length, q).toBeGreaterThan(0);
      expect(client, q).toEqual(native);
    }
  });
});

describe('index upkeep', () => {
  it('indexes units written before the index existed on the first search', async () => {
    const fresh = await tempDb();
    await fresh.client.execute({
      sql: "INSERT INTO tu (src_lang, tgt_lang, source, target, dedup, created_at) VALUES ('en', 'zh-TW', 'The download was interrupted by the server', '下載被伺服器中斷', 'legacy-1', '2026-01-01')",
      args: [],
    });
    const [top] = await searchTM(fresh, 'The download was interrupted');
    expect(top).toMatchObject({ source: 'The download was interrupted by the server', target: '下載被伺服器中斷' });
    fresh.close();
  });
});
