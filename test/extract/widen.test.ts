import { describe, expect, test } from 'vitest';
import { analyseUnit, rendersWord, widenedPieces, withoutGluedFunctionWord } from '../../src/extract/glossary.js';
import { toSimplified } from '../../src/text/fold.js';

const analysed = (zhs: string[]) => zhs.map((zh, i) => analyseUnit({ id: i + 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: 'x' })!);
const simplified = (zhs: string[]) => zhs.map((z) => toSimplified(z).toLowerCase());

describe('a piece widened to the word it always stands in', () => {
  const always = ['法院得判決懲罰性賠償。', '懲罰性賠償請求權消滅。'];
  test('always beside the same word: the two together', () => {
    const w = widenedPieces(analysed(always), simplified(always), new Set(['惩罚性']), () => false);
    expect(w.get('惩罚性')).toEqual({ key: '惩罚性赔偿', text: '懲罰性賠償', word: '赔偿', after: true });
  });

  test('beside different words: no widening', () => {
    const varied = ['法院得判決懲罰性賠償。', '懲罰性措施不得濫用。'];
    expect(widenedPieces(analysed(varied), simplified(varied), new Set(['惩罚性']), () => false).size).toBe(0);
  });

  test('seen once, the two together must be a word of the dictionary', () => {
    const once = [always[0]!];
    expect(widenedPieces(analysed(once), simplified(once), new Set(['惩罚性']), () => false).size).toBe(0);
    expect(widenedPieces(analysed(once), simplified(once), new Set(['惩罚性']), (s) => s === '惩罚性赔偿').size).toBe(1);
  });
});

describe('whether an English term renders a Chinese word', () => {
  const renderings = (zh: string): Set<string> => new Set(({ 赔偿: ['damages', 'to compensate'], 权利: ['rights'], 委员: ['committee member'] } as Record<string, string[]>)[zh] ?? []);
  test('a rendering of the word inside the English', () => {
    expect(rendersWord('赔偿', 'punitive damage', renderings)).toBe(true);
    expect(rendersWord('权利', 'database', renderings)).toBe(false);
  });
  test('an agent word and an agent noun', () => {
    expect(rendersWord('委员', 'pre-examiner', renderings)).toBe(true);
    expect(rendersWord('委员', 'pre-examination', renderings)).toBe(false);
  });
});

describe('a piece cut differently in different sentences', () => {
  test('the same character after every occurrence widens it; a character before does not', () => {
    const zhs = ['應確保金融消費者之適合度。', '適合度應考量之事項。'];
    const w = widenedPieces(analysed(zhs), simplified(zhs), new Set(['适合']), () => false);
    expect(w.get('适合')).toMatchObject({ key: '适合度', after: true });
  });
  test('a one-character suffix is rendered by an English abstract noun, only after the word', () => {
    const none = (): Set<string> => new Set();
    expect(rendersWord('度', 'suitability', none)).toBe(true);
    expect(rendersWord('度', 'suitability', none, false)).toBe(false);
    expect(rendersWord('度', 'suitable product', none)).toBe(false);
  });
});

describe('a function character jieba glued to an unknown word', () => {
  const link = (u: ReturnType<typeof analysed>[number], zh: string) => {
    const start = u.zh.indexOf(zh);
    return { zh: { text: zh, key: toSimplified(zh), start, end: start + zh.length }, en: { text: 'hyperlink', key: 'hyperlink', start: 0, end: 9 }, method: 'alignment' as const, score: 0.7, unitId: 1 };
  };
  test('is left out of the term; a word of the dictionary that starts with one is kept whole', () => {
    const [u] = analysed(['其統一資源識別符(URI)或超連結。']);
    const glued = u!.zhTokens.find((t) => t.text.startsWith('或'));
    expect(glued?.pos).toBe('x');
    expect(withoutGluedFunctionWord(link(u!, `${glued!.text}連結`), u!.zhTokens, () => false).zh.text).toBe('超連結');
    expect(withoutGluedFunctionWord(link(u!, `${glued!.text}連結`), u!.zhTokens, (s) => s === toSimplified(glued!.text)).zh.text).toBe('或超連結');
  });
});
