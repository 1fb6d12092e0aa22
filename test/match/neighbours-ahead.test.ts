import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeNeighboursAhead, TermIndex, TermLookup } from '../../src/match/terms.js';
import { GramIndex, NeighbourBuilder, neighbourTable, neighboursFrom } from '../../src/match/grams.js';
import type { Db } from '../../src/store/db.js';
import { deleteEntry, insertEntries } from '../../src/store/terms.js';
import type { TermEntry } from '../../src/model.js';
import { addGlossary, pair, tempDb } from './helpers.js';

/** A glossary whose terms share grams a lot: words drawn from a short list, as in a real one. */
function glossary(n: number): TermEntry[] {
  const words = ['file', 'transfer', 'protocol', 'secure', 'smart', 'contract', 'audit', 'token', 'chain', 'block', 'market', 'share', 'data', 'center', 'power', 'grid'];
  const han = '檔案傳輸協定安全智能合約稽核代幣鏈區塊市場占有率資料中心電網';
  const out: TermEntry[] = [];
  let seed = 7;
  const rnd = (k: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const seen = new Set<string>();
  while (out.length < n) {
    const en = Array.from({ length: 1 + rnd(3) }, () => words[rnd(words.length)]).join(' ') + (rnd(3) === 0 ? `s${rnd(50)}` : '');
    const zh = Array.from({ length: 2 + rnd(4) }, () => han[rnd(han.length)]).join('');
    if (seen.has(en) || seen.has(zh)) continue;
    seen.add(en);
    seen.add(zh);
    out.push(pair(zh, en));
  }
  return out;
}

const fuzzyOf = (index: TermIndex, q: string): string[] => index.lookup(q).filter((h) => h.match === 'fuzzy').map((h) => `${h.source} ${h.similarity}`);

let db: Db;
let terms: string[];
beforeAll(async () => {
  db = await tempDb();
  const entries = glossary(1500);
  await db.write((tx) => insertEntries(tx, entries));
  terms = entries.flatMap((e) => e.terms.map((t) => t.text));
});
afterAll(() => db.close());

describe('the neighbours of every term computed ahead', () => {
  it('gives every term the neighbours the search gives it, removed slots counted alike', () => {
    const grams = new GramIndex();
    const texts = ['file transfer', 'file transfers', 'secure file transfer', 'transfer protocol', 'file', '區塊鏈', '區塊', '智能合約'];
    for (const t of texts) grams.add(t);
    grams.remove(1);
    const table = neighbourTable(grams, 10, 4000);
    for (let s = 0; s < texts.length; s++) {
      if (s === 1) expect(table.count[s]).toBe(0);
      else expect(neighboursFrom(table, s)).toEqual(grams.search(texts[s]!, undefined, 10, 4000));
    }
    expect(neighboursFrom(table, 0).map((f) => texts[f.index])).toEqual(expect.arrayContaining(['secure file transfer']));
    expect(neighboursFrom(table, 0).map((f) => f.index)).not.toContain(1);
  });

  it('searches the same once its postings are compacted, and goes on adding after', () => {
    const texts = glossary(800).flatMap((e) => e.terms.map((t) => t.text.toLowerCase()));
    const grams = new GramIndex();
    for (const t of texts) grams.add(t);
    grams.remove(5);
    const queries = [...texts.slice(0, 60), 'file transfer protocol', '區塊鏈資料'];
    const before = queries.map((q) => grams.search(q, undefined, 10, 4000));
    const room = grams.poolLength;
    grams.compact();
    // Smaller: one block per gram, of its postings' size.
    expect(grams.poolLength).toBeLessThan(room * 0.75);
    expect(queries.map((q) => grams.search(q, undefined, 10, 4000))).toEqual(before);
    // New postings go to new blocks after the compacted ones: the pool grows by a quarter, not
    // doubled, and a compaction with so little to win is skipped.
    const compacted = grams.poolLength;
    const k = grams.add('file transfer secure');
    expect(grams.poolLength).toBeGreaterThan(compacted);
    expect(grams.poolLength).toBeLessThanOrEqual(Math.ceil(compacted * 1.25));
    const grown = grams.poolLength;
    grams.compact();
    expect(grams.poolLength).toBe(grown);
    expect(grams.search('file transfer secure', undefined, 10, 4000)[0]).toEqual({ index: k, similarity: 100 });
  });

  it('computes the table in slices as it would at once, lists shared by slots of one text', () => {
    const texts = glossary(400).flatMap((e) => e.terms.map((t) => t.text.toLowerCase()));
    texts.push(texts[3]!, texts[10]!);
    const grams = new GramIndex();
    for (const t of texts) grams.add(t);
    grams.remove(3);
    const whole = neighbourTable(grams, 10, 4000);
    const builder = new NeighbourBuilder(grams, 10, 4000);
    let turns = 1;
    // A deadline already past: 4 slots a turn.
    while (!builder.step(0)) turns++;
    expect(turns).toBe(Math.ceil(texts.length / 4));
    expect(builder.table()).toEqual(whole);
    // Slot 3 removed: its text's list is computed for the copy at the end; slot 10's is shared.
    expect(whole.count[3]).toBe(0);
    expect(neighboursFrom(whole, texts.length - 2)).toEqual(grams.search(texts[3]!, undefined, 10, 4000));
    expect(whole.at[texts.length - 1]).toBe(whole.at[10]);
    expect(() => new NeighbourBuilder(grams, 10, 4000).table()).toThrow(/up to slot 0/);
  });

  it('answers every look-up as the search does, once the table is computed', async () => {
    const lookup = new TermLookup(db, 60_000, { aheadMinTerms: Infinity });
    const index = await lookup.complete();
    // Slots removed and terms added before, so removed slots sit in the postings.
    const before = terms.map((t) => fuzzyOf(index, t));
    expect(before.filter((f) => f.length > 0).length).toBeGreaterThan(terms.length / 2);
    // The lists kept per query are dropped by a change: compare fresh searches with the table.
    index.replaceConcepts([], []);
    const searched = terms.map((t) => fuzzyOf(index, t));
    expect(searched).toEqual(before);
    expect(index.neighboursAhead).toBe(false);
    expect(await computeNeighboursAhead(index)).toBe(true);
    expect(index.neighboursAhead).toBe(true);
    expect(terms.map((t) => fuzzyOf(index, t))).toEqual(searched);
    // Folded queries (case, inflection) read the same lists.
    expect(fuzzyOf(index, terms[0]!.toUpperCase())).toEqual(searched[0]);
  });

  it('stops, installing nothing, when the index changes or is replaced between two turns', async () => {
    const lookup = new TermLookup(db, 60_000, { aheadMinTerms: Infinity });
    const index = await lookup.complete();
    index.replaceConcepts([], []);
    // Turns of 0 ms: 4 slots each, then a turn of the event loop, in which the index changes.
    const running = computeNeighboursAhead(index, 0);
    setImmediate(() => index.replaceConcepts([], []));
    expect(await running).toBe(false);
    expect(index.neighboursAhead).toBe(false);
    let current = true;
    const replaced = computeNeighboursAhead(index, 0, () => current);
    setImmediate(() => (current = false));
    expect(await replaced).toBe(false);
    expect(index.neighboursAhead).toBe(false);
    // Left alone, it installs the table.
    expect(await computeNeighboursAhead(index, 0)).toBe(true);
    expect(index.neighboursAhead).toBe(true);
  });

  it('computes the table for any folded text, a line break in it included', async () => {
    const texts = ['file transfer', 'file\ntransfer', 'file transfers', 'secure file transfer', 'file transfer protocol', ''];
    const index = new TermIndex(texts.map((t, k) => ({ termId: k + 1, conceptId: k + 1, lang: 'en', text: t || 'x', folded: t, status: 'approved' as const, score: null, method: null })));
    index.replaceConcepts([3], []);
    const searched = texts.map((t) => fuzzyOf(index, t || 'x'));
    expect(searched[0]!.length).toBeGreaterThan(0);
    expect(await computeNeighboursAhead(index)).toBe(true);
    expect(texts.map((t) => fuzzyOf(index, t || 'x'))).toEqual(searched);
  });

  it('drops the table at a change and computes it again after a quiet moment; a table computed before a change is not used', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    await db2.write((tx) => insertEntries(tx, glossary(300)));
    const lookup = new TermLookup(db2, 60_000, { aheadMinTerms: 0, aheadDelayMs: 10 });
    const near = async (): Promise<string[]> => (await lookup.lookup('smart contract')).filter((h) => h.match === 'fuzzy').map((h) => h.source);
    const [id] = await db2.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
    const before = await near();
    expect(await lookup.neighboursReady()).toBe(true);
    expect(await near()).toEqual(before);
    const [added] = await db2.write((tx) => insertEntries(tx, [pair('智能合約稽核甲', 'smart contracts audit x')]));
    // The change is seen at once (the table is dropped), then a new table is computed with it.
    expect(await near()).toContain('smart contracts audit x');
    expect(await lookup.neighboursReady()).toBe(true);
    expect(await near()).toContain('smart contracts audit x');
    await db2.write((tx) => deleteEntry(tx, added!));
    expect(await near()).toEqual(before);
    // A table computed for the index before a change is refused.
    const index = await new TermLookup(db2, 60_000, { aheadMinTerms: Infinity }).complete();
    const job = computeNeighboursAhead(index);
    index.replaceConcepts([id!], []);
    expect(await job).toBe(false);
    expect(index.neighboursAhead).toBe(false);
    db2.close();
  });

  it('waits while a write of the process is under way, then goes on', async () => {
    const lookup = new TermLookup(db, 60_000, { aheadMinTerms: Infinity });
    const index = await lookup.complete();
    index.replaceConcepts([], []);
    let writing = true;
    const running = computeNeighboursAhead(index, 0, () => true, () => writing);
    await new Promise((r) => setTimeout(r, 300));
    // 4 slots, then paused: not done in 300 ms (the whole table takes well under that).
    expect(index.neighboursAhead).toBe(false);
    writing = false;
    expect(await running).toBe(true);
    expect(index.neighboursAhead).toBe(true);
    // The database says whether one of its writes is queued or under way.
    expect(db.writing()).toBe(false);
    let inside: boolean | undefined;
    await db.write(async () => {
      inside = db.writing();
    });
    expect(inside).toBe(true);
    expect(db.writing()).toBe(false);
    // An import holds it from its first byte, before its transaction begins.
    await db.hold(async () => {
      inside = db.writing();
    });
    expect(inside).toBe(true);
    expect(db.writing()).toBe(false);
  });

  it('stops the computation at close (a server stopping), and starts none after', async () => {
    const lookup = new TermLookup(db, 60_000, { aheadMinTerms: 0, aheadDelayMs: 1 });
    await lookup.complete();
    await lookup.lookup('smart contract');
    // The timer has fired and the computation is under way (it takes many turns).
    await new Promise((r) => setTimeout(r, 20));
    lookup.close();
    expect(await lookup.neighboursReady()).toBe(false);
    await lookup.lookup('smart contract');
    await new Promise((r) => setTimeout(r, 20));
    expect(await lookup.neighboursReady()).toBe(false);
    // Look-ups still answer.
    expect((await lookup.lookup('smart contract')).length).toBeGreaterThan(0);
  });

  it('computes the table once the index is complete, with no look-up after it', async () => {
    // Work larger than syncLimit goes on in slices: the one look-up answers before it ends.
    const lookup = new TermLookup(db, 60_000, { aheadMinTerms: 0, aheadDelayMs: 10, syncLimit: 10, sliceSize: 200 });
    await lookup.lookup('smart contract');
    let index = await lookup.current();
    expect(index.neighboursAhead).toBe(false);
    for (let k = 0; k < 200 && !index.neighboursAhead; k++) {
      await new Promise((r) => setTimeout(r, 25));
      index = await lookup.current();
    }
    expect(index.size).toBe(terms.length);
    expect(index.neighboursAhead).toBe(true);
  });

  it('does not start the computation again after it failed, until the index changes', async () => {
    const db2 = await tempDb();
    await addGlossary(db2);
    let calls = 0;
    const failing = async (): Promise<boolean> => {
      calls++;
      throw new Error('out of memory (a test)');
    };
    const errors: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const lookup = new TermLookup(db2, 60_000, { aheadMinTerms: 0, aheadDelayMs: 1, computeAhead: failing });
      await lookup.lookup('blockchain');
      expect(await lookup.neighboursReady()).toBe(false);
      expect(calls).toBe(1);
      for (let k = 0; k < 3; k++) {
        await lookup.lookup('blockchain');
        expect(await lookup.neighboursReady()).toBe(false);
      }
      expect(calls).toBe(1);
      await db2.write((tx) => insertEntries(tx, [pair('智能合約', 'smart contract')]));
      await lookup.lookup('blockchain');
      await lookup.neighboursReady();
      expect(calls).toBe(2);
      expect(errors.length).toBe(2);
    } finally {
      console.error = error;
      db2.close();
    }
  });
});
