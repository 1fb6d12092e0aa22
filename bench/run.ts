/**
 * `npm run bench [-- --units N --terms N --peer-units N --queries N --import-runs N]`: Glossa at a million TUs,
 * through HTTP, against baselines measured in the same run.
 *
 * 1. Builds the memory (bench/corpus.ts: the essay and Debian's Chinese message catalogs,
 *    joined pairwise so no unit repeats) as a TMX file, and a glossary of N term pairs as CSV.
 * 2. Starts the server as `npm start` does (src/ compiled to dist/, plain node) on 127.0.0.1
 *    with a fresh database, POSTs the TMX to /api/import (extract=false: term extraction is its
 *    own step) from a separate process, three times on fresh servers (median and range), then
 *    the glossary, and times them. Baseline: the one-thread client path (parse, multi-row VALUES through
 *    @libsql/client, index) on the first 100k units of the same file.
 * 3. TM search: queries made by dropping one word (English) or two characters (Chinese) from
 *    random units, sent one at a time as a translator types; p50/p95 and how often the top
 *    match is the unit the query came from. Baseline: a full scan with edit distance over the
 *    same units in this process.
 * 4. Term look-up: exact, case, other Chinese script and misspelt queries over the glossary;
 *    p50/p95. Baseline: a full scan with edit distance over the same terms.
 * 5. The peer: Translate Toolkit's tmserver (bench/tmserver.ts) and Glossa on the same subset
 *    TMX and the same queries.
 * Figures are medians and ratios (the machine is shared and noisy). Results also go to
 * .tmp/bench/results.json.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { basePairs, glossaryCsv, termPairs, varied, writeTmx, type Pair } from './corpus.js';
import { dropOne, median, percentile, rng, sameUnits } from './util.js';
import { toUnits } from '../src/text/tokens.js';
import { toSimplified, toTraditional } from '../src/text/fold.js';
import { openDb } from '../src/store/db.js';
import { ingest } from '../src/ingest.js';
import { formatByName } from '../src/formats/index.js';
import { startServer as startServerAs, type Server } from './start-command.js';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '1000000' },
    terms: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    'peer-units': { type: 'string', default: '5000' },
    'skip-peer': { type: 'boolean', default: false },
    'import-runs': { type: 'string', default: '3' },
    /** Measure search again on the database of the last run, without importing. */
    reuse: { type: 'boolean', default: false },
  },
});
const UNITS = Number(args.units);
const TERMS = Number(args.terms);
const QUERIES = Number(args.queries);
const PEER_UNITS = Number(args['peer-units']);
const IMPORT_RUNS = Math.max(1, Number(args['import-runs']));
const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench');
const CORPUS = join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt');
mkdirSync(WORK, { recursive: true });

const results: Record<string, unknown> = { date: new Date().toISOString(), units: UNITS, terms: TERMS, queries: QUERIES };
const log = (line: string): void => console.log(line);

// ---------------------------------------------------------------------------------------------
// Helpers

const ms = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')} /s`;

function startServer(dbFile: string): Promise<Server> {
  return startServerAs(ROOT, dbFile, { GLOSSA_MAX_BODY: String(4 * 1024 ** 3) });
}

/** Run a bench helper script with `args` in a light process of its own; its standard output. */
function runHelper(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || !out) reject(new Error(`bench/${script} ${args.join(' ')}: ${err || `exit ${code}`}`));
      else resolve(out);
    });
  });
}

/** POST a file from a separate light process (bench/post-file.mjs), as a CAT tool or curl would. */
async function postFile(url: string, path: string): Promise<{ seconds: number; body: Record<string, unknown> }> {
  const r = JSON.parse(await runHelper('post-file.mjs', [url, path])) as { seconds: number; status: number; body: string };
  if (r.status >= 300) throw new Error(`${url}: ${r.status} ${r.body}`);
  return { seconds: r.seconds, body: JSON.parse(r.body) as Record<string, unknown> };
}

/**
 * GET `urls` one at a time from a separate light process (bench/get-urls.mjs), on one keep-alive
 * connection, after `warm` of them asked untimed. This process holds a million units and a
 * glossary: timed from here, its own collections ran inside the latencies (docs/decisions.md).
 */
async function timedGets(urls: readonly string[], warm: number): Promise<{ ms: number; body: Record<string, unknown> }[]> {
  const list = join(WORK, `urls-${process.pid}.json`);
  writeFileSync(list, JSON.stringify({ warm, urls }));
  let out: string;
  try {
    out = await runHelper('get-urls.mjs', [list]);
  } finally {
    rmSync(list, { force: true });
  }
  const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { ms: number; status: number; body: Record<string, unknown> });
  const bad = rows.findIndex((r) => r.status !== 200);
  if (bad >= 0) throw new Error(`${urls[bad]}: ${rows[bad]!.status} ${JSON.stringify(rows[bad]!.body)}`);
  return rows.map((r) => ({ ms: r.ms, body: r.body }));
}

const HAN = /\p{Script=Han}/u;


interface TmQuery {
  q: string;
  /** The side the query was made from, as stored. */
  expected: string;
  lang: string;
}

/** Queries from random units: half made from the English side, half from the Chinese. */
function tmQueries(units: readonly Pair[], n: number, seed: number, sourceOnly = false): TmQuery[] {
  const rand = rng(seed);
  const out: TmQuery[] = [];
  while (out.length < n) {
    const u = units[Math.floor(rand() * units.length)]!;
    const zh = !sourceOnly && out.length % 2 === 1;
    const text = zh ? u.target : u.source;
    const q = dropOne(text);
    if (q) out.push({ q, expected: text, lang: zh ? u.tgtLang : u.srcLang });
  }
  return out;
}

interface TmAnswer {
  matches: { source: string; score: number }[];
}

async function measureTm(url: string, queries: readonly TmQuery[]): Promise<{ p50: number; p95: number; top: number; latencies: number[] }> {
  const urls = queries.map((q) => `${url}/api/tm?q=${encodeURIComponent(q.q)}&src=${q.lang}&limit=5`);
  const answers = await timedGets(urls, 20);
  const latencies: number[] = [];
  const misses: string[] = [];
  let top = 0;
  for (const [i, q] of queries.entries()) {
    const r = answers[i]!;
    latencies.push(r.ms);
    const first = (r.body as unknown as TmAnswer).matches[0];
    if (first && sameUnits(first.source, q.expected)) top++;
    else if (misses.length < 3) misses.push(`  miss: ${JSON.stringify(q.q)} → ${JSON.stringify(first?.source ?? null)} (${first?.score ?? '-'})`);
  }
  for (const m of misses) log(m);
  return { p50: median(latencies), p95: percentile(latencies, 95), top, latencies };
}

// ---------------------------------------------------------------------------------------------
// 1. The memory and the glossary

log(`Glossa benchmark: ${UNITS.toLocaleString('en-US')} TUs, ${TERMS.toLocaleString('en-US')} terms, ${QUERIES} queries (node ${process.version})`);
let t0 = performance.now();
const base = await basePairs(CORPUS);
log(`base pairs: ${base.length.toLocaleString('en-US')} (essay + ${base.length - 35} catalog strings) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const tmxPath = join(WORK, `bench-${UNITS}.tmx`);
t0 = performance.now();
await writeTmx(tmxPath, varied(base, UNITS));
log(`TMX: ${tmxPath} (${(statSync(tmxPath).size / 1048576).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const all = [...varied(base, UNITS)];

// What needs every unit in this process is done before the server starts, and the units are
// then let go: a client holding a million texts in its heap adds its own GC pauses to every
// timed request.
const queries = tmQueries(all, QUERIES, 42);
const sample = Math.min(100_000, UNITS);
const samplePath = join(WORK, `bench-${sample}.tmx`);
await writeTmx(samplePath, all.slice(0, sample));
const peerSubset = all.slice(0, PEER_UNITS);
const tmScan = ((): { p50: number; top: number } => {
  const scanTimes: number[] = [];
  const folded = all.map((u) => [toUnits(u.source).units.join(' '), toUnits(u.target).units.join(' ')] as const);
  let scanTop = 0;
  for (const qq of queries.slice(0, 10)) {
    const t = performance.now();
    const fq = toUnits(qq.q).units.join(' ');
    const side = HAN.test(qq.q) ? 1 : 0;
    let best = Infinity;
    let bestText = '';
    for (let i = 0; i < folded.length; i++) {
      const d = distance(fq, folded[i]![side]);
      if (d < best) {
        best = d;
        bestText = side ? all[i]!.target : all[i]!.source;
      }
    }
    scanTimes.push(performance.now() - t);
    if (sameUnits(bestText, qq.expected)) scanTop++;
  }
  return { p50: median(scanTimes), top: scanTop };
})();
all.length = 0;

const terms = termPairs(base, TERMS);
const fromCatalogs = terms.filter((t) => base.some((p) => p.source === t.source)).length;
const csvPath = join(WORK, `terms-${TERMS}.csv`);
writeFileSync(csvPath, glossaryCsv(terms));
log(`glossary: ${terms.length.toLocaleString('en-US')} pairs (${fromCatalogs.toLocaleString('en-US')} short strings of the catalogs, the rest pairs of them)`);

// ---------------------------------------------------------------------------------------------
// 2. Import through HTTP, and the baseline

async function importAll(server: Server): Promise<void> {
  log('\n== import (POST /api/import, one transaction, TM index built) ==');
  // The machine is shared and noisy: IMPORT_RUNS imports, each into a fresh database on a
  // fresh server; the last one is the database the searches below use. Median and range.
  const runs: number[] = [];
  let added = 0;
  for (let run = 1; run <= IMPORT_RUNS; run++) {
    const last = run === IMPORT_RUNS;
    const file = last ? dbFile : join(WORK, `import-run-${run}.db`);
    const target = last ? server : await startServer(file);
    const imp = await postFile(`${target.url}/api/import?format=tmx&extract=false&file=bench.tmx`, tmxPath);
    added = (imp.body.units as { added: number }).added;
    runs.push(imp.seconds);
    log(`  run ${run}: ${added.toLocaleString('en-US')} TUs in ${imp.seconds.toFixed(1)} s = ${rate(added, imp.seconds)}`);
    if (!last) {
      await target.stop();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }
  const seconds = median(runs);
  results.import = { units: added, seconds, perSecond: added / seconds, runs: runs.map((r) => added / r) };
  log(`Glossa: ${added.toLocaleString('en-US')} TUs, median ${seconds.toFixed(1)} s = ${rate(added, seconds)} [${rate(added, Math.max(...runs))} – ${rate(added, Math.min(...runs))}]`);

  const baseDb = await openDb(`file:${join(WORK, `baseline-${process.pid}.db`)}`);
  t0 = performance.now();
  const b = await ingest(baseDb, createReadStream(samplePath), { file: 'baseline.tmx', format: formatByName('tmx'), extract: false, bulkThreshold: Number.MAX_SAFE_INTEGER });
  const baseSecs = (performance.now() - t0) / 1000;
  baseDb.close();
  results.importBaseline = { units: b.units.added, seconds: baseSecs, perSecond: b.units.added / baseSecs };
  log(`baseline (one thread, @libsql/client multi-row VALUES + index, ${sample.toLocaleString('en-US')} TUs): ${rate(b.units.added, baseSecs)}`);
  log(`ratio: ${(added / seconds / (b.units.added / baseSecs)).toFixed(2)}×`);


  const g = await postFile(`${server.url}/api/import?format=csv&file=terms.csv`, csvPath);
  log(`glossary import: ${(g.body.entries as { added: number }).added.toLocaleString('en-US')} entries in ${g.seconds.toFixed(1)} s`);
}

const dbFile = join(WORK, 'glossa-bench.db');
const reuse = args.reuse && existsSync(dbFile);
if (!reuse) for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
const server = await startServer(dbFile);
try {
  if (!reuse) await importAll(server);
  else log('\n(reusing the database of the last run: no import)');

  // -------------------------------------------------------------------------------------------
  // 3. Term look-up (first: before the TM baseline fills this process with a million folded texts)

  log('\n== term look-up (GET /api/terms) ==');
  const rand = rng(99);
  const kinds = ['exact', 'case', 'script', 'typo'] as const;
  const termQueries: { q: string; expected: string; kind: (typeof kinds)[number] }[] = [];
  while (termQueries.length < QUERIES) {
    const t = terms[Math.floor(rand() * terms.length)]!;
    const kind = kinds[termQueries.length % kinds.length]!;
    if (kind === 'exact') termQueries.push({ q: t.source, expected: t.source, kind });
    else if (kind === 'case') termQueries.push({ q: t.source.toUpperCase(), expected: t.source, kind });
    else if (kind === 'script') {
      const flipped = t.tgtLang === 'zh-CN' ? toTraditional(t.target) : toSimplified(t.target);
      termQueries.push({ q: flipped, expected: t.target, kind });
    } else {
      const w = t.source;
      if (w.length < 6) continue;
      const k = Math.floor(w.length / 2);
      termQueries.push({ q: w.slice(0, k - 1) + w[k] + w[k - 1] + w.slice(k + 1), expected: t.source, kind });
    }
  }
  const termAnswers = await timedGets(termQueries.map((tq) => `${server.url}/api/terms?q=${encodeURIComponent(tq.q)}&limit=5`), 20);
  const lat: number[] = [];
  const found: Record<string, number> = {};
  for (const [i, tq] of termQueries.entries()) {
    const r = termAnswers[i]!;
    lat.push(r.ms);
    const hits = (r.body.terms as { source: string }[]) ?? [];
    if (hits.slice(0, 5).some((h) => h.source === tq.expected)) found[tq.kind] = (found[tq.kind] ?? 0) + 1;
  }
  results.terms = { p50: median(lat), p95: percentile(lat, 95), found };
  log(`Glossa: p50 ${ms(median(lat))}, p95 ${ms(percentile(lat, 95))}; found in the first 5: ${kinds.map((k) => `${k} ${found[k] ?? 0}/${QUERIES / 4}`).join(', ')}`);
  const flat = terms.flatMap((t) => [t.source.toLowerCase(), t.target]);
  const scan: number[] = [];
  for (const tq of termQueries.slice(0, 20)) {
    const t = performance.now();
    const ql = tq.q.toLowerCase();
    let best = Infinity;
    for (const s of flat) best = Math.min(best, distance(ql, s));
    scan.push(performance.now() - t);
  }
  results.termsBaseline = { p50: median(scan) };
  log(`baseline (full scan, edit distance over ${flat.length.toLocaleString('en-US')} terms): p50 ${ms(median(scan))}; ratio ${(median(scan) / median(lat)).toFixed(0)}× faster`);
  // -------------------------------------------------------------------------------------------
  // 4. TM search

  log('\n== TM search (GET /api/tm, one request at a time) ==');
  const health: number[] = [];
  for (const r of await timedGets(Array(50).fill(`${server.url}/api/health`), 5)) health.push(r.ms);
  results.httpRoundTrip = { p50: median(health) };
  log(`(an HTTP round trip, GET /api/health: p50 ${ms(median(health))})`);
  const tm = await measureTm(server.url, queries);
  results.tm = { p50: tm.p50, p95: tm.p95, topMatch: tm.top / queries.length };
  log(`Glossa: p50 ${ms(tm.p50)}, p95 ${ms(tm.p95)}; top match is the source unit ${tm.top}/${queries.length} (${((100 * tm.top) / queries.length).toFixed(1)}%)`);
  results.tmBaseline = { p50: tmScan.p50, topMatch: tmScan.top / 10 };
  log(`baseline (full scan, edit distance, 10 queries, run before the server started): p50 ${ms(tmScan.p50)}, top match ${tmScan.top}/10`);
  log(`ratio: ${(tmScan.p50 / tm.p50).toFixed(0)}× faster`);

} finally {
  await server.stop();
}

// ---------------------------------------------------------------------------------------------
// 5. The peer: Translate Toolkit's tmserver, on a subset both serve

if (!args['skip-peer']) {
  log(`\n== peer: Translate Toolkit tmserver, ${PEER_UNITS.toLocaleString('en-US')} TUs, same TMX and queries ==`);
  const { measureTmserver } = await import('./tmserver.js');
  const subset = peerSubset;
  // One target language, as tmserver serves one pair per database: the subset's commonest.
  const byLang = new Map<string, number>();
  for (const u of subset) byLang.set(u.tgtLang, (byLang.get(u.tgtLang) ?? 0) + 1);
  const tgtLang = [...byLang].sort((a, b) => b[1] - a[1])[0]![0];
  const lang = subset.filter((u) => u.tgtLang === tgtLang);
  const peerTmx = join(WORK, `peer-${lang.length}.tmx`);
  await writeTmx(peerTmx, lang);
  // English queries: tmserver (cheroot) garbles non-ASCII text in the URL (bench/tmserver.ts).
  const peerQueries = tmQueries(lang, Math.min(QUERIES, 60), 5, true);
  const peer = await measureTmserver({ tmxPath: peerTmx, srcLang: 'en', tgtLang: tgtLang.replace('-', '_'), queries: peerQueries.map((x) => ({ text: x.q, expectedSource: x.expected })), workDir: join(WORK, 'tmserver'), timeoutSeconds: 900 });
  if (!peer.available) log(`tmserver not available: ${peer.reason}`);
  else {
    const peerDb = join(WORK, 'glossa-peer.db');
    for (const f of [peerDb, `${peerDb}-wal`, `${peerDb}-shm`]) rmSync(f, { force: true });
    const s2 = await startServer(peerDb);
    try {
      await postFile(`${s2.url}/api/import?format=tmx&extract=false&file=peer.tmx`, peerTmx);
      const ours = await measureTm(s2.url, peerQueries);
      results.peer = { units: lang.length, tmserver: { p50: peer.p50, p95: peer.p95, top: peer.topHits, queries: peer.queries, buildSeconds: peer.buildSeconds }, glossa: { p50: ours.p50, p95: ours.p95, top: ours.top } };
      log(`tmserver: build ${peer.buildSeconds.toFixed(1)} s; p50 ${ms(peer.p50)}, p95 ${ms(peer.p95)}; top match ${peer.topHits}/${peer.queries}`);
      log(`Glossa:   p50 ${ms(ours.p50)}, p95 ${ms(ours.p95)}; top match ${ours.top}/${peerQueries.length}`);
      log(`ratio: Glossa ${(peer.p50 / ours.p50).toFixed(1)}× faster at p50, ${(peer.p95 / ours.p95).toFixed(1)}× at p95`);
    } finally {
      await s2.stop();
    }
  }
}

writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));
log(`\nresults: ${join(WORK, 'results.json')}`);
if (existsSync(join(WORK, `baseline-${process.pid}.db`))) rmSync(join(WORK, `baseline-${process.pid}.db`), { force: true });
