/** The glossary's review listing: filters folded as look-ups fold, sorts, server-side pages, freshness after writes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlossaryListing, GlossaryView } from '../../src/match/glossary.js';
import { readGlossary } from '../../src/store/glossary.js';
import { insertEntries, updateEntry } from '../../src/store/terms.js';
import type { Db } from '../../src/store/db.js';
import type { TermEntry, TermStatus } from '../../src/model.js';
import { tempDb } from './helpers.js';

const entry = (zh: string, en: string, fields: Partial<TermEntry> & { status?: TermStatus } = {}): TermEntry => ({
  terms: [
    { lang: 'zh-TW', text: zh, status: fields.status ?? 'candidate' },
    { lang: 'en-US', text: en, status: fields.status ?? 'candidate' },
  ],
  method: fields.method ?? 'statistics',
  origin: 'extract',
  ...(fields.score !== undefined ? { score: fields.score } : {}),
  ...(fields.frequency !== undefined ? { frequency: fields.frequency } : {}),
  ...(fields.evidence ? { evidence: fields.evidence } : {}),
});

describe('GlossaryView', () => {
  let db: Db;
  let view: GlossaryView;
  beforeAll(async () => {
    db = await tempDb();
    const entries: TermEntry[] = [
      entry('區塊鏈', 'Blockchain', { score: 0.9, frequency: 3, status: 'approved', method: 'gloss', evidence: [1, 2, 3] }),
      entry('加密貨幣', 'cryptocurrency', { score: 0.5, frequency: 40, status: 'forbidden' }),
      entry('ＡＩ模型', 'AI model', { score: 0.7, frequency: 9 }),
    ];
    // 120 more, scores falling, so that pages are full.
    for (let i = 0; i < 120; i++) entries.push(entry(`術語${i}`, `term ${i}`, { score: 0.4 - i / 1000, frequency: i }));
    await db.write((tx) => insertEntries(tx, entries));
    view = new GlossaryView(await readGlossary(db));
  });
  afterAll(() => db.close());

  it('pages on the server: 50 rows a page, the total of every page', () => {
    const p1 = view.page({});
    expect(p1).toMatchObject({ total: 123, pages: 3, page: 1, lang: 'zh' });
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows.slice(0, 3).map((r) => r.term.text)).toEqual(['區塊鏈', 'ＡＩ模型', '加密貨幣']);
    expect(p1.rows[0]).toMatchObject({ translations: [{ text: 'Blockchain', lang: 'en-US', status: 'approved' }], statuses: ['approved'], method: 'gloss', evidence: 3, frequency: 3 });
    const p3 = view.page({ page: 3 });
    expect(p3.rows).toHaveLength(23);
    expect(p3.rows.at(-1)!.term.text).toBe('術語119');
    const all = [1, 2, 3].flatMap((page) => view.page({ page }).rows.map((r) => r.id));
    expect(new Set(all).size).toBe(123);
  });

  it('filters by text folded for script, width and case', () => {
    expect(view.page({ q: '区块链' }).rows.map((r) => r.term.text)).toEqual(['區塊鏈']);
    expect(view.page({ q: 'BLOCKCHAIN' }).rows.map((r) => r.term.text)).toEqual(['區塊鏈']);
    expect(view.page({ q: 'ai模型' }).rows.map((r) => r.term.text)).toEqual(['ＡＩ模型']);
    expect(view.page({ q: 'term 11' }).total).toBe(11);
    expect(view.page({ q: 'nothing like it' })).toMatchObject({ total: 0, pages: 1, rows: [] });
  });

  it('filters by status and method, and counts what passes', () => {
    expect(view.page({ status: 'forbidden' }).rows.map((r) => r.term.text)).toEqual(['加密貨幣']);
    expect(view.page({ status: 'candidate' }).total).toBe(121);
    expect(view.page({ method: 'gloss' }).rows.map((r) => r.id)).toHaveLength(1);
    expect(view.page({ status: 'candidate', q: 'term 10', page: 1 }).total).toBe(11);
    expect(view.stats).toMatchObject({ concepts: 123, terms: 246, byStatus: { approved: 2, forbidden: 2, candidate: 242 }, methods: ['gloss', 'statistics'], languages: ['zh', 'en'] });
  });

  it('sorts by frequency and by text, in the language asked for', () => {
    expect(view.page({ sort: 'frequency' }).rows.slice(0, 2).map((r) => r.term.text)).toEqual(['術語119', '術語118']);
    const en = view.page({ sort: 'text', lang: 'en' });
    expect(en.rows.slice(0, 3).map((r) => r.term.text)).toEqual(['AI model', 'Blockchain', 'cryptocurrency']);
    expect(en.rows[0]!.translations.map((t) => t.text)).toEqual(['ＡＩ模型']);
    expect(view.page({ lang: 'fr' }).total).toBe(0);
  });
});

describe('GlossaryListing', () => {
  it('shows a write of this process at once', async () => {
    const db = await tempDb();
    try {
      const [id] = await db.write((tx) => insertEntries(tx, [entry('鏈', 'chain')]));
      const listing = new GlossaryListing(db);
      expect((await listing.page({ status: 'approved' })).total).toBe(0);
      await db.write((tx) => updateEntry(tx, id!, { terms: [{ lang: 'zh-TW', text: '鏈', status: 'approved' }, { lang: 'en-US', text: 'chain', status: 'approved' }] }));
      expect((await listing.page({ status: 'approved' })).rows.map((r) => r.term.text)).toEqual(['鏈']);
    } finally {
      db.close();
    }
  });
});
