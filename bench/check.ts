/**
 * Benchmark of the consistency check: `npx tsx bench/check.ts [--units 10000] [--runs 3]`
 * (npm run bench:check).
 *
 * Ingests the essay into a fresh database (alignment and term extraction: the glossary the check
 * uses), writes an XLIFF 1.2 of `--units` units cycled from the essay's sentence pairs and the
 * dev-check cases (each unit numbered, so every source is distinct and the numbers must match),
 * and checks it as `glossa check FILE` does: read the file, load glossary, TM and CC-CEDICT,
 * run every rule. Prints the median time and its ratio to a baseline measured in the same run
 * (reading the same XLIFF into units, the least any check must do), and the median CPU time of
 * the check (steadier than the wall clock when other work shares the machine). Target: under 5 s.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/store/db.js';
import { ingest } from '../src/ingest.js';
import { formatForFile } from '../src/formats/index.js';
import { iterateTUs } from '../src/store/tus.js';
import { checkAgainstStore, readUnitsToCheck } from '../src/check/run.js';
import { median } from './util.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function main(): Promise<void> {
  const units = arg('units', 10_000);
  const runs = arg('runs', 3);
  const root = join(import.meta.dirname, '..');
  const work = mkdtempSync(join(tmpdir(), 'glossa-bench-check-'));
  mkdirSync(work, { recursive: true });
  const db = await openDb(`file:${join(work, 'bench.db')}`);
  const essay = join(root, 'corpus/fortune-chokepoint-2025.zh-en.txt');
  await ingest(db, createReadStream(essay), { file: essay, format: formatForFile(essay) });

  const pairs: [string, string][] = [];
  for await (const tu of iterateTUs(db)) pairs.push([tu.source, tu.target]);
  const dev = readFileSync(join(root, 'test/fixtures/eval/dev-check.xlf'), 'utf8');
  for (const m of dev.matchAll(/<source>(.*?)<\/source><target[^>]*>(.*?)<\/target>/g)) pairs.push([m[1]!, m[2]!]);
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file source-language="zh-TW" target-language="en-US" datatype="plaintext" original="bench"><body>\n';
  let chars = 0;
  for (let i = 0; i < units; i++) {
    const [s, t] = pairs[i % pairs.length]!;
    const src = `${s}（第${i + 2}號）`;
    const tgt = `${t} (No. ${i + 2})`;
    chars += src.length + tgt.length;
    xml += `<trans-unit id="u${i + 1}"><source>${escape(src)}</source><target>${escape(tgt)}</target></trans-unit>\n`;
  }
  xml += '</body></file></xliff>\n';
  const file = join(work, 'bench.xlf');
  writeFileSync(file, xml);
  console.log(`${units} units, ${(chars / 1e6).toFixed(2)}M characters, ${(Buffer.byteLength(xml) / 1e6).toFixed(1)} MB XLIFF`);

  const baseline: number[] = [];
  const full: number[] = [];
  const checkOnly: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    await readUnitsToCheck(createReadStream(file), formatForFile(file), file);
    baseline.push(performance.now() - t0);
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const job = await readUnitsToCheck(createReadStream(file), formatForFile(file), file);
    const t1 = performance.now();
    const report = await checkAgainstStore(db, job);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    full.push(t2 - t0);
    checkOnly.push(t2 - t1);
    summary = JSON.stringify(report.summary.byRule);
  }
  db.close();
  const b = median(baseline);
  const f = median(full);
  console.log(`baseline (read the XLIFF): median ${(b / 1000).toFixed(2)} s`);
  console.log(`check (read + glossary, TM, CC-CEDICT + all rules): median ${(f / 1000).toFixed(2)} s (rules and loading ${(median(checkOnly) / 1000).toFixed(2)} s), ${(f / b).toFixed(1)}× baseline, ${Math.round(units / (f / 1000))} units/s`);
  // CPU time of this process (all threads): steadier than the wall clock on a shared machine.
  console.log(`check CPU time (user + system): median ${(median(cpu) / 1000).toFixed(2)} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`issues by rule: ${summary}`);
  console.log(f < 5000 ? 'under the 5 s target' : 'OVER the 5 s target');
}

await main();
