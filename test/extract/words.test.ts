import { describe, expect, test } from 'vitest';
import { englishNgrams, phraseKey, tokenizeEnglish } from '../../src/text/en-words.js';
import { chineseCandidates, segmentChinese } from '../../src/text/zh-words.js';

describe('English tokens and candidates', () => {
  test('inflection, hyphens, possessives and abbreviations fold to one key', () => {
    expect(phraseKey('blockchains')).toBe(phraseKey('blockchain'));
    expect(phraseKey('Executive Orders')).toBe('executive order');
    expect(phraseKey('open-source')).toBe('open source');
    const toks = tokenizeEnglish('The public’s right to use the U.S. market.');
    expect(toks.map((t) => t.text)).toEqual(['The', 'public', 'right', 'to', 'use', 'the', 'U.S.', 'market']);
  });

  test('n-grams never start or end with a stop word, nor cross punctuation', () => {
    const grams = englishNgrams('Gatekeepers of the Web, and venture capital.').map((g) => g.text);
    expect(grams).toContain('Gatekeepers of the Web');
    expect(grams).toContain('venture capital');
    expect(grams.some((g) => /^(?:of|the|and)\b|\b(?:of|the|and)$/i.test(g))).toBe(false);
    expect(grams).not.toContain('Web, and venture');
  });

  test('offsets point into the text as written', () => {
    const text = 'Operation Chokepoint 2.0 began.';
    for (const g of englishNgrams(text)) expect(text.slice(g.start, g.end)).toBe(g.text);
    expect(englishNgrams(text).map((g) => g.text)).toContain('Operation Chokepoint 2.0');
  });
});

describe('Chinese segmentation and candidates', () => {
  test('Traditional text is segmented through its Simplified form, offsets into the original', () => {
    const text = '監管機構對區塊鏈和人工智能的創業者實施金融封殺。';
    const tokens = segmentChinese(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.map((t) => t.text)).toContain('人工智能');
    expect(tokens.find((t) => t.text === '人工智能')!.key).toBe('人工智能');
    expect(tokens.find((t) => t.text === '監管')?.key).toBe('监管');
  });

  test('a locative jieba glues to a word it does not know is a token of its own', () => {
    const keys = (t: string): string[] => segmentChinese(t).map((x) => x.key);
    expect(keys('在水平尺規上拖曳')).toEqual(['在', '水平', '尺规', '上', '拖曳']);
    expect(keys('在目錄樹中找到')).toContain('树');
    // A modal glued the same way, and a conjunction inside an unknown stretch (頁首和頁尾).
    expect(keys('儲存格會被清除')).toEqual(['储存', '格', '会', '被', '清除']);
    expect(keys('頁首和頁尾的格式')).toContain('和');
    // Near misses: words of jieba's dictionary that end with one, or hold one, stay whole.
    expect(keys('共和國')).toEqual(['共和国']);
    expect(keys('在心中')).toEqual(['在', '心中']);
    expect(keys('其中一個')).toContain('其中');
  });

  test('Latin names inside Chinese stay one token', () => {
    const tokens = segmentChinese('初創公司Prime Intellect在Fortune.com上發表了Web3的文章。');
    const latin = tokens.filter((t) => t.kind === 'latin').map((t) => t.text);
    expect(latin).toEqual(['Prime Intellect', 'Fortune.com', 'Web3']);
  });

  test('candidates neither start nor end with a function word; multiword compounds are candidates', () => {
    const c = chineseCandidates('渴望投資顛覆性項目的風險資本');
    const texts = c.map((x) => x.text);
    expect(texts).toContain('風險資本');
    expect(texts.some((t) => t.startsWith('的') || t.endsWith('的'))).toBe(false);
    expect(c.find((x) => x.text === '風險資本')!.termLike).toBe(true);
  });
});
