import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, foldWithOffsets, foldCharacters, foldCharactersWithOffsets, isCharacterLanguage, sameTextKey, spanInOriginal } from '../../src/text/fold.js';

describe('the character fold (what checks find terms in)', () => {
  it('folds script, width and case and keeps every offset', () => {
    const text = '區塊鏈ＡＢＣ　Web3';
    const folded = foldCharacters(text);
    expect(folded).toBe('区块链abc web3');
    expect(folded.length).toBe(text.length);
    const f = foldCharactersWithOffsets(text);
    const at = f.text.indexOf('abc');
    expect(text.slice(...spanInOriginal(f, at, at + 3, text))).toBe('ＡＢＣ');
  });

  it('gives segments that say the same one key, whatever their script, width and punctuation', () => {
    expect(sameTextKey('「區塊鏈」技術！')).toBe(sameTextKey('“区块链”技术!'));
    expect(sameTextKey('Ｗeb3 rules.')).toBe(sameTextKey('web3 rules'));
    expect(sameTextKey('区块链技术', true)).toBe('区块链技术');
    expect(sameTextKey('區塊鏈')).not.toBe(sameTextKey('區塊'));
  });

  it('matches Chinese, Japanese and Korean by characters, other languages by words', () => {
    expect(['zh', 'zh-Hant-TW', 'ja-JP', 'ko'].map(isCharacterLanguage)).toEqual([true, true, true, true]);
    expect(['en', 'en-US', 'de', 'vi'].map(isCharacterLanguage)).toEqual([false, false, false, false]);
  });
});

describe('the fold of Han text alone (the short way a Chinese look-up takes)', () => {
  it('gives the text the fold with offsets gives', () => {
    for (const t of ['區塊鏈', '扼喉行動', '證券交易委員會', '简体字', '乾坤', '著作權']) expect(fold(t)).toBe(foldWithOffsets(t).text);
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), minLength: 1 }), (t) => {
        expect(fold(t)).toBe(foldWithOffsets(t).text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the whole fold of ASCII text (the short way a look-up takes)', () => {
  it('gives the text the fold with offsets gives', () => {
    for (const t of ['Blockchains', 'executive ORDERS', '  Smart-contract   audits\t', 'e-mail', 'a - b', '-x-', 'Files and folders.', "don't", '', ' ', 'A', 'running tests ', 'x\r\ny']) {
      expect(fold(t)).toBe(foldWithOffsets(t).text);
    }
    const words = fc.constantFrom('Files', 'files', 'running', 'orders', 'US', 'is', 'bus', 'data', '-', ' ', '  ', '\t', '\n', '.', "'s", 'A', 'Z', 'z', '0');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), fc.array(words).map((w) => w.join(''))), (t) => {
        expect(fold(t)).toBe(foldWithOffsets(t).text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('English inflection', () => {
  it('folds the plural of a noun made from a verb as its singular: settings and setting, drawings and drawing', () => {
    for (const [a, b] of <[string, string][]>[['settings', 'setting'], ['Drawings', 'drawing'], ['page headings', 'page heading'], ['mappings', 'mapping']]) expect(fold(a)).toBe(fold(b));
    expect(fold('settings')).toBe(foldWithOffsets('settings').text);
  });
  it('keeps the plural of a noun that only looks like a verb form: strings, things, kings', () => {
    expect(fold('strings')).toBe('string');
    expect(fold('things')).toBe('thing');
    expect(fold('kings')).toBe('king');
  });
});
