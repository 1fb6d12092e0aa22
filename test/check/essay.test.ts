/**
 * End to end: the essay ingested (alignment, extraction), then translations checked against the
 * glossary the extractor built, through the library, the CLI and the HTTP API.
 * dev-check.xlf / .tsv are the issue's evaluation cases: every planted error reported with its
 * term, no error on the clean units.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { formatForFile } from '../../src/formats/index.js';
import { checkAgainstStore, readUnitsToCheck } from '../../src/check/run.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { runCli, tempDbUrl } from '../helpers/cli.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
const DEV_XLF = 'test/fixtures/eval/dev-check.xlf';
const DEV_TSV = 'test/fixtures/eval/dev-check.tsv';
const MIXED = 'test/fixtures/check/mixed.xlf';

let db: Db;
let dbUrl: string;

beforeAll(async () => {
  dbUrl = tempDbUrl();
  db = await openDb(dbUrl);
  await ingest(db, createReadStream(ESSAY), { file: ESSAY, format: formatForFile(ESSAY) });
});

/** The expectations of dev-check.tsv: unit id → the English term that must be reported, or ok. */
function expectations(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(DEV_TSV, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const cols = line.split('\t');
    out.set(cols[0]!, cols[3]!.trim());
  }
  return out;
}

describe('checking against the glossary extracted from the essay', () => {
  it('reports every planted error of dev-check with its term, and no error on the clean units', async () => {
    const job = await readUnitsToCheck(createReadStream(DEV_XLF), formatForFile(DEV_XLF), DEV_XLF);
    const report = await checkAgainstStore(db, job);
    const expected = expectations();
    expect(expected.size).toBe(job.units.length);
    for (const [id, want] of expected) {
      const errors = report.issues.filter((i) => i.unitId === id && i.severity === 'error');
      if (want === 'ok') {
        expect(errors, `unit ${id} is clean`).toEqual([]);
      } else {
        expect(errors.map((e) => e.rule), `unit ${id}`).toEqual(['term-missing']);
        expect(errors[0]!.term!.expected.map((e) => e.toLowerCase()), `unit ${id}`).toContain(want.toLowerCase());
      }
    }
  });

  it('reports errors of every kind in one file, with spans in the text as written', async () => {
    const job = await readUnitsToCheck(createReadStream(MIXED), formatForFile(MIXED), MIXED);
    const report = await checkAgainstStore(db, job);
    const found = report.issues.map((i) => `${i.unitId} ${i.rule}`);
    expect(found).toEqual(['m2 untranslated', 'm3 name-missing', 'm4 number-mismatch']);
    const name = report.issues.find((i) => i.rule === 'name-missing')!;
    expect(job.units[2]!.source.slice(...name.sourceSpan!)).toBe('Coinbase');
    expect(report.summary).toMatchObject({ units: 4, errors: 2, warnings: 1 });
  });

  it('the CLI prints a report and exits 1 on errors, 0 on a clean file, 2 on bad input', async () => {
    const text = await runCli(['--db', dbUrl, 'check', DEV_XLF]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('d5  error  term-missing');
    expect(text.stdout).toContain('⟦行政命令⟧已於週一生效。');
    expect(text.stdout).toContain('target: The presidential decree took effect on Monday.');
    const json = await runCli(['--db', dbUrl, 'check', '--json', DEV_XLF]);
    const parsed = JSON.parse(json.stdout) as { issues: { unitId: string; rule: string; term?: { source: string; expected: string[] } }[]; summary: { errors: number } };
    expect(parsed.issues.map((i) => i.unitId)).toEqual(['d4', 'd5', 'd6']);
    expect(parsed.issues[1]!.term).toEqual({ source: '行政命令', expected: ['Executive Order'] });
    expect(parsed.summary.errors).toBe(3);
    const clean = await runCli(['--db', dbUrl, 'check', 'test/fixtures/check/clean.tmx']);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const bad = await runCli(['--db', dbUrl, 'check', 'test/fixtures/check/broken.xlf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.xlf:\d+/);
    expect((await runCli(['--db', dbUrl, 'check', 'no/such/file.xlf'])).code).toBe(2);
  });

  it('POST /api/check answers JSON pairs and XLIFF bodies; bad bodies are 4xx', async () => {
    const app = createApp({ db, config: { ...loadConfig({}), maxBodyBytes: 50_000 } });
    const post = (body: string | Uint8Array, type: string): Promise<Response> => Promise.resolve(app.request('/api/check', { method: 'POST', headers: { 'content-type': type }, body }));
    const pairs = await post(JSON.stringify({ srcLang: 'zh-CN', tgtLang: 'en', pairs: [{ id: 'p1', source: '证券交易委员会发表了声明。', target: 'The SEC issued a statement.' }, { id: 'p2', source: '证券交易委员会发表了声明。', target: 'The commission issued a statement.' }] }), 'application/json');
    expect(pairs.status).toBe(200);
    const body = (await pairs.json()) as { issues: { unitId: string; rule: string }[]; summary: { errors: number } };
    expect(body.issues.map((i) => `${i.unitId} ${i.rule}`)).toEqual(['p2 term-missing', 'p2 inconsistent-translation']);
    const xliff = await post(readFileSync(DEV_XLF), 'application/xliff+xml');
    expect(((await xliff.json()) as { summary: { errors: number } }).summary.errors).toBe(3);
    expect((await post('{"srcLang":"zh"', 'application/json')).status).toBe(400);
    expect((await post(JSON.stringify({ srcLang: 'zh', tgtLang: 'en', pairs: [] }), 'application/json')).status).toBe(400);
    expect((await post(JSON.stringify({ srcLang: 'zh', tgtLang: 'en', pairs: [{ source: 'a' }] }), 'application/json')).status).toBe(400);
    expect((await post('<!DOCTYPE xliff [<!ENTITY x "y">]><xliff version="1.2">&x;</xliff>', 'application/xml')).status).toBe(400);
    expect((await post('<html/>', 'application/xml')).status).toBe(400);
    expect((await post('a,b', 'text/csv')).status).toBe(400);
    expect((await post('a,b', 'image/png')).status).toBe(415);
    expect((await post('x'.repeat(60_000), 'application/json')).status).toBe(413);
    expect((await app.request('/api/health')).status).toBe(200);
  });
});
