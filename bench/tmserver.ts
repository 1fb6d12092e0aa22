/**
 * The peer translators have had: Translate Toolkit's `tmserver` (Debian `translate-toolkit`,
 * served by `python3-cheroot`), measured on the same TMX and queries as Glossa (issue 6).
 *
 * 1. `build_tmdb -d tm.db -s SRC -t TGT file.tmx` fills its SQLite database (tables `sources`,
 *    `targets` and an FTS3 `fulltext` table kept by triggers).
 * 2. `tmserver -d tm.db -b 127.0.0.1 -p PORT --min-similarity N --max-candidates N` serves
 *    `GET /tmserver/{slang}/{tlang}/unit/{url-encoded source text}` → a JSON list of
 *    `{source, target, context, quality}` (quality 0–100, best first), as Virtaal asked it.
 * 3. Each query is sent one at a time (a translator typing), timed from request to full body.
 *
 * What its source says and this module works around (translate-toolkit 3.8):
 * - Language codes are compared as `normalize_code` makes them (`zh_CN`, `zh-CN` → `zh-cn`), but
 *   a TMX store always reports source language `en` (the store's default), which overrides
 *   `build_tmdb -s`; the first `<tuv>` of each `<tu>` is the source whatever its `xml:lang`.
 *   So the URL uses the codes actually stored, read back from the database.
 * - Defaults are `--min-similarity 75` and `--max-candidates 3`; the benchmark asks for ≥ 50 and
 *   up to 5, like Glossa's `/api/tm` (`min`, `limit`).
 * - Candidates: sources whose length lies in `[len·min/100, len/(min/100)]`, narrowed by an FTS3
 *   `OR` of the query's words of 3+ characters when there are more than 3 of them, then scored by
 *   character Levenshtein (`100 − 100·distance/longer length`).
 * - That FTS3 path is quadratic: SQLite's plan walks `targets` by language and re-runs the
 *   `fulltext MATCH` (an OR of common words such as "the") for every row, so one query costs
 *   N × (one full-text search) and grows with the TM (figures in bench/RESULTS.md); queries
 *   with 3 or fewer long words take the length scan instead. build_tmdb itself is linear.
 *   Give it a memory of a few thousand units; `timeoutSeconds` bounds the rest.
 * - cheroot hands the WSGI app the path decoded as Latin-1 (PEP 3333) and tmserver never re-decodes
 *   it, so any query with non-ASCII characters (all Chinese) arrives garbled and finds nothing;
 *   such queries are counted in `nonAsciiQueries`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, percentile } from './util.js';

export interface PeerQuery {
  /** Query text in the source language. */
  text: string;
  /** The source text expected as the top suggestion. */
  expectedSource?: string;
}

export interface PeerSettings {
  /** Language codes passed to build_tmdb (`-s`, `-t`). */
  requestedSrcLang: string;
  requestedTgtLang: string;
  /** Codes stored in the database, used in the URL. */
  srcLang: string;
  tgtLang: string;
  minSimilarity: number;
  maxCandidates: number;
  maxLength: number;
  /** Query URL with `{text}` for the URL-encoded query. */
  urlShape: string;
  /** Translate Toolkit's version, and whether python-Levenshtein (C) does the scoring. */
  version: string;
  nativeLevenshtein: boolean;
}

export interface PeerMiss {
  text: string;
  expectedSource: string;
  topSource: string | null;
  topQuality: number | null;
}

export interface PeerResult {
  available: boolean;
  /** Why the peer could not be measured (missing program, empty database, no answer). */
  reason?: string;
  /** Source/target pairs in tmserver's database. */
  units: number;
  buildSeconds: number;
  /** build_tmdb's rate: units per second. */
  buildUnitsPerSecond: number;
  /** From spawning tmserver to its first answer. */
  startSeconds: number;
  latenciesMs: number[];
  p50: number;
  p95: number;
  /** Queries with an expected source whose top suggestion is that source. */
  topHits: number;
  /** Queries measured (each one timed). */
  queries: number;
  /** Queries with an expected source. */
  expectedQueries: number;
  /** Queries that got at least one suggestion. */
  answered: number;
  /** Queries containing non-ASCII characters (garbled on the way in, see above). */
  nonAsciiQueries: number;
  /** Queries tmserver failed on (connection dropped, not JSON): not in the latencies. */
  failedQueries: number;
  /** Empty queries, not sent. */
  skippedQueries: number;
  /** Up to 5 queries whose top suggestion was not the expected source. */
  misses: PeerMiss[];
  settings?: PeerSettings;
  /** The port tmserver listened on (closed again when this returns). */
  port?: number;
  /** Anything the caller should print: timeouts, codes tmserver rewrote. */
  notes: string[];
}

export interface MeasureOptions {
  tmxPath: string;
  srcLang: string;
  tgtLang: string;
  queries: PeerQuery[];
  /** Holds tm.db (recreated on each call). */
  workDir: string;
  /** Bound on the whole measurement (build, start, queries); default 600. */
  timeoutSeconds?: number;
  /** Default 50 (tmserver's own default is 75). */
  minSimilarity?: number;
  /** Default 5 (tmserver's own default is 3). */
  maxCandidates?: number;
  /**
   * Untimed queries sent first (from the start of `queries`); default 2. Few, because each is slow
   * on a large memory (see the note on the FTS3 join above).
   */
  warmup?: number;
}

/** A suggestion as tmserver sends it. */
interface Suggestion {
  source: string;
  target: string;
  context: string | null;
  quality: number;
}

const PYTHON = '/usr/bin/python3';

function program(name: string): string | null {
  for (const dir of ['/usr/bin', '/usr/local/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

type Programs = { buildTmdb: string; tmserver: string } | { missing: string };
let probedPrograms: Programs | undefined;

/** The two programs, or why they cannot run (probed once per process). */
export function tmserverPrograms(): Programs {
  probedPrograms ??= probePrograms();
  return probedPrograms;
}

function probePrograms(): Programs {
  const buildTmdb = program('build_tmdb');
  const tmserver = program('tmserver');
  if (!buildTmdb || !tmserver) return { missing: `build_tmdb/tmserver not found (Debian package translate-toolkit)` };
  if (!existsSync(PYTHON)) return { missing: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import translate.services.tmserver, cheroot'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const last = (probe.stderr || probe.error?.message || '').trim().split('\n').pop();
    return { missing: `tmserver cannot start: ${last} (Debian packages translate-toolkit, python3-cheroot)` };
  }
  return { buildTmdb, tmserver };
}

const sameText = (a: string, b: string): boolean => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/** Runs a program to its end, killed at `deadline` (ms, performance.now() clock). */
function run(command: string, args: string[], deadline: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, Math.max(0, deadline - performance.now()));
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

/** What build_tmdb stored: the language codes and the number of source/target pairs. */
function readDatabase(dbPath: string): { sourceLangs: string[]; targetLangs: string[]; units: number } {
  const script = [
    'import json, sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1])',
    'q = lambda sql: [r[0] for r in c.execute(sql)]',
    'print(json.dumps({"sourceLangs": q("SELECT DISTINCT lang FROM sources ORDER BY lang"),',
    '  "targetLangs": q("SELECT DISTINCT lang FROM targets ORDER BY lang"),',
    '  "units": q("SELECT COUNT(*) FROM sources s JOIN targets t ON s.sid = t.sid")[0]}))',
  ].join('\n');
  const out = spawnSync(PYTHON, ['-c', script, dbPath], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`cannot read ${dbPath}: ${out.stderr.trim().split('\n').pop()}`);
  return JSON.parse(out.stdout) as { sourceLangs: string[]; targetLangs: string[]; units: number };
}

let probedVersion: { version: string; nativeLevenshtein: boolean } | undefined;

function peerVersion(): { version: string; nativeLevenshtein: boolean } {
  probedVersion ??= probeVersion();
  return probedVersion;
}

function probeVersion(): { version: string; nativeLevenshtein: boolean } {
  const out = spawnSync(PYTHON, ['-c', 'import importlib.util, translate.__version__ as v; print(v.sver); print(importlib.util.find_spec("Levenshtein") is not None)'], { encoding: 'utf8' });
  const [version = '?', native = 'False'] = out.stdout.trim().split('\n');
  return { version, nativeLevenshtein: native === 'True' };
}

/** translate.lang.data.normalize_code: how tmserver compares language codes. */
export const normalizeCode = (code: string): string => code.replace(/[_@]/g, '-').toLowerCase();

/** Stops the server: SIGTERM, then SIGKILL if it has not exited within 3 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 3000)))]);
  clearTimeout(timer);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

function empty(reason: string, notes: string[] = []): PeerResult {
  return { available: false, reason, units: 0, buildSeconds: 0, buildUnitsPerSecond: 0, startSeconds: 0, latenciesMs: [], p50: NaN, p95: NaN, topHits: 0, queries: 0, expectedQueries: 0, answered: 0, nonAsciiQueries: 0, failedQueries: 0, skippedQueries: 0, misses: [], notes };
}

/**
 * Builds tmserver's database from `tmxPath`, serves it on a free 127.0.0.1 port and times each
 * query over HTTP. Returns `{available: false, reason}` when the peer is not installed or cannot
 * be started; never leaves the server running.
 */
export async function measureTmserver(opts: MeasureOptions): Promise<PeerResult> {
  const programs = tmserverPrograms();
  if ('missing' in programs) return empty(programs.missing);
  const started = performance.now();
  const deadline = started + (opts.timeoutSeconds ?? 600) * 1000;
  const minSimilarity = opts.minSimilarity ?? 50;
  const maxCandidates = opts.maxCandidates ?? 5;
  const maxLength = 1000; // tmserver's default: only the first 1,000 characters are compared
  const notes: string[] = [];
  const tmxPath = resolve(opts.tmxPath);
  if (!existsSync(tmxPath)) return empty(`TMX not found: ${tmxPath}`);

  mkdirSync(opts.workDir, { recursive: true });
  const dbPath = resolve(opts.workDir, 'tm.db');
  // build_tmdb adds to an existing database: start from nothing so runs are comparable.
  for (const f of [dbPath, `${dbPath}-journal`]) rmSync(f, { force: true });

  // 1. Build.
  const t0 = performance.now();
  const build = await run(programs.buildTmdb, ['-d', dbPath, '-s', opts.srcLang, '-t', opts.tgtLang, tmxPath], deadline);
  const buildSeconds = (performance.now() - t0) / 1000;
  if (build.timedOut) return empty(`build_tmdb did not finish within ${opts.timeoutSeconds ?? 600} s`);
  const db = existsSync(dbPath) ? readDatabase(dbPath) : { sourceLangs: [], targetLangs: [], units: 0 };
  if (build.code !== 0 || db.units === 0) {
    // build_tmdb logs a file it cannot parse and still exits 0: an empty database is the sign.
    const why = (build.stderr + build.stdout).trim().split('\n').slice(-3).join(' | ');
    return empty(`build_tmdb stored no units from ${tmxPath} (exit ${build.code}): ${why}`);
  }
  const srcLang = db.sourceLangs.length === 1 ? db.sourceLangs[0]! : normalizeCode(opts.srcLang);
  const tgtLang = db.targetLangs.includes(normalizeCode(opts.tgtLang)) ? normalizeCode(opts.tgtLang) : (db.targetLangs[0] ?? normalizeCode(opts.tgtLang));
  if (srcLang !== normalizeCode(opts.srcLang)) notes.push(`build_tmdb stored the source language as "${srcLang}", not "${opts.srcLang}" (a TMX store always says "en"); queries use "${srcLang}"`);
  if (db.sourceLangs.length > 1) notes.push(`several source languages in the database: ${db.sourceLangs.join(', ')}`);

  const { version, nativeLevenshtein } = peerVersion();
  const settings: PeerSettings = {
    requestedSrcLang: opts.srcLang,
    requestedTgtLang: opts.tgtLang,
    srcLang,
    tgtLang,
    minSimilarity,
    maxCandidates,
    maxLength,
    urlShape: `/tmserver/${srcLang}/${tgtLang}/unit/{text}`,
    version,
    nativeLevenshtein,
  };
  if (!nativeLevenshtein) notes.push('python-Levenshtein is missing: tmserver scores in pure Python (much slower)');

  // 2. Serve. A port taken between freePort() and the bind makes tmserver exit: try again.
  let server: ChildProcess | undefined;
  const killOnExit = (): void => {
    server?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    let base = '';
    let port = 0;
    let startSeconds = 0;
    let serverLog = '';
    for (let attempt = 0; attempt < 3 && !base; attempt++) {
      port = await freePort();
      const t1 = performance.now();
      const child = spawn(
        programs.tmserver,
        ['-d', dbPath, '-b', '127.0.0.1', '-p', String(port), '--min-similarity', String(minSimilarity), '--max-candidates', String(maxCandidates), '--max-length', String(maxLength)],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      server = child;
      serverLog = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (serverLog = (serverLog + d).slice(-4000)));
      const url = `http://127.0.0.1:${port}`;
      // Up when a unit query answers 200. (A path it does not route makes its 404 handler
      // return str instead of bytes: cheroot drops the connection, so that is no probe.)
      while (performance.now() < deadline && child.exitCode === null && child.signalCode === null) {
        try {
          const res = await fetch(`${url}/tmserver/${encodeURIComponent(srcLang)}/${encodeURIComponent(tgtLang)}/unit/ping`, { signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
          base = url;
          startSeconds = (performance.now() - t1) / 1000;
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      if (!base) await stop(child);
    }
    if (!base) return { ...empty(`tmserver did not answer: ${serverLog.trim().split('\n').slice(-2).join(' | ') || 'no output'}`, notes), units: db.units, buildSeconds, buildUnitsPerSecond: db.units / buildSeconds, settings };

    // 3. Query, one at a time.
    const ask = async (text: string): Promise<Suggestion[]> => {
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error('deadline');
      const res = await fetch(`${base}/tmserver/${encodeURIComponent(srcLang)}/${encodeURIComponent(tgtLang)}/unit/${encodeURIComponent(text)}`, { signal: AbortSignal.timeout(Math.ceil(remaining)) });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 200)}`);
      return JSON.parse(body) as Suggestion[];
    };
    // An empty text makes the URL end in /unit/, which tmserver does not route (and its 404
    // drops the connection): such queries are not sent.
    const sendable = opts.queries.filter((q) => q.text.trim() !== '');
    const skippedQueries = opts.queries.length - sendable.length;
    if (skippedQueries > 0) notes.push(`${skippedQueries} empty queries not sent (tmserver cannot route an empty text)`);
    const warmup = Math.min(opts.warmup ?? 2, sendable.length);
    const latenciesMs: number[] = [];
    const misses: PeerMiss[] = [];
    const failures: string[] = [];
    let topHits = 0;
    let expectedQueries = 0;
    let answered = 0;
    let nonAsciiQueries = 0;
    const outOfTime = (e: unknown): boolean => performance.now() >= deadline || (e instanceof Error && /deadline|timeout|aborted/i.test(e.message));
    try {
      for (const q of sendable.slice(0, warmup)) await ask(q.text).catch((e: unknown) => {
        if (outOfTime(e)) throw e;
      });
      for (const q of sendable) {
        const t = performance.now();
        let suggestions: Suggestion[];
        try {
          suggestions = await ask(q.text);
        } catch (e) {
          if (outOfTime(e)) throw e;
          // A query tmserver fails on (an empty 500, or a dropped connection) is counted, not fatal.
          failures.push(`${JSON.stringify(q.text.slice(0, 80))}: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        latenciesMs.push(performance.now() - t);
        if (/[^\x00-\x7f]/.test(q.text)) nonAsciiQueries++;
        if (suggestions.length > 0) answered++;
        if (q.expectedSource === undefined) continue;
        expectedQueries++;
        const top = suggestions[0];
        if (top && sameText(top.source, q.expectedSource)) topHits++;
        else if (misses.length < 5) misses.push({ text: q.text, expectedSource: q.expectedSource, topSource: top?.source ?? null, topQuality: top?.quality ?? null });
      }
    } catch {
      notes.push(`stopped at the ${opts.timeoutSeconds ?? 600} s bound: ${latenciesMs.length} of ${sendable.length} queries measured`);
    }
    if (failures.length > 0) notes.push(`${failures.length} queries failed: ${failures.slice(0, 3).join('; ')}`);
    if (nonAsciiQueries > 0) notes.push(`${nonAsciiQueries} queries have non-ASCII characters, which tmserver receives garbled (Latin-1-decoded path)`);
    return {
      available: true,
      units: db.units,
      buildSeconds,
      buildUnitsPerSecond: db.units / buildSeconds,
      startSeconds,
      latenciesMs,
      p50: percentile(latenciesMs, 50),
      p95: percentile(latenciesMs, 95),
      topHits,
      queries: latenciesMs.length,
      expectedQueries,
      answered,
      nonAsciiQueries,
      failedQueries: failures.length,
      skippedQueries,
      misses,
      settings,
      port,
      notes,
    };
  } finally {
    if (server) await stop(server);
    process.removeListener('exit', killOnExit);
  }
}
