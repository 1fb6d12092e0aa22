import { describe, expect, test } from 'vitest';
import { analyseUnit } from '../../src/extract/glossary.js';
import { chineseLists, definedForms, definitionLinks, englishLawTitles, englishLists, inlineEnglishLinks, lawTitleLinks, listLinks, quotedGlossLinks, quotedLinks, wholeUnitLinks, type Lexicon } from '../../src/extract/structure.js';
import type { AnalysedUnit } from '../../src/extract/types.js';

const unit = (zh: string, en: string): AnalysedUnit => analyseUnit({ id: 1, srcLang: 'zh-TW', tgtLang: 'en-US', source: zh, target: en })!;

/** A dictionary of a few senses; every word rare (no common verbs) unless listed. */
const lexicon = (senses: Record<string, string[]>, common: string[] = []): Lexicon => ({
  glosses: (w) => new Set(senses[w] ?? []),
  idf: (w) => (common.includes(w) ? 5 : 12),
});
const none = lexicon({});

const pairs = (links: { zh: { text: string }; en: { text: string } }[]): string[] => links.map((l) => `${l.zh.text}/${l.en.text}`);

describe('parallel enumerations', () => {
  test('a list of business kinds pairs item by item, confirmed by the head every item shares', () => {
    const u = unit('本法所定行業，包括農業、漁業、礦業及林業。', 'The sectors of this Act include farming enterprises, fishing enterprises, mining enterprises, and forestry enterprises.');
    const links = listLinks(u, none);
    expect(pairs(links)).toEqual(['農業/farming enterprises', '漁業/fishing enterprises', '礦業/mining enterprises', '林業/forestry enterprises']);
    expect(links.every((l) => l.method === 'list' && l.score === 0.8)).toBe(true);
  });

  test('a list of modifiers before a noun keeps the English items as short as the others', () => {
    const u = unit('甲方授與您全球、免費、非專屬的許可。', 'Party A grants you a worldwide, free, non-exclusive license.');
    expect(pairs(listLinks(u, none))).toEqual(['全球/worldwide', '免費/free', '非專屬/non-exclusive']);
  });

  test('an unconfirmed list ranks like one aligned observation; a dictionary sense confirms it', () => {
    const zh = '審查範圍包括文件、圖表及模型。';
    const en = 'The review covers documents, charts, and models.';
    expect(listLinks(unit(zh, en), none).map((l) => l.score)).toEqual([0.62, 0.62, 0.62]);
    expect(listLinks(unit(zh, en), lexicon({ 文件: ['document'] })).map((l) => l.score)).toEqual([0.8, 0.8, 0.8]);
  });

  test('near miss: unequal item counts give no pair', () => {
    const u = unit('審查範圍包括文件、圖表及模型。', 'The review covers documents, charts, drawings, and models.');
    expect(chineseLists(u, none)[0]).toHaveLength(3);
    expect(englishLists(u)[0]).toHaveLength(4);
    expect(listLinks(u, none)).toEqual([]);
  });

  test('near miss: a clause inside the list gives no pair', () => {
    const u = unit('審查範圍包括文件、由申請人提出之說明及模型。', 'The review covers documents, explanations, and models.');
    expect(chineseLists(u, none)).toEqual([]);
    expect(listLinks(u, none)).toEqual([]);
  });

  test('near miss: a list the dictionary shows out of order gives no pair', () => {
    const u = unit('審查範圍包括文件、圖表及模型。', 'The review covers charts, documents, and models.');
    expect(listLinks(u, lexicon({ 文件: ['document'] }))).toEqual([]);
  });

  test('an English clause before the list ends at its last comma; the list starts after it', () => {
    const u = unit('但不包括農會、漁會及工會。', 'provided, however, that farmers associations, fishermen associations, and labor unions are excluded.');
    expect(pairs(listLinks(u, none))).toEqual(['農會/farmers associations', '漁會/fishermen associations', '工會/labor unions']);
  });

  test('near miss: a last Chinese item longer than the others may hold what follows the list', () => {
    const u = unit('命令其解除董事、監察人或經理人職務。', 'Order it to remove its directors, supervisors, or managers.');
    expect(pairs(listLinks(u, none))).toEqual(['董事/directors', '監察人/supervisors']);
  });

  test('near miss: an item that alone ends with a suffix is of another kind', () => {
    const u = unit('個人資料之蒐集、處理及利用者，應告知當事人。', 'The collection, processing, and use of personal data shall be notified.');
    expect(pairs(listLinks(u, none))).toEqual(['蒐集/collection', '處理/processing']);
  });

  test('an English item whose extent is unsure counts but is not paired', () => {
    // "and fair and impartial persons": the last item may run past the joining word.
    const u = unit('委員由學者、專家及公正人士擔任。', 'Members are scholars, experts, and fair and impartial persons.');
    expect(pairs(listLinks(u, none))).toEqual(['學者/scholars', '專家/experts']);
  });
});

describe('definitions and quoted terms', () => {
  test('「X」指… and X means… pair the defined terms', () => {
    const u = unit('「授權素材」 指授權人提供的素材。', 'Licensed Material means the material the Licensor offers.');
    const links = definitionLinks(u);
    expect(pairs(links)).toEqual(['授權素材/Licensed Material']);
    expect(links[0]!.method).toBe('definition');
  });

  test('本法所稱X，指… and The term "X" as used in this Act means…', () => {
    const u = unit('本法所稱消費者，指購買商品者。', 'The term "consumer" as used in this Act means a party that buys goods.');
    expect(pairs(definitionLinks(u))).toEqual(['消費者/consumer']);
  });

  test('an item of a list of definitions, 三、X：指… and 3. "X" refers to…', () => {
    const u = unit('三、電子憑證：指以電子方式表示之證明。', '3. "electronic certificate" refers to a proof shown in electronic form;');
    expect(pairs(definitionLinks(u))).toEqual(['電子憑證/electronic certificate']);
    // Near miss: a colon that introduces a list, not a definition.
    const v = unit('三、電子憑證：包括下列事項。', '3. Electronic certificates include the following.');
    expect(definitionLinks(v)).toEqual([]);
  });

  test('a possessive stays inside the defined English term', () => {
    const u = unit('「改編者授權」 指您適用的授權。', "Adapter's License means the license You apply.");
    expect(pairs(definitionLinks(u))).toEqual(["改編者授權/Adapter's License"]);
  });

  test('near miss: an English side that does not open with the defined term gives nothing', () => {
    const u = unit('「授權素材」 指授權人提供的素材。', 'For this purpose, the Licensor offers Licensed Material to the public.');
    expect(definitionLinks(u)).toEqual([]);
  });

  test('straight quotes pair in order; names the Chinese copies are not counted', () => {
    const u = unit('參見 "/usr/share/doc/example/html/" 裡面的 "說明文件" 和 "abc0"。', 'See the "user guide" in "/usr/share/doc/example/html/" and "abc0".');
    expect(pairs(quotedLinks(u))).toEqual(['說明文件/user guide']);
    // Near miss: two translated quotes on one side, one on the other.
    const v = unit('參見 "說明文件" 和 "使用手冊"。', 'See the "user guide".');
    expect(quotedLinks(v)).toEqual([]);
  });

  test('quoted terms pair in order when both sides quote as many', () => {
    const u = unit('狀態可為「啟用」或「停用」。', 'The state may be "enabled" or "disabled".');
    expect(pairs(quotedLinks(u))).toEqual(['啟用/enabled', '停用/disabled']);
    const v = unit('狀態可為「啟用」或「停用」。', 'The state may be "enabled" or disabled.');
    expect(quotedLinks(v)).toEqual([]);
    // Names joined by a Chinese word are no Chinese term.
    expect(quotedLinks(unit('掛載「procfs 和 sysfs」。', 'Mount "procfs and sysfs".'))).toEqual([]);
    expect(pairs(quotedLinks(unit('參見「Linux 安全特性」。', 'See "Linux security features".')))).toEqual(['Linux 安全特性/Linux security features']);
  });

  test('a quoted term followed by its English in brackets', () => {
    const u = unit('請提供其「統一資源識別符」(URI)。', 'Please provide its URI.');
    const links = quotedGlossLinks(u);
    expect(pairs(links)).toEqual(['統一資源識別符/URI']);
    expect(links[0]!.method).toBe('gloss');
    expect(quotedGlossLinks(unit('請提供其「附件」(a)。', 'Please provide its annex (a).'))).toEqual([]);
  });

  test('a term defined with a determiner is written as defined', () => {
    const entry = (zh: string, method: string, evidence: number[]) => ({ zh, en: 'Licensed Material', method, terms: [{ text: zh }, { text: 'Licensed Material' }], evidence, frequency: evidence.length, score: 0.8 });
    const out = definedForms([entry('授權素材', 'alignment', [2, 3]), entry('本授權素材', 'definition', [1])]);
    expect(out.map((e) => [e.zh, e.terms[0]!.text, e.evidence])).toEqual([['本授權素材', '本授權素材', [1, 2, 3]]]);
    // Without a definition the bare form stays.
    expect(definedForms([entry('授權素材', 'alignment', [2, 3]), entry('本授權素材', 'alignment', [1])])).toHaveLength(2);
  });
});

describe('bilingual glosses inside the Chinese', () => {
  test('an English term followed by its Chinese rendering, the acronym in between', () => {
    const u = unit('Basic Input Output System (BIOS) 基本輸入輸出系統 會先執行。', 'The Basic Input Output System (BIOS) runs first.');
    const lex = lexicon({ 基本: ['basic'], 输入: ['input'], 输出: ['output'], 系统: ['system'] });
    expect(pairs(inlineEnglishLinks(u, lex))).toEqual(['基本輸入輸出系統/Basic Input Output System']);
  });

  test('a word at the end of the Chinese that renders none of the English is the sentence going on', () => {
    const lex = lexicon({ 网路: ['network'], 块: ['block'], 装置: ['device'], 挂载: ['to mount'] });
    const u = unit('使用 network block device 網路塊裝置掛載 映像。', 'Mount the image with a network block device.');
    expect(pairs(inlineEnglishLinks(u, lex))).toEqual(['網路塊裝置/network block device']);
    // Near miss: a lone character at the end may be a piece of a word, and stays.
    const v = unit('使用 network block device 網路塊裝置槽 映像。', 'Mount the image with a network block device.');
    expect(pairs(inlineEnglishLinks(v, lexicon({ ...{ 网路: ['network'], 块: ['block'], 装置: ['device'] }, 槽: ['trough'] })))).toEqual(['網路塊裝置槽/network block device']);
  });

  test('near miss: Chinese after an English name that goes on with the sentence is no gloss', () => {
    const lex = lexicon({ 使用: ['to use'], 和: ['and'], 程序: ['program'], 检查: ['to check'] });
    const u = unit('Packet Filter 使用 規則 檢查封包，Secure Copy (SCP) 和 程序 一起。', 'Packet Filter uses rules to check packets, with Secure Copy (SCP) and programs.');
    expect(inlineEnglishLinks(u, lex)).toEqual([]);
    // The same shape whose Chinese translates the name is one.
    const v = unit('Packet Filter 封包過濾器 會檢查封包。', 'The Packet Filter checks packets.');
    expect(pairs(inlineEnglishLinks(v, lexicon({ 封包: ['packet'], 过滤器: ['filter'] })))).toEqual(['封包過濾器/Packet Filter']);
  });

  test('a Chinese term followed by the English it keeps, the English ending at a bracket', () => {
    const lex = lexicon({ 名字: ['name'], 服务: ['service'], 转换: ['to switch'], 提供: ['to provide'], 完全: ['complete'], 域名: ['domain name'] });
    const u = unit('由 NSS (名字服務轉換 Name Service Switch) 機制支援。', 'It is supported by the NSS (Name Service Switch) mechanism.');
    expect(pairs(inlineEnglishLinks(u, lex))).toEqual(['名字服務轉換/Name Service Switch']);
    // Near miss: the Chinese before the English renders too few of its words.
    const v = unit('它提供完全域名 fully qualified domain name (FQDN)。', 'It provides a fully qualified domain name (FQDN).');
    expect(inlineEnglishLinks(v, lex)).toEqual([]);
  });

  test('English words the Chinese keeps with their Chinese term in brackets are a stated pair', () => {
    const lex = lexicon({ 上游: ['upstream'], 作者: ['author'], 保证人: ['guarantor'], 官方: ['official'], 站点: ['site'], 程式: ['program'], 语言: ['language'] });
    const u = unit('Upstream author (上游作者)：程序的原始作者。', 'upstream author: the person who made the original program.');
    expect(pairs(inlineEnglishLinks(u, lex))).toEqual(['上游作者/upstream author']);
    // The dictionary need not agree where the English writes the words as a common noun.
    const v = unit('Sponsor (保證人)：檢查內容後幫助維護者上傳軟件包的人。', 'sponsor: a person who helps maintainers to upload packages.');
    expect(pairs(inlineEnglishLinks(v, lex))).toEqual(['保證人/sponsor']);
    // Near misses: the English has a bracket of its own after the words (the Chinese translates
    // that one); a name glossed with what it is.
    const w = unit('Debian New Member site (官方站點)', 'Debian New Member site (official)');
    expect(inlineEnglishLinks(w, lex)).toEqual([]);
    const x = unit('這裡用 Python (程式語言) 寫成。', 'It is written in Python here.');
    expect(inlineEnglishLinks(x, lex)).toEqual([]);
  });

  test('a Chinese stretch ending with a verb that renders none of the English is a clause', () => {
    const lex = lexicon({ 版本: ['version'], 字符串: ['string'], 可以: ['can'], 是: ['to be'], 上游: ['upstream'] });
    // "The version string can be upstream version (...)": 可以是 is no part of a term.
    const u = unit('版本字符串可以是 upstream version (version) 或者 Debian revision。', 'The version string may be upstream version (version) or Debian revision.');
    expect(inlineEnglishLinks(u, lex)).toEqual([]);
    // Near miss: the term itself right before the English it keeps.
    const v = unit('這是上游版本 upstream version (version)。', 'This is the upstream version (version).');
    expect(pairs(inlineEnglishLinks(v, lex))).toEqual(['上游版本/upstream version']);
  });

  test('a Chinese stretch ending with a preposition before an English name is no term', () => {
    // 做|為 is "as", though the dictionary gives 做 "to write": no gloss of LibreOffice Writer.
    const lex = lexicon({ 做: ['to write'], 为: ['as'], 文书: ['writer'] });
    const u = unit('智慧標籤可做為 LibreOffice Writer 的擴充軟體提供。', 'Smart Tags are provided as extensions of LibreOffice Writer.');
    expect(inlineEnglishLinks(u, lex)).toEqual([]);
    // Near miss: a noun before the same name renders it.
    const v = unit('安裝文書 LibreOffice Writer 的擴充軟體。', 'Install extensions of LibreOffice Writer.');
    expect(pairs(inlineEnglishLinks(v, lex))).toEqual(['文書/LibreOffice Writer']);
  });

  test('a Latin word kept in the Chinese term counts as rendered', () => {
    const u = unit('Disk system partition (DSP) Disk 系統分割槽 是一個分割槽。', 'The Disk system partition (DSP) is a partition.');
    expect(pairs(inlineEnglishLinks(u, lexicon({ 系统: ['system'] })))).toEqual(['Disk 系統分割槽/Disk system partition']);
  });

  test('a Latin name glossed in Chinese in brackets, and the same name glossed in English', () => {
    const u = unit('這是 tmpfs（臨時檔案系統）映像。', 'This is a tmpfs (temporary file system) image.');
    expect(pairs(inlineEnglishLinks(u, none))).toEqual(['臨時檔案系統/temporary file system']);
  });

  test('near miss: the English words begin a longer name, the Chinese term holds them', () => {
    const u = unit('請參見 Debian Linux 核心手冊 的說明。', 'See the Debian Linux Kernel Handbook for details.');
    expect(inlineEnglishLinks(u, none)).toEqual([]);
  });

  test('near miss: a bracket holding a joining word and another name is no gloss', () => {
    const u = unit('由 inetd (或 xinetd) 提供。', 'It is provided by inetd (or xinetd).');
    expect(inlineEnglishLinks(u, none)).toEqual([]);
  });
});

describe('names of laws on both sides', () => {
  const lex = lexicon({ 强制: ['compulsory', 'to force'], 执行: ['to execute', 'execution'], 民事: ['civil'], 著作权: ['copyright'], 商标: ['trademark'] });

  test('a Chinese law name and the English name translating its words, each with its own', () => {
    const u = unit('前項情形，準用民事訴訟法第五百條及強制執行法第十八條規定。', 'The situation is subject to Article 500 of the Code of Civil Procedure and Article 18 of the Compulsory Execution Act.');
    expect(pairs(lawTitleLinks(u, lex)).sort()).toEqual(['強制執行法/Compulsory Execution Act', '民事訴訟法/Code of Civil Procedure']);
  });

  test('the English name ends before a reference (Article 18)', () => {
    expect(englishLawTitles(unit('甲', 'under the Trademark Act and Article 18 thereof').enTokens)).toHaveLength(1);
    const u = unit('依商標法辦理。', 'as provided in the Trademark Act and Article 18 thereof.');
    expect(pairs(lawTitleLinks(u, lex))).toEqual(['商標法/Trademark Act']);
  });

  test('this Act, a name none of whose words the English translates, and no law in the English: nothing', () => {
    expect(lawTitleLinks(unit('本法自公布日施行。', 'This Act shall take effect on the date of promulgation.'), lex)).toEqual([]);
    expect(lawTitleLinks(unit('依專利法辦理。', 'as provided in the Copyright Act.'), lex)).toEqual([]);
    expect(lawTitleLinks(unit('依著作權法辦理。', 'as the copyright law provides.'), lex)).toEqual([]);
  });
});

describe('a unit that is one term on both sides', () => {
  const lex = lexicon({ 著作权: ['copyright'], 声明: ['statement', 'to declare'], 使用者: ['user'], 家: ['home'], 目录: ['directory', 'catalog'], 公司: ['company'], 名称: ['name'] });

  test('a list item or a heading pairs whole, its marker and punctuation left out', () => {
    expect(pairs(wholeUnitLinks(unit('(c) 著作權聲明；', '(c) a copyright notice;'), lex))).toEqual(['著作權聲明/copyright notice']);
    expect(pairs(wholeUnitLinks(unit('使用者家目錄', 'User home directory'), lex))).toEqual(['使用者家目錄/User home directory']);
  });

  test('near misses: a sentence, a verb phrase, one word on a side, or words the dictionary does not find', () => {
    expect(wholeUnitLinks(unit('他發表了著作權聲明。', 'He issued a copyright notice.'), lex)).toEqual([]);
    expect(wholeUnitLinks(unit('著作權聲明', 'Declare the copyright'), lex)).toEqual([]);
    expect(wholeUnitLinks(unit('公司名稱', 'Company'), lex)).toEqual([]);
    expect(wholeUnitLinks(unit('行動代號', 'Operation name'), lex)).toEqual([]);
    // A command in a menu holds a verb: no term (使用 is jieba's verb).
    expect(wholeUnitLinks(unit('使用家目錄', 'Use home directory'), lexicon({ 使用: ['to use'], 家: ['home'], 目录: ['directory'] }))).toEqual([]);
  });
});
