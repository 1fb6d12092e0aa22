import { describe, expect, test } from 'vitest';
import { alignmentTokens, beforeTrailingPhrase, conjunctSpan, englishShaped, enTermSpan, explainedOutside, extendNounPhrase, opensClause, phraseTable, topLists, translationSpan, wordLexicon, zhTermSpan } from '../../src/extract/phrases.js';
import { loadCedict } from '../../src/dict/cedict.js';
import { analyseUnit, linkUnit } from '../../src/extract/glossary.js';
import type { Link } from '../../src/extract/types.js';
import { tokenizeEnglish } from '../../src/text/en-words.js';
import type { ZhToken } from '../../src/text/zh-words.js';
import type { TranslationUnit } from '../../src/model.js';

const unit = (source: string, target: string, id = 1): TranslationUnit => ({ id, srcLang: 'zh-TW', tgtLang: 'en-US', source, target });

/** A grid of affinities from rows of numbers (Chinese words × English words). */
const grid = (rows: number[][]): Float64Array[] => rows.map((r) => Float64Array.from(r));

describe('the English span of a Chinese term', () => {
  // Chinese: 0 金融 1 消費者 2 申訴 ; English: 0 financial 1 consumer 2 files 3 complaint
  const g = grid([
    [0.8, 0.0, 0.0, 0.0],
    [0.0, 0.7, 0.0, 0.0],
    [0.0, 0.0, 0.1, 0.9],
  ]);
  test('the words whose best Chinese word is inside the term, as one run', () => {
    expect(translationSpan(g, [0, 1], 3, 4)).toMatchObject({ from: 0, to: 2 });
    expect(translationSpan(g, [2], 3, 4)).toMatchObject({ from: 2, to: 4 });
  });

  test('no span when a word inside the run translates a word outside the term', () => {
    // 金融 and 申訴 only: consumer (between them) belongs to 消費者, outside.
    expect(translationSpan(g, [0, 2], 3, 4)).toBeUndefined();
  });

  test('an unexplained word inside the run is allowed (Financial Supervisory Commission)', () => {
    const h = grid([
      [0.8, 0.0, 0.0],
      [0.0, 0.0, 0.9],
    ]);
    expect(translationSpan(h, [0, 1], 2, 3)).toMatchObject({ from: 0, to: 3 });
  });

  test('the top-k lists give the same answer as the whole grid', () => {
    const top = topLists(g, 3, 4, 2);
    expect(translationSpan(g, [0, 1], 3, 4, top)).toEqual(translationSpan(g, [0, 1], 3, 4));
    expect(Array.from(top.rowBest)).toEqual([0, 1, 3]);
  });
});

describe('term shapes', () => {
  test('a Chinese span: no particle at an edge, no clause words inside, no punctuation', () => {
    const u = analyseUnit(unit('金融消費者的申訴，應予受理。', 'x'))!;
    const t = u.zhTokens;
    const at = (text: string): number => t.findIndex((x) => x.text === text);
    const isWord = (): boolean => false;
    expect(zhTermSpan(u.zh, t, at('金融'), at('消費者') + 1, isWord)).toBe(true);
    expect(zhTermSpan(u.zh, t, at('消費者'), at('的') + 1, isWord)).toBe(false);
    expect(zhTermSpan(u.zh, t, at('申訴'), at('，') + 1, isWord)).toBe(false);
  });

  test('an English span: no function word at an edge, one clause', () => {
    const u = analyseUnit(unit('x', 'The terms and conditions of use, in full.'))!;
    const t = u.enTokens;
    const at = (text: string): number => t.findIndex((x) => x.text === text);
    expect(enTermSpan(t, at('terms'), at('conditions') + 1)).toBe(true);
    expect(enTermSpan(t, at('The'), at('terms') + 1)).toBe(false);
    expect(enTermSpan(t, at('conditions'), at('in') + 1)).toBe(false);
    expect(enTermSpan(t, at('use'), at('full') + 1)).toBe(false);
  });
});

describe('linking aligned pairs inside a unit', () => {
  const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
  const aligned = (zh: [string, number], en: [string, number], score: number, support: number): Link => ({ zh: span(...zh), en: span(...en), method: 'alignment', score, unitId: 1, support });

  test('a term nested in a longer aligned term keeps its own link beside it', () => {
    const kept = linkUnit([
      aligned(['硬體驅動模組', 0], ['hardware driver modules', 0], 0.7, 1),
      aligned(['驅動模組', 2], ['driver modules', 9], 0.8, 3),
    ]);
    expect(kept.map((l) => l.zh.text).sort()).toEqual(['硬體驅動模組', '驅動模組']);
  });

  test('overlapping pairs that are not nested compete: the stronger keeps the span', () => {
    const kept = linkUnit([
      aligned(['金融消費者', 0], ['financial consumer', 0], 0.86, 20),
      aligned(['消費者權益', 2], ['consumer rights', 10], 0.7, 1),
    ]);
    expect(kept.map((l) => l.zh.text)).toEqual(['金融消費者']);
  });

  test('an aligned pair seen once ranks after the dictionary; seen twice, before it', () => {
    const dictionary: Link = { zh: span('銀行業', 0), en: span('banking', 0), method: 'dictionary', score: 0.8, unitId: 1 };
    const once = aligned(['銀行業', 0], ['banking enterprises', 0], 0.7, 1);
    const twice = aligned(['銀行業', 0], ['banking enterprises', 0], 0.7, 2);
    expect(linkUnit([dictionary, once]).map((l) => l.en.text)).toEqual(['banking', 'banking enterprises']);
    expect(linkUnit([dictionary, twice]).map((l) => l.en.text)).toEqual(['banking enterprises']);
    // Not nested (another English word): the dictionary keeps the span against a pair seen once.
    const elsewhere = aligned(['銀行業', 0], ['bank sector', 30], 0.7, 1);
    expect(linkUnit([dictionary, elsewhere]).map((l) => l.en.text)).toEqual(['banking']);
  });
});

describe('clause openers', () => {
  test('a span opened by a common verb has the shape of a clause; a rare verb may modify', () => {
    const u = analyseUnit(unit('參見系統日誌。', 'x'))!;
    const t = u.zhTokens;
    const end = t.length - 1;
    expect(opensClause(t, 0, end, (x) => x.key === '参见')).toBe(true);
    expect(opensClause(t, 0, end, () => false)).toBe(false);
    // One word alone is never a clause.
    expect(opensClause(t, 0, 1, (x) => x.key === '参见')).toBe(false);
  });
});

describe('widening an aligned phrase to the one the TM uses', () => {
  test('a modifier next to four in five occurrences joins the phrase; a scattered one does not', async () => {
    const { widen } = await import('../../src/extract/phrases.js');
    const spanOf = (en: string, word: string) => {
      const u = analyseUnit(unit('評議決定', en))!;
      const at = u.enTokens.findIndex((t) => t.key === word);
      return { u, from: at, to: at + 1 };
    };
    const same = ['The ombudsman decision stands.', 'An ombudsman decision binds.', 'Each ombudsman decision is final.'].map((e) => spanOf(e, 'decision'));
    expect(widen(same)).toEqual({ side: -1, word: 'ombudsman' });
    const mixed = ['The ombudsman decision stands.', 'A court decision binds.', 'Each final decision is kept.'].map((e) => spanOf(e, 'decision'));
    expect(widen(mixed)).toBeUndefined();
  });
});

describe('an aligned pair inside a dictionary pair', () => {
  test('is kept beside it; one that only overlaps it is not', () => {
    const span = (text: string, start: number) => ({ text, key: text, start, end: start + text.length });
    const dictionary: Link = { zh: span('防火牆能力', 0), en: span('firewall capabilities', 0), method: 'dictionary', score: 0.58, unitId: 1 };
    const insideIt: Link = { zh: span('防火牆', 0), en: span('firewall', 0), method: 'alignment', score: 0.7, unitId: 1, support: 1 };
    const across: Link = { zh: span('能力強', 3), en: span('capabilities strong', 9), method: 'alignment', score: 0.7, unitId: 1, support: 1 };
    expect(linkUnit([dictionary, insideIt]).map((l) => l.zh.text)).toEqual(['防火牆能力', '防火牆']);
    expect(linkUnit([dictionary, across]).map((l) => l.zh.text)).toEqual(['防火牆能力']);
  });
});

describe('the whole English noun phrase of an aligned span', () => {
  const span = (text: string, word: string, claimed: string[] = []): string => {
    const toks = tokenizeEnglish(text);
    const at = toks.findIndex((t) => t.text === word);
    const [from, to] = extendNounPhrase(toks, at, at + 1, (j) => claimed.includes(toks[j]!.text));
    return toks.slice(from, to).map((t) => t.text).join(' ');
  };
  test('a free noun on the right is the head the Chinese suffix carries', () => {
    expect(span('it includes banking enterprises, securities enterprises and others', 'banking')).toBe('banking enterprises');
  });
  test('free modifiers on the left, up to a stop word', () => {
    expect(span('they adopt an ombudsman decision', 'decision')).toBe('ombudsman decision');
    expect(span('except qualified institutional investors', 'investors')).toBe('qualified institutional investors');
  });
  test('no verb, adverb or word another Chinese word explains', () => {
    expect(span('the authority prescribes rules', 'authority')).toBe('authority');
    expect(span('it fully discloses risks', 'discloses')).toBe('discloses');
    expect(span('the kernel error message is shown', 'error', ['kernel'])).toBe('error message');
    expect(span('the kernel error message is shown', 'error', ['kernel', 'message'])).toBe('error');
  });
  test('no word across punctuation', () => {
    expect(span('banking, securities', 'banking')).toBe('banking');
  });
  test('only on a side where the Chinese phrase ends too', () => {
    const toks = tokenizeEnglish('the ombudsman case is closed');
    const free = (): boolean => false;
    expect(extendNounPhrase(toks, 1, 2, free)).toEqual([1, 3]);
    expect(extendNounPhrase(toks, 1, 2, free, undefined, { left: true, right: false })).toEqual([1, 2]);
  });
});

describe('which Chinese word explains an English word next to a term', () => {
  const tok = (key: string, start: number): ZhToken => ({ text: key, key, start, end: start + key.length, kind: 'han', pos: 'n' });
  // Chinese: 0 評議 1 決定 2 評議 3 委員會 (two occurrences of 評議); English: 0 ombudsman 1 decision
  const zh = [tok('評議', 0), tok('決定', 2), tok('評議', 4), tok('委員會', 6)];
  const g = grid([[0.1, 0.0], [0.0, 0.8], [0.6, 0.0], [0.2, 0.0]]);
  const term = (t: ZhToken): boolean => t.start >= 0 && t.end <= 4;
  test('the other occurrence of a word of the term counts as the term\'s', () => {
    expect(explainedOutside(g, zh, term, 0)).toBe(false);
  });
  test('a different word outside the term claims its word', () => {
    const h = grid([[0.1, 0.0], [0.0, 0.8], [0.0, 0.0], [0.6, 0.0]]);
    expect(explainedOutside(h, zh, term, 0)).toBe(true);
    expect(explainedOutside(h, zh, term, 1)).toBe(false);
  });
  test('only when it explains the word clearly better (more than twice)', () => {
    const h = grid([[0.1, 0.0], [0.0, 0.8], [0.0, 0.0], [0.15, 0.0]]);
    expect(explainedOutside(h, zh, term, 0)).toBe(false);
  });
});

describe('an English term is no verb phrase', () => {
  test('nouns, noun phrases and participles before a noun are term-shaped', () => {
    expect(englishShaped('complaint')).toBe(true);
    expect(englishShaped('Licensed Material')).toBe(true);
    expect(englishShaped('competent authority')).toBe(true);
    expect(englishShaped('avoidance of doubt')).toBe(true);
  });
  test('a verb form alone, a verb with its object or agent, a pronoun are not', () => {
    expect(englishShaped('interrupted')).toBe(false);
    expect(englishShaped('impose')).toBe(false);
    expect(englishShaped('prescribed by the competent authority')).toBe(false);
    expect(englishShaped('controlled and supervised')).toBe(false);
    expect(englishShaped('state his opinion')).toBe(false);
  });
});

describe('an English coordination for a Chinese term that does not coordinate', () => {
  const u = analyseUnit(unit('指定財團法人或社團法人辦理。', 'designate an incorporated foundation or incorporated association to handle it.'))!;
  const at = (zh: string): [number, number] => {
    const from = u.zhTokens.findIndex((t) => t.text === zh.slice(0, t.text.length) && zh.startsWith(t.text));
    let to = from;
    while (u.zhTokens.slice(from, to).map((t) => t.text).join('') !== zh) to++;
    return [from, to];
  };
  const words = (span: [number, number] | undefined) => (span ? u.enTokens.slice(span[0], span[1]).map((t) => t.text).join(' ') : undefined);
  const en = u.enTokens.findIndex((t) => t.text === 'incorporated');
  const all = u.enTokens.findIndex((t) => t.text === 'association') + 1;

  test('is cut to the conjunct on the side of the Chinese coordination beside the term', () => {
    expect(words(conjunctSpan(u.zhTokens, ...at('財團法人'), u.enTokens, en, all))).toBe('incorporated foundation');
    expect(words(conjunctSpan(u.zhTokens, ...at('社團法人'), u.enTokens, en, all))).toBe('incorporated association');
  });

  test('a term that coordinates itself keeps it; with no coordination beside the term, nothing', () => {
    expect(words(conjunctSpan(u.zhTokens, ...at('財團法人或社團法人'), u.enTokens, en, all))).toBe('incorporated foundation or incorporated association');
    const v = analyseUnit(unit('財團法人辦理。', 'an incorporated foundation or incorporated association handles it.'))!;
    const vf = v.enTokens.findIndex((t) => t.text === 'incorporated');
    expect(conjunctSpan(v.zhTokens, 0, 1, v.enTokens, vf, vf + 5)).toBeUndefined();
  });
});

describe('a prepositional phrase after a term\'s English', () => {
  const words = (en: string, from = 0) => {
    const toks = tokenizeEnglish(en);
    return toks.slice(from, beforeTrailingPhrase(toks, from, toks.length)).map((t) => t.text).join(' ');
  };
  test('of place, time or manner is the sentence\'s; of and for stay', () => {
    expect(words('contributed capital in the amount')).toBe('contributed capital');
    expect(words('place and at a time')).toBe('place and');
    expect(words('limitation of liability')).toBe('limitation of liability');
    expect(words('liability for damages')).toBe('liability for damages');
  });
});

describe('an aligned English widened over its occurrences', () => {
  test('not by a word that translates the Chinese word beside the term, a space between them', async () => {
    const dict = await loadCedict();
    const pairs: [string, string][] = [
      ['迷你 Gadget 系統是第一階段。', 'The mini-Gadget system is the first stage.'],
      ['迷你 Gadget 系統載入模組。', 'The mini-Gadget system loads modules.'],
      ['你可以跳過迷你 Gadget 系統。', 'You may skip the mini-Gadget system.'],
      ['迷你 Gadget 系統中的指令很少。', 'The commands in the mini-Gadget system are few.'],
    ];
    const units = pairs.map(([zh, en], i) => analyseUnit({ id: i + 1, srcLang: 'zh-TW', tgtLang: 'en', source: zh, target: en })!);
    const table = phraseTable(units, dict);
    // system is 系統's: the term without it is rendered without it, the term with it with it.
    expect(table.best.get('迷你 gadget')?.en).toBe('mini gadget');
    expect(table.best.get('迷你 gadget 系统')?.en).toBe('mini gadget system');
  });
});

describe('renderings of single words from the symmetrised links', () => {
  // Each unit with the links (Chinese word, English word) a symmetrised alignment might give.
  const aligned = (rows: [string, string, [string, string][]][]) => {
    const units = rows.map(([zh, en], i) => alignmentTokens(analyseUnit(unit(zh, en, i + 1))!));
    const links = rows.map(([, , ls], k) => ls.map(([z, e]) => [units[k]!.zh.findIndex((t) => t.text === z), units[k]!.en.findIndex((t) => t.key === e)] as [number, number]));
    return { units, links };
  };
  test('a word linked to one English word in two units of the three holding it renders it', () => {
    const { units, links } = aligned([
      ['管理加密行業。', 'manage the crypto sector.', [['加密', 'crypto'], ['行業', 'sector']]],
      ['行業將被接管。', 'The sector will be taken over.', [['行業', 'sector']]],
      ['行業很大。', 'The trade is big.', [['行業', 'trade']]],
    ]);
    expect([...(wordLexicon(units, links).get('行业') ?? [])]).toEqual(['sector']);
  });
  test('near misses: linked in one unit only, in fewer than half of its units, or a lone character', () => {
    const { units, links } = aligned([
      ['管理加密行業。', 'manage the crypto sector.', [['行業', 'sector']]],
      ['行業將被接管。', 'The sector will be taken over.', [['行業', 'sector']]],
      ['行業很大。', 'The trade is big.', []],
      ['行業很小。', 'The trade is small.', []],
      ['行業很好。', 'The trade is good.', []],
      ['那個格很大。', 'That cell is big.', [['格', 'cell']]],
      ['這個格很小。', 'This cell is small.', [['格', 'cell']]],
    ]);
    const lex = wordLexicon(units, links);
    expect(lex.get('行业')).toBeUndefined();
    expect(lex.get('格')).toBeUndefined();
    expect(wordLexicon(units.slice(0, 1), links.slice(0, 1)).get('行业')).toBeUndefined();
  });
});
