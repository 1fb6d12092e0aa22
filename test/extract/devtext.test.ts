import { describe, expect, test } from 'vitest';
import { devDocuments, evaluateDocument } from '../../scripts/eval.js';

/**
 * Measured floors on the real development documents (test/fixtures/devtext/), all extracted with
 * the same settings: a change that loses terms, gains wrong translations or floods the glossary
 * fails here. The figures of each run are in docs/evaluation.md (`npm run eval`).
 */
const FLOORS: Record<string, { pairs: number; found: number; wrong: number; rowsPerGold: number }> = {
  'cc-by-sa-4.0': { pairs: 20, found: 41, wrong: 1, rowsPerGold: 2.0 },
  'debref-ch03': { pairs: 20, found: 47, wrong: 0, rowsPerGold: 4.0 },
  'taiwan-fcpa': { pairs: 20, found: 44, wrong: 0, rowsPerGold: 3.5 },
};

describe('the development documents', () => {
  test('every document in the fixtures has floors', () => {
    expect(devDocuments()).toEqual(Object.keys(FLOORS).sort());
  });

  for (const [name, floor] of Object.entries(FLOORS)) {
    test(`${name}: gold sentence pairs, term recall, wrong translations and glossary size hold`, async () => {
      const r = await evaluateDocument(name);
      expect(r.sentences!.found).toBeGreaterThanOrEqual(floor.pairs);
      expect(r.evaluation.found.length).toBeGreaterThanOrEqual(floor.found);
      expect(r.evaluation.wrong.length).toBeLessThanOrEqual(floor.wrong);
      expect(r.glossary.length / r.reference).toBeLessThanOrEqual(floor.rowsPerGold);
      // Every entry keeps the units it was found in.
      for (const e of r.glossary) expect(e.evidence!.length, e.zh).toBeGreaterThan(0);
    }, 60_000);
  }
});
