/**
 * `npm run bench:ingest [-- --units 200000 --runs 3]`: a whole-process CLI import against
 * Translate Toolkit's `build_tmdb` on the same file, in the same run.
 *
 * The file: a TMX of `--units` real English → Chinese strings of Debian's message catalogs
 * (bench/corpus.ts basePairs: every zh_TW/zh_CN/zh_HK catalog the system has), cycled and
 * numbered on both sides past the first round so that every unit is distinct. Built once into
 * .tmp/bench and reused.
 * Each run, alternating (the machine is shared): `npm run glossa -- --db file:NEW ingest FILE`
 * from start to exit (npm, the build check, node's start, module loading, the import, exit), the
 * same as `node dist/cli.js` alone, then `build_tmdb -d NEW -s en -t zh_TW FILE` from start to
 * exit. Medians of `--runs`, and the ratio build_tmdb / Glossa (goal >= 5).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { basePairs, writeTmx, type Pair } from './corpus.js';
import { median } from './util.js';
import { startArgs } from './start-command.js';

const { values: args } = parseArgs({ options: { units: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' }, 'skip-peer': { type: 'boolean', default: false } } });
const UNITS = Number(args.units);
const RUNS = Number(args.runs);
const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench');
mkdirSync(WORK, { recursive: true });
const log = (line: string): void => console.log(line);

/** The catalog pairs cycled to `n` units, numbered past the first round. */
function* numbered(base: readonly Pair[], n: number): Generator<Pair> {
  for (let i = 0; i < n; i++) {
    const p = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    yield round === 0 ? p : { ...p, source: `${p.source} (${round + 1})`, target: `${p.target}（${round + 1}）` };
  }
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const TIMES = join(WORK, 'ingest-bench.times');

/**
 * Run a command to its exit: wall seconds, and CPU seconds (user + system, all threads and
 * children, from GNU time) when /usr/bin/time is there: steadier than the wall clock when other
 * work shares the machine, though a process on two threads spends more CPU than wall time.
 */
function timed(command: string, argv: string[]): { seconds: number; cpu: number; status: number | null; out: string } {
  const t0 = performance.now();
  const r = TIME ? spawnSync(TIME, ['-f', '%U %S', '-o', TIMES, command, ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = TIME ? readFileSync(TIMES, 'utf8').trim().split('\n').pop()!.split(' ').map(Number).reduce((a, b) => a + b, 0) : NaN;
  return { seconds, cpu, status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

/** The 1, 5 and 15-minute load averages: how busy the shared machine was around a run. */
function loadAverage(): string {
  return existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'unknown';
}

function fresh(path: string): string {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${s}`, { force: true });
  return path;
}

async function main(): Promise<void> {
  const file = join(WORK, `catalogs-${UNITS}.tmx`);
  if (!existsSync(file)) {
    const base = (await basePairs(join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt'))).filter((p) => p.tgtLang.startsWith('zh'));
    await writeTmx(file, numbered(base, UNITS));
  }
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const buildTmdb = spawnSync('sh', ['-c', 'command -v build_tmdb'], { encoding: 'utf8' }).stdout.trim();
  const peer = !args['skip-peer'] && buildTmdb !== '';
  log(`${UNITS.toLocaleString('en-US')} units, ${(statSync(file).size / 1048576).toFixed(0)} MB TMX; ${RUNS} runs; build_tmdb ${peer ? buildTmdb : 'not run'}; load ${loadAverage()}`);
  const npmRuns: number[] = [];
  const nodeRuns: number[] = [];
  const peerRuns: number[] = [];
  const npmCpu: number[] = [];
  const peerCpu: number[] = [];
  const node = [...startArgs(ROOT).filter((a) => a.startsWith('--')), join(ROOT, 'dist/cli.js')];
  for (let run = 1; run <= RUNS; run++) {
    const db = fresh(join(WORK, 'ingest-bench.db'));
    const viaNpm = timed('npm', ['run', '--silent', 'glossa', '--', '--db', `file:${db}`, 'ingest', file]);
    if (viaNpm.status !== 0) throw new Error(`glossa ingest failed: ${viaNpm.out}`);
    npmRuns.push(viaNpm.seconds);
    npmCpu.push(viaNpm.cpu);
    const direct = timed(process.execPath, [...node, '--db', `file:${fresh(db)}`, 'ingest', file]);
    if (direct.status !== 0) throw new Error(`glossa ingest failed: ${direct.out}`);
    nodeRuns.push(direct.seconds);
    let line = `run ${run}: npm run glossa -- ingest ${viaNpm.seconds.toFixed(2)} s (CPU ${viaNpm.cpu.toFixed(2)} s), node dist/cli.js ingest ${direct.seconds.toFixed(2)} s (CPU ${direct.cpu.toFixed(2)} s)`;
    if (peer) {
      const tmdb = fresh(join(WORK, 'ingest-bench-tmdb.db'));
      const r = timed(buildTmdb, ['-d', tmdb, '-s', 'en', '-t', 'zh_TW', file]);
      if (r.status !== 0) throw new Error(`build_tmdb failed: ${r.out}`);
      peerRuns.push(r.seconds);
      peerCpu.push(r.cpu);
      line += `, build_tmdb ${r.seconds.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s): ${(r.seconds / viaNpm.seconds).toFixed(1)}x through npm`;
      fresh(tmdb);
    }
    log(`${line}; load ${loadAverage()}  (${direct.out.split('\n').pop()})`);
    fresh(db);
  }
  const g = median(npmRuns);
  log(`\nmedian: npm run glossa -- ingest ${g.toFixed(2)} s (${(UNITS / g).toFixed(0)} units/s), node dist/cli.js ${median(nodeRuns).toFixed(2)} s`);
  if (peer) {
    const p = median(peerRuns);
    log(`build_tmdb ${p.toFixed(2)} s (${(UNITS / p).toFixed(0)} units/s): Glossa ${(p / g).toFixed(1)}x faster through npm, ${(p / median(nodeRuns)).toFixed(1)}x through node alone (goal >= 5x)`);
    if (TIME) log(`CPU seconds: npm run glossa -- ingest ${median(npmCpu).toFixed(2)}, build_tmdb ${median(peerCpu).toFixed(2)} (ratio ${(median(peerCpu) / median(npmCpu)).toFixed(1)})`);
  }
}

await main();
