import { describe, expect, test } from 'vitest';
import { analyseUnit, linkUnit, piecesDropped, withinNone } from '../../src/extract/glossary.js';
import type { Link } from '../../src/extract/types.js';
import { composableSpan, composedLinks } from '../../src/extract/compose.js';
import { nounCompound } from '../../src/extract/phrases.js';

const unit = (zh: string, en: string) => analyseUnit({ id: 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: en })!;
/** Renderings from a small hand-made lexicon (Simplified keys, folded English). */
const lexicon = (entries: Record<string, string[]>) => (zh: string): Set<string> => new Set(entries[zh] ?? []);
const pairs = (zh: string, en: string, entries: Record<string, string[]>): string[] =>
  composedLinks(unit(zh, en), lexicon(entries)).map((l) => `${l.zh.text} / ${l.en.text}`);

describe('compositions from the document\'s own renderings', () => {
  test('pieces rendered side by side in the English make a composed pair', () => {
    const got = composedLinks(unit('切換到硬盤檔案系統上。', 'It switches to the hard disk filesystem.'), lexicon({ 硬盘: ['hard disk'], 档案系统: ['filesystem'] }));
    expect(got.map((l) => [l.zh.text, l.en.text, l.composed, l.method])).toEqual([['硬盤檔案系統', 'hard disk filesystem', true, 'alignment']]);
    expect(got[0]!.note).toContain('硬盘 / hard disk + 档案系统 / filesystem');
  });

  test('the document\'s rendering counts where the dictionary has another', () => {
    expect(pairs('載入系統核心映像。', 'It loads the kernel image.', { 核心: ['kernel'], 映像: ['image'] })).toEqual([]);
    expect(pairs('它載入核心映像。', 'It loads the kernel image.', { 核心: ['kernel'], 映像: ['image'] })).toEqual(['核心映像 / kernel image']);
  });

  test('a rendering of two words matches the hyphenated English word', () => {
    expect(pairs('它是開源軟體模型。', 'It is an open-source software model.', { 开源: ['open source'], 软体: ['software'], 模型: ['model'] })).toContain('開源軟體模型 / open-source software model');
    // Near miss: the hyphenated word is another one.
    expect(pairs('它是開源軟體模型。', 'It is a closed-source software model.', { 开源: ['open source'], 软体: ['software'], 模型: ['model'] })).not.toContain('開源軟體模型 / closed-source software model');
  });

  test('a word written against the span that renders its last English word owns it', () => {
    const lex = { 储存: ['cell'], 格: ['style'], 样式: ['style'], 储存格: ['cell'] };
    const got = pairs('請套用儲存格樣式。', 'Apply the cell style.', lex);
    expect(got).not.toContain('儲存格 / cell style');
    expect(got).toContain('儲存格樣式 / cell style');
    // Near miss: with nothing after the span, the same pieces compose.
    expect(pairs('請套用儲存格。', 'Apply the cell style.', { 储存: ['cell'], 格: ['style'], 样式: ['style'] })).toContain('儲存格 / cell style');
  });

  test('a first piece the TM alone renders as the whole word stands for it, and composes nothing', () => {
    // 儲存 is rendered "cell" only as a piece of 儲存格 / cell: 儲存 + 格 is no "cell style".
    const tm = { 储存: ['cell'], 格: ['style'], 储存格: ['cell'] };
    expect(composedLinks(unit('套用儲存格的樣式。', 'Apply the cell style.'), lexicon(tm), lexicon({ 储存: ['to store'] }))).toEqual([]);
    // Near miss: where the dictionary gives the piece that sense, it is its own (標籤 / tab).
    const tab = { 标签: ['tab'], 页: ['page'], 标签页: ['tab'] };
    expect(composedLinks(unit('開啟標籤頁。', 'Open the tab page.'), lexicon(tab), lexicon({ 标签: ['tab'] })).map((l) => l.en.text)).toEqual(['tab page']);
  });

  test('head first with "of"', () => {
    expect(pairs('歐洲資料庫法律保護指令', 'on the legal protection of databases', { 资料库: ['database'], 法律保护: ['legal protection'] })).toEqual(['資料庫法律保護 / legal protection of databases']);
  });

  test('head first with "for"; not with another preposition', () => {
    expect(pairs('應負損害賠償責任。', 'shall bear liability for damages.', { 损害赔偿: ['damage'], 责任: ['liability'] })).toEqual(['損害賠償責任 / liability for damages']);
    expect(pairs('應負損害賠償責任。', 'shall bear liability with damages.', { 损害赔偿: ['damage'], 责任: ['liability'] })).toEqual([]);
  });

  test('a lone character\'s rendering is found as it is, not as another word of its family', () => {
    expect(pairs('終止軟體權。', 'terminate the authorization of software rights.', { 软体: ['software right'], 权: ['authority'] })).toEqual([]);
    expect(pairs('終止軟體權。', 'terminate the rights of software.', { 软体: ['software'], 权: ['right'] })).toEqual(['軟體權 / rights of software']);
  });

  test('head first with "of", the head itself of two pieces', () => {
    expect(pairs('歐洲資料庫法律保護指令', 'on the legal protection of databases', { 资料库: ['database'], 法律: ['legal'], 保护: ['protection'] })).toEqual(['資料庫法律保護 / legal protection of databases', '法律保護 / legal protection']);
    // Near miss: a word between the head's pieces.
    expect(pairs('歐洲資料庫法律保護指令', 'on the legal and protection of databases', { 资料库: ['database'], 法律: ['legal'], 保护: ['protection'] })).toEqual([]);
  });

  test('a piece with no rendering, or a word between the renderings, gives nothing', () => {
    expect(pairs('切換到硬盤檔案系統上。', 'It switches to the hard disk filesystem.', { 档案系统: ['filesystem'] })).toEqual([]);
    expect(pairs('切換到硬盤檔案系統上。', 'It switches to the hard disk root filesystem.', { 硬盘: ['hard disk'], 档案系统: ['filesystem'] })).toEqual([]);
    expect(pairs('切換到硬盤檔案系統上。', 'It switches to the filesystem of the hard disk, yes.', { 硬盘: ['hard disk'], 档案系统: ['filesystem'] })).toEqual([]);
  });

  test('a verb head must show as a noun in the English, a verb first is no term', () => {
    // 申請 (a verb) rendered as the verb "applies": a clause.
    expect(pairs('金融消費者申請評議。', 'The financial consumer applies for it.', { 金融消费者: ['financial consumer'], 申请: ['apply'] })).toEqual([]);
    // 使用 (a verb) rendered as the bare noun: a term.
    expect(pairs('這是合理使用。', 'This is fair use.', { 合理: ['fair'], 使用: ['use'] })).toEqual(['合理使用 / fair use']);
    // A verb first (提供 provide) makes a verb phrase.
    expect(pairs('他們提供素材。', 'They provide material.', { 提供: ['provide'], 素材: ['material'] })).toEqual([]);
  });

  test('the Chinese span must be a compound: no function word, three Han characters or a Latin word', () => {
    const u = unit('網路服務的配置', 'x');
    const at = (s: string): number => u.zhTokens.findIndex((t) => t.text === s);
    expect(composableSpan(u.zh, u.zhTokens, at('網路'), at('服務') + 1)).toBe(true);
    expect(composableSpan(u.zh, u.zhTokens, at('網路'), at('配置') + 1)).toBe(false);
  });

  test('a verb inside the compound modifies its head; a verb first opens a clause', () => {
    expect(pairs('描述檔案系統掛載點。', 'It describes the file system mount point.', { 档案系统: ['file system'], 挂载: ['mount'], 点: ['point'] })).toContain('檔案系統掛載點 / file system mount point');
    expect(pairs('它掛載檔案系統。', 'It mounts the file system.', { 档案系统: ['file system'], 挂载: ['mount'] })).toEqual([]);
  });
});

describe('plain English noun compounds (an aligned pair seen once and not term-shaped needs one)', () => {
  test('nouns with a noun last', () => {
    expect(nounCompound('mount options')).toBe(true);
    expect(nounCompound('resource controls')).toBe(true);
  });
  test('verb forms, function words and single words are not', () => {
    expect(nounCompound('kernel maintains')).toBe(false);
    expect(nounCompound('TAP modules providing')).toBe(false);
    expect(nounCompound('provided by a GNU tool')).toBe(false);
    expect(nounCompound('options available')).toBe(false);
    expect(nounCompound('options')).toBe(false);
  });
});

describe('a composition inside a longer stated or dictionary pair is a piece of it', () => {
  const link = (zh: [number, number], en: [number, number], method: Link['method'], composed = false): Link => ({
    zh: { text: '', key: '', start: zh[0], end: zh[1] }, en: { text: '', key: '', start: en[0], end: en[1] }, method, score: 0.7, unitId: 1, ...(composed ? { composed } : {}),
  });
  test('inside on both sides: dropped', () => {
    expect(withinNone([link([0, 4], [0, 16], 'alignment', true)], [link([0, 5], [0, 24], 'dictionary')])).toEqual([]);
  });
  test('the same pair as a dictionary word: dropped (the whole word\'s entry says more)', () => {
    expect(withinNone([link([0, 5], [0, 24], 'alignment', true)], [link([0, 5], [0, 24], 'dictionary')])).toEqual([]);
  });
  test('the same pair as the dictionary\'s word-by-word composition: dropped; inside it: kept', () => {
    expect(withinNone([link([0, 5], [0, 24], 'alignment', true)], [link([0, 5], [0, 24], 'dictionary', true)])).toEqual([]);
    const c = link([0, 4], [0, 16], 'alignment', true);
    expect(withinNone([c], [link([0, 5], [0, 24], 'dictionary', true)])).toEqual([c]);
  });
  test('overlapping only, or inside another composition: kept', () => {
    const c = link([0, 4], [0, 16], 'alignment', true);
    expect(withinNone([c], [link([2, 6], [10, 30], 'dictionary')])).toEqual([c]);
    expect(withinNone([c], [link([0, 6], [0, 30], 'alignment', true)])).toEqual([c]);
  });
});

describe('a composition around a copied name, and the stretches inside a composition', () => {
  const span = (text: string, whole: string) => ({ text, key: text.toLowerCase(), start: whole.indexOf(text), end: whole.indexOf(text) + text.length });
  const zh = '常規 Debian 系統是第四階段';
  const en = 'The normal Debian system is the 4th stage';
  const link = (z: string, e: string, method: Link['method'], extra: Partial<Link> = {}): Link => ({ zh: span(z, zh), en: span(e, en), method, score: 0.7, unitId: 1, ...extra });
  const name = link('Debian', 'Debian', 'shared-token', { score: 0.9 });

  test('a copied name inside a composition whose rest is a compound is one of its pieces', () => {
    const composed = link('常規 Debian 系統', 'normal Debian system', 'alignment', { composed: true });
    expect(linkUnit([name, composed], zh.length, en.length).map((l) => l.zh.text)).toEqual(['Debian', '常規 Debian 系統']);
  });

  test('near miss: a name and one word is no compound, the name keeps its span', () => {
    const composed = link('Debian 系統', 'Debian system', 'alignment', { composed: true });
    expect(linkUnit([name, composed], zh.length, en.length).map((l) => l.zh.text)).toEqual(['Debian']);
  });

  test('an aligned stretch seen once inside a kept composition goes; a single word or a recurring pair stays', () => {
    const u = analyseUnit({ id: 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: en })!;
    const composed = link('常規 Debian 系統', 'normal Debian system', 'alignment', { composed: true });
    const stretch = link('常規 Debian', 'normal Debian', 'alignment', { support: 1 });
    const word = link('系統', 'system', 'alignment', { support: 1 });
    const recurring = link('常規 Debian', 'normal Debian', 'alignment', { support: 3 });
    expect(piecesDropped([composed, stretch, word, recurring], u.zhTokens)).toEqual([composed, word, recurring]);
    expect(piecesDropped([stretch, word], u.zhTokens)).toEqual([stretch, word]);
  });
});

describe('a composition whose English goes on with a noun', () => {
  test('is a piece of a longer term the pieces leave out', () => {
    const lex = { 手动: ['manual'], 断行: ['line'] };
    expect(pairs('插入手動斷行。', 'Insert a manual line break.', lex)).toEqual([]);
    // Near miss: the same pieces where the English ends with them.
    expect(pairs('插入手動斷行。', 'Insert a manual line.', lex)).toEqual(['手動斷行 / manual line']);
  });
  test('unless the Chinese word after the span renders that noun', () => {
    const lex = { 埠: ['port'], 转发: ['forwarding'], 规则: ['rule'] };
    expect(pairs('設定埠轉發規則。', 'Set the port forwarding rules.', lex)).toContain('埠轉發 / port forwarding');
  });
});
