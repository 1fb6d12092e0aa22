import { describe, expect, test } from 'vitest';
import {
  alignBitext,
  consistentPhrasePairs,
  lexicalWeight,
  symmetrise,
  trainDirection,
  type BitextUnit,
  type Links,
  type PhrasePair,
  trainBitext,
} from '../../src/extract/wordalign.js';
import { loadCedict } from '../../src/dict/cedict.js';
import { cedictPrior, devtextCeiling, DEVTEXT_DOCUMENTS } from '../../bench/wordalign-devtext.js';

/** A unit from two space-separated token lists. */
const unit = (zh: string, en: string): BitextUnit => ({ zh: zh.split(' ').filter(Boolean), en: en.split(' ').filter(Boolean) });
const sorted = (links: Links): Links => [...links].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const span = (p: PhrasePair): string => `${p.zhStart}-${p.zhEnd}:${p.enStart}-${p.enEnd}`;

const colours = [
  unit('红 花', 'red flower'),
  unit('白 花', 'white flower'),
  unit('红 车', 'red car'),
  unit('白 车', 'white car'),
  unit('大 车', 'big car'),
  unit('大 花', 'big flower'),
];

describe('IBM Model 1', () => {
  test('learns a one-to-one lexicon from a handful of sentence pairs', () => {
    const m = trainDirection(colours, 'zh-en', { favorDiagonal: false, iterations: 10 });
    for (const [zh, en] of [['红', 'red'], ['白', 'white'], ['花', 'flower'], ['车', 'car'], ['大', 'big']] as const) {
      const others = ['red', 'white', 'flower', 'car', 'big'].filter((w) => w !== en);
      for (const o of others) expect(m.translationProb(zh, en)).toBeGreaterThan(m.translationProb(zh, o));
      expect(m.translationProb(zh, en)).toBeGreaterThan(0.5);
    }
    // Swapped order in a new unit: the lexicon, not the position, decides.
    expect([...m.align(unit('车 红', 'red car'))]).toEqual([1, 0]);
  });

  test('near miss: one sentence pair alone cannot tell which word is which', () => {
    const m = trainDirection([unit('红 花', 'red flower')], 'zh-en', { favorDiagonal: false });
    expect(m.translationProb('红', 'red')).toBeCloseTo(m.translationProb('红', 'flower'), 9);
  });

  test('the en-zh direction learns t(zh | en) and links each Chinese token', () => {
    const m = trainDirection(colours, 'en-zh', { favorDiagonal: false, iterations: 10 });
    expect(m.translationProb('flower', '花')).toBeGreaterThan(0.5);
    expect([...m.align(unit('红 花', 'flower red'))]).toEqual([1, 0]);
  });
});

describe('sparsity (variational Bayes, fast_align -v)', () => {
  // 罕 occurs once, beside words the rest of the corpus explains: a garbage collector for Model 1.
  const units = [...colours, unit('罕 红 花', 'red flower')];

  test('keeps a rare word from collecting the mass of the words it occurs with', () => {
    const m = trainDirection(units, 'zh-en', { favorDiagonal: false, iterations: 10, sparsity: 0.01 });
    expect(m.translationProb('罕', 'red')).toBeLessThan(0.01);
    expect(m.translationProb('红', 'red')).toBeGreaterThan(0.5);
  });

  test('near miss: by maximum likelihood the rare word takes most of a word it does not translate', () => {
    const m = trainDirection(units, 'zh-en', { favorDiagonal: false, iterations: 10 });
    expect(m.translationProb('罕', 'red')).toBeGreaterThan(0.3);
  });
});

describe('the diagonal prior (fast_align)', () => {
  const repeated = [unit('甲 乙 甲', 'a b a'), unit('甲 乙', 'a b'), unit('乙 甲', 'b a')];

  test('links a repeated word to the occurrence on the diagonal', () => {
    const m = trainDirection(repeated, 'zh-en', { favorDiagonal: true });
    expect([...m.align(unit('甲 乙 甲', 'a b a'))]).toEqual([0, 1, 2]);
  });

  test('near miss: Model 1 has no notion of position and links both to one occurrence', () => {
    const m = trainDirection(repeated, 'zh-en', { favorDiagonal: false });
    const a = [...m.align(unit('甲 乙 甲', 'a b a'))];
    expect(a[0]).toBe(a[2]);
  });

  test('on a short corpus the tension fitted after Model 1 stays moderate; fast_align steps alone run to the bound', () => {
    const reordered = Array.from({ length: 30 }, (_, k) => unit(`a${k % 7} b${k % 5} c${k % 3} d${k % 4} e${k}`, `E${k} C${k % 3} A${k % 7} D${k % 4} B${k % 5}`));
    const fitted = trainDirection(reordered, 'zh-en').tension;
    const stepped = trainDirection(reordered, 'zh-en', { model1Iterations: 0 }).tension;
    expect(fitted).toBeLessThan(4);
    expect(stepped).toBeGreaterThan(fitted);
  });

  test('learns a sharper tension on monotone text than on reordered text', () => {
    const monotone = Array.from({ length: 40 }, (_, k) => unit(`x${k % 7} y${k % 5} z${k % 3} w${k % 4}`, `X${k % 7} Y${k % 5} Z${k % 3} W${k % 4}`));
    const reversed = monotone.map((u) => ({ zh: u.zh, en: [...u.en].reverse() }));
    const a = trainDirection(monotone, 'zh-en').tension;
    const b = trainDirection(reversed, 'zh-en').tension;
    // Reversed text puts the links on the anti-diagonal: the fit goes to the lowest tension.
    expect(b).toBeLessThan(0.5);
    expect(a).toBeGreaterThan(2);
  });
});

describe('the HMM alignment model', () => {
  const corpus = [
    ...colours,
    unit('红 花 和 白 车', 'red flower and white car'),
    unit('大 车 和 红 花', 'big car and red flower'),
  ];
  // The clauses come in the other order: red car ↔ 红 车 at the end, red flower ↔ 红 花 at the start.
  const probe = unit('红 花 和 红 车', 'red car and red flower');

  test('links a repeated word where its neighbour links: jumps, not absolute positions', () => {
    const m = trainDirection(corpus, 'zh-en', { hmm: true });
    expect([...m.align(probe)].slice(0, 2)).toEqual([3, 4]);
  });

  test('near miss: the diagonal prior and Model 1 link the first red to the first 红', () => {
    expect(trainDirection(corpus, 'zh-en').align(probe)[0]).toBe(0);
    expect(trainDirection(corpus, 'zh-en', { favorDiagonal: false }).align(probe)[0]).toBe(0);
  });

  test('a monotone corpus aligns monotone, both directions', () => {
    const r = alignBitext(corpus, { hmm: true });
    expect(sorted(r.links[6]!)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });
});

describe('the null word', () => {
  const units = [
    unit('猫', 'the cat'),
    unit('狗', 'the dog'),
    unit('猫 跑', 'the cat run'),
    unit('狗 跑', 'the dog run'),
    unit('鸟', 'a bird'),
    unit('鸟 跑', 'a bird run'),
    unit('猫 狗', 'the cat and the dog'),
    unit('跑', 'run'),
    unit('鸟 猫', 'a bird and a cat'),
  ];

  // Under the diagonal prior the null word has a fixed small share (p0); Model 1 shows it plainly.
  test('takes the function words that have no counterpart', () => {
    const m = trainDirection(units, 'zh-en', { favorDiagonal: false });
    const a = m.align(unit('狗 跑', 'the dog run'));
    expect(a[0]).toBe(-1);
    expect(m.translationProb('', 'the')).toBeGreaterThan(m.translationProb('狗', 'the'));
  });

  test('near miss: a content word stays linked to its translation', () => {
    const m = trainDirection(units, 'zh-en', { favorDiagonal: false });
    expect([...m.align(unit('狗 跑', 'the dog run'))].slice(1)).toEqual([0, 1]);
  });
});

describe('prior evidence (a dictionary)', () => {
  // Each unit puts the two words in crossed order and always together: EM alone cannot separate them.
  const units = [unit('电脑 系统', 'system computer'), unit('电脑 系统 好', 'system computer good'), unit('好 电脑 系统', 'good system computer')];
  const dictionary = (zh: string, en: string): number => (zh === '电脑' && en === 'computer') || (zh === '系统' && en === 'system') ? 1 : 0;

  test('a dictionary sense makes a three-sentence corpus align the pair EM alone gets wrong', () => {
    const plain = trainDirection(units, 'zh-en');
    expect([...plain.align(units[0]!)]).not.toEqual([1, 0]);
    const withPrior = trainDirection(units, 'zh-en', { prior: dictionary });
    expect([...withPrior.align(units[0]!)]).toEqual([1, 0]);
    const both = alignBitext(units, { prior: dictionary });
    expect(sorted(both.links[0]!)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  test('near miss: a prior of zero weight changes nothing', () => {
    const plain = trainDirection(units, 'zh-en');
    const zero = trainDirection(units, 'zh-en', { prior: dictionary, priorWeight: 0 });
    expect(zero.translationProb('电脑', 'computer')).toBeCloseTo(plain.translationProb('电脑', 'computer'), 12);
  });

  test('a negative or non-numeric prior is refused with a clear error', () => {
    expect(() => trainDirection(units, 'zh-en', { prior: () => -1 })).toThrow(/prior must be a number >= 0/);
    expect(() => trainDirection(units, 'zh-en', { prior: () => NaN })).toThrow(/prior must be a number >= 0/);
    expect(() => trainDirection(units, 'zh-en', { iterations: -1 })).toThrow(/iterations/);
  });
});

describe('symmetrisation (the Moses heuristics)', () => {
  // 6 × 6: the zh-en direction links each English token to one Chinese token, en-zh the reverse.
  const zhToEn: Links = [
    [0, 0],
    [1, 1],
    [1, 2],
    [0, 3],
    [4, 5],
  ];
  const enToZh: Links = [
    [0, 0],
    [1, 1],
    [3, 5],
    [4, 0],
    [5, 3],
  ];
  const run = (h: Parameters<typeof symmetrise>[4]): Links => symmetrise(zhToEn, enToZh, 6, 6, h);

  test('each heuristic gives the known result', () => {
    expect(run('intersection')).toEqual([
      [0, 0],
      [1, 1],
    ]);
    // grow-diag adds (1,2) beside (1,1), then (0,3) diagonal to (1,2): each links a word not yet linked.
    expect(run('grow-diag')).toEqual([
      [0, 0],
      [0, 3],
      [1, 1],
      [1, 2],
    ]);
    // final-and adds a directional link only when both its words are unlinked: (4,5) only.
    expect(run('grow-diag-final-and')).toEqual([
      [0, 0],
      [0, 3],
      [1, 1],
      [1, 2],
      [4, 5],
    ]);
    // final adds it when either word is unlinked: (4,5), then (3,5) and (5,3); (4,0) links two linked words.
    expect(run('grow-diag-final')).toEqual([
      [0, 0],
      [0, 3],
      [1, 1],
      [1, 2],
      [3, 5],
      [4, 5],
      [5, 3],
    ]);
    expect(run('union')).toEqual([
      [0, 0],
      [0, 3],
      [1, 1],
      [1, 2],
      [3, 5],
      [4, 0],
      [4, 5],
      [5, 3],
    ]);
  });

  test('intersection ⊆ grow-diag ⊆ grow-diag-final-and ⊆ grow-diag-final ⊆ union', () => {
    const order = ['intersection', 'grow-diag', 'grow-diag-final-and', 'grow-diag-final', 'union'] as const;
    const sets = order.map((h) => new Set(run(h).map(([z, e]) => `${z},${e}`)));
    for (let i = 0; i + 1 < sets.length; i++) {
      for (const x of sets[i]!) expect(sets[i + 1]!.has(x)).toBe(true);
      expect(sets[i + 1]!.size).toBeGreaterThan(sets[i]!.size);
    }
  });

  test('near miss: a union link far from the intersection is not grown', () => {
    expect(run('grow-diag').some(([z, e]) => z === 4 && e === 5)).toBe(false);
  });

  test('links outside the unit are ignored, empty inputs give no links', () => {
    expect(symmetrise([[9, 0]], [[9, 0]], 2, 2, 'union')).toEqual([]);
    expect(symmetrise([], [], 0, 0, 'grow-diag-final-and')).toEqual([]);
  });
});

describe('phrase pairs consistent with an alignment', () => {
  // zh: 0 1 2 3, en: 0 1 2 3 4. zh 1 links en 2 and en 3, zh 2 links en 2; en 1 is unaligned.
  const links: Links = [
    [0, 0],
    [1, 2],
    [1, 3],
    [2, 2],
    [3, 4],
  ];

  test('consistent spans are extracted', () => {
    const pairs = consistentPhrasePairs(links, 4, 5).map(span);
    expect(pairs).toContain('0-1:0-1');
    expect(pairs).toContain('1-3:2-4');
    expect(pairs).toContain('1-4:2-5');
    expect(pairs).toContain('3-4:4-5');
    // An unaligned word inside a span is no obstacle.
    expect(pairs).toContain('0-3:0-4');
  });

  test('near miss: a span with a link leaving the box is not', () => {
    const pairs = consistentPhrasePairs(links, 4, 5).map(span);
    // zh 1 alone covers en 2..3, but en 2 also links zh 2, outside the box.
    expect(pairs).not.toContain('1-2:2-4');
    // zh 2 alone covers en 2, which also links zh 1.
    expect(pairs).not.toContain('2-3:2-3');
    expect(pairs.filter((p) => p.startsWith('1-2:') || p.startsWith('2-3:'))).toEqual([]);
  });

  test('unaligned edge words extend a pair only when allowed', () => {
    const strict = consistentPhrasePairs(links, 4, 5).map(span);
    expect(strict.some((p) => p.endsWith(':1-4') || p.endsWith(':0-2'))).toBe(false);
    const loose = consistentPhrasePairs(links, 4, 5, { allowUnalignedEdges: true }).map(span);
    expect(loose).toContain('1-3:1-4');
    expect(loose).toContain('0-1:0-2');
    // An unaligned Chinese edge word extends the Chinese span as well.
    const gap: Links = [
      [0, 0],
      [2, 1],
    ];
    expect(consistentPhrasePairs(gap, 3, 2, { allowUnalignedEdges: true }).map(span)).toContain('0-2:0-1');
    expect(consistentPhrasePairs(gap, 3, 2).map(span)).not.toContain('0-2:0-1');
  });

  test('the length limits hold on both sides', () => {
    const diagonal: Links = Array.from({ length: 10 }, (_, i) => [i, i] as [number, number]);
    const pairs = consistentPhrasePairs(diagonal, 10, 10, { maxZh: 3, maxEn: 2 });
    expect(pairs.every((p) => p.zhEnd - p.zhStart <= 3 && p.enEnd - p.enStart <= 2)).toBe(true);
    expect(pairs.length).toBe(10 + 9);
  });
});

describe('lexical weights', () => {
  test('a pair of translations outweighs a pair of a word with a wrong partner', () => {
    const r = alignBitext(colours, { favorDiagonal: false, iterations: 10 });
    const u = colours[0]!;
    const good = lexicalWeight({ zhStart: 0, zhEnd: 1, enStart: 0, enEnd: 1 }, [[0, 0]], u, r.forward, r.backward);
    const bad = lexicalWeight({ zhStart: 0, zhEnd: 1, enStart: 1, enEnd: 2 }, [[0, 1]], u, r.forward, r.backward);
    expect(good.enGivenZh).toBeGreaterThan(bad.enGivenZh);
    expect(good.zhGivenEn).toBeGreaterThan(bad.zhGivenEn);
    expect(good.enGivenZh).toBeCloseTo(r.forward.translationProb('红', 'red'), 12);
  });

  test('an unlinked word is scored by the null word', () => {
    const r = alignBitext(colours, { favorDiagonal: false });
    const u = colours[0]!;
    const w = lexicalWeight({ zhStart: 0, zhEnd: 1, enStart: 0, enEnd: 2 }, [[0, 0]], u, r.forward, r.backward);
    expect(w.enGivenZh).toBeCloseTo(r.forward.translationProb('红', 'red') * r.forward.translationProb('', 'flower'), 12);
  });
});

describe('bounded memory', () => {
  const many = Array.from({ length: 200 }, (_, k) => colours[k % colours.length]!);

  test('over the cell budget training takes an even sample, and every unit is still aligned', () => {
    const model = trainBitext(many, { maxTrainingCells: 100, favorDiagonal: false, iterations: 10 });
    expect(model.unitCount).toBe(200);
    expect(model.stats.trainedUnits).toBeGreaterThan(0);
    expect(model.stats.trainedUnits * 9).toBeLessThanOrEqual(100);
    expect(trainBitext(many).stats.trainedUnits).toBe(200);
    for (let k = 0; k < 200; k++) expect(sorted(model.linksOf(k))).toEqual([[0, 0], [1, 1]]);
    expect(model.linksOf(200)).toEqual([]);
  });

  test('near miss: a word seen only outside the sample has no translation and links to nothing', () => {
    const units = [...many, unit('蓝 花', 'blue flower')];
    const model = trainBitext(units, { maxTrainingCells: 100, favorDiagonal: false });
    expect(model.forward.translationProb('蓝', 'blue')).toBe(0);
    expect(model.linksOf(200).some(([z]) => z === 0)).toBe(false);
    const all = trainBitext(units, { favorDiagonal: false });
    expect(all.forward.translationProb('蓝', 'blue')).toBeGreaterThan(0);
  });

  test('links on demand are those alignBitext returns', () => {
    const model = trainBitext(colours);
    expect(colours.map((_, k) => model.linksOf(k))).toEqual(alignBitext(colours).links);
  });
});

describe('hostile and degenerate input', () => {
  test('empty units, one-token units and empty corpora: no crash, no links invented', () => {
    const r = alignBitext([unit('', ''), unit('红', ''), unit('', 'red'), unit('红', 'red')]);
    expect(r.links.slice(0, 3)).toEqual([[], [], []]);
    expect(r.links[3]).toEqual([[0, 0]]);
    expect(alignBitext([]).links).toEqual([]);
    expect([...trainDirection([], 'zh-en').align(unit('红', 'red'))]).toEqual([-1]);
  });

  test('a very long unit is left out of training and alignment, in bounded time', () => {
    const long = unit(Array.from({ length: 20_000 }, (_, i) => `z${i % 500}`).join(' '), Array.from({ length: 5_000 }, (_, i) => `e${i % 300}`).join(' '));
    const t = performance.now();
    const r = alignBitext([...colours, long]);
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(r.links.at(-1)).toEqual([]);
    expect(r.links[0]!.length).toBeGreaterThan(0);
  });
});

describe('the ceiling on real documents (test/fixtures/devtext)', () => {
  // Of the gold terms found in a gold sentence pair, the share that is a consistent phrase pair of
  // the symmetrised alignment, with the same default settings for every document.
  test('without a prior: at least 40% of each document, 45% in all', () => {
    const results = DEVTEXT_DOCUMENTS.map((d) => devtextCeiling(d));
    for (const r of results) expect(r.found / r.occurring, r.document).toBeGreaterThanOrEqual(0.4);
    const found = results.reduce((n, r) => n + r.found, 0);
    const occurring = results.reduce((n, r) => n + r.occurring, 0);
    expect(occurring).toBeGreaterThanOrEqual(60);
    expect(found / occurring).toBeGreaterThanOrEqual(0.45);
  });

  test('a CC-CEDICT prior raises it', async () => {
    const prior = cedictPrior(await loadCedict());
    const plain = DEVTEXT_DOCUMENTS.map((d) => devtextCeiling(d)).reduce((n, r) => n + r.found, 0);
    const results = DEVTEXT_DOCUMENTS.map((d) => devtextCeiling(d, { prior }));
    for (const r of results) expect(r.found / r.occurring, r.document).toBeGreaterThanOrEqual(0.42);
    const found = results.reduce((n, r) => n + r.found, 0);
    expect(found).toBeGreaterThan(plain);
    expect(found / results.reduce((n, r) => n + r.occurring, 0)).toBeGreaterThanOrEqual(0.52);
  });
});
