/**
 * OmegaT reads our TBX: the essay's glossary and a glossary of hostile text, exported by Glossa
 * as TBX-Basic (martif), read by OmegaT's own TBX reader (GlossaryReaderTBX) inside a project it
 * loaded in console mode (test/fixtures/omegat/read-glossaries.groovy writes what it read).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { OMEGAT_JAR, hasProgram, omegatProject, peerAvailable, runOmegat } from '../helpers/peers.js';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';
import { writeEntries } from '../formats/helpers.js';
import { tbxFormat } from '../../src/formats/tbx.js';
import type { TermEntry } from '../../src/model.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
const SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'omegat', 'read-glossaries.groovy');

/** What OmegaT read from each .tbx in glossary/: [file, source, target, comment] rows. */
function readByOmegat(glossaries: Record<string, string>): string[][] {
  const project = omegatProject();
  writeFileSync(join(project, 'source/one.txt'), '區塊鏈\n');
  for (const [name, text] of Object.entries(glossaries)) writeFileSync(join(project, 'glossary', name), text);
  const r = runOmegat(project, `--script=${SCRIPT}`);
  expect(r.status, r.stderr).toBe(0);
  const unescape = (s: string): string => s.replace(/\\([\\tnr])/g, (_, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c]!);
  return readFileSync(join(project, 'glossary/read-by-omegat.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t').map(unescape));
}

describe('OmegaT reads our TBX', () => {
  it('finds every term pair of the essay glossary, as the CSV export has them', async (ctx) => {
    if (!peerAvailable('OmegaT', hasProgram(OMEGAT_JAR) && hasProgram('java'))) return ctx.skip();
    const db = tempDbUrl();
    const dir = tempDir();
    expect((await runCli(['--db', db, 'ingest', ESSAY])).code).toBe(0);
    const tbx = join(dir, 'essay.tbx');
    const csv = join(dir, 'essay.csv');
    expect((await runCli(['--db', db, 'export', '--format', 'tbx', '--out', tbx])).code).toBe(0);
    expect((await runCli(['--db', db, 'export', '--format', 'csv', '--out', csv])).code).toBe(0);
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const expected = rows.map((r) => `${r['zh-TW']}\t${r['en-US']}`).sort();
    expect(expected.length).toBeGreaterThan(50);
    const read = readByOmegat({ 'essay.tbx': readFileSync(tbx, 'utf8') });
    expect([...new Set(read.map(([, s, t]) => `${s}\t${t}`))].sort()).toEqual([...new Set(expected)].sort());
  });

  it('keeps hostile text whole: markup characters, quotes, emoji, CJK extension B, notes', async (ctx) => {
    if (!peerAvailable('OmegaT', hasProgram(OMEGAT_JAR) && hasProgram('java'))) return ctx.skip();
    const entries: TermEntry[] = [
      { id: 1, terms: [{ lang: 'zh-TW', text: '證券交易委員會', status: 'approved' }, { lang: 'en-US', text: 'SEC', status: 'approved' }], note: 'a <b>bold</b> & "quoted" note' },
      { id: 2, terms: [{ lang: 'zh-TW', text: '扼喉行動2.0', status: 'candidate' }, { lang: 'en-US', text: 'Operation Chokepoint 2.0 & "more" <x/>', status: 'candidate' }] },
      { id: 3, terms: [{ lang: 'zh-TW', text: '𠀀𠀁比特幣😀', status: 'approved' }, { lang: 'en-US', text: "Bitcoin's 😀 'coin'", status: 'approved' }] },
    ];
    const read = readByOmegat({ 'hostile.tbx': await writeEntries(tbxFormat, entries) });
    const pairs = read.map(([, s, t]) => [s, t]);
    expect(pairs).toEqual(expect.arrayContaining(entries.map((e) => [e.terms[0]!.text, e.terms[1]!.text])));
    expect(pairs).toHaveLength(3);
    expect(read.find(([, s]) => s === '證券交易委員會')![3]).toContain('a <b>bold</b> & "quoted" note');
  });
});
