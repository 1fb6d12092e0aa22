/**
 * Each rule with a hit and a near miss, over a small glossary built here (so the cases say what
 * they test) and CC-CEDICT where a rule uses it.
 */
import { inCamelCompound } from '../../src/check/rules/term-missing.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkUnits, indexTm, type CheckUnit } from '../../src/check/index.js';
import type { Dictionary } from '../../src/dict/cedict.js';
import { loadCedict } from '../../src/dict/cedict.js';
import type { CheckIssue, TermEntry, TermStatus } from '../../src/model.js';

function entry(zh: string, en: string[], status: TermStatus = 'candidate', forbidden: string[] = []): TermEntry {
  return {
    terms: [
      { lang: 'zh-TW', text: zh, status },
      ...en.map((t) => ({ lang: 'en-US', text: t, status })),
      ...forbidden.map((t) => ({ lang: 'en-US', text: t, status: 'forbidden' as const })),
    ],
  };
}

const GLOSSARY: TermEntry[] = [
  entry('區塊鏈', ['blockchain']),
  entry('行政命令', ['executive order']),
  entry('開源', ['open source']),
  entry('證券交易委員會', ['SEC'], 'approved', ['Securities Commission']),
  entry('人工智能', ['artificial intelligence', 'AI']),
  entry('風險資本', ['venture capital']),
  entry('風險', ['risk']),
  entry('美國', ['United States']),
  entry('監管機構', ['regulator']),
  entry('扼喉行動2.0', ['Operation Chokepoint 2.0']),
];

let dict: Dictionary;
beforeAll(async () => {
  dict = await loadCedict();
});

function check(pairs: [string, string][], options: { entries?: TermEntry[]; tm?: [string, string][]; withDict?: boolean } = {}): CheckIssue[] {
  const units: CheckUnit[] = pairs.map(([source, target], i) => ({ id: `u${i + 1}`, source, target }));
  return checkUnits(units, {
    srcLang: 'zh-TW',
    tgtLang: 'en-US',
    entries: options.entries ?? GLOSSARY,
    ...(options.withDict === false ? {} : { dictionary: dict }),
    ...(options.tm ? { tm: indexTm(options.tm.map(([source, target], i) => ({ id: i + 1, source, target }))) } : {}),
  }).issues;
}

const rules = (issues: CheckIssue[]): string[] => issues.map((i) => i.rule);

describe('term-missing', () => {
  it('reports a glossary term translated another way, with the term, the expected translations and the source span', () => {
    const issues = check([['這家公司頒布了行政命令。', 'The company issued a presidential decree.']]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ unitId: 'u1', rule: 'term-missing', severity: 'error', term: { source: '行政命令', expected: ['executive order'] }, sourceSpan: [7, 11] });
  });

  it('accepts the term inflected and capitalised (executive orders, Executive Order, blockchains)', () => {
    expect(check([
      ['總統簽署了兩項行政命令。', 'The president signed two executive orders.'],
      ['行政命令第一條', 'Executive Order, section one'],
      ['他們都用區塊鏈。', 'They all use blockchains.'],
    ])).toEqual([]);
  });

  it('accepts hyphenated and inflected forms of a hyphen-free term (open-source, open-sourced)', () => {
    expect(check([
      ['這是開源模型。', 'This is an open-source model.'],
      ['模型已經開源。', 'The model was open-sourced.'],
    ])).toEqual([]);
  });

  it('finds a Traditional term in a Simplified source and marks the span in the text as written', () => {
    const issues = check([['这家公司使用区块链。', 'This company uses a ledger.']]);
    expect(issues).toMatchObject([{ rule: 'term-missing', term: { source: '區塊鏈' }, sourceSpan: [6, 9] }]);
    expect('这家公司使用区块链。'.slice(6, 9)).toBe('区块链');
  });

  it('finds a term written in full-width forms (ＡＩ) and accepts any of several translations', () => {
    expect(check([['人工智能正在改變世界。', 'AI is changing the world.']])).toEqual([]);
    expect(check([['人工智能正在改變世界。', 'Artificial intelligence is changing the world.']])).toEqual([]);
  });

  it('lets a longer term win over a term inside it (風險資本 holds 風險)', () => {
    // "risk" is not in the target, but 風險 is part of 風險資本, which is rendered right.
    expect(check([['風險資本湧入這個領域。', 'Venture capital flows into the field.']])).toEqual([]);
    // Near miss: the longer term rendered wrong is reported as the longer term only.
    const issues = check([['風險資本湧入這個領域。', 'Risk money flows into the field.']]);
    expect(issues).toMatchObject([{ rule: 'term-missing', term: { source: '風險資本', expected: ['venture capital'] } }]);
  });

  it('does not find a term cut out of a longer word (美國 inside 美國人)', () => {
    expect(check([['許多美國人支持這項政策。', 'Many Americans support the policy.']])).toEqual([]);
    // Near miss: 美國 standing alone is a term.
    expect(rules(check([['美國支持這項政策。', 'Canada supports the policy.']]))).toEqual(['term-missing']);
  });

  it('accepts a word of the same family (regulators, regulatory for 監管機構 / regulator), not another word', () => {
    expect(check([['監管機構發表了聲明。', 'Regulators made a statement.']], { withDict: false })).toEqual([]);
    expect(check([['監管機構發表了聲明。', 'The regulatory body made a statement.']], { withDict: false })).toEqual([]);
    expect(check([['監管機構發表了聲明。', 'Regulation made a statement.']], { withDict: false })).toEqual([]);
    // Near miss: a misspelt name is no word of the family (Singapur for Singapore).
    expect(rules(check([['新加坡很小。', 'Singapur is small.']], { entries: [entry('新加坡', ['Singapore'])], withDict: false }))).toEqual(['term-missing']);
    expect(rules(check([['監管機構發表了聲明。', 'The watchdog made a statement.']], { withDict: false }))).toEqual(['term-missing']);
  });

  it('counts a dictionary sense for a candidate term nobody approved, never for an approved one', () => {
    // 美國 / United States is a candidate: CC-CEDICT's "US" is a right translation too.
    expect(check([['美國在領先。', 'The USA is ahead.']])).toEqual([]);
    expect(rules(check([['美國在領先。', 'The USA is ahead.']], { withDict: false }))).toEqual(['term-missing']);
    // U.S. is the abbreviation of United States, dictionary or not.
    expect(check([['美國在領先。', 'The U.S. is ahead.']], { withDict: false })).toEqual([]);
    // Approved, only the glossary counts: CC-CEDICT's "US" no longer does.
    const approved = [entry('美國', ['United States'], 'approved')];
    expect(rules(check([['美國在領先。', 'The USA is ahead.']], { entries: approved }))).toEqual(['term-missing']);
    expect(check([['美國在領先。', 'The United States is ahead.']], { entries: approved })).toEqual([]);
  });

  it('takes an abbreviation and its expansion for one another (SEC, Securities and Exchange Commission), even when approved', () => {
    expect(check([['證券交易委員會發表聲明。', 'The Securities and Exchange Commission issued a statement.']])).toEqual([]);
    const expanded = [entry('歐盟', ['European Union'], 'approved')];
    expect(check([['歐盟發表聲明。', 'The EU issued a statement.']], { entries: expanded })).toEqual([]);
    // Near misses: other initials, or words that are not capitalised as a name.
    expect(rules(check([['證券交易委員會發表聲明。', 'The Securities Exchange issued a statement.']]))).toEqual(['term-missing']);
    expect(rules(check([['歐盟發表聲明。', 'The EC issued a statement.']], { entries: expanded }))).toEqual(['term-missing']);
    expect(rules(check([['證券交易委員會發表聲明。', 'The securities and exchange commission issued a statement.']], { withDict: false }))).toEqual(['term-missing']);
  });

  it('ignores forbidden source terms and entries without an accepted translation', () => {
    const entries: TermEntry[] = [{ terms: [{ lang: 'zh-TW', text: '區塊鏈', status: 'candidate' }, { lang: 'en-US', text: 'block chain', status: 'forbidden' }] }];
    expect(check([['他們用區塊鏈。', 'They use a ledger.']], { entries })).toEqual([]);
  });
});

describe('term-missing on free but right translations', () => {
  it('takes a name only as itself or its demonym (Singaporean, Chinese), never a misspelling (Singapura, El Salvadore)', () => {
    const names = [entry('新加坡', ['Singapore']), entry('中國', ['China']), entry('薩爾瓦多', ['El Salvador'])];
    expect(check([['新加坡的監管者很謹慎。', 'Singaporean regulators are careful.']], { entries: names })).toEqual([]);
    expect(check([['中國的公司在追趕。', 'Chinese companies are catching up.']], { entries: names })).toEqual([]);
    // Near misses: the stem is the same, the name is not (also through CC-CEDICT's sense El Salvador).
    expect(rules(check([['薩爾瓦多歡迎創業者。', 'El Salvadore welcomes founders.']], { entries: names }))).toEqual(['term-missing']);
    expect(rules(check([['新加坡很小。', 'Singapura is small.']], { entries: names }))).toEqual(['term-missing']);
  });

  it('joins a hyphenated word into the closed compound and back (start-ups, startup), spelling -ise as -ize', () => {
    const words = [entry('初創公司', ['startup']), entry('去中心化', ['decentralized']), entry('開源', ['open-source'])];
    expect(check([['初創公司在招聘。', 'Start-ups are hiring.']], { entries: words, withDict: false })).toEqual([]);
    expect(check([['去中心化的網絡。', 'Decentralised networks.']], { entries: words, withDict: false })).toEqual([]);
    expect(check([['開源的模型。', 'An opensource model.']], { entries: words, withDict: false })).toEqual([]);
    // Near misses: another word after start, another word altogether.
    expect(rules(check([['初創公司在招聘。', 'Start-overs are hiring.']], { entries: words, withDict: false }))).toEqual(['term-missing']);
    expect(rules(check([['去中心化的網絡。', 'Centralised networks.']], { entries: words, withDict: false }))).toEqual(['term-missing']);
  });

  it('takes an open compound for the closed one (policy makers ~ policymaker) and capital initials (VC ~ venture capital)', () => {
    const words = [entry('政策制定者', ['policymaker']), entry('風險資本', ['venture capital'])];
    expect(check([['政策制定者很謹慎。', 'Policy makers are careful.']], { entries: words, withDict: false })).toEqual([]);
    expect(check([['風險資本湧入。', 'VC money pours in.']], { entries: words, withDict: false })).toEqual([]);
    // Near misses: another second word; initials in lower case are a word, not the abbreviation.
    expect(rules(check([['政策制定者很謹慎。', 'Policy analysts are careful.']], { entries: words, withDict: false }))).toEqual(['term-missing']);
    expect(rules(check([['風險資本湧入。', 'Vc money pours in.']], { entries: words, withDict: false }))).toEqual(['term-missing']);
  });

  it('technology, technological and technical are one family', () => {
    const words = [entry('技術', ['technology'])];
    expect(check([['技術革命。', 'Technological revolutions.']], { entries: words, withDict: false })).toEqual([]);
    expect(check([['技術人才。', 'Technical minds.']], { entries: words, withDict: false })).toEqual([]);
    expect(rules(check([['技術人才。', 'Techno music.']], { entries: words, withDict: false }))).toEqual(['term-missing']);
  });

  it('renders a compound the dictionary lacks part by part, for candidates only (科技 + 公司: technology company)', () => {
    // The extractor's own word-by-word reading of the dictionary: another sense choice is no variant.
    const fromDictionary = (e: TermEntry): TermEntry => ({ ...e, origin: 'extract', method: 'dictionary' });
    const words = [entry('科技公司', ['tech corporation']), entry('美國投資者', ['American investors'])].map(fromDictionary);
    expect(check([['中國的科技公司。', 'Chinese technology companies.']], { entries: words })).toEqual([]);
    expect(check([['美國投資者拋售股票。', 'US investors sold shares.']], { entries: words })).toEqual([]);
    // A person's glossary: accepted, and reported as a variant (a warning), not as missing.
    expect(rules(check([['中國的科技公司。', 'Chinese technology companies.']], { entries: [entry('科技公司', ['tech corporation'])] }))).toEqual(['term-variant']);
    // Near misses: one part rendered, the other not; the same compound approved.
    expect(rules(check([['中國的科技公司。', 'Chinese technology experts.']], { entries: words }))).toEqual(['term-missing']);
    expect(rules(check([['中國的科技公司。', 'Chinese technology companies.']], { entries: [entry('科技公司', ['tech corporation'], 'approved')] }))).toEqual(['term-missing']);
  });
});

describe('number-mismatch with words that hold a number', () => {
  it('takes both for 兩 and needs no number for an English both', () => {
    expect(check([['兩位創始人都來了。', 'Both founders came.']], { entries: [] })).toEqual([]);
    expect(rules(check([['兩位創始人都來了。', 'The founders came.']], { entries: [] }))).toEqual(['number-mismatch']);
  });

  it('takes second and Q2 for 第二 (季度), and needs no number for them in an English source', () => {
    expect(check([['第二季度收入增長了。', 'Revenue grew in the second quarter.']], { entries: [] })).toEqual([]);
    expect(check([['第二季度收入增長了。', 'Revenue grew in Q2.']], { entries: [] })).toEqual([]);
    expect(rules(check([['第二季度收入增長了。', 'Revenue grew in Q3.']], { entries: [] }))).toEqual(['number-mismatch']);
    expect(rules(check([['第二季度收入增長了。', 'Revenue grew in the third quarter.']], { entries: [] }))).toEqual(['number-mismatch']);
  });
});

describe('term-forbidden', () => {
  it('reports a forbidden translation in the target, with the accepted one and the target span', () => {
    const issues = check([['證券交易委員會發表聲明。', 'The Securities Commission issued a statement.']]);
    const forbidden = issues.find((i) => i.rule === 'term-forbidden');
    expect(forbidden).toMatchObject({ severity: 'error', term: { source: '證券交易委員會', expected: ['SEC'] }, targetSpan: [4, 25], found: 'Securities Commission' });
  });

  it('near miss: a longer name that merely contains the forbidden words in another order is fine', () => {
    expect(check([['證券交易委員會發表聲明。', 'The SEC, not the Commission on Securities, issued it.']])).toEqual([]);
  });
});

describe('number-mismatch', () => {
  it('reads a dotted label (9.7.3, 1.2.10) as one identifier: the same passes, another is reported', () => {
    expect(check([['詳見第 9.7.3 節。', 'See Section 9.7.3 for details.']])).toEqual([]);
    expect(check([['升級到 1.2.10 版。', 'Upgrade to version 1.2.10.']])).toEqual([]);
    const issues = check([['詳見第 9.7.3 節。', 'See Section 9.7.4 for details.']]);
    expect(issues.map((i) => [i.rule, i.found])).toEqual([['number-mismatch', '9.7.3'], ['number-mismatch', '9.7.4']]);
    expect(issues[0]!.message).toContain('no such label');
  });

  it('reads a hardware or IPv6 address as one identifier, and a number base as no count', () => {
    expect(check([['比如00:1B:44:11:3A:B7，就是一個 MAC 位址。', '00:1B:44:11:3A:B7 is an example of a MAC address.']])).toEqual([]);
    expect(rules(check([['比如00:1B:44:11:3A:B7，就是一個 MAC 位址。', '00:1B:44:11:3A:B8 is an example of a MAC address.']]))).toEqual(['number-mismatch', 'number-mismatch']);
    expect(check([['試試十六進制的密鑰。', 'Try the hex key.']])).toEqual([]);
    // Near miss: sixteen keys are a count.
    expect(rules(check([['試試十六個密鑰。', 'Try the keys.']]))).toEqual(['number-mismatch']);
  });

  it('takes a number both sides write the same as copied, whatever its suffix means', () => {
    expect(check([['我有 1GB=1048576k 記憶體。', 'I have 1GB=1048576k of memory.']])).toEqual([]);
    // Near miss: written otherwise in the target, the values are compared.
    expect(rules(check([['我有 1048576k 記憶體。', 'I have 1048577k of memory.']]))).toEqual(['number-mismatch']);
  });

  it('reads Chinese multipliers: 10萬億美元 = $10 trillion, and reports $1 trillion', () => {
    expect(check([['總市值超過10萬億美元。', 'A combined value of more than $10 trillion.']])).toEqual([]);
    const issues = check([['總市值超過10萬億美元。', 'A combined value of more than $1 trillion.']]);
    expect(issues.map((i) => [i.rule, i.found])).toEqual([['number-mismatch', '10萬億'], ['number-mismatch', '1 trillion']]);
  });

  it('compares vague amounts by magnitude: 數百 = hundreds = a few hundred, not thousands', () => {
    expect(check([['數百位創業者受到影響。', 'Hundreds of founders were affected.']])).toEqual([]);
    expect(check([['幾百人', 'a few hundred people']])).toEqual([]);
    expect(rules(check([['數百位創業者受到影響。', 'Thousands of founders were affected.']]))).toEqual(['number-mismatch']);
  });

  it('keeps 2.0 as 2.0 and numbers in words (五家 = five, 十年 = a decade, 第三 = third)', () => {
    expect(check([['扼喉行動2.0開始了。', 'Operation Chokepoint 2.0 began.']])).toEqual([]);
    expect(check([['五家公司在過去十年中排名第三。', 'Five companies ranked third over the past decade.']])).toEqual([]);
    expect(rules(check([['五家公司', 'Six companies']]))).toEqual(['number-mismatch']);
  });

  it('reports a number the target adds, and reads 3.5億 = 350 million and 百分之五 = 5%', () => {
    expect(rules(check([['公司裁員了。', 'The company cut 300 jobs.']]))).toEqual(['number-mismatch']);
    expect(check([['融資3.5億美元,佔百分之五。', 'It raised $350 million, 5% of the total.']])).toEqual([]);
  });

  it('near miss: words that only look like numbers (一些, 十分, 一直, Web3) are no numbers', () => {
    expect(check([['一些開發者十分支持Web3,一直如此。', 'Some developers strongly support Web3, as always.']])).toEqual([]);
  });
});

describe('name-missing', () => {
  it('warns when a Latin-script name of the source is not in the target', () => {
    const issues = check([['CoinFund投資了Gensyn。', 'The fund invested in Gensyn.']]);
    expect(issues).toMatchObject([{ rule: 'name-missing', severity: 'warning', found: 'CoinFund', sourceSpan: [0, 8] }]);
  });

  it('near miss: the name in another case or possessive form is there', () => {
    expect(check([['Web3初創公司Prime Intellect', "web3 startup Prime Intellect's team"]])).toEqual([]);
  });

  it('near miss: an acronym written out, or a name written as its initials, is there; other words are not', () => {
    expect(check([['本CC授權條款。', 'This Creative Commons license.']])).toEqual([]);
    expect(check([['由Securities and Exchange Commission監管。', 'Regulated by the SEC.']])).toEqual([]);
    expect(rules(check([['本CC授權條款。', 'This Canadian license.']]))).toEqual(['name-missing']);
    expect(rules(check([['本CC授權條款。', 'This creative commons license.']]))).toEqual(['name-missing']);
  });
});

describe('inconsistent-translation', () => {
  it('warns when one source is translated two ways in the file', () => {
    const issues = check([
      ['市場回暖了。', 'The market recovered.'],
      ['市場回暖了。', 'Markets bounced back.'],
    ]);
    expect(issues).toMatchObject([{ unitId: 'u2', rule: 'inconsistent-translation', severity: 'warning', found: 'The market recovered.' }]);
  });

  it('near miss: the same translation with other punctuation, case or script is consistent', () => {
    expect(check([
      ['市场回暖了。', 'The market recovered.'],
      ['市場回暖了', 'the market recovered'],
    ])).toEqual([]);
  });

  it('warns when one target translates two different sources', () => {
    const issues = check([
      ['市場回暖了。', 'The market recovered quickly.'],
      ['股市反彈了。', 'The market recovered quickly.'],
    ]);
    expect(issues).toMatchObject([{ unitId: 'u2', rule: 'inconsistent-translation', found: '市場回暖了。' }]);
  });

  it('warns when the TM translates the source another way, not when it agrees', () => {
    const tm: [string, string][] = [['市場回暖了。', 'The market recovered.']];
    expect(check([['市場回暖了。', 'Markets bounced back.']], { tm })).toMatchObject([{ rule: 'inconsistent-translation', found: 'The market recovered.' }]);
    expect(check([['市場回暖了。', 'The market recovered.']], { tm })).toEqual([]);
  });
});

describe('untranslated', () => {
  it('reports an empty target and a target copied from a Chinese source', () => {
    expect(check([['市場回暖了。', '']])).toMatchObject([{ rule: 'untranslated', message: 'the target is empty' }]);
    expect(check([['市場回暖了。', '市場回暖了。']])).toMatchObject([{ rule: 'untranslated', message: 'the target is a copy of the source' }]);
  });

  it('near miss: a name, code or number copied over is a right translation', () => {
    expect(check([['CoinFund', 'CoinFund'], ['2025', '2025'], ['https://fortune.com', 'https://fortune.com']])).toEqual([]);
  });
});

describe('a translation written inside a CamelCase compound', () => {
  it('is found there; a word merely starting a longer word is not', () => {
    expect(inCamelCompound('Share', 'The License Elements are Attribution and ShareAlike.')).toBe(true);
    expect(inCamelCompound('Share', 'The License Elements are Attribution and Sharing.')).toBe(false);
    expect(inCamelCompound('Share', 'Licensed under Sharealike terms.')).toBe(false);
    expect(inCamelCompound('tree', 'see the DeviceTrees section')).toBe(true);
  });
});
