import { beforeAll, describe, expect, it } from 'vitest';
import { loadCedict, type Dictionary } from '../../src/dict/cedict.js';
import { parsePinyinQuery, readingAgrees, readingKeys, termReadings } from '../../src/dict/pinyin.js';
import { fold } from '../../src/text/fold.js';

let dict: Dictionary;
beforeAll(async () => {
  dict = await loadCedict();
});

const readings = (term: string): string[] => termReadings(dict, fold(term));
const agrees = (term: string, query: string): boolean => {
  const q = parsePinyinQuery(query);
  return q !== undefined && readings(term).some((r) => readingAgrees(r, q));
};

describe('pinyin readings of terms', () => {
  it('reads a term as its dictionary words', () => {
    expect(readings('區塊鏈')).toEqual(['qu1 kuai4 lian4']);
    expect(readingKeys('qu1 kuai4 lian4')).toEqual({ full: 'qukuailian', initials: 'qkl' });
  });

  it('reads a heteronym as the word it stands in', () => {
    expect(readings('銀行')).toEqual(['yin2 hang2']);
    expect(readings('行政命令')[0]).toBe('xing2 zheng4 ming4 ling4');
    expect(readings('重要')).toContain('zhong4 yao4');
    expect(readings('重新')).toContain('chong2 xin1');
    expect(readings('重新')).not.toContain('zhong4 xin1');
  });

  it('keeps every reading the dictionary gives a word', () => {
    expect(readings('便宜')).toEqual(expect.arrayContaining(['bian4 yi2', 'pian2 yi5']));
  });

  it('reads no term that is not all Chinese characters', () => {
    expect(readings('A股')).toEqual([]);
    expect(readings('blockchain')).toEqual([]);
  });
});

describe('pinyin queries', () => {
  it('takes pinyin with and without tones, spaces and apostrophes', () => {
    for (const q of ['qukuailian', 'qu kuai lian', 'qu1 kuai4 lian4', 'qu1kuai4lian4', 'qū kuài liàn', 'qūkuàiliàn', 'QU KUAI LIAN', "qu'kuai'lian"]) {
      expect(parsePinyinQuery(q)?.letters, q).toBe('qukuailian');
      expect(agrees('區塊鏈', q), q).toBe(true);
    }
  });

  it('reads ü as v, typed as ü, u: or v', () => {
    for (const q of ['lǜ shī', 'lu:4 shi1', 'lv4shi1']) expect(agrees('律師', q), q).toBe(true);
  });

  it('refuses a wrong tone and a break inside a syllable', () => {
    expect(agrees('區塊鏈', 'qu1 kuai4 lian3')).toBe(false);
    expect(agrees('區塊鏈', 'qǔ kuài liàn')).toBe(false);
    expect(agrees('區塊鏈', 'q ukuai lian')).toBe(false);
  });

  it('lets a neutral-tone syllable take any tone', () => {
    expect(agrees('便宜', 'pian2 yi2')).toBe(true);
    expect(agrees('便宜', 'pian3 yi2')).toBe(false);
  });

  it('is not pinyin when the query holds other characters', () => {
    expect(parsePinyinQuery('區塊鏈')).toBeUndefined();
    expect(parsePinyinQuery('smart-contract!')).toBeUndefined();
    expect(parsePinyinQuery('q')).toBeUndefined();
  });
});
