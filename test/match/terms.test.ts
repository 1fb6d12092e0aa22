import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TermIndex, TermLookup, type LookupOptions } from '../../src/match/terms.js';
import { fold } from '../../src/text/fold.js';
import { openDb, type Db } from '../../src/store/db.js';
import { deleteEntry, insertEntries, updateEntry } from '../../src/store/terms.js';
import type { TermEntry } from '../../src/model.js';
import { addGlossary, GLOSSARY, pair, tempDb } from './helpers.js';

let db: Db;
let lookup: TermLookup;
beforeAll(async () => {
  db = await tempDb();
  await addGlossary(db);
  lookup = new TermLookup(db, 0);
});
afterAll(() => db.close());

const first = async (q: string, lang?: string) => (await lookup.lookup(q, lang ? { lang } : {}))[0];

describe('term look-up', () => {
  it('finds a term as written (exact)', async () => {
    const hit = await first('區塊鏈');
    expect(hit).toMatchObject({ source: '區塊鏈', target: 'blockchain', srcLang: 'zh-TW', tgtLang: 'en-US', match: 'exact', status: 'approved' });
  });

  it('finds Traditional terms from Simplified (script folding)', async () => {
    expect(await first('区块链')).toMatchObject({ source: '區塊鏈', target: 'blockchain', match: 'folded' });
    expect(await first('深度求索')).toMatchObject({ target: 'DeepSeek', match: 'exact' });
  });

  it('finds English terms from inflected, upper-case and full-width forms (inflection, case, width)', async () => {
    expect(await first('blockchains')).toMatchObject({ source: 'blockchain', target: '區塊鏈', match: 'folded' });
    expect(await first('BLOCKCHAIN')).toMatchObject({ source: 'blockchain', match: 'folded' });
    expect(await first('ｂｌｏｃｋｃｈａｉｎ')).toMatchObject({ source: 'blockchain', match: 'folded' });
    expect(await first('executive orders')).toMatchObject({ source: 'executive order', target: '行政命令', match: 'folded' });
    expect(await first('deepseek')).toMatchObject({ source: 'DeepSeek', target: '深度求索', match: 'folded' });
  });

  it('finds misspelt terms (fuzzy) and says how close they are', async () => {
    const hit = await first('blockchian');
    expect(hit).toMatchObject({ source: 'blockchain', target: '區塊鏈', match: 'fuzzy' });
    expect(hit!.similarity).toBeGreaterThan(50);
    expect(hit!.similarity).toBeLessThan(100);
    expect(await first('cryptocurency')).toMatchObject({ source: 'cryptocurrency', match: 'fuzzy' });
    expect(await first('加密货币')).toMatchObject({ source: '加密貨幣', match: 'folded' });
    expect(await first('加密貨')).toMatchObject({ source: '加密貨幣', match: 'fuzzy' });
  });

  it('finds 1- and 2-character Chinese terms', async () => {
    expect(await first('美國')).toMatchObject({ source: '美國', target: 'America', match: 'exact' });
    expect(await first('美国')).toMatchObject({ source: '美國', match: 'folded' });
    expect(await first('鏈')).toMatchObject({ source: '鏈', target: 'chain', status: 'candidate', match: 'exact' });
    expect(await first('链')).toMatchObject({ source: '鏈', match: 'folded' });
  });

  it('orders exact, then folded, then fuzzy, one hit per concept', async () => {
    const hits = await lookup.lookup('chain', { limit: 10 });
    expect(hits[0]).toMatchObject({ source: 'chain', match: 'exact' });
    expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);
    const kinds = hits.map((h) => ['exact', 'folded', 'fuzzy'].indexOf(h.match));
    expect([...kinds].sort()).toEqual(kinds);
  });

  it('restricts to a language, and finds nothing for unrelated text', async () => {
    expect(await lookup.lookup('blockchain', { lang: 'zh' })).toEqual([]);
    expect(await lookup.lookup('zzzzqqq')).toEqual([]);
    expect(await lookup.lookup('   ')).toEqual([]);
  });

  it('sees changes: its own process at once, another process through the fingerprint', async () => {
    expect(await lookup.lookup('stablecoin')).toEqual([]);
    await db.write((tx) => insertEntries(tx, [pair('穩定幣', 'stablecoin')]));
    expect(await first('stablecoins')).toMatchObject({ target: '穩定幣' });
    const other = await openDb(db.url);
    await other.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
    other.close();
    expect(await first('smart contracts')).toMatchObject({ target: '智能合約' });
  });

  it('finds glossary terms inside a text, longest first', async () => {
    const index = await lookup.current();
    const found = index.findInText('美國證券交易委員會正在調查區塊鏈公司。', 'zh-TW').map((t) => t.text);
    expect(found).toEqual(['美國', '證券交易委員會', '區塊鏈']);
    expect(index.findInText('The SEC sued two blockchains.', 'en').map((t) => t.text)).toEqual(['SEC', 'blockchain']);
  });
});

describe('pinyin look-up', () => {
  let py: TermLookup;
  let pyDb: Db;
  beforeAll(async () => {
    pyDb = await tempDb();
    // Lian (連): a name whose English form is also the reading of 鏈.
    await addGlossary(pyDb, [...GLOSSARY, pair('銀行', 'bank'), pair('連', 'Lian'), pair('快樂', 'happy'), pair('尤里安', 'Julian')]);
    py = new TermLookup(pyDb, 0);
  });
  afterAll(() => pyDb.close());
  const top = async (q: string) => (await py.lookup(q))[0];

  it('finds a Chinese term by its pinyin, with or without tones, and by its initials', async () => {
    for (const q of ['qukuailian', 'qu kuai lian', 'qu1 kuai4 lian4', 'qū kuài liàn', 'Qū Kuài Liàn']) {
      expect(await top(q), q).toMatchObject({ source: '區塊鏈', target: 'blockchain', match: 'pinyin' });
    }
    expect(await top('qkl')).toMatchObject({ source: '區塊鏈', match: 'initials' });
    expect(await top('meiguo')).toMatchObject({ source: '美國', target: 'America', match: 'pinyin' });
  });

  it('reads a heteronym as the word it stands in', async () => {
    expect(await top('yinhang')).toMatchObject({ source: '銀行', match: 'pinyin' });
    expect((await py.lookup('yinxing')).map((h) => h.source)).not.toContain('銀行');
    expect(await top('xing zheng ming ling')).toMatchObject({ source: '行政命令', match: 'pinyin' });
  });

  it('does not match a wrong tone or a wrong syllable', async () => {
    const sources = async (q: string) => (await py.lookup(q)).map((h) => h.source);
    expect(await sources('qu1 kuai4 lian3')).not.toContain('區塊鏈');
    expect(await sources('qukuailan')).not.toContain('區塊鏈');
    expect(await sources('qkk')).not.toContain('區塊鏈');
  });

  it('ranks exact and folded hits above pinyin ones', async () => {
    const hits = await py.lookup('Lian');
    expect(hits[0]).toMatchObject({ source: 'Lian', match: 'exact' });
    expect(hits.slice(1).filter((h) => h.match === 'pinyin').map((h) => h.source)).toContain('鏈');
    expect((await py.lookup('lian'))[0]).toMatchObject({ source: 'Lian', match: 'folded' });
    const kinds = hits.map((h) => ['exact', 'folded', 'pinyin', 'initials', 'fuzzy'].indexOf(h.match));
    expect([...kinds].sort()).toEqual(kinds);
  });

  it('lists no fuzzy neighbours under a pinyin hit (pinyin read as letters is near only other pinyin)', async () => {
    // Julian holds the letters of lian: a fuzzy neighbour of the text, not of the reading.
    for (const q of ['lian', 'qu kuai lian', 'qkl', 'kuaile']) {
      const hits = await py.lookup(q);
      expect(hits.length, q).toBeGreaterThan(0);
      expect(hits.map((h) => h.match), q).not.toContain('fuzzy');
    }
  });

  it('sees the pinyin of a term written after the index was built', async () => {
    expect((await py.lookup('zhineng heyue')).map((h) => h.source)).not.toContain('智能合約');
    await pyDb.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
    expect(await top('zhineng heyue')).toMatchObject({ source: '智能合約', match: 'pinyin' });
  });
});

describe('term look-up at scale', () => {
  it('narrows fuzzy candidates so a typo is found among 8,000 terms', async () => {
    const big = await tempDb();
    const entries: TermEntry[] = [];
    for (let i = 0; i < 8000; i++) entries.push(pair(`術語${i}`, `term${i.toString(36)}word`));
    entries.push(pair('區塊鏈', 'blockchain'));
    await big.write((tx) => insertEntries(tx, entries));
    const l = new TermLookup(big);
    await l.complete();
    expect((await l.lookup('blockchian'))[0]).toMatchObject({ source: 'blockchain', match: 'fuzzy' });
    expect((await l.lookup('区块链'))[0]).toMatchObject({ source: '區塊鏈', match: 'folded' });
    big.close();
  });

  it('lists close neighbours under an exact hit among 30,000 terms sharing its common grams', async () => {
    // Every term holds "file " and "transfer": neighbours are found from the rarer grams.
    const big = await tempDb();
    const entries: TermEntry[] = [];
    for (let i = 0; i < 30_000; i++) entries.push(pair(`檔案傳輸${i}`, `file transfer ${(i * 7919).toString(36)}`));
    entries.push(pair('檔案傳輸協定', 'file transfer protocol'), pair('檔案傳輸協議', 'file transfer protocols list'), pair('安全檔案傳輸協定', 'secure file transfer protocol'));
    await big.write((tx) => insertEntries(tx, entries));
    const hits = (await new TermLookup(big).complete()).lookup('file transfer protocol', { limit: 5 });
    expect(hits[0]).toMatchObject({ source: 'file transfer protocol', match: 'exact' });
    expect(hits.slice(1).map((h) => h.source)).toEqual(expect.arrayContaining(['secure file transfer protocol', 'file transfer protocols list']));
    big.close();
  });
});

describe('keeping the index fresh without rebuilding it', () => {
  it('lists the neighbours of a term as they are now: a term added or removed since the last look-up counts', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    const l = new TermLookup(db2, 60_000);
    const neighbours = async (): Promise<string[]> => (await l.lookup('smart contract')).filter((h) => h.match === 'fuzzy').map((h) => h.source);
    const [id] = await db2.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
    const before = await neighbours();
    expect(before).not.toContain('smart contracts audit');
    // Asked twice: the second answer is the same list.
    expect(await neighbours()).toEqual(before);
    const [near] = await db2.write((tx) => insertEntries(tx, [pair('智能合約稽核', 'smart contracts audit')]));
    expect(await neighbours()).toContain('smart contracts audit');
    await db2.write((tx) => deleteEntry(tx, near!));
    expect(await neighbours()).toEqual(before);
    // Under a language filter too.
    expect((await l.lookup('smart contract', { lang: 'en' })).filter((h) => h.match === 'fuzzy').map((h) => h.source)).toEqual(before.filter((s) => /^[\x20-\x7e]+$/.test(s)));
    await db2.write((tx) => deleteEntry(tx, id!));
    db2.close();
  });

  it('sees a write, an edit, a status change and a delete at the next look-up, in the same index', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    const l = new TermLookup(db2, 60_000);
    const index = await l.current();
    const [id] = await db2.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
    expect((await l.lookup('smart contract'))[0]).toMatchObject({ source: 'smart contract', target: '智能合約', status: 'approved' });
    await db2.write((tx) => updateEntry(tx, id!, { terms: [{ lang: 'zh-TW', text: '智慧合約', status: 'candidate' }, { lang: 'en-US', text: 'smart contract', status: 'candidate' }] }));
    expect((await l.lookup('smart contract'))[0]).toMatchObject({ target: '智慧合約', status: 'candidate' });
    expect((await l.lookup('智能合約')).filter((h) => h.match !== 'fuzzy')).toEqual([]);
    await db2.write((tx) => deleteEntry(tx, id!));
    expect((await l.lookup('smart contract')).map((h) => h.source)).not.toContain('smart contract');
    expect(await l.current()).toBe(index);
    expect(index.size).toBe(GLOSSARY.length * 2);
    db2.close();
  });

  it('applies a large batch in slices, answering from what is ready meanwhile', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    const l = new TermLookup(db2, 0, { sliceSize: 100, syncLimit: 50 });
    await l.current();
    const entries: TermEntry[] = [];
    for (let i = 0; i < 1000; i++) entries.push(pair(`術語${i}`, `glossary entry ${i}`));
    await db2.write((tx) => insertEntries(tx, entries));
    // The look-up after the write answers at once, before the batch is all in.
    const partial = (await l.current()).size;
    expect(partial).toBeLessThan(GLOSSARY.length * 2 + 2000);
    const index = await l.complete();
    expect(index.size).toBe(GLOSSARY.length * 2 + 2000);
    expect((await l.lookup('glossary entry 999'))[0]).toMatchObject({ target: '術語999', match: 'exact' });
    db2.close();
  });

  it('applies a slice in pieces of 50 terms, the event loop turning between them when told to', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    // turnMs 0: a turn after every piece (by default after 8 ms of work).
    const l = new TermLookup(db2, 0, { sliceSize: 500, syncLimit: 50, turnMs: 0, aheadMinTerms: Infinity });
    await l.current();
    const entries: TermEntry[] = [];
    for (let i = 0; i < 400; i++) entries.push(pair(`術語${i}`, `glossary entry ${i}`));
    await db2.write((tx) => insertEntries(tx, entries));
    const index = await l.current();
    const full = GLOSSARY.length * 2 + 800;
    const sizes = [index.size];
    for (let turns = 0; index.size < full && turns < 10_000; turns++) {
      await new Promise((r) => setImmediate(r));
      sizes.push(index.size);
    }
    expect(index.size).toBe(full);
    // A slice of the log is 250 concepts (500 terms); each turn took at most a piece or two of it.
    const steps = sizes.slice(1).map((n, k) => n - sizes[k]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(100);
    expect(steps.filter((d) => d > 0).length).toBeGreaterThanOrEqual(8);
    db2.close();
  });

  it('loads a large glossary in slices on first use', async () => {
    const db2 = await tempDb();
    const entries: TermEntry[] = [];
    for (let i = 0; i < 600; i++) entries.push(pair(`術語${i}`, `glossary entry ${i}`));
    await db2.write((tx) => insertEntries(tx, entries));
    const l = new TermLookup(db2, 0, { sliceSize: 100, syncLimit: 50 });
    expect((await l.current()).size).toBeLessThan(1200);
    expect((await l.complete()).size).toBe(1200);
    db2.close();
  });

  it('does not touch the index when a write left the terms alone (a TM import)', async () => {
    const db3 = await tempDb();
    await addGlossary(db3);
    const l = new TermLookup(db3, 0);
    const before = await l.current();
    const size = before.size;
    await db3.write((tx) => tx.execute("INSERT INTO ingest (file, format, added, duplicates, at) VALUES ('x', 'tmx', 0, 0, 'now')"));
    expect(await l.current()).toBe(before);
    expect(before.size).toBe(size);
    db3.close();
  });
});

describe('the look-up as JSON (lookupJson)', () => {
  const row = (termId: number, conceptId: number, lang: string, text: string, status: 'approved' | 'candidate' | 'forbidden' = 'approved') => ({ termId, conceptId, lang, text, folded: fold(text), status, score: termId % 3 === 0 ? null : termId / 10, method: termId % 2 ? 'user' : null });
  const same = (index: TermIndex, q: string, options: LookupOptions = {}): void => expect(index.lookupJson(q, options)).toBe(JSON.stringify({ terms: index.lookup(q, options) }));

  it('writes what JSON.stringify writes of the hits, for every kind of match and option', async () => {
    const index = await lookup.complete();
    for (const q of ['區塊鏈', '区块链', 'blockchains', 'BLOCKCHAIN', 'blockchian', '深度求索', 'deepseek', 'qukuailian', 'qkl', 'executive orders', 'nothing like it', ' '])
      for (const options of [{}, { limit: 1 }, { limit: 100 }, { lang: 'en' }, { lang: 'zh' }, { tgt: 'en' }, { tgt: 'zh-CN' }, { lang: 'zh', tgt: 'en', limit: 3 }]) {
        same(index, q, options);
        same(index, q, options);
      }
  });

  it('writes a hit again when its concept gains or loses a term, and escapes what JSON escapes', () => {
    const index = new TermIndex([row(1, 1, 'en', 'wallet'), row(2, 1, 'zh-TW', '錢包'), row(3, 2, 'en', 'Tab\\Key "x"\u2028'), row(4, 2, 'zh-TW', '定位鍵')]);
    for (const q of ['wallet', 'wallets', 'Tab\\Key "x"\u2028', 'tab key']) same(index, q);
    // A term of concept 1 read in a later slice: the hit of 'wallet' lists it from then on.
    index.add([row(5, 1, 'ja', 'ウォレット', 'candidate')]);
    same(index, 'wallet');
    same(index, 'wallet', { tgt: 'ja' });
    expect(JSON.parse(index.lookupJson('wallet')).terms[0].targets).toHaveLength(2);
    index.replaceConcepts([1], [row(6, 1, 'en', 'wallet'), row(7, 1, 'zh-CN', '钱包', 'forbidden')]);
    same(index, 'wallet');
    expect(JSON.parse(index.lookupJson('wallet')).terms[0]).toMatchObject({ termId: 6, target: '钱包', targets: [{ text: '钱包', lang: 'zh-CN', status: 'forbidden' }] });
    index.replaceConcepts([2], []);
    same(index, 'tab key');
  });

  it('keeps every slot\'s JSON right as the texts are written, dropped and moved', () => {
    const rows = (from: number, n: number, tag: string) => Array.from({ length: n }, (_, k) => [row(2 * (from + k), from + k, 'en', `term ${from + k} ${tag}`), row(2 * (from + k) + 1, from + k, 'zh-TW', `術語${from + k}${tag}`)]).flat();
    const index = new TermIndex(rows(0, 2000, 'a'));
    const all = (): void => {
      for (let k = 0; k < 2000; k += 7) same(index, `term ${k} ${k % 2 ? 'b' : 'a'}`);
    };
    all();
    for (let round = 0; round < 3; round++) {
      // Half the concepts rewritten: their texts dropped, new ones written after, the buffer compacted.
      const ids = Array.from({ length: 1000 }, (_, k) => 2 * k + 1);
      index.replaceConcepts(ids, ids.flatMap((id) => rows(id, 1, 'b').map((r) => ({ ...r, termId: r.termId + 10_000 * (round + 1) }))));
      all();
    }
  });
});
