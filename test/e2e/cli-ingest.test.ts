import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';

describe('glossa ingest (CLI)', () => {
  it('ingests the essay once: 35 units, and a second ingest adds nothing', async () => {
    const db = tempDbUrl();
    const first = await runCli(['--db', db, 'ingest', ESSAY]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/35 units added, 0 already present/);
    const second = await runCli(['--db', db, 'ingest', ESSAY]);
    expect(second.stdout).toMatch(/0 units added, 35 already present/);
    const stats = await runCli(['--db', db, 'stats', '--json']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ units: 35, pairs: [{ srcLang: 'zh-TW', tgtLang: 'en-US', units: 35 }] });
  });

  it('a TSV of aligned sentences with a language header fills the TM; a glossary CSV fills the glossary', async () => {
    // The devtext gold sentence pairs of the three documents under one zh-TW<TAB>en-US header.
    const gold = readdirSync('test/fixtures/devtext').filter((n) => n.endsWith('.gold-sentences.tsv')).sort();
    const rows = gold.flatMap((n) => readFileSync(join('test/fixtures/devtext', n), 'utf8').split('\n').filter((l) => l.trim() !== ''));
    const tsv = join(tempDir(), 'sentences.tsv');
    writeFileSync(tsv, `zh-TW\ten-US\n${rows.join('\n')}\n`);
    const db = tempDbUrl();
    const sentences = await runCli(['--db', db, 'ingest', '--no-extract', tsv]);
    expect(sentences.stderr).toBe('');
    expect(sentences.stdout).toMatch(new RegExp(`${rows.length} units added, 0 already present, 0 term entries added`));
    const glossary = await runCli(['--db', db, 'ingest', '--no-extract', 'test/fixtures/formats/hostile-glossary.csv']);
    expect(glossary.stdout).not.toMatch(/units added/);
    expect(glossary.stdout).toMatch(/[1-9]\d* term entries added/);
    const stats = JSON.parse((await runCli(['--db', db, 'stats', '--json'])).stdout);
    expect(stats).toMatchObject({ units: rows.length, pairs: [{ srcLang: 'zh-TW', tgtLang: 'en-US', units: rows.length }] });
    const tm = await runCli(['--db', db, 'tm', '--json', rows[0]!.split('\t')[0]!]);
    expect(tm.stdout).toContain(JSON.stringify(rows[0]!.split('\t')[1]!));
  });

  it('refuses bad input with one line naming the file and the problem, exit 2, database unchanged', async () => {
    const db = tempDbUrl();
    const dir = tempDir();
    const cases: [string, Buffer | string, RegExp][] = [
      ['empty.txt', '', /empty\.txt: is empty/],
      ['blank.txt', '\n \n\n', /blank\.txt: is empty/],
      ['big5.txt', Buffer.from([0x0a, 0xac, 0xfc, 0xb0, 0xea, 0x0a]), /big5\.txt:2: not valid UTF-8/],
      ['english.txt', 'Only English.\nStill English.', /english\.txt: holds only Latin-script paragraphs/],
      ['notes.docx', 'x', /cannot tell the format of ".*notes\.docx"/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = await runCli(['--db', db, 'ingest', file]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
    }
    const missing = await runCli(['--db', db, 'ingest', join(dir, 'nope.txt')]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/nope\.txt: cannot be read/);
    const stats = await runCli(['--db', db, 'stats', '--json']);
    expect(JSON.parse(stats.stdout).units).toBe(0);
  });

  it('answers usage errors with exit 2', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['frobnicate'])).stderr).toMatch(/unknown command "frobnicate"/);
    expect((await runCli(['--db', tempDbUrl(), 'export'])).stderr).toMatch(/export needs --format/);
    expect((await runCli(['--db', tempDbUrl(), 'export', '--format', 'docx'])).stderr).toMatch(/unknown format "docx"/);
  });
});
