import { beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { evaluateDocument, type DocumentReport } from '../../scripts/eval.js';
import { clauseLike, DO_NOT_TRANSLATE } from '../../src/extract/glossary.js';
import { instances } from '../../src/extract/precision.js';

/**
 * Software help, a kind of text the development documents do not have (test/fixtures/software-help/:
 * LibreOffice's Calc guide pages, zh-TW / en-US, MPL-2.0): short paragraphs full of menu paths,
 * cell references and commands. Floors measured in the fifth session, and the rules it found
 * there, checked on the whole document.
 */
const DIR = join(import.meta.dirname, '..', 'fixtures', 'software-help');

describe('software help: the LibreOffice Calc guide', () => {
  let r: DocumentReport;
  beforeAll(async () => {
    r = await evaluateDocument('lo-calc-guide', DIR);
  }, 120_000);
  const byZh = (zh: string): string[] => r.glossary.filter((e) => e.zh === zh).map((e) => e.en);

  test('finds the translator\'s index terms with none wrong', () => {
    expect(r.units).toBeGreaterThan(900);
    expect(r.evaluation.found.length).toBeGreaterThanOrEqual(30);
    expect(r.evaluation.wrong.map((w) => `${w.ref.zh}: ${w.got.join(' | ')}`)).toEqual([]);
  });

  test('the word the whole text translates one way keeps that translation (儲存格 / cell, not cell style)', () => {
    expect(byZh('儲存格')).toEqual(['cell']);
  });

  test('no instance named by an identifier (儲存格 A1 / cell A1) and no verb with its object', () => {
    expect([...instances(r.glossary)].map((i) => r.glossary[i]!.zh)).toEqual([]);
    const clauses = r.glossary.filter((e) => e.note !== DO_NOT_TRANSLATE && e.method !== 'gloss' && clauseLike(e.en));
    expect(clauses.map((e) => `${e.zh} / ${e.en}`)).toEqual([]);
  });

  test('a heading or table cell that is one term on both sides is paired whole', () => {
    expect(byZh('多重運算')).toEqual(['Multiple operations']);
  });
});
