import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignBilingualText, alignRow, dropRepeats, readParagraphs } from '../../src/align/document.js';

const ESSAY = readFileSync('corpus/fortune-chokepoint-2025.zh-en.txt', 'utf8');
const GOLD = readFileSync('test/fixtures/align/essay-gold.tsv', 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t') as [string, string]);

const pairs = (text: string): [string, string][] => alignBilingualText(text, { file: 't.txt' }).units.map((u) => [u.source, u.target]);
/** The units added for the segments a CAT tool cuts over several sentence pairs. */
const segmentPairs = (text: string): [string, string][] => alignBilingualText(text, { file: 't.txt' }).segmentUnits.map((u) => [u.source, u.target]);

describe('the essay', () => {
  const doc = alignBilingualText(ESSAY, { file: 'essay.txt' });

  it('reads the Chinese once, the English once, Traditional Chinese as the source', () => {
    expect(doc.srcLang).toBe('zh-TW');
    expect(doc.tgtLang).toBe('en-US');
    expect(doc.source).toHaveLength(16);
    expect(doc.target).toHaveLength(13);
    expect(doc.repeated).toHaveLength(16);
  });

  it('pairs every sentence with exactly its translation (hand-checked gold, 35 pairs)', () => {
    expect(GOLD).toHaveLength(35);
    expect(doc.units.map((u) => [u.source, u.target])).toEqual(GOLD);
  });

  it('leaves the lines with no English out of the TM: the credits and the source line', () => {
    expect(doc.unpaired.map((u) => u.text)).toEqual(['(財富中文網)', '譯者:劉進龍', '審校:汪皓']);
  });

  it('keeps no pinyin annotation or footnote marker in any segment', () => {
    for (const u of doc.units) {
      expect(u.source).not.toMatch(/\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)/);
      expect(u.target).not.toMatch(/\[\d+\]/);
    }
  });

  it('records where each unit came from', () => {
    expect(doc.units[0]!.origin).toEqual({ file: 'essay.txt', paragraph: 1, position: 1 });
    expect(doc.units.at(-1)!.origin).toMatchObject({ paragraph: 14, position: 1 });
  });
});

describe('other layouts and translators\' choices', () => {
  const lines = ESSAY.split('\n').filter((l) => l.trim());
  const zh = lines.slice(0, 16);
  const en = lines.slice(32);

  it('aligns the same pairs when the paragraphs are interleaved', () => {
    const interleaved: string[] = [];
    for (let i = 0; i < zh.length; i++) {
      interleaved.push(zh[i]!);
      if (i < 12) interleaved.push(en[i]!);
    }
    interleaved.push(en[12]!);
    expect(pairs(interleaved.join('\n'))).toEqual(GOLD);
  });

  it('aligns the same pairs with the English first (English becomes the source)', () => {
    const doc = alignBilingualText([...en, '', ...zh].join('\n'), { file: 't.txt' });
    expect(doc.srcLang).toBe('en-US');
    expect(doc.units.map((u) => [u.target, u.source])).toEqual(GOLD);
  });

  it('keeps the damage of a missing translation local (length-based alignment merges an omission into a 2-1)', () => {
    // Without lexical evidence an omitted sentence is usually merged into its neighbour's pair;
    // every other pair must stay exactly right. Try each English sentence omitted in turn.
    const correct: number[] = [];
    for (const [, english] of GOLD) {
      const dropped = en.map((p) => p.replace(english, '').replace(/ {2,}/g, ' ').trim());
      const expected = GOLD.filter(([, e]) => e !== english);
      const got = pairs([...zh, ...dropped].join('\n'));
      correct.push(got.filter(([z, e]) => expected.some(([xz, xe]) => xz === z && xe === e)).length);
    }
    expect(Math.min(...correct)).toBeGreaterThanOrEqual(29);
    expect(correct.reduce((a, b) => a + b, 0) / correct.length).toBeGreaterThan(32);
  });

  it('pairs two Chinese sentences with one English sentence where the translator split it (2-1)', () => {
    const merged = en.map((p) => p.replace('the upper hand in AI. Now, DeepSeek’s', 'the upper hand in AI, and DeepSeek’s'));
    const got = pairs([...zh, ...merged].join('\n'));
    expect(got).toHaveLength(34);
    const unit = got.find(([z]) => z.startsWith('中國自主研發'))!;
    expect(unit[0]).toBe(GOLD[10]![0] + GOLD[11]![0]);
    expect(unit[1]).toContain('and DeepSeek’s shocking accomplishments');
  });

  it('aligns a short text it has never seen, with Simplified Chinese', () => {
    const text = [
      '东京今年的游客超过三千万人。酒店价格因此上涨了20%。',
      '市政府计划在2026年推出新的住宿税。',
      '来源:本报',
      'Tokyo welcomed more than thirty million visitors this year. Hotel prices rose by 20% as a result.',
      'The city government plans to introduce a new lodging tax in 2026.',
    ].join('\n');
    const doc = alignBilingualText(text, { file: 't.txt' });
    expect(doc.srcLang).toBe('zh-CN');
    expect(doc.units.map((u) => [u.source, u.target])).toEqual([
      ['东京今年的游客超过三千万人。', 'Tokyo welcomed more than thirty million visitors this year.'],
      ['酒店价格因此上涨了20%。', 'Hotel prices rose by 20% as a result.'],
      ['市政府计划在2026年推出新的住宿税。', 'The city government plans to introduce a new lodging tax in 2026.'],
    ]);
    expect(doc.unpaired.map((u) => u.text)).toEqual(['来源:本报']);
  });

  it('refuses a text with only one language or none', () => {
    expect(() => alignBilingualText('Only English here.\nAnd more.', { file: 'mono.txt' })).toThrow(/mono.txt: holds only Latin-script paragraphs/);
    expect(() => alignBilingualText('\n  \n', { file: 'empty.txt' })).toThrow(/empty.txt: holds no text/);
  });
});

describe('versions paragraphed differently', () => {
  const zh = [
    '市政府今年推出新的住宿稅。稅率為房價的百分之三。稅收將用於維護公園和步道。',
    '議會在三月通過了這項法案。反對者認為稅率太高。',
    '旅館業者表示訂房數量沒有下降。部分業者甚至提高了房價。觀光局將在年底公布統計數字。',
    '新稅從七月一日起實施。',
    '學者建議把一部分稅收用於大眾運輸。市長說他會考慮這個建議。明年將再檢討稅率。',
    '居民對這項政策的看法分歧。年輕人多半支持。老年人則擔心物價上漲。',
  ];
  const en = [
    ['The city introduced a new lodging tax this year.', 'The rate is three percent of the room price.', 'The revenue will be used to maintain parks and trails.'],
    ['The council passed the bill in March.', 'Opponents argue that the rate is too high.'],
    ['Hoteliers say bookings have not fallen.', 'Some have even raised their prices.', 'The tourism bureau will publish the figures at the end of the year.'],
    ['The new tax takes effect on 1 July.'],
    ['Scholars suggest spending part of the revenue on public transport.', 'The mayor said he would consider the suggestion.', 'The rate will be reviewed again next year.'],
    ['Residents are divided on the policy.', 'Young people mostly support it.', 'Older people worry about rising prices.'],
  ];
  const expected = zh.flatMap((p, i) => p.split(/(?<=。)/).map((s, k): [string, string] => [s, en[i]![k]!]));

  it('pairs the sentences of an English version set one sentence a line with Chinese paragraphs', () => {
    expect(pairs([...zh, '', ...en.flat()].join('\n'))).toEqual(expected);
  });

  it('pairs them the same with the English first, and with the Chinese set one sentence a line', () => {
    const english = (text: string) => alignBilingualText(text, { file: 't.txt' }).units.map((u): [string, string] => [u.target, u.source]);
    expect(english([...en.flat(), '', ...zh].join('\n'))).toEqual(expected);
    expect(pairs([...zh.flatMap((p) => p.split(/(?<=。)/)), '', ...en.map((p) => p.join(' '))].join('\n'))).toEqual(expected);
  });

  it('keeps aligning paragraphs first where a few paragraphs more are extras', () => {
    const extras = ['（本文由志工翻譯）', '（完）'];
    const doc = alignBilingualText([...zh.slice(0, 2), ...extras, '', ...en.slice(0, 2).map((p) => p.join(' '))].join('\n'), { file: 't.txt' });
    expect(doc.units.map((u) => [u.source, u.target])).toEqual(expected.slice(0, 5));
    expect(doc.unpaired.map((u) => u.text).sort()).toEqual([...extras].sort());
  });
});

describe('repeated blocks', () => {
  it('drops a run of paragraphs repeated whole, keeps a short line that recurs', () => {
    const ps = readParagraphs(['第一段很長的文字,足夠長以便判斷它是重複的。第一段很長的文字。', '第二段', '小標題', '第一段很長的文字,足夠長以便判斷它是重複的。第一段很長的文字。', '第二段', '小標題'].join('\n'));
    const { kept, repeated } = dropRepeats(ps);
    expect(kept.map((p) => p.text)).toEqual(['第一段很長的文字,足夠長以便判斷它是重複的。第一段很長的文字。', '第二段', '小標題']);
    expect(repeated).toHaveLength(3);
    const short = dropRepeats(readParagraphs('小標題\n正文一\n小標題\n正文二'));
    expect(short.kept).toHaveLength(4);
  });
});

describe('items and clauses', () => {
  it('pairs each Chinese item with its English item where the English joins them in one sentence', () => {
    const text = [
      '本法所稱消費者，指接受金融服務業提供金融商品或服務者。但不包括下列對象：一、專業投資機構。二、符合一定財力之自然人或法人。',
      '主管機關應於三十日內公告之。',
      'The term "consumer" means parties that receive financial products or services provided by a financial services enterprise; provided, however, that it does not include the following: 1.Qualified institutional investors; or 2.Natural persons or juristic persons with a prescribed level of financial capacity.',
      'The competent authority shall announce it within 30 days.',
    ].join('\n');
    expect(pairs(text)).toEqual([
      ['本法所稱消費者，指接受金融服務業提供金融商品或服務者。', 'The term "consumer" means parties that receive financial products or services provided by a financial services enterprise;'],
      ['但不包括下列對象：一、專業投資機構。', 'provided, however, that it does not include the following: 1.Qualified institutional investors; or'],
      ['二、符合一定財力之自然人或法人。', '2.Natural persons or juristic persons with a prescribed level of financial capacity.'],
      ['主管機關應於三十日內公告之。', 'The competent authority shall announce it within 30 days.'],
    ]);
  });

  it('pairs each Chinese item with its English item with the English first in the file too', () => {
    const text = [
      'The term "consumer" does not include the following: 1.Qualified institutional investors; or 2.Natural persons with a prescribed level of financial capacity.',
      '',
      '本法所稱消費者，不包括下列對象：一、專業投資機構。二、符合一定財力之自然人。',
    ].join('\n');
    expect(pairs(text)).toEqual([
      ['The term "consumer" does not include the following: 1.Qualified institutional investors; or', '本法所稱消費者，不包括下列對象：一、專業投資機構。'],
      ['2.Natural persons with a prescribed level of financial capacity.', '二、符合一定財力之自然人。'],
    ]);
  });

  it('keeps the clauses of an English sentence together where the Chinese does not end there', () => {
    const text = [
      '本法所稱消費者，指接受金融服務業提供金融商品或服務者，但不包括專業投資機構及符合一定財力之自然人或法人。',
      'The term "consumer" means parties that receive financial products or services provided by a financial services enterprise; provided, however, that it does not include qualified institutional investors or wealthy persons.',
    ].join('\n');
    expect(pairs(text)).toEqual([[text.split('\n')[0], text.split('\n')[1]]]);
  });
});

describe('reading a bilingual document', () => {
  const scripts = (text: string): string[] => readParagraphs(text).map((p) => p.script);
  const MIXED = 'Autotools Tutorial 為 the GNU Build System 與 its many configuration scripts 提供了很好的文件。';

  it('reads a Chinese paragraph carrying English titles as Chinese in a Chinese block, in either order', () => {
    const zh = ['建置系統很複雜。', MIXED, '請先閱讀它。'];
    const en = ['Build systems are complex.', 'The Autotools Tutorial documents the GNU Build System and its many configuration scripts well.', 'Please read it first.'];
    expect(scripts([...zh, '', ...en].join('\n'))).toEqual(['han', 'han', 'han', 'latin', 'latin', 'latin']);
    expect(scripts([...en, '', ...zh].join('\n'))).toEqual(['latin', 'latin', 'latin', 'han', 'han', 'han']);
    expect(pairs([...zh, '', ...en].join('\n'))).toEqual(zh.map((z, i) => [z, en[i]]));
  });

  it('keeps an English paragraph naming a Chinese word English, in its English block', () => {
    const text = ['道是中國哲學的核心概念。', '它難以翻譯。', '', 'The word 道 (dao) means the way, a central idea of Chinese philosophy.', 'It is hard to translate.'].join('\n');
    expect(scripts(text)).toEqual(['han', 'han', 'latin', 'latin']);
  });

  it('keeps a command left as it is in the Chinese half in that half, paired with its English twin', () => {
    const zh = ['用下面的命令列出已安裝的軟體包。', 'dpkg -l', '輸出很長。', '請用分頁程式閱讀。'];
    const en = ['List the installed packages with the following command.', 'dpkg -l', 'The output is long.', 'Read it with a pager.'];
    expect(scripts([...zh, '', ...en].join('\n'))).toEqual([...zh.map(() => 'han'), ...en.map(() => 'latin')]);
    expect(pairs([...zh, '', ...en].join('\n'))).toEqual(zh.map((z, i) => [z, en[i]]));
    // A CAT tool reads the command and the next line as one segment (no full stop between them),
    // in either version.
    expect(segmentPairs([...zh, '', ...en].join('\n'))).toEqual([['dpkg -l\n輸出很長。', 'dpkg -l\nThe output is long.']]);
    // Each paragraph a block of its own, or no blank line at all: still two runs, two halves.
    expect(scripts([...zh, ...en].join('\n\n'))).toEqual([...zh.map(() => 'han'), ...en.map(() => 'latin')]);
    expect(scripts([...zh, ...en].join('\n'))).toEqual([...zh.map(() => 'han'), ...en.map(() => 'latin')]);
    // Interleaved, a line with no Han is English.
    expect(scripts(zh.flatMap((z, i) => [z, en[i]!]).join('\n'))[2]).toBe('latin');
  });

  it('reads a mixed paragraph by the alternation of interleaved paragraphs', () => {
    const text = ['建置系統很複雜。', 'Build systems are complex.', MIXED, 'The Autotools Tutorial documents the GNU Build System and its many configuration scripts well.', '請先閱讀它。', 'Please read it first.'].join('\n');
    expect(scripts(text)).toEqual(['han', 'latin', 'han', 'latin', 'han', 'latin']);
    // An English paragraph quoting a Chinese title between two Chinese ones is English there.
    const quoting = ['本法保護金融消費者。', 'This Act protects financial consumers.', '本法簡稱金保法。', 'In Chinese this Act is called 金融消費者保護法, the financial consumer protection act.', '本法自公布日施行。', 'This Act takes effect on promulgation.'].join('\n');
    expect(scripts(quoting)).toEqual(['han', 'latin', 'han', 'latin', 'han', 'latin']);
    // Alone, running Chinese would make it Chinese.
    expect(scripts('In Chinese this Act is called 金融消費者保護法, the financial consumer protection act.')).toEqual(['han']);
  });

  it('pairs headings and list items as paragraphs of their own', () => {
    const text = [
      '第一章 安裝',
      '1. 下載安裝映像檔。',
      '2. 將它寫入 USB 隨身碟。',
      '• 重新開機。',
      '',
      'Chapter 1 Installation',
      '1. Download the installation image.',
      '2. Write it to a USB stick.',
      '• Reboot.',
    ].join('\n');
    expect(pairs(text)).toEqual([
      ['第一章 安裝', 'Chapter 1 Installation'],
      ['1. 下載安裝映像檔。', '1. Download the installation image.'],
      ['2. 將它寫入 USB 隨身碟。', '2. Write it to a USB stick.'],
      ['• 重新開機。', '• Reboot.'],
    ]);
    // A CAT tool reads the heading, which has no full stop, with the next line: that segment is a unit too.
    expect(segmentPairs(text)).toEqual([['第一章 安裝\n1. 下載安裝映像檔。', 'Chapter 1 Installation 1. Download the installation image.']]);
    // Not where a blank line ends the heading's paragraph.
    expect(segmentPairs(text.replace('第一章 安裝\n', '第一章 安裝\n\n'))).toEqual([]);
  });

  it('tags Traditional text zh-TW, also with mainland vocabulary from OpenCC, and Simplified text zh-CN', () => {
    // OpenCC s2t leaves mainland words (程序, 網絡, 通過) in Traditional characters.
    const opencc = ['系統通過網絡載入這個程序。', '', 'The system loads this program over the network.'].join('\n');
    expect(alignBilingualText(opencc, { file: 't.txt' }).srcLang).toBe('zh-TW');
    const simplified = ['系统通过网络加载这个程序。', '', 'The system loads this program over the network.'].join('\n');
    expect(alignBilingualText(simplified, { file: 't.txt' }).srcLang).toBe('zh-CN');
    // OpenCC t2s leaves Taiwan words (软体, 程式, 资料库) in Simplified characters.
    const t2s = ['这个软体把资料存进资料库。', '', 'This software stores the data in a database.'].join('\n');
    expect(alignBilingualText(t2s, { file: 't.txt' }).srcLang).toBe('zh-CN');
  });

  it('pairs the sentences of OpenCC output, mainland and Taiwan vocabulary mixed', () => {
    const zh = ['系統啟動時通過網絡載入這個程序。然後軟體讀取設定檔。', '使用者可以在選單中修改預設值。'];
    const en = ['At boot the system loads this program over the network. Then the software reads its configuration file.', 'Users can change the defaults in the menu.'];
    expect(pairs([...zh, '', ...en].join('\n'))).toEqual([
      ['系統啟動時通過網絡載入這個程序。', 'At boot the system loads this program over the network.'],
      ['然後軟體讀取設定檔。', 'Then the software reads its configuration file.'],
      [zh[1], en[1]],
    ]);
  });

  it('cuts a Chinese sentence at an ASCII full stop with no space, pairing each half', () => {
    const text = ['日誌寫入二進位制檔案.這些檔案可以用 journalctl(1) 讀取。', '', 'The log is written into binary files. These files are read with journalctl(1).'].join('\n');
    expect(pairs(text)).toEqual([
      ['日誌寫入二進位制檔案.', 'The log is written into binary files.'],
      ['這些檔案可以用 journalctl(1) 讀取。', 'These files are read with journalctl(1).'],
    ]);
    // A CAT tool does not cut there (OmegaT's rules): the whole line is a unit too.
    expect(segmentPairs(text)).toEqual([[text.split('\n')[0], text.split('\n')[2]]]);
  });
});

describe('paragraph pairs already aligned (a TSV of zh-TW / en-US rows)', () => {
  // The rows of a table, each cut as ingest cuts a CSV or TSV row.
  const tableRows = (rows: [string, string][]) =>
    rows.flatMap(([source, target], i) => alignRow({ srcLang: 'zh-TW', tgtLang: 'en-US', source, target, origin: { file: 'p.tsv', paragraph: i + 1 } }));

  it('aligns the sentences inside each pair', () => {
    const units = tableRows([['東京的遊客超過三千萬人。酒店價格上漲了20%。', 'Tokyo had more than thirty million visitors. Hotel prices rose by 20%.']]);
    expect(units.map((u) => [u.source, u.target])).toEqual([
      ['東京的遊客超過三千萬人。', 'Tokyo had more than thirty million visitors.'],
      ['酒店價格上漲了20%。', 'Hotel prices rose by 20%.'],
    ]);
  });

  it('keeps a pair whole where one sentence has no counterpart', () => {
    const units = tableRows([['東京的遊客超過三千萬人。酒店價格上漲了20%。（本報訊）', 'Tokyo had more than thirty million visitors. Hotel prices rose by 20%.']]);
    expect(units.map((u) => u.source)).toEqual(['東京的遊客超過三千萬人。酒店價格上漲了20%。（本報訊）']);
  });

  it('never pairs a sentence with one of another pair, and skips a pair with an empty side', () => {
    const units = tableRows([
      ['市政府計劃推出新稅。稅率為百分之五。', 'The city plans a new tax of 5%.'],
      ['稅收用於公園。', 'The revenue goes to parks.'],
      ['', 'An English line without Chinese.'],
    ]);
    expect(units.map((u) => [u.source, u.target])).toEqual([
      ['市政府計劃推出新稅。稅率為百分之五。', 'The city plans a new tax of 5%.'],
      ['稅收用於公園。', 'The revenue goes to parks.'],
    ]);
  });
});

describe('units for the segments a CAT tool cuts', () => {
  const zh = ['安裝步驟如下：', '下載映像檔。', '寫入隨身碟。', '重新開機。'];
  const en = ['The steps are as follows:', 'Download the image.', 'Write it to a stick.', 'Reboot.'];

  it('adds the segment of a line ending in a colon run on into the next line, keeping the sentence pairs', () => {
    const doc = alignBilingualText([...zh, '', ...en].join('\n'), { file: 't.txt' });
    expect(doc.units.map((u) => [u.source, u.target])).toEqual(zh.map((z, i) => [z, en[i]]));
    expect(doc.segmentUnits).toEqual([
      {
        srcLang: 'zh-TW',
        tgtLang: 'en-US',
        source: '安裝步驟如下：\n下載映像檔。',
        // The English version is read the same way: its segment runs on after the colon too.
        target: 'The steps are as follows:\nDownload the image.',
        origin: { file: 't.txt', paragraph: 1, position: 1 },
        props: [{ type: 'x-glossa-unit', value: 'cat-segment' }],
      },
    ]);
  });

  it('adds the segment of a line read alone that holds two sentence pairs (a numbered caption)', () => {
    const text = ['網路的設定有很多工具。', '表格 5.1. 網路工具列表', '主機名解析由 NSS 機制支援。', '',
      'There are many tools for the network configuration.', 'Table 5.1. List of network tools', 'The hostname resolution is supported by the NSS mechanism.'].join('\n');
    const doc = alignBilingualText(text, { file: 't.txt' });
    expect(doc.units.map((u) => [u.source, u.target])).toContainEqual(['表格 5.1.', 'Table 5.1.']);
    // A tool that ends a paragraph at every line break cuts the caption line whole.
    expect(doc.segmentUnits.map((u) => [u.source, u.target])).toContainEqual(['表格 5.1. 網路工具列表', 'Table 5.1. List of network tools']);
    // Near miss: a line that is one sentence pair already gives no unit of its own.
    expect(doc.segmentUnits.map((u) => u.source)).not.toContain('主機名解析由 NSS 機制支援。');
  });

  it('adds nothing where every line ends its sentence, or where a blank line separates them', () => {
    expect(segmentPairs([...zh.slice(1), '', ...en.slice(1)].join('\n'))).toEqual([]);
    expect(segmentPairs([...zh, ...en].join('\n\n'))).toEqual([]);
  });

  it('adds no unit for a segment holding a sentence with no translation; the other version\'s text includes it', () => {
    // The second line has no English: the Chinese segment it sits in has no whole translation.
    const text = ['安裝步驟如下：', '（本節由志工翻譯）', '下載映像檔。', '重新開機。', '', en[0], en[1], en[3]].join('\n');
    const doc = alignBilingualText(text, { file: 't.txt' });
    expect(doc.unpaired.map((u) => u.text)).toContain('（本節由志工翻譯）');
    // The English segment (it runs on after its colon) pairs with the Chinese text as it stands.
    expect(doc.segmentUnits.map((u) => [u.source, u.target])).toEqual([['安裝步驟如下：（本節由志工翻譯）下載映像檔。', 'The steps are as follows:\nDownload the image.']]);
    // Without the run-on in English, no unit at all.
    const stopped = ['安裝步驟如下：', '（本節由志工翻譯）', '下載映像檔。', '重新開機。', '', 'Here are the steps.', en[1], en[3]].join('\n');
    expect(segmentPairs(stopped)).toEqual([]);
  });

  it('adds the segment of an English source the same way (English first)', () => {
    const text = ['Steps', 'Download the image.', 'Reboot.', '', '步驟', '下載映像檔。', '重新開機。'].join('\n');
    expect(segmentPairs(text)).toEqual([['Steps\nDownload the image.', '步驟\n下載映像檔。']]);
  });

  it('adds the segment of the target version where only that one runs on', () => {
    // The Chinese heading ends with a full stop, the English one does not.
    const text = ['安裝步驟。', '下載映像檔。', '', 'Installation steps', 'Download the image.'].join('\n');
    expect(pairs(text)).toEqual([['安裝步驟。', 'Installation steps'], ['下載映像檔。', 'Download the image.']]);
    expect(segmentPairs(text)).toEqual([['安裝步驟。下載映像檔。', 'Installation steps\nDownload the image.']]);
  });

  it('adds the English sentence whose clauses pair with Chinese items, as one segment', () => {
    const text = [
      '本法所稱消費者，不包括下列對象：一、專業投資機構。二、符合一定財力之自然人。',
      'The term "consumer" does not include the following: 1.Qualified institutional investors; or 2.Natural persons with a prescribed level of financial capacity.',
    ].join('\n');
    expect(pairs(text)).toHaveLength(2);
    expect(segmentPairs(text)).toEqual([[text.split('\n')[0], text.split('\n')[1]]]);
  });
});

describe('units for the English version\'s segments', () => {
  // The Chinese joins with a semicolon what the English ends as two sentences.
  const zh = '契約條款顯失公平者，該部分條款無效；契約條款如有疑義時，應為有利於金融消費者之解釋。';
  const en = ['Contractual provisions that are clearly unfair shall be invalid.', 'If the meaning of a provision is in doubt, it shall be interpreted in favor of the financial consumer.'];

  it('adds each English sentence with its Chinese clause, keeping the sentence pair', () => {
    for (const text of [[zh, '', en.join(' ')].join('\n'), [en.join(' '), '', zh].join('\n')]) {
      const doc = alignBilingualText(text, { file: 't.txt' });
      const english = (u: { srcLang: string; source: string; target: string }): [string, string] => (u.srcLang.startsWith('zh') ? [u.target, u.source] : [u.source, u.target]);
      expect(doc.units.map(english)).toEqual([[en.join(' '), zh]]);
      expect(doc.segmentUnits.map(english)).toEqual([
        [en[0], '契約條款顯失公平者，該部分條款無效；'],
        [en[1], '契約條款如有疑義時，應為有利於金融消費者之解釋。'],
      ]);
    }
  });

  it('adds none where the Chinese sentence is not cut where the English sentence ends', () => {
    const joined = '契約條款顯失公平或如有疑義時，應為有利於金融消費者之解釋。';
    expect(segmentPairs([joined, '', en.join(' ')].join('\n'))).toEqual([]);
  });
});

describe('hard-wrapped paragraphs', () => {
  // Each paragraph wrapped at a fixed width, paragraphs separated by blank lines.
  const ZH = [
    '東京今年的遊客超過三千萬人，創下了歷史新高，觀光局表示這是疫情以後最好的一年。酒店價',
    '格因此上漲了百分之二十。',
    '',
    '市政府計劃在二〇二六年推出新的住宿稅，稅率為房價的百分之五，由酒店向住客收取。這項稅',
    '收將用於維護公園和改善公共交通。',
  ];
  const EN = [
    'Tokyo welcomed more than thirty million visitors this year, a record, and the tourism',
    'bureau called it the best year since the pandemic. Hotel prices rose by 20% as a result.',
    '',
    'The city government plans to introduce a new lodging tax in 2026, at 5% of the room',
    'rate, collected by hotels from their guests. The revenue will pay for parks and better',
    'public transport.',
  ];
  const text = [...ZH, '', ...EN].join('\n');

  it('joins the lines of each paragraph and pairs its sentences', () => {
    const doc = alignBilingualText(text, { file: 't.txt' });
    expect(doc.source.map((p) => p.text)).toEqual([ZH[0]! + ZH[1]!, ZH[3]! + ZH[4]!]);
    expect(doc.target.map((p) => p.text)).toEqual([EN[0] + ' ' + EN[1], EN[3] + ' ' + EN[4] + ' ' + EN[5]]);
    expect(pairs(text)).toEqual([
      ['東京今年的遊客超過三千萬人，創下了歷史新高，觀光局表示這是疫情以後最好的一年。', 'Tokyo welcomed more than thirty million visitors this year, a record, and the tourism bureau called it the best year since the pandemic.'],
      ['酒店價格因此上漲了百分之二十。', 'Hotel prices rose by 20% as a result.'],
      ['市政府計劃在二〇二六年推出新的住宿稅，稅率為房價的百分之五，由酒店向住客收取。', 'The city government plans to introduce a new lodging tax in 2026, at 5% of the room rate, collected by hotels from their guests.'],
      ['這項稅收將用於維護公園和改善公共交通。', 'The revenue will pay for parks and better public transport.'],
    ]);
  });

  it('adds the segments a CAT tool reads over the line break, in either version', () => {
    expect(segmentPairs(text)).toEqual([
      ['東京今年的遊客超過三千萬人，創下了歷史新高，觀光局表示這是疫情以後最好的一年。', 'Tokyo welcomed more than thirty million visitors this year, a record, and the tourism\nbureau called it the best year since the pandemic.'],
      ['酒店價\n格因此上漲了百分之二十。', 'Hotel prices rose by 20% as a result.'],
      ['市政府計劃在二〇二六年推出新的住宿稅，稅率為房價的百分之五，由酒店向住客收取。', 'The city government plans to introduce a new lodging tax in 2026, at 5% of the room\nrate, collected by hotels from their guests.'],
      ['這項稅\n收將用於維護公園和改善公共交通。', 'The revenue will pay for parks and better\npublic transport.'],
    ]);
  });

  it('keeps one paragraph per line where most lines end their sentence, and short lines (headings) apart', () => {
    const lines = readParagraphs(['第一章 安裝與設定的步驟', '下載安裝映像檔。', '將它寫入 USB 隨身碟。', '重新開機，按照畫面上的指示完成安裝與設定的步驟', '然後登入。'].join('\n'));
    expect(lines).toHaveLength(5);
    // In a wrapped block a short line is a heading, not a wrapped one.
    const wrapped = readParagraphs(['安裝', ZH[0]!, ZH[1]!].join('\n'));
    expect(wrapped.map((p) => p.text)).toEqual(['安裝', ZH[0]! + ZH[1]!]);
  });
});

describe('a sentence OmegaT\'s rules cut before an ASCII bracket', () => {
  const text = '這裏是第一句。\n(注：我為它添加了行號。)\n第 1 行是名稱。\n\nHere is the first sentence.\n(Note: I have added the line numbers.)\nLine 1 is the name.\n';
  it('stays in the TM whole, with its bracket, and gives the CAT segment without it a unit too', () => {
    expect(pairs(text)).toContainEqual(['(注：我為它添加了行號。)', '(Note: I have added the line numbers.)']);
    expect(alignBilingualText(text, { file: 't.txt' }).unpaired).toEqual([]);
    expect(segmentPairs(text)).toContainEqual(['(注：我為它添加了行號。', '(Note: I have added the line numbers.)']);
    // Read with the lines joined, the next segment opens with the cut-off bracket: a unit too.
    expect(segmentPairs(text)).toContainEqual([')\n第 1 行是名稱。', 'Line 1 is the name.']);
    // Near miss: a full-width bracket closes the sentence for OmegaT too: one segment, no extra unit.
    const full = text.replace('(注：我為它添加了行號。)', '（注：我為它添加了行號。）');
    expect(pairs(full)).toContainEqual(['（注：我為它添加了行號。）', '(Note: I have added the line numbers.)']);
    expect(segmentPairs(full).map(([zh]) => zh)).not.toContain('（注：我為它添加了行號。');
  });
});
