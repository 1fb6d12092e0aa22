import { beforeAll, describe, expect, test } from 'vitest';
import { analyseUnit, linkUnit } from '../../src/extract/glossary.js';
import { dictionaryLinks, verifiedCompositions } from '../../src/extract/dictionary.js';
import { loadCedict, type Dictionary } from '../../src/dict/cedict.js';

let dict: Dictionary;
beforeAll(async () => {
  dict = await loadCedict();
});

const unit = (zh: string, en: string) => analyseUnit({ id: 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: en })!;
const composed = (parts: string[], en: string, verbHead = false): string[] => verifiedCompositions(unit('某某', en), parts, dict, verbHead).map((n) => n.text);

describe('verified compositions (a compound translated word by word, found so in the sentence)', () => {
  test('the parts in the Chinese order', () => {
    expect(composed(['装置', '树'], 'It is shown in the device tree of the kernel.')).toEqual(['device tree']);
  });

  test('the head first with "of"', () => {
    expect(composed(['责任', '限制'], 'This limitation of liability may not apply.')).toEqual(['limitation of liability']);
  });

  test('a part with no matching sense gives nothing', () => {
    expect(composed(['装置', '树'], 'It is shown in the device forest of the kernel.')).toEqual([]);
  });

  test('the English words must be contiguous', () => {
    expect(composed(['装置', '树'], 'The device shows its tree.')).toEqual([]);
    expect(composed(['责任', '限制'], 'A limitation of the liability.')).toEqual([]);
  });

  test('no other content word may stand inside', () => {
    expect(composed(['装置', '树'], 'It is shown in the device binary tree.')).toEqual([]);
  });

  test('a last English word that is only a verb ends a clause, not a compound', () => {
    expect(composed(['目录', '包含'], 'Each directory contains files.')).toEqual([]);
    // Near miss: a noun that is a verb too.
    expect(composed(['合理', '使用'], 'This is a fair use of the work.', true)).toEqual(['fair use']);
  });

  test('the English must read as a noun phrase', () => {
    // A verb after its subject, and a Chinese verb head shown as a verb.
    expect(composed(['程序', '储存'], 'The program stored it.')).toEqual([]);
    expect(composed(['程式', '显示'], 'The program shows it.', true)).toEqual([]);
    // A plural before the last word is its subject.
    expect(composed(['模组', '提供'], 'The modules providing it are loaded.', true)).toEqual([]);
    // A Chinese verb head shown as a noun: the bare word or a gerund.
    expect(composed(['合理', '使用'], 'This is fair use of the work.', true)).toEqual(['fair use']);
    expect(composed(['公平', '处理'], 'This is fair dealing with the work.', true)).toEqual(['fair dealing']);
    // An adverb inside: a verb phrase.
    expect(composed(['充分', '说明'], 'The firm shall fully explain the terms.')).toEqual([]);
  });

  test('a part whose every sense needs two words cannot be rendered by one', () => {
    // 訴訟法 "procedural law": "Civil Procedure" leaves the law out.
    expect(composed(['民事', '诉讼法'], 'The Code of Civil Procedure applies.')).toEqual([]);
  });

  test('dictionaryLinks offers the verified pair, marked as composed', () => {
    const u = unit('該責任限制不適用於您。', 'This limitation of liability may not apply to You.');
    const links = dictionaryLinks(u, dict).filter((l) => l.zh.text === '責任限制');
    expect(links.map((l) => [l.en.text, l.composed])).toEqual([['limitation of liability', true]]);
  });

  test('no composition inside a longer pair the dictionary gives on both sides', () => {
    const u = unit('約翰是這家公司的首席技術官。', 'John is the chief technology officer of the company.');
    const links = dictionaryLinks(u, dict).filter((l) => l.zh.text.startsWith('首席技術'));
    expect(links.map((l) => [l.zh.text, l.en.text])).toEqual([['首席技術官', 'chief technology officer']]);
  });

  test('a verified composition inside another is kept beside it', () => {
    const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
    const kept = linkUnit([
      { zh: span('自動硬體發現', 0), en: span('automatic hardware discovery', 0), method: 'dictionary', score: 0.7, unitId: 1, composed: true },
      { zh: span('硬體發現', 2), en: span('hardware discovery', 10), method: 'dictionary', score: 0.7, unitId: 1, composed: true },
      { zh: span('硬體', 2), en: span('hardware', 10), method: 'dictionary', score: 0.8, unitId: 1 },
    ]);
    expect(kept.map((l) => l.zh.text)).toEqual(['自動硬體發現', '硬體發現']);
  });

  test('a verified composition is linked before an aligned stretch with an untranslated word', () => {
    const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
    const kept = linkUnit([
      { zh: span('責任限制規定', 0), en: span('limitation of liability', 5), method: 'alignment', score: 0.7, unitId: 1, support: 2 },
      { zh: span('責任', 0), en: span('liability', 19), method: 'alignment', score: 0.9, unitId: 1, support: 5 },
      { zh: span('責任限制', 0), en: span('limitation of liability', 5), method: 'dictionary', score: 0.7, unitId: 1, composed: true },
    ]);
    expect(kept.map((l) => [l.zh.text, l.en.text])).toEqual([
      ['責任限制', 'limitation of liability'],
      ['責任', 'liability'],
      ['責任限制規定', 'limitation of liability'],
    ]);
  });
});
