/**
 * The three real development documents (test/fixtures/devtext, see SOURCES.md there): each one's
 * gold sentence pairs must come out as units. A gold pair is found when a unit's source and target
 * equal it after trimming white space. The same settings serve every document.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignBilingualText } from '../../src/align/document.js';
import { catSegments } from '../../src/align/cat.js';

const DOCUMENTS = ['debref-ch03', 'taiwan-fcpa', 'cc-by-sa-4.0'];

export function goldPairs(name: string): [string, string][] {
  return readFileSync(`test/fixtures/devtext/${name}.gold-sentences.tsv`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.split('\t') as [string, string]);
}

describe.each(DOCUMENTS)('devtext %s', (name) => {
  const file = `test/fixtures/devtext/${name}.txt`;
  const text = readFileSync(file, 'utf8');
  const doc = alignBilingualText(text, { file });
  const halves = text.split(/\n[ \t]*\n/).map((h) => h.split('\n').filter((l) => l.trim()));

  it('reads every Chinese line as the source and every English line as the target', () => {
    expect(doc.srcLang).toBe('zh-TW');
    expect(doc.source.map((p) => p.text)).toEqual(halves[0]!.map((l) => l.trim()));
    expect(doc.target.map((p) => p.text)).toEqual(halves[1]!.map((l) => l.trim()));
  });

  it('finds at least 19 of its 20 gold sentence pairs', () => {
    const gold = goldPairs(name);
    expect(gold).toHaveLength(20);
    const units = new Set(doc.units.map((u) => `${u.source.trim()}\t${u.target.trim()}`));
    const missing = gold.filter(([zh, en]) => !units.has(`${zh.trim()}\t${en.trim()}`));
    expect(missing.length, missing.map((p) => p.join(' ↔ ')).join('\n')).toBeLessThanOrEqual(1);
  });

  it('never pairs sentences of paragraphs that are not each other\'s translation', () => {
    // At paragraph level these documents match 1:1 (line i of each half).
    for (const u of doc.units) {
      const zhLine = doc.source.findIndex((p) => p.text.includes(u.source));
      const enLine = doc.target.findIndex((p) => p.text.includes(u.target));
      if (zhLine >= 0 && enLine >= 0) expect(enLine, `${u.source} ↔ ${u.target}`).toBe(zhLine);
    }
  });
});

describe.each(DOCUMENTS)('devtext %s read by a CAT tool', (name) => {
  // The Chinese half as a CAT tool cuts it (src/align/cat.ts cuts these halves as OmegaT does; the
  // OmegaT run itself is test/e2e/peers-devtext.test.ts): the share of its segments that a unit's
  // Chinese side holds exactly, with the document as it is and with its English half first.
  const text = readFileSync(`test/fixtures/devtext/${name}.txt`, 'utf8');
  const [zh, en] = text.split(/\n[ \t]*\n/) as [string, string];
  const segments = zh.split(/\n[ \t]*\n/).flatMap((p) => catSegments(p, 'zh-TW').map((s) => s.text));

  it.each([
    { layout: 'as it is', doc: text },
    { layout: 'English first', doc: `${en.trim()}\n\n${zh.trim()}\n` },
  ])('finds at least 85 in 100 of the Chinese half\'s segments among its units ($layout)', ({ doc }) => {
    const aligned = alignBilingualText(doc, { file: `${name}.txt` });
    const chinese = new Set([...aligned.units, ...aligned.segmentUnits].map((u) => (u.srcLang.startsWith('zh') ? u.source : u.target)));
    const found = segments.filter((s) => chinese.has(s)).length;
    expect(found / segments.length, `${found} of ${segments.length}`).toBeGreaterThanOrEqual(0.85);
  });
});
