import { describe, expect, test } from 'vitest';
import { evaluate, paragraphPairs } from '../../scripts/eval.js';
import type { GlossaryEntry } from '../../src/extract/index.js';
import { extractFromUnits } from '../../src/extract/index.js';

const entry = (zh: string, en: string): GlossaryEntry => ({ zh, en, terms: [] });

describe('npm run eval', () => {
  test('recall counts a term found with an accepted variant, across script and inflection', () => {
    const ev = evaluate([entry('区块链', 'blockchains'), entry('行政命令', 'Executive Order')], [
      { zh: '區塊鏈', en: ['blockchain'] },
      { zh: '行政命令', en: ['executive order'] },
      { zh: '新加坡', en: ['Singapore'] },
    ]);
    expect(ev.found.map((r) => r.zh)).toEqual(['區塊鏈', '行政命令']);
    expect(ev.missing.map((r) => r.zh)).toEqual(['新加坡']);
    expect(ev.recall).toBeCloseTo(2 / 3);
  });

  test('a term with any translation outside the accepted ones is a wrong pair, not a find', () => {
    const ev = evaluate([entry('開源', 'open source'), entry('開源', 'revenue')], [{ zh: '開源', en: ['open source'] }]);
    expect(ev.found).toEqual([]);
    expect(ev.wrong.map((w) => w.got)).toEqual([['open source', 'revenue']]);
  });

  test('the paragraph pairing of a two-block text drops the repeated block and credit lines', () => {
    const text = ['甲段落。', '乙段落。', '譯者:某人', '甲段落。', '乙段落。', '譯者:某人', 'First paragraph.', 'Second paragraph.'].join('\n');
    const units = paragraphPairs(text);
    expect(units.map((u) => [u.source, u.target])).toEqual([['甲段落。', 'First paragraph.'], ['乙段落。', 'Second paragraph.']]);
  });
});

describe('extraction on hostile input', () => {
  test('empty, punctuation-only, control characters and a very long unit: no crash, no pair invented', async () => {
    const long = '區塊鏈'.repeat(20_000);
    const g = await extractFromUnits([
      { id: 1, srcLang: 'zh-TW', tgtLang: 'en-US', source: '', target: '' },
      { id: 2, srcLang: 'zh-TW', tgtLang: 'en-US', source: '。。，，！', target: '... !!' },
      { id: 3, srcLang: 'zh-TW', tgtLang: 'en-US', source: '\u0000\u0007區塊鏈\uFFFF', target: '\u0000 blockchain \uD800' },
      { id: 4, srcLang: 'zh-TW', tgtLang: 'en-US', source: long, target: 'blockchain '.repeat(2000) },
      { id: 5, srcLang: 'zh-TW', tgtLang: 'en-US', source: '((((((((((', target: '))))))' },
    ]);
    expect(g.map((e) => [e.zh, e.en])).toEqual([['區塊鏈', 'blockchain']]);
    expect(g[0]!.evidence).toEqual([3, 4]);
  });
});
