/**
 * What keeps the check from crying wolf on real translations, each with a hit and a near miss:
 * which glossary terms are rules (a general word, a term the TM renders several ways), the
 * term-variant rule (a calque or a partial rendering is a warning naming both translations), list
 * numbers and legal sub-articles, and word forms a translator writes (fairly, settings,
 * understood, filesystems).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkUnits, type CheckUnit } from '../../src/check/index.js';
import { checkAgainstStore } from '../../src/check/run.js';
import { loadCedict, type Dictionary } from '../../src/dict/cedict.js';
import { openDb } from '../../src/store/db.js';
import { addTUs } from '../../src/store/tus.js';
import { insertEntries } from '../../src/store/terms.js';
import type { CheckIssue, TermEntry, TermStatus } from '../../src/model.js';
import { tempDbUrl } from '../helpers/cli.js';

/** A glossary entry; `extracted` makes it the extractor's unreviewed guess (origin extract). */
function entry(zh: string, en: string[], options: { status?: TermStatus; extracted?: boolean; method?: string; approvedAlso?: string[] } = {}): TermEntry {
  const status = options.status ?? 'candidate';
  return {
    terms: [
      { lang: 'zh-TW', text: zh, status },
      ...en.map((t) => ({ lang: 'en-US', text: t, status })),
      ...(options.approvedAlso ?? []).map((t) => ({ lang: 'en-US', text: t, status: 'approved' as const })),
    ],
    ...(options.extracted ? { origin: 'extract', method: options.method ?? 'alignment' } : {}),
  };
}

let dict: Dictionary;
beforeAll(async () => {
  dict = await loadCedict();
});

function check(pairs: [string, string][], entries: TermEntry[]): CheckIssue[] {
  const units: CheckUnit[] = pairs.map(([source, target], i) => ({ id: `u${i + 1}`, source, target }));
  return checkUnits(units, { srcLang: 'zh-TW', tgtLang: 'en-US', entries, dictionary: dict }).issues;
}

const rules = (issues: CheckIssue[]): string[] => issues.map((i) => i.rule);

describe('term-variant', () => {
  it('reports a calque as a warning naming the glossary translation and what was found', () => {
    const glossary = [entry('合理使用', ['fair use']), entry('作業系統', ['operating system'])];
    const issues = check([
      ['這屬於合理使用。', 'This is reasonable use.'],
      ['請更新作業系統。', 'Please update the operation system.'],
    ], glossary);
    expect(issues.map((i) => [i.unitId, i.rule, i.severity, i.found])).toEqual([
      ['u1', 'term-variant', 'warning', 'reasonable use'],
      ['u2', 'term-variant', 'warning', 'operation system'],
    ]);
    expect(issues[0]!.message).toContain('"fair use"');
    expect(issues[0]!.message).toContain('"reasonable use"');
    expect(issues[0]!.term).toEqual({ source: '合理使用', expected: ['fair use'] });
    expect('This is reasonable use.'.slice(...issues[0]!.targetSpan!)).toBe('reasonable use');
  });

  it('near misses: the glossary translation, an approved variant, words far apart, the extractor\'s own dictionary reading', () => {
    const glossary = [entry('合理使用', ['fair use'])];
    expect(check([['這屬於合理使用。', 'This is fair use.']], glossary)).toEqual([]);
    // The variant approved in the glossary is one of the term's translations.
    expect(check([['這屬於合理使用。', 'This is reasonable use.']], [entry('合理使用', ['fair use'], { approvedAlso: ['reasonable use'] })])).toEqual([]);
    // Words of the parts far apart are no calque (still accepted, as before).
    expect(check([['這屬於合理使用。', 'It is reasonable, as the court said after a long and careful hearing of both sides, to use it.']], glossary)).toEqual([]);
    // The extractor's word-by-word dictionary reading is one sense choice: another is no variant.
    expect(check([['這屬於合理使用。', 'This is reasonable use.']], [entry('合理使用', ['fair use'], { extracted: true, method: 'dictionary' })])).toEqual([]);
  });

  it('an approved term accepts its glossary translations only: the calque is a missing term (an error)', () => {
    expect(rules(check([['這屬於合理使用。', 'This is reasonable use.']], [entry('合理使用', ['fair use'], { status: 'approved' })]))).toEqual(['term-missing']);
  });

  it('reports a partial rendering of an extracted term as a variant; a name or another head word stays missing', () => {
    const glossary = [entry('金融商品', ['financial product'], { extracted: true }), entry('證券監理機構', ['Securities and Futures Bureau'], { extracted: true })];
    const [variant] = check([['停止該金融商品之銷售。', 'Stop the sale of the particular product.']], glossary);
    expect(variant).toMatchObject({ rule: 'term-variant', severity: 'warning', found: 'product' });
    expect(rules(check([['停止該金融商品之銷售。', 'Stop the sale of the particular service.']], glossary))).toEqual(['term-missing']);
    // Only the modifier ("financial"), not the head: no variant.
    expect(rules(check([['停止該金融商品之銷售。', 'Stop the financial sale.']], glossary))).toEqual(['term-missing']);
    // A name is exact: half of it is no variant.
    expect(rules(check([['證券監理機構發布了命令。', 'The Securities Bureau issued an order.']], glossary))).toEqual(['term-missing']);
  });

  it('accepts the same content words in another order for an unreviewed term', () => {
    expect(check([['下載資料庫內容。', 'Download the contents of the database.']], [entry('資料庫內容', ['database contents'], { extracted: true })])).toEqual([]);
    expect(rules(check([['下載資料庫內容。', 'Download the contents of the archive.']], [entry('資料庫內容', ['database contents'], { extracted: true })]))).toEqual(['term-variant']);
  });
});

describe('which terms are rules', () => {
  it('an extracted general word (規定, 使用) is no error source; the same word in a person\'s glossary is', () => {
    const pairs: [string, string][] = [['依本條規定辦理。', 'This shall be handled as this article provides.']];
    expect(check(pairs, [entry('規定', ['regulations'], { extracted: true })])).toEqual([]);
    expect(rules(check(pairs, [entry('規定', ['regulations'])]))).toEqual(['term-missing']);
    // A name is no general word, however common (美國: United States).
    expect(rules(check([['美國宣布了新政策。', 'Canada announced a new policy.']], [entry('美國', ['America'], { extracted: true })]))).toEqual(['term-missing']);
  });

  it('an extracted term its own TM renders otherwise in most units is no rule; one it renders consistently is', async () => {
    const tmUnit = (source: string, target: string): { srcLang: string; tgtLang: string; source: string; target: string } => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
    const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: 'n1', source: '仲裁判斷書已經送達雙方。', target: 'The ruling has been served on both parties.' }] };
    const award = [entry('仲裁判斷書', ['arbitral award'], { extracted: true })];
    const split = await openDb(tempDbUrl());
    await addTUs(split, [
      tmUnit('仲裁判斷書應記載理由。', 'The arbitral award shall state its reasons.'),
      tmUnit('仲裁判斷書由仲裁人簽名。', 'The decision shall be signed by the arbitrators.'),
      tmUnit('仲裁判斷書應送達當事人。', 'The finding shall be delivered to the parties.'),
      tmUnit('當事人得撤銷仲裁判斷書。', 'A party may apply to set the outcome aside.'),
    ]);
    await split.write((tx) => insertEntries(tx, award));
    expect((await checkAgainstStore(split, job)).issues).toEqual([]);
    const consistent = await openDb(tempDbUrl());
    await addTUs(consistent, [
      tmUnit('仲裁判斷書應記載理由。', 'The arbitral award shall state its reasons.'),
      tmUnit('仲裁判斷書由仲裁人簽名。', 'The arbitral award shall be signed by the arbitrators.'),
      tmUnit('仲裁判斷書應送達當事人。', 'The arbitral award shall be delivered to the parties.'),
    ]);
    await consistent.write((tx) => insertEntries(tx, award));
    expect(rules((await checkAgainstStore(consistent, job)).issues)).toEqual(['term-missing']);
    split.close();
    consistent.close();
  });
});

describe('numbers of lists and legal references', () => {
  it('compares list numbers with list numbers (二、 ~ 2.), and sub-articles (第十一條之二 ~ Article 11-2)', () => {
    expect(check([['二、符合一定財力之自然人。', '2.Natural persons of a prescribed financial capacity.']], [])).toEqual([]);
    expect(check([['二、符合一定財力之自然人。', 'Natural persons of a prescribed financial capacity.']], [])).toEqual([]);
    expect(check([['處罰如下：三、停業。', 'The penalties are: 3. suspension.']], [])).toEqual([]);
    expect(check([['違反第十一條之二規定。', 'Violation of Article 11-2.']], [])).toEqual([]);
    // Near misses: another list number, another sub-article.
    expect(rules(check([['二、符合一定財力之自然人。', '3.Natural persons of a prescribed financial capacity.']], []))).toEqual(['number-mismatch', 'number-mismatch']);
    expect(rules(check([['違反第十一條之二規定。', 'Violation of Article 11-3.']], []))).toEqual(['number-mismatch', 'number-mismatch']);
  });

  it('a count announcing the items after a colon needs no number; a count elsewhere does', () => {
    expect(check([['該權利在下列兩種情況下恢復：', 'The right reinstates:']], [])).toEqual([]);
    expect(rules(check([['該權利在兩種情況下恢復。', 'The right reinstates in some cases.']], []))).toEqual(['number-mismatch']);
  });

  it('a list number glued to its item hides no word of the item', () => {
    expect(check([['二、自然人。', '2.Natural persons.']], [entry('自然人', ['natural person'])])).toEqual([]);
  });
});

describe('word forms a translator writes', () => {
  it('accepts adverbs, -ing nouns, irregular verb forms, closed compounds and -ation nouns', () => {
    const glossary = [entry('公平', ['fair']), entry('設定', ['set']), entry('瞭解', ['understand']), entry('檔案系統', ['file system']), entry('加密', ['crypto']), entry('授權', ['authorization'])];
    expect(check([
      ['應公平處理。', 'It shall be handled fairly.'],
      ['依設定執行。', 'It runs based on its settings.'],
      ['應充分瞭解。', 'It must be fully understood.'],
      ['掛載檔案系統。', 'Mount the filesystems.'],
      ['加密投資公司。', 'A cryptonative investment firm.'],
      ['經授權者。', 'Those who authorized it.'],
    ], glossary)).toEqual([]);
    // Near misses: another word; a word that only starts like the term (fairground: the closed compound needs five letters).
    expect(rules(check([['應公平處理。', 'It shall be handled firmly.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['應公平處理。', 'It shall be handled at the fairground.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['依設定執行。', 'It runs once the dust settles.']], glossary))).toEqual(['term-missing']);
  });
});
