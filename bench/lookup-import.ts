/**
 * `npm run bench:lookup-import [-- --csv FILE --runs N]`: how long a glossary import through
 * HTTP holds the serving thread. The server runs in this process (as test/helpers/server.ts
 * starts it) on a fresh database; a timer that should fire every 5 ms measures the event loop's
 * gaps (a look-up waits as long as the gap it falls in), and the serving thread's own CPU time
 * is read from /proc/thread-self/stat. Phases: the import (POST until its answer, extraction
 * off), then the term index taking the import in (look-ups every 20 ms until the last row's
 * term is found exactly).
 *
 * The CSV is bench:lookup's (`.tmp/bench-lookup/terms-100000.csv`; run that once first), or any
 * glossary CSV given with --csv.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/store/db.js';
import { median } from './util.js';

const ROOT = join(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { csv: { type: 'string', default: join(ROOT, '.tmp', 'bench-lookup', 'terms-100000.csv') }, runs: { type: 'string', default: '1' } } });
const csv = readFileSync(args.csv);
const lines = csv.toString('utf8').trimEnd().split('\n');
const lastTerm = lines[lines.length - 1]!.split(',')[0]!;
const log = (s: string): void => void process.stdout.write(s + '\n');

/** CPU seconds of this thread (user + system), from /proc (Linux). */
function threadCpu(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Phase {
  ms: number;
  cpu: number;
  longestGap: number;
  gapsOver50: number;
  lookupP50?: number;
  lookupMax?: number;
}

async function run(): Promise<{ import: Phase; index: Phase; rssPeakMb: number; entries: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-lookup-import-'));
  const db = await openDb(`file:${join(dir, 'g.db')}`);
  const app = createApp({ db, config: { ...loadConfig({}), token: undefined } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Warm: the term index (empty) and its dictionary are loaded before the import.
    await (await fetch(`${base}/api/terms?q=warm`)).text();
    let last = performance.now();
    let gaps: number[] = [];
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    const phase = (t0: number, cpu0: number, extra: Partial<Phase> = {}): Phase => {
      const p: Phase = { ms: performance.now() - t0, cpu: threadCpu() - cpu0, longestGap: Math.max(0, ...gaps), gapsOver50: gaps.filter((g) => g > 50).length, ...extra };
      gaps = [];
      return p;
    };
    let t0 = performance.now();
    let cpu0 = threadCpu();
    const res = await fetch(`${base}/api/import?format=csv&file=terms.csv&extract=false`, { method: 'POST', body: csv });
    const body = (await res.json()) as { entries?: { added: number } };
    if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(body)}`);
    const imp = phase(t0, cpu0);
    t0 = performance.now();
    cpu0 = threadCpu();
    const lookups: number[] = [];
    for (;;) {
      const s = performance.now();
      const r = (await (await fetch(`${base}/api/terms?q=${encodeURIComponent(lastTerm)}&limit=5`)).json()) as { terms: { source: string; match: string }[] };
      lookups.push(performance.now() - s);
      if (r.terms[0]?.source === lastTerm && r.terms[0].match === 'exact') break;
      if (performance.now() - t0 > 300_000) throw new Error('the index did not take the import in within 5 minutes');
      await new Promise((r2) => setTimeout(r2, 20));
    }
    const index = phase(t0, cpu0, { lookupP50: median(lookups), lookupMax: Math.max(...lookups) });
    clearInterval(ticker);
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
    return { import: imp, index, rssPeakMb: peak, entries: body.entries?.added ?? 0 };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: number): string => x.toFixed(0);
for (let k = 0; k < Number(args.runs); k++) {
  const r = await run();
  log(
    `run ${k + 1}: ${r.entries.toLocaleString('en-US')} entries; import ${f(r.import.ms)} ms, serving thread CPU ${r.import.cpu.toFixed(2)} s, longest gap ${f(r.import.longestGap)} ms (${r.import.gapsOver50} over 50 ms); ` +
      `index ${f(r.index.ms)} ms, CPU ${r.index.cpu.toFixed(2)} s, longest gap ${f(r.index.longestGap)} ms (${r.index.gapsOver50} over 50 ms), look-ups p50 ${r.index.lookupP50!.toFixed(1)} ms, max ${f(r.index.lookupMax!)} ms; process peak RSS ${f(r.rssPeakMb)} MB`,
  );
}
