/**
 * `npm run eval`: extract the glossary from the essay and from every development document in
 * test/fixtures/devtext/ (a `<name>.txt` beside its `<name>.gold-terms.tsv` and
 * `<name>.gold-sentences.tsv`), all with the same settings, and measure each: gold sentence
 * pairs found as units, term recall, every wrong pair (a term found with a translation not in
 * the list), the glossary size and rows per gold pair, and the top of the ranked list. On the
 * essay it also compares the two Chinese segmenters (how many occurrences of the reference terms
 * keep their boundaries). A summary table closes the output.
 *
 *   npm run eval -- [--terms FILE.tsv] [--top N] [--paragraphs] [--all] [--only NAME] [--dir DIR] [-v]
 *
 * --terms: another reference list for the essay (the held-out set): `zh<TAB>en|en2`.
 * --paragraphs: pair the essay paragraph by paragraph instead of through the aligner.
 * --only: one document (`essay` or a devtext name); -v: list the missing terms of each;
 * --dir: the documents of another folder, laid out as devtext (your own documents; a missing gold
 *   file counts as an empty list), instead of the essay and the fixtures;
 * --why TERM (repeatable): how the extractor treated a term, unit by unit, to standard error.
 * Exit 1 when a reference term is wrong, so that CI can run it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranslationUnit } from '../src/model.js';
import { alignBilingualText } from '../src/align/document.js';
import { cleanParagraph } from '../src/text/clean.js';
import { fold } from '../src/text/fold.js';
import { segmentChinese } from '../src/text/zh-words.js';
import { extractFromUnits, type ExtractOptions, type GlossaryEntry } from '../src/extract/index.js';
import { toSimplified } from '../src/text/fold.js';

const ROOT = join(import.meta.dirname, '..');
const ESSAY = join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt');

interface Args { terms: string; top: number; devTop: number; paragraphs: boolean; all: boolean; verbose: boolean; only?: string; dir?: string; why: string[] }

function parseArgs(argv: string[]): Args {
  const a: Args = { terms: join(ROOT, 'test', 'fixtures', 'eval', 'dev-terms.tsv'), top: 50, devTop: 30, paragraphs: false, all: false, verbose: false, why: [] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--terms') a.terms = argv[++i] ?? a.terms;
    else if (v === '--top') a.top = a.devTop = Number(argv[++i] ?? 50);
    else if (v === '--only') a.only = argv[++i];
    else if (v === '--dir') a.dir = argv[++i];
    else if (v === '--verbose' || v === '-v') a.verbose = true;
    else if (v === '--paragraphs') a.paragraphs = true;
    else if (v === '--all') a.all = true;
    else if (v === '--why') a.why.push(argv[++i] ?? '');
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
  if (!existsSync(file)) return [];
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

const DEVTEXT = join(ROOT, 'test', 'fixtures', 'devtext');

/** The development documents: `<name>.txt` with its gold terms and gold sentence pairs beside it. */
export function devDocuments(dir = DEVTEXT): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
}

/** Gold sentence pairs: `zh<TAB>en`, one a line. */
export function readPairs(file: string): { zh: string; en: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.includes('\t') && !l.startsWith('#')).map((l) => {
    const [zh, en] = l.split('\t');
    return { zh: zh!.trim(), en: en!.trim() };
  });
}

/** Gold sentence pairs found as units: a unit whose two sides equal the pair after trimming. */
export function sentencePairsFound(units: readonly TranslationUnit[], gold: readonly { zh: string; en: string }[]): number {
  const have = new Set(units.map((u) => {
    const zhFirst = /^zh/i.test(u.srcLang);
    return `${(zhFirst ? u.source : u.target).trim()}\t${(zhFirst ? u.target : u.source).trim()}`;
  }));
  return gold.filter((g) => have.has(`${g.zh}\t${g.en}`)).length;
}

export interface DocumentReport {
  name: string;
  units: number;
  sentences?: { found: number; total: number };
  evaluation: Evaluation;
  reference: number;
  glossary: GlossaryEntry[];
  ms: number;
}

/** Extract one development document and measure it against its gold files. */
export async function evaluateDocument(name: string, dir = DEVTEXT, why: readonly string[] = []): Promise<DocumentReport> {
  const file = join(dir, `${name}.txt`);
  const units = alignBilingualText(readFileSync(file, 'utf8'), { file }).units.map((u, i) => ({ ...u, id: i + 1 }));
  const started = performance.now();
  const glossary = await extractFromUnits(units, traceOf(why));
  const ms = performance.now() - started;
  const reference = readReference(join(dir, `${name}.gold-terms.tsv`));
  const gold = readPairs(join(dir, `${name}.gold-sentences.tsv`));
  return {
    name, units: units.length, ms, glossary, reference: reference.length,
    sentences: { found: sentencePairsFound(units, gold), total: gold.length },
    evaluation: evaluate(glossary, reference),
  };
}

/** --why TERM: the extractor's trace of each named term, to standard error. */
function traceOf(why: readonly string[]): ExtractOptions {
  if (why.length === 0) return {};
  return { trace: { keys: new Set(why.map((w) => toSimplified(w).toLowerCase())), log: (line) => process.stderr.write(`why: ${line}\n`) } };
}

function flag(e: GlossaryEntry): string {
  return `[${e.method} ${e.score?.toFixed(2)} ×${e.frequency}]${e.note ? `  ${e.note}` : ''}`;
}

function printReport(r: DocumentReport, top: number, verbose: boolean): void {
  const out = process.stdout;
  const ev = r.evaluation;
  out.write(`\n== ${r.name}: ${r.units} units; extraction ${r.ms.toFixed(0)} ms\n`);
  if (r.sentences) out.write(`gold sentence pairs found: ${r.sentences.found}/${r.sentences.total}\n`);
  out.write(`term recall: ${ev.found.length}/${r.reference} = ${(100 * ev.recall).toFixed(1)}%; wrong ${ev.wrong.length}; missing ${ev.missing.length}\n`);
  for (const w of ev.wrong) out.write(`  WRONG ${w.ref.zh}: got ${w.got.join(' | ')}; expected ${w.ref.en.join(' | ')}\n`);
  if (verbose) for (const m of ev.missing) out.write(`  missing ${m.zh} / ${m.en.join(' | ')}\n`);
  out.write(`glossary size: ${r.glossary.length} rows, ${(r.glossary.length / Math.max(1, r.reference)).toFixed(2)} per gold pair\n`);
  const shown = r.glossary.slice(0, top);
  out.write(`top ${shown.length}:\n`);
  shown.forEach((e, i) => out.write(`${String(i + 1).padStart(3)}. ${e.zh} / ${e.en}  ${flag(e)}\n`));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = process.stdout;
  let wrong = 0;
  const summary: string[] = [];
  if (!args.dir && (!args.only || args.only === 'essay')) {
    const started = performance.now();
    const { units, how } = essayUnits(args.paragraphs);
    const glossary = await extractFromUnits(units, traceOf(args.why));
    const ms = performance.now() - started;
    const reference = readReference(args.terms);
    const ev = evaluate(glossary, reference);
    wrong += ev.wrong.length;
    out.write(`== essay: ${how}; extraction ${ms.toFixed(0)} ms\n`);
    out.write(`reference: ${args.terms}\n`);
    out.write(`recall: ${ev.found.length}/${reference.length} = ${(100 * ev.recall).toFixed(1)}%\n`);
    out.write(`wrong pairs: ${ev.wrong.length}\n`);
    for (const w of ev.wrong) out.write(`  WRONG ${w.ref.zh}: got ${w.got.join(' | ')}; expected ${w.ref.en.join(' | ')}\n`);
    for (const m of ev.missing) out.write(`  missing ${m.zh} / ${m.en.join(' | ')}\n`);
    out.write(`glossary size: ${glossary.length} pairs\n`);
    const seg = boundaryAgreement(units, reference);
    out.write(`segmenters on the reference terms' occurrences: jieba ${seg.jieba}; Intl.Segmenter ${seg.intl}\n`);
    const shown = args.all ? glossary : glossary.slice(0, args.top);
    out.write(`ranked list (${shown.length} of ${glossary.length}):\n`);
    shown.forEach((e, i) => out.write(`${String(i + 1).padStart(3)}. ${e.zh} / ${e.en}  ${flag(e)}\n`));
    summary.push(`| essay (dev pairs) | | ${ev.found.length}/${reference.length} (${(100 * ev.recall).toFixed(0)}%) | ${ev.wrong.length} | ${glossary.length} | ${(glossary.length / reference.length).toFixed(1)} |`);
  }
  const dir = args.dir ?? DEVTEXT;
  for (const name of devDocuments(dir)) {
    if (args.only && args.only !== name) continue;
    const r = await evaluateDocument(name, dir, args.why);
    wrong += r.evaluation.wrong.length;
    printReport(r, args.all ? r.glossary.length : args.devTop, args.verbose);
    const ev = r.evaluation;
    summary.push(`| ${name} | ${r.sentences!.found}/${r.sentences!.total} | ${ev.found.length}/${r.reference} (${(100 * ev.recall).toFixed(0)}%) | ${ev.wrong.length} | ${r.glossary.length} | ${(r.glossary.length / r.reference).toFixed(1)} |`);
  }
  out.write(`\n| document | gold sentence pairs | term recall | wrong | glossary rows | rows per gold pair |\n|---|---|---|---|---|---|\n${summary.join('\n')}\n`);
  process.exitCode = wrong > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
