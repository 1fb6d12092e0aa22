import { describe, expect, test } from 'vitest';
import { analyseUnit } from '../../src/extract/glossary.js';
import { copiedNames, statisticalPairs } from '../../src/extract/statistics.js';

const units = (pairs: [string, string][]) =>
  pairs.map(([zh, en], i) => analyseUnit({ id: i + 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: en })!);

const meetings: [string, string][] = [
  ['研究所發布了新版本。', 'Acme Labs released a new version.'],
  ['研究所今天關閉。', 'Acme Labs closed today.'],
  ['研究所的網站很慢。', 'The website of Acme Labs is slow.'],
];

describe('statistics and copied names', () => {
  test('an English name that meets a Chinese word in every unit is paired with it', () => {
    const { pairs } = statisticalPairs(units(meetings));
    expect(pairs.find((p) => p.zh === '研究所')?.en).toMatch(/^acme/);
  });

  test('a name some unit copies in Latin letters inside its Chinese is no rendering of a Chinese word', () => {
    const copied: [string, string][] = [...meetings.slice(0, 2), ['研究所的網站由 Acme Labs 維護。', 'The website of Acme Labs is maintained by it.']];
    expect(copiedNames(units(copied))).toEqual(new Set(['acme', 'acme lab', 'lab']));
    const { pairs } = statisticalPairs(units(copied));
    expect(pairs.filter((p) => p.zh === '研究所' && p.en.startsWith('acme'))).toEqual([]);
  });

  test('Latin words without a capital inside the Chinese (commands, paths) are not names', () => {
    expect(copiedNames(units([['執行 ls -l 列出檔案。', 'Run ls -l to list files.']]))).toEqual(new Set());
  });
});
