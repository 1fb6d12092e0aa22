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

  it('finds them as well with its English half set one sentence a line', () => {
    const [zh, en] = text.split(/\n[ \t]*\n/) as [string, string];
    // English sentences end at a full stop followed by a space and a capital letter.
    const relaid = alignBilingualText(`${zh}\n\n${en.replace(/([.!?]) (?=[A-Z])/g, '$1\n')}`, { file });
    const units = new Set(relaid.units.map((u) => `${u.source.trim()}\t${u.target.trim()}`));
    const missing = goldPairs(name).filter(([zh, en]) => !units.has(`${zh.trim()}\t${en.trim()}`));
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
  // Each half as a CAT tool cuts it (src/align/cat.ts cuts these halves as OmegaT does; the
  // OmegaT run itself is test/e2e/peers-devtext.test.ts): the share of its segments that a unit's
  // side in that language holds exactly, with the document as it is and with its English half first.
  const text = readFileSync(`test/fixtures/devtext/${name}.txt`, 'utf8');
  const [zh, en] = text.split(/\n[ \t]*\n/) as [string, string];
  const segments = (half: string, lang: string): string[] => half.split(/\n[ \t]*\n/).flatMap((p) => catSegments(p, lang).map((s) => s.text));

  it.each([
    { layout: 'as it is', doc: text },
    { layout: 'English first', doc: `${en.trim()}\n\n${zh.trim()}\n` },
  ])('finds at least 85 in 100 of each half\'s segments among its units ($layout)', ({ doc }) => {
    const aligned = alignBilingualText(doc, { file: `${name}.txt` });
    const units = [...aligned.units, ...aligned.segmentUnits];
    for (const [half, lang] of [[zh, 'zh-TW'], [en, 'en-US']] as const) {
      const held = new Set(units.map((u) => (u.srcLang === lang ? u.source : u.target)));
      const all = segments(half, lang);
      const found = all.filter((s) => held.has(s)).length;
      expect(found / all.length, `${lang}: ${found} of ${all.length}`).toBeGreaterThanOrEqual(0.85);
    }
  });
});
