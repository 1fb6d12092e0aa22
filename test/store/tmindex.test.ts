/**
 * The posting builder of imports (src/store/tmindex.ts) against a plain index built from
 * indexTokens(toUnits()), the tokens queries use: several segments, reused buffers, units out
 * of id order (the client path's RETURNING order) and tokens repeated within a text.
 */
import { describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PostingBuilder, type IndexableUnit, type PostingSegment } from '../../src/store/tmindex.js';
import { indexTokens, toUnits } from '../../src/text/tokens.js';
import { formatByName } from '../../src/formats/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'match');

async function realUnits(): Promise<IndexableUnit[]> {
  const out: IndexableUnit[] = [];
  for (const [file, format] of [['essay.zh-en.tmx', 'tmx'], ['wget.zh_TW.po', 'po']] as const) {
    for await (const u of formatByName(format).readUnits!(createReadStream(join(FIXTURES, file)), { file })) {
      out.push({ id: out.length + 1, source: u.source, target: u.target });
    }
  }
  // Texts that repeat tokens within one side, and empty sides.
  out.push({ id: out.length + 1, source: 'chain chain CHAIN chains', target: '區塊鏈區塊鏈 鏈 鏈' });
  out.push({ id: out.length + 1, source: '', target: '' });
  return out;
}

/** token → ascending documents, naively. */
function expected(units: readonly IndexableUnit[]): Map<string, number[]> {
  const index = new Map<string, Set<number>>();
  for (const u of units) {
    for (const [doc, text] of [[u.id * 2, u.source], [u.id * 2 + 1, u.target]] as const) {
      for (const t of indexTokens(toUnits(text))) {
        let s = index.get(t);
        if (!s) index.set(t, (s = new Set()));
        s.add(doc);
      }
    }
  }
  return new Map([...index].map(([t, s]) => [t, [...s].sort((a, b) => a - b)]));
}

/** Merge segments the way a search reads them (every segment of a token). */
function collect(into: Map<string, number[]>, seg: PostingSegment): void {
  expect(seg.tokens.length).toBe(new Set(seg.tokens).size);
  for (let k = 0; k < seg.tokens.length; k++) {
    const list = Array.from(seg.docs.subarray(seg.starts[k], seg.ends[k]));
    expect(list.length).toBeGreaterThan(0);
    for (let i = 1; i < list.length; i++) expect(list[i]!).toBeGreaterThan(list[i - 1]!);
    const t = seg.tokens[k]!;
    into.set(t, [...(into.get(t) ?? []), ...list]);
  }
}

function normalise(index: Map<string, number[]>): [string, number[]][] {
  return [...index].map(([t, l]) => [t, [...l].sort((a, b) => a - b)] as [string, number[]]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe('PostingBuilder', () => {
  it('builds the index queries expect, across segments with reused buffers', async () => {
    const units = await realUnits();
    expect(units.length).toBeGreaterThan(500);
    const builder = new PostingBuilder();
    const got = new Map<string, number[]>();
    for (let i = 0; i < units.length; i += 97) {
      builder.add(units.slice(i, i + 97));
      // A segment every few batches; its buffer comes back dirty for the next one.
      if ((i / 97) % 3 === 2) {
        const seg = builder.drain();
        collect(got, seg);
        seg.docs.fill(0xdead);
        builder.recycle(seg.docs);
      }
    }
    collect(got, builder.drain());
    expect(normalise(got)).toEqual(normalise(expected(units)));
  });

  it('sorts documents that were added out of id order', async () => {
    const units = (await realUnits()).slice(0, 300);
    const shuffled = [...units].reverse();
    const builder = new PostingBuilder();
    builder.add(shuffled.slice(0, 150));
    builder.add(shuffled.slice(150));
    const got = new Map<string, number[]>();
    collect(got, builder.drain());
    expect(normalise(got)).toEqual(normalise(expected(units)));
    expect(builder.maxUnitId).toBe(300);
  });
});
