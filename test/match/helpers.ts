/** A database with real units for the match, HTTP and web tests: the essay and wget's catalog. */
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';
import { formatByName } from '../../src/formats/index.js';
import { ingest } from '../../src/ingest.js';
import { insertEntries } from '../../src/store/terms.js';
import type { TermEntry } from '../../src/model.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'match');

export async function tempDb(): Promise<Db> {
  return openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-match-')), 'g.db')}`);
}

/** The essay's TM and wget's catalog, ingested as a user would (extraction off: the tests add their own terms). */
export async function realTmDb(): Promise<Db> {
  const db = await tempDb();
  for (const [file, format] of [['essay.zh-en.tmx', 'tmx'], ['wget.zh_TW.po', 'po']] as const) {
    await ingest(db, createReadStream(join(FIXTURES, file)), { file, format: formatByName(format), extract: false });
  }
  return db;
}

export function pair(zh: string, en: string, status: 'approved' | 'candidate' | 'forbidden' = 'approved'): TermEntry {
  return { terms: [{ lang: 'zh-TW', text: zh, status }, { lang: 'en-US', text: en, status }], method: 'user', origin: 'user' };
}

/** A small glossary with the cases the look-up must handle: scripts, inflection, 1–2 character terms. */
export const GLOSSARY: TermEntry[] = [
  pair('區塊鏈', 'blockchain'),
  pair('深度求索', 'DeepSeek'),
  pair('美國', 'America'),
  pair('加密貨幣', 'cryptocurrency'),
  pair('鏈', 'chain', 'candidate'),
  pair('證券交易委員會', 'SEC'),
  pair('行政命令', 'executive order'),
];

export async function addGlossary(db: Db, entries: TermEntry[] = GLOSSARY): Promise<number[]> {
  return db.write((tx) => insertEntries(tx, entries));
}
