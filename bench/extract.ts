/**
 * Benchmark of term extraction over a large memory of software strings (Debian message catalogs):
 * `npx tsx bench/extract.ts [--units 50000] [--runs 1] [--show 20]`.
 *
 * Builds the memory with real peers: msgunfmt over /usr/share/locale/zh_{TW,CN}/LC_MESSAGES/*.mo,
 * then po2tmx (translate-toolkit), and reads it through Glossa's own TMX reader. Reports the median
 * extraction time and its ratio to a baseline measured in the same run (segmenting and tokenising
 * every unit, the least any extractor must do), plus the statistical pairs found.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranslationUnit } from '../src/model.js';
import { formatByName } from '../src/formats/index.js';
import '../src/formats/tmx.js';
import { analyseUnit } from '../src/extract/glossary.js';
import { extractFromUnits } from '../src/extract/index.js';
import { median } from './util.js';
import { catalogTmx } from './catalogs.js';

const ROOT = join(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-extract');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function readTmx(file: string): Promise<TranslationUnit[]> {
  const tmx = formatByName('tmx');
  const units: TranslationUnit[] = [];
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield readFileSync(file);
  }
  for await (const u of tmx.readUnits!(bytes(), { file })) units.push(u);
  return units;
}

async function main(): Promise<void> {
  const want = arg('units', 50_000);
  const runs = arg('runs', 1);
  const show = arg('show', 20);
  mkdirSync(WORK, { recursive: true });
  let units: TranslationUnit[] = [];
  for (const locale of ['zh_TW', 'zh_CN']) {
    if (units.length >= want) break;
    const file = catalogTmx(locale, WORK);
    if (!file) continue;
    const t = performance.now();
    const read = await readTmx(file);
    console.log(`${file}: ${read.length} units read in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    units.push(...read.filter((u) => u.source.trim() && u.target.trim()));
  }
  units = units.slice(0, want).map((u, i) => ({ ...u, id: i + 1 }));
  writeFileSync(join(WORK, 'units.txt'), `${units.length}\n`);
  console.log(`memory: ${units.length} units`);

  const baseline: number[] = [];
  const extraction: number[] = [];
  let glossary: Awaited<ReturnType<typeof extractFromUnits>> = [];
  await extractFromUnits(units.slice(0, 10)); // load the dictionary and segmenter once
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    for (const u of units) analyseUnit(u);
    baseline.push(performance.now() - t);
    t = performance.now();
    glossary = await extractFromUnits(units);
    extraction.push(performance.now() - t);
  }
  const b = median(baseline) / 1000;
  const e = median(extraction) / 1000;
  console.log(`baseline (segment + tokenise every unit): median ${b.toFixed(2)} s`);
  console.log(`extraction: median ${e.toFixed(2)} s over ${runs} run(s), ${(e / b).toFixed(2)}× the baseline`);
  const byMethod = new Map<string, number>();
  for (const g of glossary) byMethod.set(String(g.method), (byMethod.get(String(g.method)) ?? 0) + 1);
  console.log(`glossary: ${glossary.length} pairs (${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')})`);
  const stats = glossary.filter((g) => g.method === 'statistics');
  console.log(`\nstatistical pairs, most frequent first (${Math.min(show, stats.length)} of ${stats.length}):`);
  for (const g of [...stats].sort((x, y) => (y.frequency ?? 0) - (x.frequency ?? 0)).slice(0, show)) {
    console.log(`  ${g.zh} / ${g.en}  [${g.score} ×${g.frequency}] ${g.note ?? ''}`);
  }
  console.log(`\ntop of the ranked list:`);
  for (const g of glossary.slice(0, show)) console.log(`  ${g.zh} / ${g.en}  [${g.method} ${g.score} ×${g.frequency}]`);
}

await main();
