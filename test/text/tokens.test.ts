import { describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { indexTokens, toUnits, TokenInterner } from '../../src/text/tokens.js';
import { formatByName } from '../../src/formats/index.js';
import { fuzzyScore, unitDistance } from '../../src/match/score.js';

describe('matching units', () => {
  it('cuts Chinese into characters in Simplified form and English into folded words', () => {
    expect(toUnits('區塊鏈技術').units).toEqual(['区', '块', '链', '技', '术']);
    expect(toUnits('Blockchains are CHANGING finance.').units).toEqual(['blockchain', 'are', 'change', 'finance']);
    expect(toUnits('深度求索(DeepSeek)公司').units).toEqual(['深', '度', '求', '索', 'deepseek', '公', '司']);
  });

  it('folds width, case and quote forms; drops punctuation', () => {
    expect(toUnits('ＤｅｅｐＳｅｅｋ，２０２５！').units).toEqual(['deepseek', '2025']);
    expect(toUnits('“Operation Chokepoint 2.0”').units).toEqual(['operation', 'chokepoint', '2', '0']);
  });

  it('indexes ideograph bigrams, a lone ideograph, and words, once each', () => {
    expect(indexTokens(toUnits('區塊鏈'))).toEqual(['区块', '块链']);
    expect(indexTokens(toUnits('鏈 chain chain'))).toEqual(['链', 'chain']);
  });
});

describe('index tokens of an import (TokenInterner)', () => {
  // Imports index with TokenInterner, queries with indexTokens(toUnits()): they must agree.
  const tokensOf = (interner: TokenInterner, text: string): string[] => {
    const out = new Uint32Array(text.length + 1);
    const n = interner.tokenIds(text, out);
    return [...new Set(Array.from(out.subarray(0, n), (id) => interner.token(id)))].sort();
  };

  it('gives the tokens queries use, on mixed scripts, widths and separators', () => {
    const interner = new TokenInterner();
    for (const text of ['中 文', '中abc文', '中', 'a中b', '中文字', 'DeepSeek公司。中', '', '，中，', 'Blockchains are 區塊鏈s', 'café 𠀀𠀁 x', 'ＡＢＣ　Café-Straße ÉCOLE 中𠀀', 'Ｗeb3 web３']) {
      expect(tokensOf(interner, text), text).toEqual([...indexTokens(toUnits(text))].sort());
    }
  });

  it('tells apart many words seen before, whatever their case (its word table grows and probes)', () => {
    const interner = new TokenInterner();
    const words = Array.from({ length: 30_000 }, (_, i) => `w${(i * 7919).toString(36)}x${i % 13 === 0 ? 'ing' : ''}`);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < words.length; i += 3) {
        const text = `${words[i]} ${words[i + 1]?.toUpperCase() ?? ''} ${words[i]}, Running RUNS ${words[i + 2] ?? ''}中文`;
        expect(tokensOf(interner, text), text).toEqual([...indexTokens(toUnits(text))].sort());
      }
    }
  });

  it('tells apart 80k+ bigrams, met again after its bigram table grew', () => {
    // 300 characters (a few fold to the same Simplified one), every ordered pair, twice.
    const chars = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + i * 3));
    const interner = new TokenInterner();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < chars.length; i++) {
        const text = chars.map((c, j) => chars[i]! + c + (j % 9 === 0 ? ' x ' : '')).join('');
        expect(tokensOf(interner, text), text).toEqual([...indexTokens(toUnits(text))].sort());
      }
    }
    expect(interner.size).toBeGreaterThan(80_000);
  });

  it('gives the tokens queries use on random text of every kind of character it treats apart', () => {
    // ASCII letters, digits and separators, NUL, full-width forms, letters whose lower case is
    // longer (İ), a combining mark, ideographs of both scripts, kana, a supplementary ideograph,
    // lone surrogates of both halves, a non-ASCII separator.
    const alphabet = ['a', 'Z', '9', ' ', ',', '\0', 'Ａ', '３', 'é', 'İ', 'ß', '\u0301', '中', '國', '區', 'の', 'ｶ', '𠀀', '\ud800', '\udc00', '—', '\u3000'];
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const interner = new TokenInterner();
    for (let k = 0; k < 5000; k++) {
      let text = '';
      for (let len = random(24); len > 0; len--) text += alphabet[random(alphabet.length)];
      expect(tokensOf(interner, text), JSON.stringify(text)).toEqual([...indexTokens(toUnits(text))].sort());
    }
  });

  it('gives the tokens queries use on every side of the essay and the wget catalog', async () => {
    const interner = new TokenInterner();
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'match');
    let texts = 0;
    for (const [file, format] of [['essay.zh-en.tmx', 'tmx'], ['wget.zh_TW.po', 'po']] as const) {
      for await (const u of formatByName(format).readUnits!(createReadStream(join(fixtures, file)), { file })) {
        for (const text of [u.source, u.target]) {
          expect(tokensOf(interner, text), text).toEqual([...indexTokens(toUnits(text))].sort());
          texts++;
        }
      }
    }
    expect(texts).toBeGreaterThan(1000);
  });
});

describe('fuzzy score', () => {
  const score = (q: string, s: string): number => fuzzyScore(q, toUnits(q).units, s, toUnits(s).units);

  it('is 100 only for the same text', () => {
    expect(score('Open the file.', 'Open the file.')).toBe(100);
    expect(score('Open the file.', 'open the file')).toBe(99);
  });

  it('never gives 100 across Chinese scripts', () => {
    expect(score('区块链技术', '區塊鏈技術')).toBe(99);
  });

  it('counts words for English and characters for Chinese', () => {
    expect(score('one two three four five six seven eight nine', 'one two three four five six seven eight nine ten')).toBe(90);
    expect(score('一二三四五六七八九', '一二三四五六七八九十')).toBe(90);
    expect(unitDistance(['a', 'b', 'c'], ['a', 'c'])).toBe(1);
  });

  it('is 0 for nothing in common', () => {
    expect(score('alpha beta', 'gamma delta')).toBe(0);
  });
});
