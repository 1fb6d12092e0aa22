/**
 * The check keeps the database's glossary between requests and reads it again after any write:
 * a term added, deleted or changed (here or by another connection to the file) is seen by the
 * next check, with no stale answer in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstStore } from '../../src/check/run.js';
import { prepareCheck } from '../../src/check/index.js';
import { openDb, type Db } from '../../src/store/db.js';
import { deleteEntry, insertEntries, updateEntry } from '../../src/store/terms.js';
import type { TermEntry } from '../../src/model.js';
import { tempDbUrl } from '../helpers/cli.js';

const entry = (zh: string, en: string): TermEntry => ({
  terms: [
    { lang: 'zh-TW', text: zh, status: 'approved' },
    { lang: 'en-US', text: en, status: 'approved' },
  ],
});
const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: '1', source: '請重新啟動伺服器。', target: 'Please reboot the machine.' }] };
const rules = async (d: Db): Promise<string[]> => (await checkAgainstStore(d, job)).issues.map((i) => `${i.rule} ${i.term?.source ?? ''}`);

let url: string;
let db: Db;
let other: Db;
beforeAll(async () => {
  url = tempDbUrl();
  db = await openDb(url);
  other = await openDb(url);
});
afterAll(() => {
  db.close();
  other.close();
});

describe('the check glossary between requests', () => {
  it('sees a term added, changed and deleted, by this connection or another', async () => {
    expect(await rules(db)).toEqual([]);
    const [id] = await db.write((tx) => insertEntries(tx, [entry('伺服器', 'server')]));
    expect(await rules(db)).toEqual(['term-missing 伺服器']);
    expect(await rules(db)).toEqual(['term-missing 伺服器']);
    // Another connection (as another process would) adds "machine" as an accepted translation.
    await other.write((tx) => updateEntry(tx, id!, { terms: [...entry('伺服器', 'server').terms, { lang: 'en-US', text: 'machine', status: 'approved' }] }));
    expect(await rules(db)).toEqual([]);
    await db.write((tx) => deleteEntry(tx, id!));
    await db.write((tx) => insertEntries(tx, [entry('重新啟動', 'restart')]));
    expect(await rules(db)).toEqual(['term-missing 重新啟動']);
  });
});

describe('the prepared glossary and matcher between checks', () => {
  const entries: TermEntry[] = [{ terms: [{ lang: 'zh-TW', text: '伺服器', status: 'candidate' }, { lang: 'en-US', text: 'server', status: 'candidate' }], origin: 'extract' }];
  const units = [{ id: '1', source: '請重新啟動伺服器。', target: 'Please reboot the host.' }];
  it('are shared, but what one check learns from its TM stays its own', async () => {
    const first = prepareCheck(units, { srcLang: 'zh-TW', tgtLang: 'en-US', entries });
    const [term] = first.unrenderedCandidates();
    expect(term?.text).toBe('伺服器');
    first.addRenderings(new Map([[term!, ['host']]]));
    expect(first.run().issues).toEqual([]);
    // The next check over the same entries builds nothing again, and has not learnt "host".
    const second = prepareCheck(units, { srcLang: 'zh-TW', tgtLang: 'en-US', entries });
    expect(second.unrenderedCandidates().map((t) => t.text)).toEqual(['伺服器']);
    expect(second.run().issues.map((i) => i.rule)).toEqual(['term-missing']);
    first.markNotRules([term!]);
    expect(prepareCheck(units, { srcLang: 'zh-TW', tgtLang: 'en-US', entries }).run().issues.map((i) => i.rule)).toEqual(['term-missing']);
  });
});
