/**
 * Benchmark of the term audit: `npx tsx bench/audit.ts [--units 1000000] [--runs 3] [--terms 100]
 * [--glossary-units 5000]` (npm run bench:audit).
 *
 * Builds a TM of `--units` units from the system's message catalogs (real English → Chinese
 * software strings, msgunfmt + po2tmx as bench/catalogs.ts makes them, read by Glossa's TMX
 * reader), cycled and numbered so that every unit is distinct, and stored as an import stores it
 * (the bulk path, TM index included). The glossary is what Glossa's extractor (without its word
 * alignment, for time) finds in the first `--glossary-units` catalog units. Then, in the same run:
 * - the baseline: a plain full scan of the unit table (every row read, both texts touched), the
 *   least any whole-TM audit must do;
 * - the whole audit (every glossary term), median of `--runs`, and its ratio to the baseline;
 * - one term at a time (`--terms` glossary terms drawn with a fixed seed): median, p90 and
 *   maximum time, and how many units those terms have.
 * Targets at 1M units: the whole audit under 2 minutes, one term under 100 ms.
 */
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/store/db.js';
import { bulkInsert } from '../src/store/bulk.js';
import { insertEntries } from '../src/store/terms.js';
import { formatByName } from '../src/formats/index.js';
import { extractFromUnits } from '../src/extract/index.js';
import { auditTm, scanTm } from '../src/check/audit.js';
import type { TranslationUnit } from '../src/model.js';
import { catalogTmx } from './catalogs.js';
import { median, percentile, rng } from './util.js';

const ROOT = join(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-audit');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function catalogUnits(): Promise<TranslationUnit[]> {
  const units: TranslationUnit[] = [];
  for (const locale of ['zh_TW', 'zh_CN']) {
    const file = catalogTmx(locale, WORK);
    if (!file) continue;
    for await (const u of formatByName('tmx').readUnits!(createReadStream(file), { file })) {
      if (u.source.trim() && u.target.trim() && !u.source.includes('\n')) units.push({ srcLang: u.srcLang, tgtLang: u.tgtLang, source: u.source, target: u.target });
    }
  }
  return units;
}

async function* cycled(base: readonly TranslationUnit[], n: number): AsyncGenerator<TranslationUnit> {
  for (let i = 0; i < n; i++) {
    const u = base[i % base.length]!;
    // A number on both sides makes every unit distinct (the store keeps one of each).
    yield i < base.length ? u : { ...u, source: `${u.source} (${i})`, target: `${u.target}（${i}）` };
  }
}

async function main(): Promise<void> {
  const want = arg('units', 1_000_000);
  const runs = arg('runs', 3);
  const termRuns = arg('terms', 100);
  const glossaryUnits = arg('glossary-units', 5000);
  mkdirSync(WORK, { recursive: true });
  const base = await catalogUnits();
  if (base.length === 0) throw new Error('no message catalogs for zh_TW or zh_CN under /usr/share/locale (and msgunfmt, po2tmx)');
  console.log(`catalogs: ${base.length} units (English → Chinese)`);

  const dbFile = join(WORK, `audit-${want}.db`);
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const db = await openDb(`file:${dbFile}`);
  let t = performance.now();
  // Without the word alignment: it would take most of the bench's time and the audit needs a realistic glossary, not the best one.
  const glossary = await extractFromUnits(base.slice(0, glossaryUnits), { alignment: false });
  await db.write((tx) => insertEntries(tx, glossary));
  console.log(`glossary: ${glossary.length} entries extracted from ${Math.min(glossaryUnits, base.length)} units in ${seconds(performance.now() - t)}`);
  t = performance.now();
  const stored = await bulkInsert(db, cycled(base, want), { file: 'bench', format: 'tmx' });
  console.log(`TM: ${stored.added} units stored (with the TM index) in ${seconds(performance.now() - t)}`);
  const pair = { srcLang: base[0]!.srcLang, tgtLang: base[0]!.tgtLang };

  const scan = async (): Promise<number> => {
    let chars = 0;
    for await (const rows of scanTm(db)) for (const r of rows) chars += String(r[3]).length + String(r[4]).length;
    return chars;
  };
  await scan();
  const baseline: number[] = [];
  const whole: number[] = [];
  const cpu: number[] = [];
  let report: Awaited<ReturnType<typeof auditTm>> | undefined;
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    await scan();
    baseline.push(performance.now() - t);
    t = performance.now();
    const c0 = process.cpuUsage();
    report = await auditTm(db, pair);
    const c = process.cpuUsage(c0);
    whole.push(performance.now() - t);
    cpu.push((c.user + c.system) / 1000);
  }
  const b = median(baseline);
  const w = median(whole);
  const s = report!.summary;
  console.log(`baseline (full scan of the unit table): median ${seconds(b)}`);
  console.log(`whole audit (${s.terms} terms, ${s.used} used, ${report!.units} units of ${pair.srcLang} → ${pair.tgtLang}): median ${seconds(w)}, ${(w / b).toFixed(1)}× the scan; CPU ${seconds(median(cpu))}`);
  console.log(`  verdicts: ${s.disagrees} disagree, ${s.split} split, ${s.consistent} consistent, ${s.terms - s.used} unused`);
  for (const a of report!.terms.filter((x) => x.verdict !== 'consistent' && x.verdict !== 'unused').slice(0, 6)) console.log(`  ${a.term}: ${a.units} units, ${a.verdict}: ${a.note ?? ''}`);

  // One term at a time: glossary terms drawn with a fixed seed (the used ones: an unused term costs nothing).
  const used = report!.terms.filter((x) => x.units > 0);
  const random = rng(15);
  const picks = Array.from({ length: Math.min(termRuns, used.length) }, () => used[Math.floor(random() * used.length)]!);
  await auditTm(db, { ...pair, term: picks[0]!.term });
  const times: number[] = [];
  const sizes: number[] = [];
  for (const p of picks) {
    t = performance.now();
    const one = await auditTm(db, { ...pair, term: p.term });
    times.push(performance.now() - t);
    sizes.push(one.terms[0]!.units);
  }
  const over = times.filter((x) => x >= 100).length;
  console.log(`one term (${picks.length} terms, ${median(sizes)} units each at the median, ${Math.max(...sizes)} at most): median ${median(times).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; ${(median(times) / b).toFixed(4)}× the scan; ${over} of ${picks.length} at 100 ms or more`);
  console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(w < 120_000 ? 'whole audit under the 2 min target' : 'whole audit OVER the 2 min target');
  console.log(median(times) < 100 ? 'one term under the 100 ms target (median)' : 'one term OVER the 100 ms target (median)');
  db.close();
}

await main();
