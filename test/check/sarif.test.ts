/**
 * The check as SARIF 2.1.0 for CI pipelines: `check --report sarif` and POST /api/check with
 * `Accept: application/sarif+json`. One result per issue with its rule, level and message, the
 * unit's line and column in the checked file and its id as the logical location; the rules in
 * tool.driver.rules with help at their heading of docs/checks.md. Microsoft's SARIF Multitool
 * validates the logs (a peer: skipped loudly when it cannot run, required under
 * GLOSSA_REQUIRE_PEERS=1).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { formatForFile } from '../../src/formats/index.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { RULES } from '../../src/check/index.js';
import { acceptsSarif, artifactUri, type SarifLog } from '../../src/check/report.js';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';
import { peerAvailable } from '../helpers/peers.js';
import { slug } from '../e2e/docs.test.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
const FIX = 'test/fixtures/check';
const MULTITOOL = 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool';

let db: Db;
let dbUrl: string;
const logs: Record<string, string> = {};

beforeAll(async () => {
  dbUrl = tempDbUrl();
  db = await openDb(dbUrl);
  await ingest(db, createReadStream(ESSAY), { file: ESSAY, format: formatForFile(ESSAY) });
});

interface JsonReport {
  issues: { unitId: string; rule: string; severity: string; message: string }[];
}

/** Line and column (1-based) where `needle` first stands in a file. */
function placeIn(file: string, needle: string): [number, number] {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle);
  expect(at, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, at);
  return [before.split('\n').length, at - before.lastIndexOf('\n')];
}

async function sarifOf(file: string): Promise<{ log: SarifLog; json: JsonReport; code: number; text: string }> {
  const s = await runCli(['--db', dbUrl, 'check', '--report', 'sarif', file]);
  expect(s.stderr).toBe('');
  const j = await runCli(['--db', dbUrl, 'check', '--report', 'json', file]);
  logs[file] = s.stdout;
  return { log: JSON.parse(s.stdout) as SarifLog, json: JSON.parse(j.stdout) as JsonReport, code: s.code, text: s.stdout };
}

describe('check --report sarif', () => {
  it('an XLIFF: one result per issue, at the trans-unit\'s line and column, the unit id as logical location', async () => {
    const file = `${FIX}/mixed.xlf`;
    const { log, json, code } = await sarifOf(file);
    expect(code).toBe(1);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('Glossa');
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.logicalLocations[0]!.name])).toEqual(json.issues.map((i) => [i.rule, i.severity, i.unitId]));
    expect(run.results.length).toBeGreaterThan(0);
    for (const r of run.results) {
      const unitId = r.locations[0]!.logicalLocations[0]!.name;
      const [line, column] = placeIn(file, `<trans-unit id="${unitId}"`);
      expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: line, startColumn: column });
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('test/fixtures/check/mixed.xlf');
      expect(run.tool.driver.rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.message.text).toMatch(/^[A-Z"].*\.$/);
    }
    // The planted empty target of m2 is an error of rule untranslated.
    expect(run.results.find((r) => r.ruleId === 'untranslated')).toMatchObject({ level: 'error', locations: [{ logicalLocations: [{ name: 'm2' }] }] });
  });

  it('a TMX, a CSV of pairs and the plain-text essay: each result placed at its unit', async () => {
    const csv = await sarifOf(`${FIX}/pairs.csv`);
    expect(csv.log.runs[0]!.results.length).toBe(csv.json.issues.length);
    for (const r of csv.log.runs[0]!.results) {
      const id = r.locations[0]!.logicalLocations[0]!.name;
      expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: placeIn(`${FIX}/pairs.csv`, `${id},`)[0], startColumn: 1 });
    }
    const tmx = await sarifOf(`${FIX}/clean.tmx`);
    expect(tmx.code).toBe(0);
    expect(tmx.log.runs[0]!.results).toEqual([]);
    expect(tmx.log.runs[0]!.tool.driver.rules.length).toBe(RULES.length);
    // The essay against its own TM and glossary: whatever it reports lies on a line of the essay holding the unit's source.
    const essay = await sarifOf(ESSAY);
    const lines = readFileSync(ESSAY, 'utf8').split('\n');
    for (const r of essay.log.runs[0]!.results) {
      const region = r.locations[0]!.physicalLocation.region!;
      expect(region.startLine).toBeGreaterThan(0);
      expect(lines[region.startLine - 1]!.length).toBeGreaterThanOrEqual(region.startColumn! - 1);
    }
  });

  it('describes every rule: short and full description, default level, help at its heading of docs/checks.md', async () => {
    const log = JSON.parse(logs[`${FIX}/mixed.xlf`] ?? (await runCli(['--db', dbUrl, 'check', '--report', 'sarif', `${FIX}/mixed.xlf`])).stdout) as SarifLog;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const headings = new Set([...readFileSync('docs/checks.md', 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
    for (const [i, r] of rules.entries()) {
      expect(r.defaultConfiguration.level).toBe(RULES[i]!.severity);
      expect(r.shortDescription.text.length).toBeGreaterThan(10);
      expect(r.fullDescription.text.length).toBeGreaterThanOrEqual(r.shortDescription.text.length - 1);
      expect(r.name.toLowerCase()).not.toBe(r.id.toLowerCase());
      const help = new URL(r.helpUri);
      expect(help.pathname.endsWith('/docs/checks.md')).toBe(true);
      expect(headings.has(help.hash.slice(1)), `docs/checks.md has a heading for ${r.id}`).toBe(true);
    }
  });

  it('keeps text as the default report and --json as --report json; refuses an unknown report or two at once', async () => {
    const text = await runCli(['--db', dbUrl, 'check', `${FIX}/mixed.xlf`]);
    expect(text.stdout).toMatch(/units checked \(zh-CN → en-US/);
    expect(text.stdout).toMatch(/^m2 {2}error {2}untranslated: the target is empty$/m);
    const json = await runCli(['--db', dbUrl, 'check', '--json', `${FIX}/mixed.xlf`]);
    const report = await runCli(['--db', dbUrl, 'check', '--report', 'json', `${FIX}/mixed.xlf`]);
    expect(json.stdout).toBe(report.stdout);
    const bad = await runCli(['--db', dbUrl, 'check', '--report', 'html', `${FIX}/mixed.xlf`]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('unknown report "html" (known: text, json, sarif)')]);
    const two = await runCli(['--db', dbUrl, 'check', '--json', '--report', 'sarif', `${FIX}/mixed.xlf`]);
    expect([two.code, two.stderr]).toEqual([2, expect.stringContaining('--json and --report sarif')]);
  });

  it('links the rules\' help under GLOSSA_DOCS_URL (an absolute URL), by default this checkout\'s docs/', () => {
    expect(loadConfig({ GLOSSA_DOCS_URL: 'https://example.org/glossa/blob/main/docs' }).docsUrl).toBe('https://example.org/glossa/blob/main/docs/');
    expect(loadConfig({}).docsUrl).toMatch(/^file:\/\/.*\/docs\/$/);
    expect(() => loadConfig({ GLOSSA_DOCS_URL: 'docs/' })).toThrow('GLOSSA_DOCS_URL must be an absolute URL such as https://example.org/glossa/docs/, got "docs/"');
  });

  it('writes a path as a URI reference: segments percent-encoded, an absolute path as a file: URI', () => {
    expect(artifactUri('l10n/zh TW/app.xlf')).toBe('l10n/zh%20TW/app.xlf');
    expect(artifactUri('./a#1.po')).toBe('a%231.po');
    expect(artifactUri('/srv/x y.tmx')).toBe('file:///srv/x%20y.tmx');
  });
});

describe('POST /api/check with Accept: application/sarif+json', () => {
  const app = () => createApp({ db, config: loadConfig({}) });
  const xlf = readFileSync(`${FIX}/mixed.xlf`);

  it('answers SARIF for the SARIF media type, naming the file ?file= gives; JSON stays the default', async () => {
    const sarif = await app().request('/api/check?file=l10n/mixed.xlf', { method: 'POST', headers: { 'content-type': 'application/xliff+xml', accept: 'application/sarif+json' }, body: xlf });
    expect(sarif.status).toBe(200);
    expect(sarif.headers.get('content-type')).toBe('application/sarif+json');
    expect(sarif.headers.get('vary')).toBe('Accept');
    const body = await sarif.text();
    logs.http = body;
    const log = JSON.parse(body) as SarifLog;
    const cli = JSON.parse(logs[`${FIX}/mixed.xlf`]!) as SarifLog;
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region])).toEqual(cli.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region]));
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('l10n/mixed.xlf');
    const plain = await app().request('/api/check', { method: 'POST', headers: { 'content-type': 'application/xliff+xml' }, body: xlf });
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys((await plain.json()) as object)).toEqual(['issues', 'summary']);
  });

  it('JSON pairs as SARIF: results without a region (pairs have no lines), still valid', async () => {
    const pairs = { srcLang: 'zh-TW', tgtLang: 'en-US', pairs: [{ id: 'p1', source: '行政命令已於週一生效。', target: '' }] };
    const res = await app().request('/api/check', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/sarif+json;q=0.9, application/json;q=0.5' }, body: JSON.stringify(pairs) });
    const log = (await res.json()) as SarifLog;
    logs.pairs = JSON.stringify(log);
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.logicalLocations[0]!.name, r.locations[0]!.physicalLocation.region])).toEqual([['untranslated', 'p1', undefined]]);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('request-body');
  });

  it('negotiates as the weights say: SARIF only when named, above application/json and no lower than a wildcard', () => {
    expect(acceptsSarif('application/sarif+json')).toBe(true);
    expect(acceptsSarif('application/sarif+json, */*;q=0.1')).toBe(true);
    expect(acceptsSarif('application/json;q=0.5, application/sarif+json')).toBe(true);
    expect(acceptsSarif(undefined)).toBe(false);
    expect(acceptsSarif('*/*')).toBe(false);
    expect(acceptsSarif('application/json, application/sarif+json')).toBe(false);
    expect(acceptsSarif('application/sarif+json;q=0')).toBe(false);
    expect(acceptsSarif('application/sarif+json;q=0.2, */*')).toBe(false);
  });
});

describe('the SARIF Multitool validates the logs', () => {
  it('reports no error on the logs of an XLIFF, a TMX, a CSV, the essay, and the HTTP answers', () => {
    const runnable = (() => {
      try {
        accessSync(MULTITOOL, constants.X_OK);
        return spawnSync(MULTITOOL, ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0;
      } catch {
        return false;
      }
    })();
    if (!peerAvailable('SARIF Multitool (npm @microsoft/sarif-multitool; if installed, chmod u+x its Sarif.Multitool)', runnable)) return;
    const dir = tempDir();
    const files = Object.entries(logs).map(([name, text], i) => {
      const path = join(dir, `log${i}.sarif`);
      writeFileSync(path, text);
      return { name, path };
    });
    expect(files.length).toBeGreaterThanOrEqual(6);
    // The validator is not silent: a log with a line 0 and a URI with a space holds errors.
    const bad = join(dir, 'bad.sarif');
    writeFileSync(bad, logs[`${FIX}/mixed.xlf`]!.replace('"startLine": 6', '"startLine": 0').replace('"uri": "test/fixtures/check/mixed.xlf"', '"uri": "a b.xlf"'));
    const out = join(dir, 'validation.sarif');
    const r = spawnSync(MULTITOOL, ['validate', ...files.map((f) => f.path), bad, '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: unknown; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[]; invocations?: { executionSuccessful: boolean }[] }[] };
    expect(validation.runs[0]!.invocations?.[0]?.executionSuccessful).toBe(true);
    const errors = (validation.runs[0]!.results ?? []).filter((x) => x.level === 'error');
    const inFile = (x: (typeof errors)[number]): string => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    expect(errors.filter((x) => !inFile(x).endsWith('/bad.sarif')).map((x) => `${inFile(x)} ${x.ruleId} ${JSON.stringify(x.message)}`)).toEqual([]);
    expect(errors.filter((x) => inFile(x).endsWith('/bad.sarif')).map((x) => x.ruleId)).toEqual(expect.arrayContaining(['JSON1008', 'SARIF1002']));
  }, 120_000);
});
