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
import { echoesTranslation } from '../../src/check/terms.js';
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
    // Only the modifier ("financial"), not the head: no variant; nor another word of the head's family.
    expect(rules(check([['停止該金融商品之銷售。', 'Stop the financial sale.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['引導載入程式將核心載入記憶體。', 'It loads the kernel into memory.']], [entry('引導載入程式', ['boot loader'], { extracted: true })]))).toEqual(['term-missing']);
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

  it('a miss of an extracted rule its TM renders otherwise in more than one unit in ten is a warning', async () => {
    const tmUnit = (source: string, target: string): { srcLang: string; tgtLang: string; source: string; target: string } => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
    const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: 'n1', source: '仲裁判斷書已經送達雙方。', target: 'The ruling has been served on both parties.' }] };
    const award = [entry('仲裁判斷書', ['arbitral award'], { extracted: true })];
    const places = ['甲地', '乙地', '丙地', '丁地', '戊地', '己地', '庚地', '辛地'];
    // Eight units render it as the glossary says, a ninth otherwise (8 of 9: under nine in ten).
    const mostly = await openDb(tempDbUrl());
    await addTUs(mostly, [
      ...places.map((p, i) => tmUnit(`仲裁判斷書應送達${p}。`, `The arbitral award shall be delivered to place ${i + 1}.`)),
      tmUnit('仲裁判斷書由仲裁人簽名。', 'The decision shall be signed by the arbitrators.'),
    ]);
    await mostly.write((tx) => insertEntries(tx, award));
    const warned = (await checkAgainstStore(mostly, job)).issues;
    expect(warned.map((i) => [i.rule, i.severity])).toEqual([['term-missing', 'warning']]);
    expect(warned[0]!.message).toMatch(/more than one unit in ten/);
    // Near miss: rendered as the glossary says in every unit, the miss is an error.
    const always = await openDb(tempDbUrl());
    await addTUs(always, places.map((p, i) => tmUnit(`仲裁判斷書應送達${p}。`, `The arbitral award shall be delivered to place ${i + 1}.`)));
    await always.write((tx) => insertEntries(tx, award));
    expect((await checkAgainstStore(always, job)).issues.map((i) => [i.rule, i.severity])).toEqual([['term-missing', 'error']]);
    mostly.close();
    always.close();
  });

  it('a translation the TM\'s sources write in Latin letters is copied, not a rendering: no rule; the same TM without it is', async () => {
    const tmUnit = (source: string, target: string): { srcLang: string; tgtLang: string; source: string; target: string } => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
    const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: 'n1', source: '改作須以相同方式分享。', target: 'Adaptations must be shared alike.' }] };
    const glossary = [entry('相同方式分享', ['Creative Commons'], { extracted: true })];
    const echoed = await openDb(tempDbUrl());
    await addTUs(echoed, [
      tmUnit('Creative Commons 的姓名標示-相同方式分享授權。', 'The Creative Commons Attribution-ShareAlike license.'),
      tmUnit('相同方式分享是 CC 授權要素。', 'ShareAlike is a Creative Commons License Element.'),
      tmUnit('依相同方式分享之 Creative Commons 授權。', 'Under a Creative Commons ShareAlike license.'),
    ]);
    await echoed.write((tx) => insertEntries(tx, glossary));
    expect((await checkAgainstStore(echoed, job)).issues).toEqual([]);
    // Near miss: the sources hold no Latin text, so the targets' words render the term.
    const rendered = await openDb(tempDbUrl());
    await addTUs(rendered, [
      tmUnit('姓名標示-相同方式分享授權。', 'The Creative Commons Attribution-ShareAlike license.'),
      tmUnit('相同方式分享是授權要素。', 'ShareAlike is a Creative Commons License Element.'),
      tmUnit('依相同方式分享之授權。', 'Under a Creative Commons ShareAlike license.'),
    ]);
    await rendered.write((tx) => insertEntries(tx, glossary));
    expect(rules((await checkAgainstStore(rendered, job)).issues)).toEqual(['term-missing']);
    echoed.close();
    rendered.close();
  });

  it('a paragraph stored beside its own sentence is one piece of evidence; a paragraph translated apart is another', async () => {
    const tmUnit = (source: string, target: string): { srcLang: string; tgtLang: string; source: string; target: string } => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
    const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: 'n1', source: '仲裁判斷書已經送達雙方。', target: 'The ruling has been served on both parties.' }] };
    const award = [entry('仲裁判斷書', ['arbitral award'], { extracted: true })];
    const sentence = tmUnit('仲裁判斷書應記載理由。', 'The arbitral award shall state its reasons.');
    const other = tmUnit('仲裁判斷書由仲裁人簽名。', 'The decision shall be signed by the arbitrators.');
    const repeated = await openDb(tempDbUrl());
    await addTUs(repeated, [sentence, tmUnit('仲裁判斷書應記載理由。仲裁人應簽名。', 'The arbitral award shall state its reasons. The arbitrators shall sign it.'), other]);
    await repeated.write((tx) => insertEntries(tx, award));
    expect((await checkAgainstStore(repeated, job)).issues).toEqual([]);
    const apart = await openDb(tempDbUrl());
    await addTUs(apart, [sentence, tmUnit('仲裁判斷書應記載理由。仲裁人應簽名。', 'An arbitral award gives its reasons and is signed by the arbitrators.'), other]);
    await apart.write((tx) => insertEntries(tx, award));
    expect(rules((await checkAgainstStore(apart, job)).issues)).toEqual(['term-missing']);
    repeated.close();
    apart.close();
  });

  it('a translation another term of the TM unit has too is that term\'s: no evidence for this one', async () => {
    const tmUnit = (source: string, target: string): { srcLang: string; tgtLang: string; source: string; target: string } => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target });
    const job = { srcLang: 'zh-TW', tgtLang: 'en-US', units: [{ id: 'n1', source: '不得低於前述廣告之內容。', target: 'It shall not be less than the content of the aforementioned advertisements.' }] };
    const tm = [
      tmUnit('前述評議書應送達雙方。', 'The ombudsman statement shall be served on both parties.'),
      tmUnit('前述評議書應記載理由。', 'The ombudsman statement shall state its reasons.'),
      tmUnit('前述評議書由委員簽名。', 'The ombudsman statement shall be signed by the members.'),
    ];
    const wrongPair = entry('前述', ['ombudsman statement'], { extracted: true });
    const claimed = await openDb(tempDbUrl());
    await addTUs(claimed, tm);
    await claimed.write((tx) => insertEntries(tx, [wrongPair, entry('評議書', ['ombudsman statement'], { extracted: true })]));
    expect((await checkAgainstStore(claimed, job)).issues).toEqual([]);
    // Near miss: without the other term, the TM's units back the pair (as far as the TM can tell).
    const alone = await openDb(tempDbUrl());
    await addTUs(alone, tm);
    await alone.write((tx) => insertEntries(tx, [wrongPair]));
    expect(rules((await checkAgainstStore(alone, job)).issues)).toEqual(['term-missing']);
    claimed.close();
    alone.close();
  });

  it('a gloss right after the term is no echo; the same text elsewhere or its capital initials are', () => {
    const src = '證券交易委員會(Securities and Exchange Commission)發布新規。';
    expect(echoesTranslation(src, [0, 7], 'Securities and Exchange Commission')).toBe(false);
    expect(echoesTranslation('證券交易委員會（SEC）發布新規。', [0, 7], 'Securities and Exchange Commission')).toBe(false);
    expect(echoesTranslation('SEC表示，證券交易委員會將發布新規。', [5, 12], 'Securities and Exchange Commission')).toBe(true);
    expect(echoesTranslation('證券交易委員會發布新規，見 sec 網站。', [0, 7], 'Securities and Exchange Commission')).toBe(false);
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

describe('a word that says what the Latin name beside it is', () => {
  const glossary = [entry('檔案', ['file'], { extracted: true }), entry('指令', ['command'], { extracted: true })];

  it('may be left to the name the target holds ("/etc/fstab" 檔案, mount(8) 指令)', () => {
    expect(check([
      ['請編輯 "/etc/fstab" 檔案。', 'Edit "/etc/fstab".'],
      ['執行 mount(8) 指令即可。', 'Just run mount(8).'],
    ], glossary)).toEqual([]);
  });

  it('near misses: a name the target lacks, no name beside the word, an approved term', () => {
    expect(rules(check([['請編輯 "/etc/fstab" 檔案。', 'Edit the table of mounts.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['請編輯這個檔案。', 'Edit this one.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['請編輯 "/etc/fstab" 檔案。', 'Edit "/etc/fstab".']], [entry('檔案', ['file'], { status: 'approved' })]))).toEqual(['term-missing']);
  });
});

describe('terms cut through a word', () => {
  const glossary = [entry('爭議處理機構', ['ombudsman body']), entry('爭議處理機構設', ['ombudsman body shall set up']), entry('評議委員', ['ombudsman committee member']), entry('評議委員會', ['ombudsman committee'])];

  it('a term whose edge character makes a word with the next one is no hit (設 of 設立); one whose edge ends a word of its own is (委員會 before 所作)', () => {
    expect(check([['爭議處理機構設立後開始運作。', 'Once established, the ombudsman body starts work.']], glossary)).toEqual([]);
    expect(check([['評議委員會所作之決定。', 'The decisions of the ombudsman committee.']], glossary)).toEqual([]);
  });

  it('a term is not found in a hyphenated name (Priority 值 in Pin-Priority 值), nor cut before a word (unstable 版 in unstable 版本)', () => {
    const mixed = [entry('Priority 值', ['priority value']), entry('unstable 版', ['unstable suite'])];
    expect(check([['Pin-Priority 值為 990。', 'Pin-Priority becomes 990.']], mixed)).toEqual([]);
    expect(check([['升級 unstable 版本。', 'Upgrade unstable.']], mixed)).toEqual([]);
    // Near misses: the name on its own; the term before a character that makes no word with it.
    expect(rules(check([['Priority 值為 990。', 'It becomes 990.']], mixed))).toEqual(['term-missing']);
    expect(rules(check([['升級 unstable 版的軟體。', 'Upgrade the software.']], mixed))).toEqual(['term-missing']);
  });

  it('near misses: no word across the edge, so the longer term is hit; the committee missing is reported', () => {
    expect(rules(check([['爭議處理機構設金融部門。', 'The ombudsman body has a finance division.']], glossary))).toEqual(['term-missing']);
    expect(check([['評議委員會所作之決定。', 'The decisions of the board.']], glossary).map((i) => [i.rule, i.term?.source])).toEqual([['term-missing', '評議委員會']]);
  });
});

describe('word forms a translator writes', () => {
  it('accepts adverbs, -ing nouns, irregular verb forms, closed compounds and -ation nouns', () => {
    const glossary = [entry('公平', ['fair']), entry('設定', ['set']), entry('瞭解', ['understand']), entry('檔案系統', ['file system']), entry('加密', ['crypto']), entry('授權', ['authorization']), entry('程式', ['program'])];
    expect(check([
      ['應公平處理。', 'It shall be handled fairly.'],
      ['依設定執行。', 'It runs based on its settings.'],
      ['應充分瞭解。', 'It must be fully understood.'],
      ['掛載檔案系統。', 'Mount the filesystems.'],
      ['加密投資公司。', 'A cryptonative investment firm.'],
      ['經授權者。', 'Those who authorized it.'],
      ['以程式方式建立。', 'It is created programmatically.'],
    ], glossary)).toEqual([]);
    // Near misses: another word; a word that only starts like the term (fairground: the closed compound needs five letters).
    expect(rules(check([['應公平處理。', 'It shall be handled firmly.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['應公平處理。', 'It shall be handled at the fairground.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['依設定執行。', 'It runs once the dust settles.']], glossary))).toEqual(['term-missing']);
    expect(rules(check([['以程式方式建立。', 'It is created automatically.']], glossary))).toEqual(['term-missing']);
  });
});
