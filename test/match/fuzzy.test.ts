/**
 * src/match/fuzzy.ts scores as fuse.js does (the look-up's fuzzy ranking was fuse.js's, and its
 * similarities are part of the API): the same matches, scores and order for random strings over
 * small alphabets (so near matches are common), long patterns (fuse.js's 32-unit chunks), CJK,
 * astral characters, blanks and both thresholds the look-up uses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { rankFuzzy } from '../../src/match/fuzzy.js';

function viaFuse(query: string, texts: string[], threshold: number): { i: number; score: number | undefined }[] {
  const fuse = new Fuse(texts.map((folded, i) => ({ i, folded })), { keys: ['folded'], includeScore: true, threshold, ignoreLocation: true, isCaseSensitive: true });
  return fuse.search(query).map((r) => ({ i: r.item.i, score: r.score }));
}

function ours(query: string, texts: string[], threshold: number): { i: number; score: number | undefined }[] {
  return rankFuzzy(query, texts.map((folded, i) => ({ i, folded })), (c) => c.folded, threshold).map((r) => ({ i: r.item.i, score: Number.isNaN(r.score) ? undefined : r.score }));
}

const piece = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'd'), maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('區', '塊', '鏈', '貨', '幣', ' '), maxLength: 6 }),
  fc.constantFrom('file transfer protocol', 'secure file transfer', 'blockchain', '加密貨幣', '𠀀𠀁', '\u00a0', '\t', ''),
);
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('fuzzy ranking as fuse.js ranks', () => {
  it('gives the same hits, scores and order on random strings', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 12 }), fc.constantFrom(0.2, 0.4), (query, texts, threshold) => {
        expect(ours(query, texts, threshold)).toEqual(viaFuse(query, texts, threshold));
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  it('gives the same on real terms: typos, longer terms, Chinese, queries over 32 units', () => {
    const terms = ['blockchain', 'blockchains', 'block chain', 'blockchain technology', 'cryptocurrency', 'crypto currency exchange', '區塊鏈', '區塊鏈技術', '加密貨幣', '加密', 'file transfer protocol', 'secure file transfer protocol', 'file transfer protocols list', 'the international organization for standardization', 'organisation for economic co-operation and development'];
    const queries = ['blockchian', 'blockchain', 'cryptocurency', '加密貨', '區塊', 'file transfer protocol', 'international organisation for standardisation', 'organization for economic cooperation and development', 'zzzz'];
    for (const q of queries) for (const t of [0.2, 0.4]) expect(ours(q, terms, t), `${q} ${t}`).toEqual(viaFuse(q, terms, t));
    // Not vacuous: typos match below 1 and above 0, and some queries match nothing.
    const typo = ours('blockchian', terms, 0.4);
    expect(typo[0]).toMatchObject({ i: 0 });
    expect(typo[0]!.score).toBeGreaterThan(0);
    expect(ours('zzzz', terms, 0.4)).toEqual([]);
  });
});
