/**
 * The essay's TMX against real peers: xmllint validates it against the TMX 1.4b DTD, and OmegaT
 * (console-translate) fills the cleaned Chinese essay from it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alignBilingualText } from '../../src/align/document.js';
import { OMEGAT_JAR, hasProgram, omegatProject, peerAvailable, runOmegat } from '../helpers/peers.js';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
let tmxPath = '';

beforeAll(async () => {
  const dir = tempDir();
  const db = tempDbUrl();
  expect((await runCli(['--db', db, 'ingest', '--no-extract', ESSAY])).code).toBe(0);
  tmxPath = join(dir, 'essay.tmx');
  const r = await runCli(['--db', db, 'export', '--format', 'tmx', '--out', tmxPath]);
  expect(r.stderr).toBe('');
});

describe('the essay as TMX', () => {
  it('holds the 35 sentence pairs as zh-TW / en-US with no web artefacts', () => {
    const tmx = readFileSync(tmxPath, 'utf8');
    expect(tmx.match(/<tu /g)).toHaveLength(35);
    expect(tmx).toMatch(/srclang="zh-TW"/);
    expect(tmx.match(/xml:lang="en-US"/g)).toHaveLength(35);
    expect(tmx).not.toMatch(/\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)/);
    expect(tmx).not.toMatch(/open\[1\]/);
  });

  it('validates against the TMX 1.4b DTD (xmllint)', (ctx) => {
    if (!peerAvailable('xmllint', hasProgram('xmllint'))) return ctx.skip();
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--dtdvalid', 'test/fixtures/schemas/tmx14.dtd', tmxPath], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('lets OmegaT fill every segment of the Chinese essay that has an English counterpart (35 of 38)', (ctx) => {
    if (!peerAvailable('OmegaT', hasProgram(OMEGAT_JAR) && hasProgram('java'))) return ctx.skip();
    const project = omegatProject();
    writeFileSync(join(project, 'tm/auto/essay.tmx'), readFileSync(tmxPath));
    const doc = alignBilingualText(readFileSync(ESSAY, 'utf8'), { file: ESSAY });
    writeFileSync(join(project, 'source/essay.txt'), doc.source.map((p) => p.text).join('\n\n') + '\n');
    const r = runOmegat(project);
    expect(r.status, r.stderr).toBe(0);
    const stats = readFileSync(join(project, 'omegat/project_stats.txt'), 'utf8');
    const total = /Total:\s+(\d+)/.exec(stats)?.[1];
    const remaining = /Remaining:\s+(\d+)/.exec(stats)?.[1];
    expect(Number(total)).toBe(38);
    expect(Number(remaining)).toBe(3);
    const translated = readFileSync(join(project, 'target/essay.txt'), 'utf8');
    for (const u of doc.units) expect(translated).toContain(u.target);
    // The three lines with no English stay in Chinese.
    for (const left of ['(財富中文網)', '譯者:劉進龍', '審校:汪皓']) expect(translated).toContain(left);
  });
});
