/** The glossary store: what an extraction keeps and adds beside a large imported glossary. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { countEntries, insertEntries, replaceExtracted } from '../../src/store/terms.js';
import type { TermEntry } from '../../src/model.js';
import { pair, tempDb } from '../match/helpers.js';

const KEPT = 20_000;
let db: Db;
beforeAll(async () => {
  db = await tempDb();
  const imported: TermEntry[] = [];
  for (let k = 0; k < KEPT; k++) imported.push({ ...pair(`術語${k}號`, `Term ${k}`), origin: 'import:glossary.csv' });
  await db.write((tx) => insertEntries(tx, imported));
});
afterAll(() => db.close());

describe('replaceExtracted beside a large glossary', () => {
  it('adds the new pairs, not the ones a kept concept holds (in another script or case), and compares each with the concepts holding its terms only', async () => {
    const extracted: TermEntry[] = [];
    for (let k = 0; k < 2000; k++) {
      // Even k: a pair the glossary holds, written in Simplified and lower case; odd k: a new pair.
      extracted.push(k % 2 === 0 ? pair(`术语${k}号`, `term ${k}`, 'candidate') : pair(`新詞${k}號`, `New ${k}`, 'candidate'));
    }
    // A pair sharing one term with a kept concept but not the other is new.
    extracted.push(pair('術語1號', 'another rendering', 'candidate'));
    const t = performance.now();
    const r = await db.write((tx) => replaceExtracted(tx, extracted));
    const seconds = (performance.now() - t) / 1000;
    expect(r).toEqual({ added: 1001, kept: KEPT });
    expect(await countEntries(db)).toMatchObject({ concepts: KEPT + 1001 });
    // Comparing each entry with every kept concept (40M comparisons, each folding the entry's
    // terms again) took minutes; by the concepts holding its first term, a fraction of a second.
    expect(seconds).toBeLessThan(10);
  });
});
