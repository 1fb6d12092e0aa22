import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TranslationUnit } from '../../src/model.js';
import { extractFromUnits, type GlossaryEntry } from '../../src/extract/index.js';
import { analyseUnit, linkUnit, wholeSenseFirst, wordingVariants, type GlossaryEntry as Entry } from '../../src/extract/glossary.js';
import { anchorLinks, glossLinks, nameLinks, sharedTokenLinks, titleLinks } from '../../src/extract/pairers.js';
import { dictionaryLinks, sameWordFamily, splitWord } from '../../src/extract/dictionary.js';
import { loadCedict } from '../../src/dict/cedict.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'extract');

/** A small hand-written bilingual text the extractor was never tuned on. */
function miniEssay(): TranslationUnit[] {
  return readFileSync(join(FIXTURES, 'mini-essay.zh-en.tsv'), 'utf8').trim().split('\n').map((line, i) => {
    const [source, target] = line.split('\t');
    return { id: i + 1, srcLang: 'zh-TW', tgtLang: 'en-US', source: source!, target: target! };
  });
}

function pairOf(g: readonly GlossaryEntry[], zh: string): GlossaryEntry | undefined {
  return g.find((e) => e.zh === zh);
}

const unit = (source: string, target: string, id = 1): TranslationUnit => ({ id, srcLang: 'zh-TW', tgtLang: 'en-US', source, target });

describe('pairers, one unit at a time', () => {
  test('inline gloss: the extent of the Chinese term fits the acronym', () => {
    const u = analyseUnit(unit('美國證券交易委員會(SEC)發布了新規則。', 'The SEC issued new rules.'))!;
    const links = glossLinks(u, () => 1);
    expect(links.map((l) => [l.zh.text, l.en.text])).toEqual([['證券交易委員會', 'SEC']]);
  });

  test('inline gloss: a term that recurs in the corpus gets the extent that recurs', () => {
    const u = analyseUnit(unit('開源模型深度求索(DeepSeek)很強。', 'The open model DeepSeek is strong.'))!;
    const freq = (s: string): number => (s === '深度求索' || s === '求索' ? 3 : 1);
    expect(glossLinks(u, freq)[0]!.zh.text).toBe('深度求索');
  });

  test('inline gloss: the term reaches left as far as the dictionary finds its words in the gloss', () => {
    const u = analyseUnit(unit('依照著作權條約（Copyright Treaty）保護。', 'protected under the Copyright Treaty.'))!;
    const freq = (s: string): number => (s === '条约' ? 4 : 1);
    const senses = (w: string): Set<string> => new Set(({ 著作权: ['copyright'], 依照: ['according to'] } as Record<string, string[]>)[w] ?? []);
    expect(glossLinks(u, freq)[0]!.zh.text).toBe('條約');
    expect(glossLinks(u, freq, senses)[0]!.zh.text).toBe('著作權條約');
  });

  test('inline gloss: a Latin name before the Chinese that the English opens with belongs to the term', () => {
    const senses = (w: string): Set<string> => new Set(({ 政策: ['policy'] } as Record<string, string[]>)[w] ?? []);
    const u = analyseUnit(unit('請閱讀 Debian 政策（Debian Policy）。', 'Read the Debian Policy.'))!;
    const got = glossLinks(u, () => 1, senses);
    expect(got.map((l) => [l.zh.text, l.zh.key, l.en.text])).toEqual([['Debian 政策', 'debian 政策', 'Debian Policy']]);
    // Near miss: the English does not open with the name.
    const v = analyseUnit(unit('請閱讀 Debian 政策（Policy）。', 'Read the Policy.'))!;
    expect(glossLinks(v, () => 1, senses).map((l) => l.zh.text)).toEqual(['政策']);
  });

  test('inline gloss: an acronym reaches left by the words of its spelled-out English', () => {
    const u = analyseUnit(unit('舊電腦使用主引導記錄（MBR）方案。', 'Old computers use the master boot record (MBR) scheme.'))!;
    const freq = (s: string): number => (s === '记录' ? 5 : 1);
    const senses = (w: string): Set<string> => new Set(({ 主: ['master', 'owner'], 引导: ['to boot', 'to guide'], 记录: ['record'] } as Record<string, string[]>)[w] ?? []);
    expect(glossLinks(u, freq, senses).map((l) => [l.zh.text, l.en.text])).toEqual([['主引導記錄', 'master boot record']]);
  });

  test('inline gloss: a frequent word whose senses miss the gloss is not its term when a longer run is there', () => {
    const u = analyseUnit(unit('它由客戶端和背景程式（daemon）組成。', 'It consists of a client and a daemon.'))!;
    const freq = (s: string): number => (s === '程式' ? 9 : s === '背景程式' ? 2 : 1);
    const senses = (w: string): Set<string> => new Set(({ 程式: ['program'], 背景: ['background'] } as Record<string, string[]>)[w] ?? []);
    expect(glossLinks(u, freq, senses)[0]!.zh.text).toBe('背景程式');
    // Near miss: where the word's senses render the gloss, the frequent word stays the term.
    const v = analyseUnit(unit('它由客戶端和背景程式（program）組成。', 'It consists of a client and a program.'))!;
    expect(glossLinks(v, freq, senses)[0]!.zh.text).toBe('程式');
  });

  test('inline gloss in brackets on both sides: the words before each bracket, where they render each other', () => {
    const senses = (w: string): Set<string> => new Set(({ 共享: ['to share'], 音乐: ['music'], 自动: ['automatic'], 配置: ['to deploy'], 支持: ['to support'] } as Record<string, string[]>)[w] ?? []);
    const u = analyseUnit(unit('打開共享音樂(DAAP)。', 'Turn on Music sharing (DAAP).'))!;
    expect(glossLinks(u, () => 1, senses).map((l) => [l.zh.text, l.en.text])).toEqual([['共享音樂', 'Music sharing']]);
    // Near miss: 配置 has no sense that renders "setup": neither extent is sure, nothing is paired.
    const v = analyseUnit(unit('網路可能不支持自動配置(DHCP)。', 'The network may not support automatic setup (DHCP).'))!;
    expect(glossLinks(v, () => 1, senses)).toEqual([]);
    // The English's bracketed occurrence counts, not an earlier bare one; a word written twice
    // in the Chinese stays out, and the English keeps as many words as the Chinese renders.
    const net = (w: string): Set<string> => new Set(({ 网路: ['network'], 装置: ['device'] } as Record<string, string[]>)[w] ?? []);
    const w = analyseUnit(unit('VPN 模組提供 Ethernet 乙太網路網路裝置 (VPN)。', 'VPN modules provide a virtual Ethernet network device (VPN).'))!;
    expect(glossLinks(w, () => 1, net).map((l) => [l.zh.text, l.en.text])).toEqual([['網路裝置', 'network device']]);
  });

  test('inline gloss: an acronym spelled out takes as many Chinese words, a space before the bracket allowed', () => {
    const u = analyseUnit(unit('最大分片大小 (MSS) 是另一種量法。', 'The maximum segment size (MSS) is another measure.'))!;
    const freq = (s: string): number => (s === '大小' ? 6 : 1);
    const senses = (w: string): Set<string> => new Set(({ 大小: ['size'] } as Record<string, string[]>)[w] ?? []);
    expect(glossLinks(u, freq, senses).map((l) => [l.zh.text, l.en.text])).toEqual([['最大分片大小', 'maximum segment size']]);
  });

  test('a bracket qualifying a word the English translates elsewhere is no gloss of it', () => {
    const senses = (w: string): Set<string> => new Set(({ 字节: ['byte'] } as Record<string, string[]>)[w] ?? []);
    const u = analyseUnit(unit('標頭加上 28 字節（IPv4）。', 'The header plus 28 bytes for the IPv4.'))!;
    expect(glossLinks(u, () => 1, senses)).toEqual([]);
    // Near miss: where the English does not translate the word elsewhere, the bracket glosses it.
    const v = analyseUnit(unit('標頭以字節（octet）計算。', 'The header is counted in octets.'))!;
    expect(glossLinks(v, () => 1, senses).map((l) => [l.zh.text, l.en.text])).toEqual([['字節', 'octets']]);
  });

  test('a gloss whose English is not in the translation gives nothing', () => {
    const u = analyseUnit(unit('深度求索(DeepSeek)很強。', 'The model is strong.'))!;
    expect(glossLinks(u, () => 1)).toEqual([]);
  });

  test('shared names, not format placeholders or lower-case keywords', () => {
    const u = analyseUnit(unit('OpenAI用%s格式和help命令。', 'OpenAI uses the %s format and the help command.'))!;
    expect(sharedTokenLinks(u).map((l) => l.zh.text)).toEqual(['OpenAI']);
  });

  test('single letters, Roman numerals and tokens in square brackets are no shared names', () => {
    const u = analyseUnit(unit('用 -A c 選項，第 II 部分見 [NOTFOUND=return] 與 GNOME。', 'Use the -A c option; see part II and [NOTFOUND=return] with GNOME.'))!;
    expect(sharedTokenLinks(u).map((l) => l.zh.text)).toEqual(['GNOME']);
  });

  test('anchored quoted span carries the same number as an English name', () => {
    const u = analyseUnit(unit('這被稱為“星門計劃3.0”。', 'This is known as Project Stargate 3.0.'))!;
    expect(anchorLinks(u).map((l) => [l.zh.text, l.en.text])).toEqual([['星門計劃3.0', 'Project Stargate 3.0']]);
  });

  test('a title in 《》 pairs with the one English name the Chinese does not already hold', () => {
    const u = analyseUnit(unit('這篇評論最早刊登在Economist.com和《經濟學人》上。', 'The review first ran on Economist.com and in the Economist.'))!;
    expect(titleLinks(u).map((l) => [l.zh.text, l.en.text])).toEqual([['經濟學人', 'Economist']]);
    // Two English names left: no way to tell which is the title.
    const two = analyseUnit(unit('《紐約時報》報道了拜登的講話。', 'The New York Times reported on a speech by Joe Biden.'))!;
    expect(titleLinks(two)).toEqual([]);
  });

  test('a ·-name is cut where its pinyin sounds like the English name', async () => {
    const dict = await loadCedict();
    const pinyinOf = (ch: string): string | undefined => dict.lookup(ch)?.pinyin.split(/[ |]/)[0];
    const u = analyseUnit(unit('本文作者約翰·史密斯現任首席技術官。', 'The author John Smith is the chief technology officer.'))!;
    expect(nameLinks(u, pinyinOf).map((l) => [l.zh.text, l.en.text])).toEqual([['約翰·史密斯', 'John Smith']]);
    const other = analyseUnit(unit('約翰·史密斯來了。', 'Mary Jones came.'))!;
    expect(nameLinks(other, pinyinOf)).toEqual([]);
  });

  test('one-to-one linking: a more trusted link takes the span, the longer Chinese term wins', () => {
    const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
    const kept = linkUnit([
      { zh: span('資本', 2), en: span('capital', 8), method: 'dictionary', score: 0.8, unitId: 1 },
      { zh: span('風險資本', 0), en: span('venture capital', 0), method: 'dictionary', score: 0.58, unitId: 1 },
    ]);
    expect(kept.map((l) => l.zh.text)).toEqual(['風險資本']);
  });

  test('word families: clippings and derivations, not look-alikes', () => {
    expect(sameWordFamily('crypto', 'cryptocurrency')).toBe(true);
    expect(sameWordFamily('decentralized', 'decentralization')).toBe(true);
    expect(sameWordFamily('general', 'generation')).toBe(false);
    expect(sameWordFamily('art', 'artist')).toBe(false);
  });
});

describe('the glossary of a text the extractor has never seen', () => {
  test('every method finds its pair, with the right translation', async () => {
    const g = await extractFromUnits(miniEssay());
    const expected: [string, string, string][] = [
      ['世界衛生組織', 'WHO', 'gloss'],
      ['星門計劃3.0', 'Project Stargate 3.0', 'anchor'],
      ['約翰·史密斯', 'John Smith', 'name'],
      ['OpenAI', 'OpenAI', 'shared-token'],
      ['氣候變化', 'climate change', 'dictionary'],
      ['首席技術官', 'chief technology officer', 'dictionary'],
      ['量子計算機', 'quantum computers', 'dictionary'],
    ];
    for (const [zh, en, method] of expected) {
      const e = pairOf(g, zh);
      expect(e, zh).toBeDefined();
      expect(e!.en).toBe(en);
      expect(e!.method).toBe(method);
    }
  });

  test('a gloss written once counts every unit that uses the pair as evidence', async () => {
    const who = pairOf(await extractFromUnits(miniEssay()), '世界衛生組織')!;
    expect(who.evidence).toEqual([1, 2]);
    expect(who.frequency).toBe(2);
  });

  test('entries carry candidate status, both language tags, a score over the threshold and evidence', async () => {
    const g = await extractFromUnits(miniEssay());
    for (const e of g) {
      expect(e.terms.map((t) => [t.lang, t.status])).toEqual([['zh-TW', 'candidate'], ['en-US', 'candidate']]);
      expect(e.score).toBeGreaterThanOrEqual(0.55);
      expect(e.evidence!.length).toBeGreaterThan(0);
    }
    const scores = g.map((e) => e.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test('a translation that does not hold the term yields no pair (precision first)', async () => {
    const g = await extractFromUnits([unit('氣候變化正在威脅沿海城市。', 'Rising seas are a danger to towns by the coast.')]);
    expect(pairOf(g, '氣候變化')).toBeUndefined();
  });

  test('Simplified Chinese, English as the source language, and other pairs are handled', async () => {
    const simplified = await extractFromUnits([{ id: 1, srcLang: 'zh-CN', tgtLang: 'en', source: '气候变化正在威胁沿海城市。', target: 'Climate change is threatening coastal cities.' }]);
    expect(pairOf(simplified, '气候变化')?.en).toBe('climate change');
    const reversed = await extractFromUnits([{ id: 1, srcLang: 'en-US', tgtLang: 'zh-TW', source: 'Climate change is threatening coastal cities.', target: '氣候變化正在威脅沿海城市。' }]);
    expect(pairOf(reversed, '氣候變化')?.terms.map((t) => t.lang)).toEqual(['zh-TW', 'en-US']);
    expect(await extractFromUnits([{ id: 1, srcLang: 'de', tgtLang: 'en', source: 'Klimawandel', target: 'climate change' }])).toEqual([]);
    expect(await extractFromUnits([])).toEqual([]);
  });
});

describe('termhood', () => {
  test('C-value: a run found only inside a longer candidate owes its frequency to it', async () => {
    const { cValues } = await import('../../src/extract/termhood.js');
    const units = ['證券交易委員會發布規則。', '證券交易委員會處罰公司。', '交易很活躍。'].map((s, i) => analyseUnit(unit(s, 'x', i + 1))!);
    const c = cValues(units);
    expect(c.get('证券交易委员会')!).toBeGreaterThan(0);
    // 委员会 never occurs outside 證券交易委員會 here: its C-value is not above the longer term's.
    expect(c.get('委员会')!).toBeLessThan(c.get('证券交易委员会')!);
  });
});

describe('statistics on a small text', () => {
  test('a recurring pair no dictionary knows is found only when its co-occurrence is near-perfect', async () => {
    const units = [
      unit('幣安宣布了新的交易規則。', 'Binance announced new trading rules.', 1),
      unit('監管機構開始調查幣安。', 'Regulators began to investigate Binance.', 2),
      unit('許多用戶離開了幣安平台。', 'Many users left the Binance platform.', 3),
      unit('用戶抱怨費用太高。', 'Users complained that the fees were too high.', 4),
    ];
    const g = await extractFromUnits(units);
    const binance = pairOf(g, '幣安');
    expect(binance?.en).toBe('Binance');
    expect(binance?.method).toBe('statistics');
    expect(binance?.evidence).toEqual([1, 2, 3]);
    // Seen together only twice: no statistical pair.
    expect(g.filter((e) => e.method === 'statistics').map((e) => e.zh)).toEqual(['幣安']);
  });
});

describe('agent nouns', () => {
  test('X者 missing from the dictionary pairs with the agent noun of a sense of X', async () => {
    const dict = await loadCedict();
    expect(dict.lookup('收藏者')).toBeUndefined();
    const g = await extractFromUnits([unit('這位收藏者買下了那幅畫。', 'The collector bought the painting.')]);
    expect(pairOf(g, '收藏者')).toMatchObject({ en: 'collector', method: 'dictionary' });
    // No agent noun in the translation: no pair.
    const none = await extractFromUnits([unit('這位收藏者買下了那幅畫。', 'The buyer took the painting home.')]);
    expect(pairOf(none, '收藏者')).toBeUndefined();
  });

  test('X器 (an instrument) missing from the dictionary pairs with the noun X names or its agent noun', async () => {
    const dict = await loadCedict();
    // 閘道器 (gateway) is no headword, but its mainland form 网关 is: the dictionary finds it.
    expect(dict.lookup('启动器')).toBeUndefined();
    const g = await extractFromUnits([unit('點選桌面上的啟動器來開啟程式。', 'Click the launcher on the desktop to open the program.')]);
    expect(pairOf(g, '啟動器')).toMatchObject({ en: 'launcher', method: 'dictionary' });
    // Near miss: neither the noun nor an agent noun in the translation.
    const none = await extractFromUnits([unit('點選桌面上的啟動器來開啟程式。', 'Click the icon on the desktop to open the program.')]);
    expect(pairOf(none, '啟動器')).toBeUndefined();
  });
});

describe('a sense that is the head of a hyphenated English word', () => {
  test('pairs with that part (頻寬 / bandwidth in high-bandwidth), not with a first part', async () => {
    const g = await extractFromUnits([unit('這對現代大頻寬的網路有用。', 'This helps modern high-bandwidth networks.')]);
    expect(pairOf(g, '頻寬')).toMatchObject({ en: 'bandwidth', method: 'dictionary' });
    const none = await extractFromUnits([unit('這對頻寬受限的網路有用。', 'This helps bandwidth-limited networks.')]);
    expect(pairOf(none, '頻寬')).toBeUndefined();
  });
});

describe('compounds the dictionary lacks, on texts other than the essay', () => {
  test('X机构 (a body) pairs with the agent noun of a word statistics paired with X', async () => {
    const units = [
      unit('監管規則很嚴格。', 'The regulatory rules are strict.', 1),
      unit('新的監管框架出臺了。', 'A new regulatory framework came out.', 2),
      unit('監管環境已經改變。', 'The regulatory environment has changed.', 3),
      unit('監管機構發出了警告。', 'Regulators issued a warning.', 4),
    ];
    const g = await extractFromUnits(units);
    expect(pairOf(g, '監管')).toMatchObject({ en: 'regulatory', method: 'statistics' });
    expect(pairOf(g, '監管機構')).toMatchObject({ en: 'regulators', method: 'dictionary' });
    // Without the statistical evidence (one unit alone) nothing ties 監管 to regulators.
    expect(pairOf(await extractFromUnits([units[3]!]), '監管機構')).toBeUndefined();
  });

  test('modifier + agent: 法律制定者 / lawmakers, 電影製作人 / filmmakers, not a look-alike', async () => {
    const dict = await loadCedict();
    expect(dict.lookup('法律制定者')).toBeUndefined();
    const g = await extractFromUnits([
      unit('法律制定者開會討論新規。', 'The lawmakers met to discuss the new rules.', 1),
      unit('許多電影製作人聚集在這座城市。', 'Many film makers gather in this city.', 2),
    ]);
    expect(pairOf(g, '法律制定者')?.en).toBe('lawmakers');
    expect(pairOf(g, '電影製作人')?.en).toBe('film makers');
    // lawyers is law + yers: no agent noun after the modifier.
    const none = await extractFromUnits([unit('法律制定者開會討論新規。', 'The lawyers met to discuss the new rules.')]);
    expect(pairOf(none, '法律制定者')).toBeUndefined();
  });

  test('a word kept whole by the segmenter but missing from the dictionary is paired part by part', async () => {
    const g = await extractFromUnits([
      unit('這家公司掌握了核心技術。', 'The company has mastered core technologies.', 1),
      unit('他們在北方建了一個數據中心。', 'They built a data center in the north.', 2),
    ]);
    expect(pairOf(g, '核心技術')?.en).toBe('core technologies');
    expect(pairOf(g, '數據中心')?.en).toBe('data center');
  });

  test('a verb first modifies where the English shows it as a noun made from the verb', async () => {
    const g = await extractFromUnits([unit('請先編輯配置檔案再重新啟動。', 'Edit the configuration file before you restart.')]);
    expect(pairOf(g, '配置檔案')?.en).toBe('configuration file');
    // Near miss: a verb that takes an object, rendered as a verb.
    const h = await extractFromUnits([unit('你可以配置網路介面。', 'You can configure network interfaces.')]);
    expect(pairOf(h, '配置網路介面')).toBeUndefined();
  });

  test('a generic head the English leaves out: 自由黨 "Liberal Party" / the Liberals, not capital for 資本市場', async () => {
    const g = await extractFromUnits([unit('自由黨在2022年贏得了選舉。', 'In 2022 the Liberals won the election.')]);
    expect(pairOf(g, '自由黨')).toMatchObject({ en: 'Liberals', method: 'dictionary' });
    // Lower case and uninflected: the modifier of something else, not the term.
    expect(pairOf(await extractFromUnits([unit('自由黨在2022年贏得了選舉。', 'In 2022 the liberal vote won the election.')]), '自由黨')).toBeUndefined();
    const none = await extractFromUnits([unit('資本市場波動加劇時資本外流。', 'When markets swing, capital flees.')]);
    expect(pairOf(none, '資本市場')).toBeUndefined();
  });

  test('between equal links, the English in the same place of the sentence wins', () => {
    const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
    const kept = linkUnit([
      { zh: span('管理', 10), en: span('administrations', 5), method: 'dictionary', score: 0.8, unitId: 1 },
      { zh: span('管理', 10), en: span('manage', 48), method: 'dictionary', score: 0.8, unitId: 1 },
    ], 20, 100);
    expect(kept.map((l) => l.en.text)).toEqual(['manage']);
  });
});

describe('a dictionary sense the other way round', () => {
  test('two words of a sense joined by a preposition in the other order', async () => {
    const dict = await loadCedict();
    const u = analyseUnit(unit('本法旨在減少噪聲污染。', 'This Act aims to reduce pollution of noise.'))!;
    expect(dictionaryLinks(u, dict).map((l) => `${l.zh.text}/${l.en.text}`)).toContain('噪聲污染/pollution of noise');
    const near = analyseUnit(unit('本法旨在減少噪聲污染。', 'This Act aims to reduce pollution by noise.'))!;
    expect(dictionaryLinks(near, dict).map((l) => l.zh.text)).not.toContain('噪聲污染');
  });
});

describe('a two-word sense written as one word', () => {
  test('the English closed compound matches the sense; two unrelated words do not', async () => {
    const dict = await loadCedict();
    const u = analyseUnit(unit('第 9 行是主頁的網址。', 'Line 9 is the Homepage URL.'))!;
    expect(dictionaryLinks(u, dict).map((l) => `${l.zh.text}/${l.en.text}`)).toContain('主頁/Homepage');
    const near = analyseUnit(unit('第 9 行是主頁的網址。', 'Line 9 is the homely page URL.'))!;
    expect(dictionaryLinks(near, dict).map((l) => l.zh.text)).not.toContain('主頁');
  });
});

describe('a rendering that is part of a whole dictionary sense', () => {
  test('gives way to the whole sense, unless it is a sense of its own', () => {
    // 對話方塊: dialog (aligned, many units) beside dialog box (CC-CEDICT, found whole).
    expect(wholeSenseFirst([{ en: 'dialog', whole: false }, { en: 'dialog box', whole: true }], new Set(['dialog box']))).toBe(1);
    // Near misses: 人工智能's AI is a sense too; a longer rendering that is no whole sense.
    expect(wholeSenseFirst([{ en: 'ai', whole: false }, { en: 'artificial intelligence', whole: true }], new Set(['ai', 'artificial intelligence']))).toBe(-1);
    expect(wholeSenseFirst([{ en: 'dialog', whole: false }, { en: 'dialog box', whole: false }], new Set())).toBe(-1);
    expect(wholeSenseFirst([{ en: 'window', whole: false }, { en: 'dialog box', whole: true }], new Set(['dialog box']))).toBe(-1);
  });
});

describe('a term in the other side of the Strait\'s wording', () => {
  const entry = (zh: string, en: string): Entry => ({ zh, en, terms: [{ lang: 'zh-TW', text: zh, status: 'candidate' }, { lang: 'en-US', text: en, status: 'candidate' }], method: 'alignment', score: 0.9, frequency: 3, evidence: [1], origin: 'extract' });
  const analysed = (pairs: [string, string][]) => {
    const units = pairs.map(([zh, en], i) => analyseUnit(unit(zh, en, i + 1))!);
    return { units, folded: units.map((u) => ({ id: u.id, en: ` ${u.enTokens.map((t) => t.key).join(' ')} ` })) };
  };
  test('is an entry of its own with the same English where units hold it beside that English', () => {
    const { units, folded } = analysed([['請先安裝這個軟件包。', 'Install this package first.'], ['這個軟體包很小。', 'This package is small.']]);
    const got = wordingVariants([entry('軟件包', 'package')], units, folded);
    expect(got.map((e) => [e.zh, e.en, e.evidence])).toEqual([['軟體包', 'package', [2]]]);
    expect(got[0]!.note).toMatch(/other wording of 軟件包/);
  });
  test('not where the TM renders that wording otherwise, nor where two terms share it', () => {
    const { units, folded } = analysed([['把檔案存起來。', 'Save the file.'], ['這份文件說明了用法。', 'This file explains the use.']]);
    // 文件 is the mainland wording of 檔案 (file); here the TM renders it "document".
    expect(wordingVariants([entry('檔案', 'file')], units, folded, (zh) => (zh === '文件' ? 'document' : undefined))).toEqual([]);
    expect(wordingVariants([entry('檔案', 'file')], units, folded).map((e) => e.zh)).toEqual(['文件']);
    // 文件 is also the Taiwan wording of 文檔 (documentation): two terms, no variant.
    expect(wordingVariants([entry('檔案', 'file'), entry('文檔', 'documentation')], units, folded)).toEqual([]);
  });
});

describe('linking inside a unit', () => {
  const span = (text: string, start: number) => ({ text, key: text.toLowerCase(), start, end: start + text.length });
  test('a compound the dictionary lists whole with a sense of several words is not split by aligned words', () => {
    // 使用者介面 / user interface in `作為使用者介面` / `as user interfaces`.
    const whole = { zh: span('使用者介面', 2), en: span('user interfaces', 3), method: 'dictionary' as const, score: 0.8, unitId: 1, note: 'CC-CEDICT: user interface' };
    const user = { zh: span('使用者', 2), en: span('user', 3), method: 'alignment' as const, score: 0.87, unitId: 1, support: 4 };
    const iface = { zh: span('介面', 5), en: span('interfaces', 8), method: 'alignment' as const, score: 0.64, unitId: 1, support: 4 };
    expect(linkUnit([user, iface, whole]).map((l) => l.zh.text)).toEqual(['使用者介面', '使用者', '介面']);
    // Near miss: a one-word sense of a two-character word ranks as the dictionary does.
    const one = { zh: span('介面', 5), en: span('interfaces', 8), method: 'dictionary' as const, score: 0.8, unitId: 1, note: 'CC-CEDICT: interface' };
    const other = { zh: span('介面', 5), en: span('interfaces', 8), method: 'alignment' as const, score: 0.7, unitId: 1, support: 3 };
    expect(linkUnit([one, other]).map((l) => l.method)).toEqual(['alignment']);
  });

  test('an aligned pair too weak to keep on its own does not take a span from the dictionary', () => {
    const aligned = (score: number) => ({ zh: span('甲乙丙', 0), en: span('interest', 20), method: 'alignment' as const, score, unitId: 1, support: 2 });
    const dict = { zh: span('甲乙丙', 0), en: span('party in interest', 11), method: 'dictionary' as const, score: 0.62, unitId: 1 };
    expect(linkUnit([aligned(0.49), dict]).map((l) => l.method)[0]).toBe('dictionary');
    expect(linkUnit([aligned(0.8), dict]).map((l) => l.method)).toEqual(['alignment']);
  });
});

describe('a word the dictionary lacks, cut in two', () => {
  test('three characters: a word and a head character; not a number and its measure', async () => {
    const dict = await loadCedict();
    expect(splitWord('人格权', dict)).toEqual(['人格', '权']);
    expect(splitWord('三十日', dict)).toBeUndefined();
  });
});

describe('a compound of words jieba keeps whole', () => {
  test('a part the dictionary lacks is cut into its words for a verified composition', async () => {
    const dict = await loadCedict();
    const links = (zh: string, en: string) => dictionaryLinks(analyseUnit(unit(zh, en))!, dict).map((l) => `${l.zh.text}/${l.en.text}`);
    expect(links('請使用網路管理工具。', 'Please use the network management tools.')).toContain('網路管理工具/network management tools');
    expect(links('請使用網路管理工具。', 'Please use the tools that manage the network.')).not.toContain('網路管理工具/network management tools');
  });
});

describe('two compositions of one word in a unit', () => {
  test('the one in the Chinese order wins over the one head first with "of"', async () => {
    const g = await extractFromUnits([unit('禁止修改的人格權及其他人格權不在授權範圍內。', 'The right of integrity and other personality rights are not licensed.')]);
    expect(pairOf(g, '人格權')?.en).toBe('personality rights');
  });
});
