/**
 * A CSV/TSV of translation pairs through `check FILE` and POST /api/check: a header of two
 * language tags (a glossary's header works too) or source,target with the languages given apart;
 * bad CSVs (no header, one column, ragged rows) are bad input naming the file and the line. Glossary
 * CSV import (docs/formats.md) stays as it was: terms, no units.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { formatForFile } from '../../src/formats/index.js';
import { countTUs } from '../../src/store/tus.js';
import { listEntries } from '../../src/store/terms.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { runCli, tempDbUrl } from '../helpers/cli.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
const FIX = 'test/fixtures/check';

let db: Db;
let dbUrl: string;

beforeAll(async () => {
  dbUrl = tempDbUrl();
  db = await openDb(dbUrl);
  await ingest(db, createReadStream(ESSAY), { file: ESSAY, format: formatForFile(ESSAY) });
});

interface Report {
  issues: { unitId: string; rule: string; severity: string; term?: { source: string; expected: string[] } }[];
  summary: { units: number; errors: number; srcLang: string; tgtLang: string };
}

describe('check of a CSV of translation pairs', () => {
  it('reads a header of language tags, an id column, quoted commas, and reports the planted errors by id', async () => {
    const r = await runCli(['--db', dbUrl, 'check', '--json', `${FIX}/pairs.csv`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary).toMatchObject({ units: 4, srcLang: 'zh-TW', tgtLang: 'en-US' });
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => `${i.unitId} ${i.rule}`)).toEqual(['d5 term-missing', 'd7 number-mismatch']);
    expect(report.issues[0]!.term).toEqual({ source: '行政命令', expected: ['Executive Order'] });
  });

  it('reads a source,target TSV with the languages given, and refuses it without them', async () => {
    const file = `${FIX}/pairs-source-target.tsv`;
    const r = await runCli(['--db', dbUrl, 'check', '--json', '--src', 'zh-TW', '--tgt', 'en-US', file]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    // Units are named by their line; the second says Securities Commission for SEC.
    expect(report.issues.filter((i) => i.rule === 'term-missing').map((i) => i.unitId)).toEqual(['3']);
    const bare = await runCli(['--db', dbUrl, 'check', file]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('pairs-source-target.tsv:1');
    expect(bare.stderr).toContain('--src');
  });

  it('refuses a CSV without a header, with one column or with ragged rows: exit 2, file and line', async () => {
    const cases: [string, RegExp][] = [
      ['bad-noheader.csv', /bad-noheader\.csv:1: .*language tags/],
      ['bad-onecolumn.csv', /bad-onecolumn\.csv:1: .*two columns/],
      ['bad-ragged.csv', /bad-ragged\.csv:3: .*number of columns/],
    ];
    for (const [name, message] of cases) {
      const r = await runCli(['--db', dbUrl, 'check', `${FIX}/${name}`]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stdout, name).toBe('');
    }
  });

  it('POST /api/check takes text/csv and ?format=csv or tsv; bad CSVs are 400 with the line', async () => {
    const app = createApp({ db, config: { ...loadConfig({}), maxBodyBytes: 50_000 } });
    const post = (body: string | Uint8Array, type: string, query = ''): Promise<Response> => Promise.resolve(app.request(`/api/check${query}`, { method: 'POST', headers: { 'content-type': type }, body }));
    const csv = await post(readFileSync(`${FIX}/pairs.csv`), 'text/csv');
    expect(csv.status).toBe(200);
    const report = (await csv.json()) as Report;
    expect(report.summary.errors).toBe(2);
    expect(report.issues.map((i) => i.unitId)).toContain('d5');
    const named = await post(readFileSync(`${FIX}/pairs.csv`), 'application/octet-stream', '?format=csv');
    expect(((await named.json()) as Report).summary.errors).toBe(2);
    const tsv = await post(readFileSync(`${FIX}/pairs-source-target.tsv`), 'text/plain', '?format=tsv&src=zh-CN&tgt=en');
    expect(tsv.status).toBe(200);
    expect(((await tsv.json()) as Report).summary).toMatchObject({ units: 2, errors: 1, srcLang: 'zh-CN', tgtLang: 'en' });
    for (const [name, line] of [['bad-noheader.csv', 1], ['bad-onecolumn.csv', 1], ['bad-ragged.csv', 3]] as const) {
      const res = await post(readFileSync(`${FIX}/${name}`), 'text/csv');
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message, name).toContain(`request body (csv):${line}:`);
    }
    expect((await post(readFileSync(`${FIX}/pairs-source-target.tsv`), 'text/plain', '?format=tsv')).status).toBe(400);
    expect((await post(readFileSync(`${FIX}/pairs-source-target.tsv`), 'text/plain', '?format=tsv&src=zh&tgt=x y')).status).toBe(400);
  });

  it('still imports a glossary CSV as terms, not as units (docs/formats.md)', async () => {
    const gdb = await openDb(tempDbUrl());
    const file = 'glossary/chokepoint.zh-en.csv';
    await ingest(gdb, createReadStream(file), { file, format: formatForFile(file) });
    expect(await countTUs(gdb)).toBe(0);
    const entries = await listEntries(gdb);
    expect(entries.length).toBe(readFileSync(file, 'utf8').trim().split('\n').length - 1);
    // The same glossary file checked as pairs: its rows are term pairs, each its own translation.
    const r = await runCli(['--db', dbUrl, 'check', '--json', file]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).summary.units).toBe(entries.length);
  });
});
