import { describe, expect, test } from 'vitest';
import { betweenNumbers, generality, instancePattern, instances, isEnumerator, isFragment, numberedReference, withoutLocative } from '../../src/extract/precision.js';
import { extractFromUnits } from '../../src/extract/index.js';
import { analyseUnit, clauseLike, DO_NOT_TRANSLATE, opensWithChineseVerb, ownModifier, describingWord, edgeFunctionWord, instruction, quantified, everydayModifierFirst, inflectedVerb, joinsTwoEntries, numberLike, opensWithObject, otherSenseEverywhere, properPart } from '../../src/extract/glossary.js';
import type { TranslationUnit } from '../../src/model.js';
import type { Link } from '../../src/extract/types.js';
import { loadCedict } from '../../src/dict/cedict.js';

const unit = (source: string, target: string, id = 1): TranslationUnit => ({ id, srcLang: 'zh-TW', tgtLang: 'en-US', source, target });

describe('general words', () => {
  test('an everyday noun is dropped, a rare one kept, a common one lowered', () => {
    expect(generality('n', 5.1).drop).toBe(true);
    expect(generality('n', 11).drop).toBe(false);
    expect(generality('n', 11).penalty).toBe(0);
    expect(generality('n', 7.5)).toEqual({ drop: false, penalty: 0.1 });
  });

  test('verbs and adverbs must be rarer than nouns; names are never general', () => {
    expect(generality('v', 7.5).drop).toBe(true);
    expect(generality('v', 9.2).drop).toBe(false);
    expect(generality('d', 9).drop).toBe(true);
    expect(generality('nr', 3).drop).toBe(false);
    // jieba tags some everyday words as other proper nouns (普通/nz, idf 5.9): judged as nouns.
    expect(generality('nz', 5.9).drop).toBe(true);
    expect(generality('nz', 11).drop).toBe(false);
  });

  test('a common noun the statistics pair over several units is lowered, not dropped', () => {
    expect(generality('vn', 6, true)).toEqual({ drop: false, penalty: 0.15 });
    expect(generality('vn', 6, false).drop).toBe(true);
  });

  test('a common noun the dictionary renders with a phrase names a thing and stays; one rendered by one word goes', async () => {
    const g = await extractFromUnits([unit('總經理昨天辭職了。', 'The general manager resigned yesterday.'), unit('這家醫院很大。', 'This hospital is big.', 2)]);
    expect(g.map((e) => `${e.zh}/${e.en}`)).toEqual(['總經理/general manager']);
  });

  test('the dictionary alone does not make a glossary entry of an everyday word', async () => {
    const g = await extractFromUnits([unit('請參見上面的描述。', 'See the description above.')]);
    expect(g.map((e) => e.zh)).toEqual([]);
  });
});

describe('fragments', () => {
  test('a string always preceded by the same character is a piece of a word', () => {
    expect(isFragment('接字', { left: ['套', '套', '套'], right: ['的', '。', '在'] }, () => false)).toBe(true);
    expect(isFragment('接字', { left: ['套', '的', '套'], right: ['的', '。', '在'] }, () => false)).toBe(false);
  });

  test('a function word beside every occurrence does not make a fragment', () => {
    expect(isFragment('主管機關', { left: ['之', '之'], right: ['。', '，'] }, () => false)).toBe(false);
  });

  test('seen once: a fragment only when the longer string is a word', () => {
    expect(isFragment('接字', { left: ['套'], right: ['。'] }, (s) => s === '套接字')).toBe(true);
    expect(isFragment('接字', { left: ['套'], right: ['。'] }, () => false)).toBe(false);
  });
});

describe('inline glosses that only number an item', () => {
  test('single letters and Roman numerals are enumerators; acronyms are not', () => {
    for (const g of ['a', 'A', 'i', 'iv', 'XII']) expect(isEnumerator(g), g).toBe(true);
    for (const g of ['AI', 'SEC', 'ESP', 'UEFI']) expect(isEnumerator(g), g).toBe(false);
  });

  test('第3條第(a)項 gives no pair', async () => {
    const g = await extractFromUnits([unit('依第3條第(a)項辦理。', 'As provided in Section 3(a).')]);
    expect(g.filter((e) => e.method === 'gloss')).toEqual([]);
  });
});

describe('names copied unchanged', () => {
  test('are kept as do-not-translate entries, ranked below translated terms', async () => {
    const g = await extractFromUnits([
      unit('Debian 系統使用量子計算機。', 'The Debian system uses a quantum computer.', 1),
      unit('Debian 很穩定。', 'Debian is stable.', 2),
    ]);
    const debian = g.find((e) => e.zh === 'Debian');
    expect(debian).toMatchObject({ en: 'Debian', method: 'shared-token', note: DO_NOT_TRANSLATE });
    const term = g.find((e) => e.zh === '量子計算機');
    expect(term?.en).toBe('quantum computer');
    expect(g.indexOf(term!)).toBeLessThan(g.indexOf(debian!));
  });
});

describe('an acronym gloss spelled out in the English', () => {
  test('the spelled-out words are the translation; words that do not spell it are not', async () => {
    const { analyseUnit } = await import('../../src/extract/glossary.js');
    const { glossLinks } = await import('../../src/extract/pairers.js');
    const hit = analyseUnit(unit('完整的作業系統（OS）功能', 'the fully functional operating system (OS) to the user'))!;
    expect(glossLinks(hit, () => 1).map((l) => [l.zh.text, l.en.text])).toEqual([['作業系統', 'operating system']]);
    const miss = analyseUnit(unit('完整的作業系統（OS）功能', 'the fully functional system software (OS) to the user'))!;
    // The English glosses the acronym too, after words that do not spell it: which words the
    // Chinese translates is unsure without the dictionary, so nothing is paired.
    expect(glossLinks(miss, () => 1).map((l) => l.en.text)).toEqual([]);
    // Where the English uses the acronym alone, the acronym is the translation.
    const bare = analyseUnit(unit('完整的作業系統（OS）功能', 'the fully functional OS to the user'))!;
    expect(glossLinks(bare, () => 1).map((l) => l.en.text)).toEqual(['OS']);
  });
});

describe('verbs and clauses are no renderings of terms', () => {
  test('an inflected verb that is no noun; a noun in -ing is kept', async () => {
    expect(inflectedVerb('stored')).toBe(true);
    expect(inflectedVerb('stripped')).toBe(true);
    expect(inflectedVerb('warning')).toBe(false);
    expect(inflectedVerb('store')).toBe(false);
    expect(inflectedVerb('Licensed Material')).toBe(false);
    expect(inflectedVerb('automates')).toBe(true);
    expect(inflectedVerb('tries')).toBe(false);
    expect(inflectedVerb('modules')).toBe(false);
  });

  test('one word that only describes or acts names nothing; names, nouns and new words do', () => {
    expect(describingWord('remarkable')).toBe(true);
    expect(describingWord('unnecessary')).toBe(true);
    expect(describingWord('automate')).toBe(true);
    // Near misses: a noun, a word WordNet lacks, a name, a hyphened word, two words.
    expect(describingWord('kernel')).toBe(false);
    expect(describingWord('blockchain')).toBe(false);
    expect(describingWord('DeepSeek')).toBe(false);
    expect(describingWord('open-source')).toBe(false);
    expect(describingWord('remarkable power')).toBe(false);
  });

  test('a verb that opens its sentence or bracket nearly everywhere is an instruction', () => {
    const at = (text: string, word: string): { text: string; at: number } => ({ text, at: text.indexOf(word) });
    expect(instruction([at('(See fakeroot(1).)', 'See'), at('Read it. See dpkg(8).', 'See'), at('(See gpg(1).)', 'See'), at('(See file(1).)', 'See')])).toBe(true);
    // Near misses: a verb inside its sentence, a noun-only word, one opening in two.
    expect(instruction([at('Please see the manual.', 'see'), at('You will see it.', 'see')])).toBe(false);
    expect(instruction([at('(Kernel modules load.)', 'Kernel')])).toBe(false);
    expect(instruction([at('Boot the system.', 'Boot'), at('The system will boot.', 'boot')])).toBe(false);
  });

  test('a quantity opening the Chinese makes a phrase, not a term', () => {
    expect(quantified('这部分', 'part')).toBe(true);
    expect(quantified('几个阶段', 'several phases')).toBe(true);
    // Near misses: a numeral word before a noun where the English names a kind; no numeral.
    expect(quantified('多个条目', 'multiple entries')).toBe(false);
    expect(quantified('启动阶段', 'boot phases')).toBe(false);
  });

  test('a verb form before "to" and a verb is a clause', () => {
    expect(clauseLike('tries to start')).toBe(true);
    expect(clauseLike('wants to use')).toBe(true);
    // Near misses: a noun phrase with "to" inside, a plain noun phrase.
    expect(clauseLike('right to use')).toBe(false);
    expect(clauseLike('mount points')).toBe(false);
  });

  test('a describing word read in one unit is no entry; the same word stated by a list is', async () => {
    const g = await extractFromUnits([
      unit('Python 擁有可圈可點的強大功能和十分清晰的語法。', 'Python combines remarkable power with very clear syntax.', 1),
      unit('編譯器把原始碼編譯成二進位檔。', 'The compiler turns the source code into a binary.', 2),
    ]);
    expect(g.map((e) => e.en)).not.toContain('remarkable');
    expect(g.find((e) => e.zh === '原始碼')?.en).toBe('source code');
    const listed = await extractFromUnits([
      unit('授權人授予您全球、免權利金、不可再授權、非專屬、不可撤回的授權。', 'The Licensor grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license.', 1),
    ]);
    expect(listed.find((e) => e.zh === '不可撤回')?.en).toBe('irrevocable');
  });

  test('a phrase with an auxiliary or a verb form after its first word is a clause', async () => {
    expect(clauseLike('computer is powered')).toBe(true);
    expect(clauseLike('slice manages')).toBe(true);
    expect(clauseLike('modules providing')).toBe(true);
    expect(clauseLike('mount options')).toBe(false);
    expect(clauseLike('operating system')).toBe(false);
    expect(clauseLike('Licensed Rights')).toBe(false);
    expect(clauseLike('processing')).toBe(false);
    expect(clauseLike('property valued')).toBe(true);
    expect(clauseLike('prescribed by the competent authority')).toBe(true);
    expect(clauseLike('apply to institute an ombudsman case')).toBe(false);
    expect(clauseLike('Licensed Material')).toBe(false);
  });

  test('a locative particle at the end of an entry is no part of the term', () => {
    const words = new Set(['基本上', '其中']);
    const isWord = (w: string): boolean => words.has(w);
    expect(withoutLocative('儲存格中', 'cell', isWord)).toBe('儲存格');
    expect(withoutLocative('水平尺規上', 'horizontal ruler', isWord)).toBe('水平尺規');
    // Near misses: the English renders it, the rest is one character, the whole is a word.
    expect(withoutLocative('儲存格中', 'in the cell', isWord)).toBeUndefined();
    expect(withoutLocative('線上', 'online', isWord)).toBeUndefined();
    expect(withoutLocative('基本上', 'basically', isWord)).toBeUndefined();
  });

  test('entries of one pattern with different identifiers are instances, not terms', () => {
    expect(instancePattern('儲存格 A1', 'cell A1')).toEqual({ pattern: '儲存格 #', id: 'A1' });
    expect(instancePattern('欄 E', 'column E')).toEqual({ pattern: '欄 #', id: 'E' });
    // The identifier must be in the English too, and a word of its own.
    expect(instancePattern('C 標準', 'standard library')).toBeUndefined();
    expect(instancePattern('MD5 校驗', 'MD5 checksum')).toEqual({ pattern: '# 校驗', id: 'MD5' });
    expect(instancePattern('CSV 檔案', 'CSV file')).toBeUndefined();
    const rows = [
      { zh: '儲存格 A1', en: 'cell A1' }, { zh: '儲存格 B4', en: 'cell B4' }, { zh: '儲存格', en: 'cell' },
      { zh: '欄 E', en: 'column E' }, { zh: 'MD5 校驗', en: 'MD5 checksum' }, { zh: 'X11 應用程式', en: 'X11 application' },
    ];
    // Near misses: one instance alone (欄 E), names with one identifier each (MD5, X11).
    expect([...instances(rows)].sort()).toEqual([0, 1]);
  });

  test('a verb that is never a noun at the end follows its subject', () => {
    expect(clauseLike('directory contain')).toBe(true);
    expect(clauseLike('enter or select')).toBe(true);
    // Near misses: a noun that is a verb too, a gerund naming an act.
    expect(clauseLike('fair use')).toBe(false);
    expect(clauseLike('disk partitioning')).toBe(false);
    expect(clauseLike('mount point')).toBe(false);
  });

  test('a stretch opened or closed by a function word or a modal is a piece of a clause', () => {
    expect(edgeFunctionWord('之日起')).toBe(true);
    expect(edgeFunctionWord('是優點')).toBe(true);
    expect(edgeFunctionWord('酬金制度應')).toBe(true);
    // Near misses: prefixes and locatives build words; a coordination of two names is no clause piece.
    expect(edgeFunctionWord('非專屬')).toBe(false);
    expect(edgeFunctionWord('再利用')).toBe(false);
    expect(edgeFunctionWord('PAM 和 NSS 系統')).toBe(false);
    expect(edgeFunctionWord('反應')).toBe(false);
  });

  test('a composition opened by an everyday modifier is a phrase of the sentence', async () => {
    const dict = await loadCedict();
    const idf = (w: string): number => dict.idf(w);
    expect(everydayModifierFirst('不同颜色', idf)).toBe(true);
    expect(everydayModifierFirst('主要工具', idf)).toBe(true);
    // Near misses: an adjectival noun, a rarer modifier, one word.
    expect(everydayModifierFirst('安全模型', idf)).toBe(false);
    expect(everydayModifierFirst('专有模型', idf)).toBe(false);
    expect(everydayModifierFirst('不同', idf)).toBe(false);
  });

  test('a statistical partner gives way where another sense\'s head stands in every unit', () => {
    const senses = new Set(['top of the page', 'page header']);
    const units = ['You can define headers and footers.', 'Format - Page - (Header / Footer)', 'Print headers and footers on each page.'];
    expect(otherSenseEverywhere(senses, 'footer', units)).toBe(true);
    // Near misses: a sense renders the partner; the other head is missing from a unit.
    expect(otherSenseEverywhere(senses, 'header', units)).toBe(false);
    expect(otherSenseEverywhere(senses, 'footer', [...units, 'Footers only.'])).toBe(false);
    expect(otherSenseEverywhere(new Set(), 'footer', units)).toBe(false);
  });

  test('an English that is a number word or holds a glued list number names nothing', () => {
    expect(numberLike('Fifty')).toBe(true);
    expect(numberLike('4.Order')).toBe(true);
    expect(numberLike('Bar.The')).toBe(true);
    expect(numberLike('3.x kernel')).toBe(false);
    expect(numberLike('Fortune.com')).toBe(false);
    expect(numberLike('NetworkManager.service')).toBe(false);
    expect(numberLike('first aid')).toBe(false);
  });

  test('an English opening with the verb the Chinese opens with is an action, not a term', async () => {
    const dict = await loadCedict();
    expect(opensWithChineseVerb('套用页面样式', 'Applying Page Styles', dict)).toBe(true);
    expect(opensWithChineseVerb('定义索引条目', 'Define Index Entries', dict)).toBe(true);
    // Near misses: a base form before one word names a kind; a base form before a function word
    // names an act; the longest headword is the first word (作業系統, not 作業 "to operate"); a
    // gerund that is a noun too may modify; another verb than the Chinese one; a noun made from it.
    expect(opensWithChineseVerb('编辑模式', 'edit mode', dict)).toBe(false);
    expect(opensWithChineseVerb('申请评议', 'apply to institute an ombudsman case', dict)).toBe(false);
    expect(opensWithChineseVerb('作业系统核心', 'operating system kernel', dict)).toBe(false);
    expect(opensWithChineseVerb('编号格式', 'numbering format', dict)).toBe(false);
    expect(opensWithChineseVerb('套用页面样式', 'Defining Page Styles', dict)).toBe(false);
    expect(opensWithChineseVerb('配置档案', 'configuration file', dict)).toBe(false);
  });

  test('the head of a two-word sense takes the modifier the text writes before it', async () => {
    const dict = await loadCedict();
    const units = [
      analyseUnit(unit('符合條件之自然人或法人。', 'Natural persons or juristic persons that meet the conditions.', 1))!,
      analyseUnit(unit('該法人仍應負責。', 'The juristic person remains liable.', 2))!,
      analyseUnit(unit('人數低於二十法人。', 'leaving the number under 20 persons.', 3))!,
    ];
    const byId = new Map(units.map((u) => [u.id, u]));
    const linkAt = (id: number, zh: string, en: string, from = 0): Link => {
      const u = byId.get(id)!;
      const zs = u.zh.indexOf(zh);
      const es = u.en.indexOf(en, from);
      return { zh: { text: zh, key: zh, start: zs, end: zs + zh.length }, en: { text: en, key: 'person', start: es, end: es + en.length }, method: 'alignment', score: 0.7, unitId: id };
    };
    const senses = dict.glosses('法人');
    const agg = (links: Link[]) => ({ zhKey: '法人', enKey: 'person', links });
    const first = units[0]!.en.indexOf('juristic');
    expect(ownModifier(agg([linkAt(1, '法人', 'persons', first), linkAt(2, '法人', 'person'), linkAt(3, '法人', 'persons')]), senses, byId, dict)).toBe('juristic persons');
    // Near misses: two modifiers that disagree; a modifier another Chinese word renders (自然人
    // "natural person" owns natural); an adverb.
    const u4 = analyseUnit(unit('該法人仍應負責。', 'The corporate person remains liable.', 4))!;
    byId.set(4, u4);
    expect(ownModifier(agg([linkAt(1, '法人', 'persons', first), linkAt(4, '法人', 'person')]), senses, byId, dict)).toBeUndefined();
    expect(ownModifier(agg([linkAt(1, '法人', 'persons'), linkAt(2, '法人', 'person')]), senses, byId, dict)).toBeUndefined();
    const u5 = analyseUnit(unit('該法人仍應負責。', 'Those automatically persons remain liable.', 5))!;
    byId.set(5, u5);
    expect(ownModifier(agg([linkAt(5, '法人', 'persons'), linkAt(2, '法人', 'person')]), senses, byId, dict)).toBeUndefined();
  });

  test('a verb with its object is an instruction, a determiner after a preposition is not', () => {
    expect(opensWithObject('enter the formula')).toBe(true);
    expect(opensWithObject('specifies that the incoming mail server')).toBe(true);
    expect(opensWithObject('Import a dBASE File')).toBe(true);
    expect(opensWithObject('Defining A Function')).toBe(true);
    expect(clauseLike('place the cursor')).toBe(true);
    // Near misses: a determiner after a preposition, a column letter, two words, no determiner.
    expect(opensWithObject('fitness for a particular purpose')).toBe(false);
    expect(opensWithObject('chairman of the board')).toBe(false);
    expect(opensWithObject('Columns A and B')).toBe(false);
    expect(opensWithObject('the cursor')).toBe(false);
    expect(opensWithObject('Organic Act Governing the Establishment')).toBe(false);
    expect(opensWithObject('apply to institute an ombudsman case')).toBe(false);
  });

  test('a string between numbers in every occurrence is a piece of numbered references', async () => {
    expect(betweenNumbers({ left: ['2', '二'], right: ['(', '一'] })).toBe(true);
    expect(betweenNumbers({ left: ['2', '的'], right: ['(', '一'] })).toBe(false);
    expect(betweenNumbers({ left: [], right: [] })).toBe(false);
  });

  test('an ordinal with its unit, or words a number follows in every occurrence, are a numbered reference', () => {
    expect(numberedReference('第三款', [' of this Act'])).toBe(true);
    expect(numberedReference('第12条', [''])).toBe(true);
    expect(numberedReference('参见 章', [' 4 of the', ' 7.2, “Net'])).toBe(true);
    // Near misses: a number follows only some occurrences; a name kept in Latin script; no numeral.
    expect(numberedReference('参见 章', [' 4 of the', ' for det'])).toBe(false);
    expect(numberedReference('debian', [' 12 and'])).toBe(false);
    expect(numberedReference('第三方', [' software'])).toBe(false);
  });
});

describe('an English that is only part of a dictionary sense', () => {
  test('a shorter run of the sense\'s words is a part; the whole sense or other words are not', async () => {
    expect(properPart('money', 'money laundering')).toBe(true);
    expect(properPart('person', 'legal person')).toBe(true);
    expect(properPart('money laundering', 'money laundering')).toBe(false);
    expect(properPart('laundry', 'money laundering')).toBe(false);
  });
});

describe('two entries joined', () => {
  test('are no third term; a coordination with a part that is no entry may be one', async () => {
    const keys = new Set(['新加坡', '萨尔瓦多', 'ai', '区块链', '特权']);
    expect(joinsTwoEntries('新加坡和萨尔瓦多', keys)).toBe(true);
    expect(joinsTwoEntries('区块链和ai', keys)).toBe(true);
    expect(joinsTwoEntries('特权及豁免', keys)).toBe(false);
    expect(joinsTwoEntries('新加坡', keys)).toBe(false);
  });
});
