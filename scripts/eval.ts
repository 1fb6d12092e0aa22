/**
 * `npm run eval`: extract the glossary from the essay and measure it against the dev pairs.
 * Prints recall, every wrong pair (a term found with a translation not in the list), the missing
 * pairs, the glossary size and the top of the ranked list; and compares the two Chinese
 * segmenters on the essay (how many occurrences of the reference terms keep their boundaries).
 *
 *   npm run eval -- [--terms FILE.tsv] [--top N] [--paragraphs] [--all]
 *
 * --terms: another reference list (the held-out set) in the same format: `zh<TAB>en|en2`.
 * --paragraphs: pair the essay paragraph by paragraph instead of through the aligner.
 * Exit 1 when a reference term is wrong, so that CI can run it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranslationUnit } from '../src/model.js';
import { alignBilingualText } from '../src/align/document.js';
import { cleanParagraph } from '../src/text/clean.js';
import { fold } from '../src/text/fold.js';
import { segmentChinese } from '../src/text/zh-words.js';
import { extractFromUnits, type GlossaryEntry } from '../src/extract/index.js';

const ROOT = join(import.meta.dirname, '..');
const ESSAY = join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt');

interface Args { terms: string; top: number; paragraphs: boolean; all: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { terms: join(ROOT, 'test', 'fixtures', 'eval', 'dev-terms.tsv'), top: 50, paragraphs: false, all: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--terms') a.terms = argv[++i] ?? a.terms;
    else if (v === '--top') a.top = Number(argv[++i] ?? 50);
    else if (v === '--paragraphs') a.paragraphs = true;
    else if (v === '--all') a.all = true;
  }
  return a;
}

/** The essay paired paragraph by paragraph (its Chinese block appears twice, then the English). */
export function paragraphPairs(text: string): TranslationUnit[] {
  const paras = text.split(/\r?\n/).map(cleanParagraph).filter((p) => p.length > 0);
  const seen = new Set<string>();
  const zh: string[] = [];
  const en: string[] = [];
  for (const p of paras) {
    if (/\p{Script=Han}/u.test(p)) {
      if (!seen.has(p)) zh.push(p);
      seen.add(p);
    } else en.push(p);
  }
  const units: TranslationUnit[] = [];
  for (let k = 0; k < en.length; k++) {
    const source = k < en.length - 1 ? zh[k] : zh.slice(k).filter((p) => !/^[^:：]{1,4}[:：]/.test(p)).join('');
    if (source) units.push({ id: k + 1, srcLang: 'zh-TW', tgtLang: 'en-US', source, target: en[k]! });
  }
  return units;
}

export function essayUnits(paragraphs = false): { units: TranslationUnit[]; how: string } {
  const text = readFileSync(ESSAY, 'utf8');
  if (!paragraphs) {
    try {
      const units = alignBilingualText(text, { file: ESSAY }).units;
      if (units.length >= 20) return { units: units.map((u, i) => ({ ...u, id: i + 1 })), how: `aligner, ${units.length} sentence pairs` };
    } catch {
      // The aligner is not usable: fall back to paragraphs.
    }
  }
  const units = paragraphPairs(text);
  return { units, how: `paragraph pairs, ${units.length}` };
}

interface Reference { zh: string; en: string[] }

function readReference(file: string): Reference[] {
  return readFileSync(file, 'utf8').split(/\r?\n/)
    .filter((l) => l.trim().length > 0 && !l.startsWith('#'))
    .map((l) => {
      const [zh, en] = l.split('\t');
      return { zh: zh!.trim(), en: (en ?? '').split('|').map((e) => e.trim()).filter((e) => e.length > 0) };
    });
}

export interface Evaluation {
  found: Reference[];
  wrong: { ref: Reference; got: string[] }[];
  missing: Reference[];
  recall: number;
}

export function evaluate(glossary: readonly GlossaryEntry[], reference: readonly Reference[]): Evaluation {
  const byZh = new Map<string, string[]>();
  for (const e of glossary) {
    const k = fold(e.zh);
    byZh.set(k, [...(byZh.get(k) ?? []), e.en]);
  }
  const result: Evaluation = { found: [], wrong: [], missing: [], recall: 0 };
  for (const ref of reference) {
    const got = byZh.get(fold(ref.zh));
    if (!got) {
      result.missing.push(ref);
      continue;
    }
    const accepted = new Set(ref.en.map((e) => fold(e)));
    const bad = got.filter((g) => !accepted.has(fold(g)));
    if (bad.length > 0) result.wrong.push({ ref, got });
    else result.found.push(ref);
  }
  result.recall = reference.length === 0 ? 1 : result.found.length / reference.length;
  return result;
}

/** Occurrences of the reference terms whose both ends fall on a segmenter's word boundary. */
function boundaryAgreement(units: readonly TranslationUnit[], reference: readonly Reference[]): { jieba: string; intl: string } {
  const intl = new Intl.Segmenter('zh', { granularity: 'word' });
  let total = 0, okJieba = 0, okIntl = 0, wholeJieba = 0, wholeIntl = 0;
  for (const u of units) {
    const jb = new Set(segmentChinese(u.source).flatMap((t) => [t.start, t.end]));
    const it = new Set([...intl.segment(u.source)].flatMap((s) => [s.index, s.index + s.segment.length]));
    for (const ref of reference) {
      if (!/\p{Script=Han}/u.test(ref.zh)) continue;
      for (let i = u.source.indexOf(ref.zh); i >= 0; i = u.source.indexOf(ref.zh, i + 1)) {
        total++;
        if (jb.has(i) && jb.has(i + ref.zh.length)) okJieba++;
        if (it.has(i) && it.has(i + ref.zh.length)) okIntl++;
        // Kept whole: no boundary strictly inside the term.
        const inside = (set: Set<number>): boolean => [...set].some((b) => b > i && b < i + ref.zh.length);
        if (!inside(jb)) wholeJieba++;
        if (!inside(it)) wholeIntl++;
      }
    }
  }
  return { jieba: `${okJieba}/${total} at both ends, ${wholeJieba}/${total} whole`, intl: `${okIntl}/${total} at both ends, ${wholeIntl}/${total} whole` };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { units, how } = essayUnits(args.paragraphs);
  const glossary = await extractFromUnits(units);
  const ms = performance.now() - started;
  const reference = readReference(args.terms);
  const ev = evaluate(glossary, reference);
  const out = process.stdout;
  out.write(`essay: ${how}; extraction ${ms.toFixed(0)} ms\n`);
  out.write(`reference: ${args.terms}\n`);
  out.write(`recall: ${ev.found.length}/${reference.length} = ${(100 * ev.recall).toFixed(1)}%\n`);
  out.write(`wrong pairs: ${ev.wrong.length}\n`);
  for (const w of ev.wrong) out.write(`  WRONG ${w.ref.zh}: got ${w.got.join(' | ')}; expected ${w.ref.en.join(' | ')}\n`);
  for (const m of ev.missing) out.write(`  missing ${m.zh} / ${m.en.join(' | ')}\n`);
  out.write(`glossary size: ${glossary.length} pairs\n`);
  const seg = boundaryAgreement(units, reference);
  out.write(`segmenters on the reference terms' occurrences: jieba ${seg.jieba}; Intl.Segmenter ${seg.intl}\n`);
  const shown = args.all ? glossary : glossary.slice(0, args.top);
  out.write(`\nranked list (${shown.length} of ${glossary.length}):\n`);
  shown.forEach((e, i) => out.write(`${String(i + 1).padStart(3)}. ${e.zh} / ${e.en}  [${e.method} ${e.score?.toFixed(2)} ×${e.frequency}]${e.note ? `  ${e.note}` : ''}\n`));
  process.exitCode = ev.wrong.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
