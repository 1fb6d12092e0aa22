import { describe, expect, it } from 'vitest';
import { segmentClauses, segmentSentences } from '../../src/text/segment.js';

const cut = (text: string, lang: string): string[] => segmentSentences(text, lang).map((s) => s.text);

describe('sentence segmentation (SRX-style)', () => {
  it('cuts Chinese after 。！？ with closing quotes kept, not at commas, colons or semicolons', () => {
    expect(cut('他說:“好。”然後走了!真的嗎?是的;當然。', 'zh-TW')).toEqual(['他說:“好。”', '然後走了!', '真的嗎?', '是的;當然。']);
    expect(cut('被稱為“扼喉行動2.0”。下一句。', 'zh-TW')).toEqual(['被稱為“扼喉行動2.0”。', '下一句。']);
  });

  it('makes a bracketed source line after the last sentence its own segment', () => {
    expect(cut('美國可以重新成為科技領袖。(財富中文網)', 'zh-TW')).toEqual(['美國可以重新成為科技領袖。', '(財富中文網)']);
  });

  it('cuts English after . ! ? and a capital, not after abbreviations or inside domains', () => {
    expect(cut('Even the EU beat the U.S. to regulatory clarity. It leads today.', 'en-US')).toEqual(['Even the EU beat the U.S. to regulatory clarity.', 'It leads today.']);
    expect(cut('Read it on Fortune.com today. Mr. Smith agreed, e.g. Dr. Jones. Fine!', 'en')).toEqual(['Read it on Fortune.com today.', 'Mr. Smith agreed, e.g. Dr. Jones.', 'Fine!']);
    expect(cut('J. R. R. Tolkien wrote it. "Yes," he said. (It was.) Then 2025 came.', 'en')).toEqual(['J. R. R. Tolkien wrote it.', '"Yes," he said.', '(It was.)', 'Then 2025 came.']);
  });

  it('does not cut before a lower-case continuation or version numbers', () => {
    expect(cut('Operation Chokepoint 2.0 ended. version 3.1 is out', 'en')).toEqual(['Operation Chokepoint 2.0 ended. version 3.1 is out']);
  });

  it('gives offsets into the paragraph', () => {
    const text = 'One. Two.';
    const [a, b] = segmentSentences(text, 'en');
    expect(text.slice(a!.start, a!.end)).toBe('One.');
    expect(text.slice(b!.start, b!.end)).toBe('Two.');
  });
});

describe('clauses (where a translator may end a sentence instead)', () => {
  const clauses = (text: string, lang: string): string[] => segmentClauses(text, lang).map((s) => s.text);

  it('cuts English after semicolons, before enumerated items and before a proviso', () => {
    expect(clauses('It means parties; provided, however, that it does not include: 1.Investors; or 2.Natural persons.', 'en')).toEqual([
      'It means parties;',
      'provided, however, that it does not include:',
      '1.Investors; or',
      '2.Natural persons.',
    ]);
    expect(clauses('The body shall decide not to entertain it, provided that it can be corrected.', 'en')).toEqual(['The body shall decide not to entertain it,', 'provided that it can be corrected.']);
  });

  it('keeps a colon, a comma or a version number that does not start an item or proviso', () => {
    expect(clauses('It looks like: the menu, the kernel 2.6 and the 3.1 release.', 'en')).toEqual(['It looks like: the menu, the kernel 2.6 and the 3.1 release.']);
  });

  it('cuts Chinese after ；, before items after ：, and before a proviso 但', () => {
    expect(clauses('本法所稱消費者；但不包括下列對象：一、專業投資機構；二、自然人。', 'zh-TW')).toEqual(['本法所稱消費者；', '但不包括下列對象：', '一、專業投資機構；', '二、自然人。']);
    expect(clauses('看起來像：選單，核心。', 'zh-TW')).toEqual(['看起來像：選單，核心。']);
  });
});
