import { describe, expect, it } from 'vitest';
import { alignBeads } from '../../src/align/dp.js';
import { anchorsOf } from '../../src/align/anchors.js';

const span = (bytes: number, n: number) => ({ ...anchorsOf(`x ${n}`), bytes });

describe('the bead aligner', () => {
  it('follows a long document whose translation merges many sentences two by two, far off the diagonal', () => {
    const source = Array.from({ length: 400 }, (_, k) => span(60 + ((k * 37) % 90), k));
    // Spans 100-219 are merged two by two in the target: 60 fewer spans, the path runs 60 cells off the diagonal.
    const target: ReturnType<typeof span>[] = [];
    for (let k = 0; k < 400; k++) {
      if (k >= 100 && k < 220) {
        target.push({ ...anchorsOf(`x ${k} x ${k + 1}`), bytes: source[k]!.bytes + source[k + 1]!.bytes });
        k++;
      } else target.push(source[k]!);
    }
    const beads = alignBeads(source, target, { ratio: 1 });
    const expected = target.map((t) => t.numbers.map(Number));
    expect(beads.map((b) => b.source)).toEqual(expected);
  });

  it('gives every span of a side alone a bead of its own', () => {
    expect(alignBeads([], Array.from({ length: 150 }, (_, k) => span(10, k)))).toHaveLength(150);
  });

  it('pairs the clauses of one target sentence with two source sentences only where lengths and anchors fit', () => {
    const source = [anchorsOf('本法所稱消費者，指接受金融服務業提供金融商品或服務者。'), anchorsOf('但不包括專業投資機構。')];
    const clause = (text: string, continues: boolean) => ({ ...anchorsOf(text), continues });
    const target = [
      clause('The term "consumer" means parties that receive financial products or services provided by a financial services enterprise;', true),
      clause('provided, however, that it does not include qualified institutional investors.', false),
    ];
    expect(alignBeads(source, target)).toEqual([
      { source: [0], target: [0] },
      { source: [1], target: [1] },
    ]);
    // One source sentence for the whole: the clauses stay together.
    expect(alignBeads([anchorsOf('本法所稱消費者，指接受金融服務業提供金融商品或服務者，但不包括專業投資機構。')], target)).toEqual([{ source: [0], target: [0, 1] }]);
  });
});

describe('a sentence of many clauses', () => {
  it('pairs each of 200 items with its clause in a few seconds at most', () => {
    const source = Array.from({ length: 200 }, (_, k) => anchorsOf(`第${k + 1}款、申請人應提出文件第${k + 1}號。`));
    const target = Array.from({ length: 200 }, (_, k) => ({ ...anchorsOf(`(${k + 1}) the applicant shall submit document No. ${k + 1};`), continues: k < 199 }));
    const started = Date.now();
    const beads = alignBeads(source, target);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(beads).toEqual(source.map((_, k) => ({ source: [k], target: [k] })));
  });
});
