/**
 * `npm run bench:lookup [-- --terms N --queries N --writes N]`: the term look-up at a large
 * glossary, through HTTP on a server started as `npm start` starts it, on a fresh database.
 *
 * 1. The glossary: N term pairs (default 100,000) of CC-CEDICT headwords (in Taiwan's script) and
 *    their first English sense, pairs of two headwords past the dictionary's own, as a CSV with a
 *    note column (the senses).
 * 2. Import: the CSV POSTed to /api/import?format=csv; meanwhile a prober asks one exact look-up
 *    after another, from the import's start until the whole glossary answers. Figures: the
 *    import's time, the server's peak resident memory (VmHWM) when the import answered and when
 *    the index was complete, the time until it was, and the longest look-up in that window
 *    (before: the import took 30 s, peaked at 2.7 GB, and the first look-up waited 11.4 s).
 * 3. Look-up latency: pinyin queries in each form a translator types (toneless, spaced, tone
 *    digits, tone marks, initials), medians next to exact look-ups and a bare round trip
 *    (GET /api/health), in the same run, from a light client process (bench/get-urls.mjs).
 * 4. Write to visible: POST a term, PATCH its status, DELETE it, each followed at once by the
 *    look-up that must see it; median time from the write's start to that look-up's answer,
 *    against the time a full rebuild of the index takes in this run (what a write cost before).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCedict, cacheFile } from '../src/dict/cedict.js';
import { termReadings } from '../src/dict/pinyin.js';
import { fold, toTraditional } from '../src/text/fold.js';
import { openDb } from '../src/store/db.js';
import { allTermRows } from '../src/store/terms.js';
import { TermIndex } from '../src/match/terms.js';
import { median, percentile, rng } from './util.js';
import { startServer as startServerAs, type Server } from './start-command.js';

const ROOT = join(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-lookup');
const { values: args } = parseArgs({ options: { terms: { type: 'string', default: '100000' }, queries: { type: 'string', default: '200' }, writes: { type: 'string', default: '20' } } });
const TERMS = Number(args.terms);
const QUERIES = Number(args.queries);
const WRITES = Number(args.writes);
mkdirSync(WORK, { recursive: true });
const log = (s: string): void => void process.stdout.write(s + '\n');
const ms = (x: number): string => `${x.toFixed(2)} ms`;
/** The largest of many numbers (a spread of a few hundred thousand overflows the stack). */
const longest = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), -Infinity);

// ---------------------------------------------------------------------------------------------
// 1. The glossary

const dict = await loadCedict();
const heads = readFileSync(`${cacheFile()}.heads`, 'utf8').split('\n').filter((h) => /^\p{Script=Han}{2,6}$/u.test(h));
interface Pair { zh: string; en: string; note: string }
const pairs: Pair[] = [];
const seenZh = new Set<string>();
const seenEn = new Set<string>();
const sense = (h: string): string | undefined => dict.lookup(h)?.senses.map((s) => s.replace(/\([^)]*\)|\[[^\]]*\]/g, '').trim()).find((s) => /^[A-Za-z][A-Za-z ,'-]{2,40}$/.test(s) && !/^(?:variant|see|surname|CL)\b/.test(s));
const add = (zh: string, en: string, note: string): void => {
  const key = en.toLowerCase();
  if (seenZh.has(zh) || seenEn.has(key) || pairs.length >= TERMS) return;
  seenZh.add(zh);
  seenEn.add(key);
  pairs.push({ zh, en, note });
};
const known: { h: string; en: string; note: string }[] = [];
for (const h of [...new Set(heads)]) {
  const en = sense(h);
  // The note column: the entry's senses, as a glossary's definition column holds (the issue's
  // glossary was 7 MB for 100,000 pairs: a bare pair per row is half of that).
  if (en) known.push({ h, en, note: (dict.lookup(h)?.senses ?? []).join('; ').slice(0, 40) });
}
for (const k of known) add(toTraditional(k.h), k.en, k.note);
const rand = rng(11);
while (pairs.length < TERMS) {
  const a = known[Math.floor(rand() * known.length)]!;
  const b = known[Math.floor(rand() * known.length)]!;
  if (a.h.length + b.h.length > 8) continue;
  add(toTraditional(a.h + b.h), `${a.en} ${b.en}`, `${a.note}; ${b.note}`.slice(0, 40));
}
const csvPath = join(WORK, `terms-${TERMS}.csv`);
const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
writeFileSync(csvPath, 'en,zh-TW,status,note\n' + pairs.map((p) => `${q(p.en)},${q(p.zh)},approved,${q(p.note)}`).join('\n') + '\n');
log(`glossary: ${pairs.length.toLocaleString('en-US')} pairs (${Math.min(known.length, pairs.length).toLocaleString('en-US')} CC-CEDICT headwords, the rest pairs of them), ${(readFileSync(csvPath).length / 1048576).toFixed(1)} MB CSV`);

// ---------------------------------------------------------------------------------------------
// The server, the client


function startServer(dbFile: string): Promise<Server> {
  return startServerAs(ROOT, dbFile, { GLOSSA_MAX_BODY: String(1024 ** 3) });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
/**
 * One request on the keep-alive agent. A socket the server closed while it sat idle in the pool
 * (its keep-alive timeout) resets on reuse before the request reached the server: asked again on
 * a new socket, as Node's documentation advises.
 */
async function request(url: string, method = 'GET', body?: unknown): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  try {
    return await requestOnce(url, method, body);
  } catch (e) {
    if ((e as { reused?: boolean }).reused) return requestOnce(url, method, body);
    throw e;
  }
}

function requestOnce(url: string, method: string, body?: unknown): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const t = performance.now() - t0;
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, ms: t, body: parsed });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => reject(Object.assign(e, { reused: req.reusedSocket && e.code === 'ECONNRESET' })));
    req.end(data);
  });
}

/** The server's resident memory now and at its peak (VmRSS, VmHWM), in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** GET urls one at a time from a light process of its own (bench/get-urls.mjs); their latencies. */
function timedGets(urls: readonly string[], warm: number): { ms: number; body: Record<string, unknown> }[] {
  const list = join(WORK, `urls-${process.pid}.json`);
  writeFileSync(list, JSON.stringify({ warm, urls }));
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'get-urls.mjs'), list], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  rmSync(list, { force: true });
  if (r.status !== 0) throw new Error(`get-urls: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ms: number; body: Record<string, unknown> });
}

const termsOf = (body: Record<string, unknown>): { source: string; target: string | null; match: string }[] => (body.terms as { source: string; target: string | null; match: string }[]) ?? [];

// ---------------------------------------------------------------------------------------------
// 2. Import, with a prober asking look-ups throughout

const dbFile = join(WORK, 'lookup-bench.db');
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
const server = await startServer(dbFile);
const results: Record<string, unknown> = { date: new Date().toISOString(), terms: pairs.length };
try {
  log(`\n== import: POST /api/import?format=csv (${pairs.length.toLocaleString('en-US')} pairs), look-ups asked throughout ==`);
  const last = pairs[pairs.length - 1]!;
  const probeUrl = (p: Pair): string => `${server.url}/api/terms?q=${encodeURIComponent(p.en)}&limit=5`;
  // The baseline: the same look-ups for five seconds on the idle server (on a shared machine the
  // longest of them is not zero either).
  const idle: number[] = [];
  for (const tIdle = performance.now(); performance.now() - tIdle < 5000; ) idle.push((await request(probeUrl(pairs[Math.floor(rand() * pairs.length)]!))).ms);
  log(`idle server, same look-ups for 5 s: ${idle.length}, p50 ${ms(median(idle))}, p99 ${ms(percentile(idle, 99))}, longest ${ms(longest(idle))}`);
  results.idle = { probes: idle.length, p50: median(idle), p99: percentile(idle, 99), longest: longest(idle) };
  const startMem = memory(server.proc.pid!);
  const probes: { at: number; ms: number }[] = [];
  let importAnsweredAt = Infinity;
  const errors: string[] = [];
  let completeAt = Infinity;
  let stop = false;
  const t0 = performance.now();
  // Bounded: the prober stops when the whole glossary answers, or after ten minutes.
  const BOUND_MS = 600_000;
  const prober = (async () => {
    let k = 0;
    while (!stop && performance.now() - t0 < BOUND_MS) {
      const p = k++ % 2 === 0 ? last : pairs[Math.floor(rand() * pairs.length)]!;
      const asked = performance.now();
      const r = await request(probeUrl(p)).catch((e: unknown) => {
        errors.push(`${((asked - t0) / 1000).toFixed(2)} s: ${String(e)}`);
        return undefined;
      });
      if (!r) {
        if (server.proc.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
        continue;
      }
      probes.push({ at: performance.now() - t0, ms: r.ms });
      if (p === last && performance.now() > importAnsweredAt && termsOf(r.body)[0]?.match === 'exact') {
        completeAt = performance.now();
        stop = true;
      }
    }
  })();
  let memAtAnswer = startMem;
  const imp = await new Promise<{ seconds: number; body: Record<string, unknown> }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'post-file.mjs'), `${server.url}/api/import?format=csv&file=terms.csv`, csvPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      try {
        const r = JSON.parse(out) as { seconds: number; status: number; body: string };
        if (r.status >= 300) throw new Error(`import: ${r.status} ${r.body}`);
        resolve({ seconds: r.seconds, body: JSON.parse(r.body) as Record<string, unknown> });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
  importAnsweredAt = performance.now();
  memAtAnswer = memory(server.proc.pid!);
  await prober;
  const memAtComplete = memory(server.proc.pid!);
  const during = probes.map((p) => p.ms);
  const worst = longest(during);
  const indexSeconds = (completeAt - importAnsweredAt) / 1000;
  results.import = {
    seconds: imp.seconds,
    added: (imp.body.entries as { added: number }).added,
    rssStartMb: startMem.rss,
    peakAtAnswerMb: memAtAnswer.peak,
    peakAtCompleteMb: memAtComplete.peak,
    rssAtCompleteMb: memAtComplete.rss,
    indexCompleteSeconds: indexSeconds,
    probes: during.length,
    probeP50: median(during),
    probeP99: percentile(during, 99),
    longestLookupMs: worst,
  };
  log(`import: ${(imp.body.entries as { added: number }).added.toLocaleString('en-US')} entries in ${imp.seconds.toFixed(1)} s`);
  log(`server memory: ${startMem.rss.toFixed(0)} MB at start; peak ${memAtAnswer.peak.toFixed(0)} MB when the import answered, ${memAtComplete.peak.toFixed(0)} MB when the index was complete (resident then ${memAtComplete.rss.toFixed(0)} MB)`);
  log(`index complete ${Number.isFinite(indexSeconds) ? `${indexSeconds.toFixed(2)} s after the import answered` : `not within ${BOUND_MS / 60_000} minutes`}`);
  if (errors.length > 0) log(`look-up errors: ${errors.length} (${errors.slice(0, 3).join('; ')})`);
  log(`look-ups during import and build: ${during.length}, p50 ${ms(median(during))}, p99 ${ms(percentile(during, 99))}, longest ${ms(worst)}`);
  const answeredAt = importAnsweredAt - t0;
  const slowest = [...probes].sort((a, b) => b.ms - a.ms).slice(0, 5);
  log(`slowest: ${slowest.map((p) => `${ms(p.ms)} at ${((p.at - p.ms) / 1000).toFixed(2)} s`).join('; ')} (import answered at ${(answeredAt / 1000).toFixed(2)} s)`);

  // -------------------------------------------------------------------------------------------
  // 3. Look-up latency at the full glossary

  log(`\n== look-up latency, ${pairs.length.toLocaleString('en-US')} terms (GET /api/terms, one client, keep-alive) ==`);
  const MARKS: Record<string, string[]> = { a: ['ā', 'á', 'ǎ', 'à'], e: ['ē', 'é', 'ě', 'è'], i: ['ī', 'í', 'ǐ', 'ì'], o: ['ō', 'ó', 'ǒ', 'ò'], u: ['ū', 'ú', 'ǔ', 'ù'], v: ['ǖ', 'ǘ', 'ǚ', 'ǜ'] };
  const marked = (syl: string): string => {
    const tone = Number(syl.slice(-1));
    const letters = syl.slice(0, -1);
    if (tone < 1 || tone > 4) return letters.replace('v', 'ü');
    let at = letters.search(/[ae]/);
    if (at < 0) at = letters.indexOf('ou');
    if (at < 0) for (let k = letters.length - 1; k >= 0 && at < 0; k--) if ('iouv'.includes(letters[k]!)) at = k;
    return (letters.slice(0, at) + MARKS[letters[at]!]![tone - 1] + letters.slice(at + 1)).replace('v', 'ü');
  };
  const forms = {
    toneless: (r: string) => r.split(' ').map((s) => s.slice(0, -1)).join(''),
    spaced: (r: string) => r.split(' ').map((s) => s.slice(0, -1)).join(' '),
    digits: (r: string) => r,
    marks: (r: string) => r.split(' ').map(marked).join(' '),
    initials: (r: string) => r.split(' ').map((s) => s[0]).join(''),
  } as const;
  type Form = keyof typeof forms | 'exact' | 'health';
  const sampleRand = rng(5);
  const asked: { form: Form; url: string; expected: string }[] = [];
  while (asked.length < QUERIES * 7) {
    const p = pairs[Math.floor(sampleRand() * pairs.length)]!;
    const [reading] = termReadings(dict, fold(p.zh));
    if (!reading) continue;
    for (const [form, make] of Object.entries(forms)) asked.push({ form: form as Form, url: `${server.url}/api/terms?q=${encodeURIComponent(make(reading))}&limit=10`, expected: p.zh });
    asked.push({ form: 'exact', url: `${server.url}/api/terms?q=${encodeURIComponent(p.zh)}&limit=10`, expected: p.zh });
    asked.push({ form: 'health', url: `${server.url}/api/health`, expected: '' });
  }
  const answers = timedGets(asked.map((a) => a.url), 50);
  const byForm = new Map<Form, { ms: number[]; found: number; first: number }>();
  for (const [k, a] of asked.entries()) {
    const r = answers[k]!;
    const entry = byForm.get(a.form) ?? { ms: [], found: 0, first: 0 };
    entry.ms.push(r.ms);
    const hits = termsOf(r.body);
    if (hits.some((h) => h.source === a.expected)) entry.found++;
    if (hits[0]?.source === a.expected) entry.first++;
    byForm.set(a.form, entry);
  }
  const exactP50 = median(byForm.get('exact')!.ms);
  const healthP50 = median(byForm.get('health')!.ms);
  const latency: Record<string, unknown> = {};
  for (const [form, e] of byForm) {
    const p50 = median(e.ms);
    latency[form] = { p50, p95: percentile(e.ms, 95), found: e.found / e.ms.length, first: e.first / e.ms.length };
    const found = form === 'health' ? '' : `, term in the hits ${((100 * e.found) / e.ms.length).toFixed(0)}%, first ${((100 * e.first) / e.ms.length).toFixed(0)}%`;
    log(`${form.padEnd(9)} p50 ${ms(p50)}, p95 ${ms(percentile(e.ms, 95))} (${(p50 / exactP50).toFixed(2)}× exact, ${(p50 / healthP50).toFixed(2)}× round trip)${found}`);
  }
  results.latency = latency;

  // -------------------------------------------------------------------------------------------
  // 4. Write to visible

  log(`\n== write to visible (${WRITES} writes of each kind) ==`);
  let unseen = 0;
  const kinds = { post: [] as number[], patch: [] as number[], delete: [] as number[], lookupAfterWrite: [] as number[] };
  for (let k = 0; k < WRITES; k++) {
    const zh = `測試術語${k}號`;
    const en = `bench write ${k} ${Date.now().toString(36)}`;
    let t = performance.now();
    const made = await request(`${server.url}/api/terms`, 'POST', { source: zh, target: en, srcLang: 'zh-TW', tgtLang: 'en-US', status: 'candidate' });
    const id = made.body.id as number;
    const seen = await request(`${server.url}/api/terms?q=${encodeURIComponent(en)}&limit=1`);
    if (termsOf(seen.body)[0]?.source !== en) unseen++;
    kinds.post.push(performance.now() - t);
    kinds.lookupAfterWrite.push(seen.ms);
    t = performance.now();
    await request(`${server.url}/api/terms/${id}`, 'PATCH', { status: 'approved' });
    const patched = await request(`${server.url}/api/terms?q=${encodeURIComponent(en)}&limit=1`);
    if ((termsOf(patched.body)[0] as { status?: string } | undefined)?.status !== 'approved') unseen++;
    kinds.patch.push(performance.now() - t);
    kinds.lookupAfterWrite.push(patched.ms);
    t = performance.now();
    await request(`${server.url}/api/terms/${id}`, 'DELETE');
    const gone = await request(`${server.url}/api/terms?q=${encodeURIComponent(en)}&limit=1`);
    if (termsOf(gone.body)[0]?.source === en) unseen++;
    kinds.delete.push(performance.now() - t);
    kinds.lookupAfterWrite.push(gone.ms);
  }
  // The baseline: what a write cost when the index was rebuilt, here in this process on the same file.
  const baseDb = await openDb(`file:${dbFile}`);
  const rebuilds: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    new TermIndex(await allTermRows(baseDb), { readings: (s) => termReadings(dict, s) });
    rebuilds.push(performance.now() - t);
  }
  baseDb.close();
  const rebuild = median(rebuilds);
  log(`writes not visible to the look-up right after them: ${unseen} of ${3 * WRITES}`);
  results.writeToVisible = { unseen, postP50: median(kinds.post), patchP50: median(kinds.patch), deleteP50: median(kinds.delete), lookupAfterWriteP50: median(kinds.lookupAfterWrite), lookupAfterWriteMax: Math.max(...kinds.lookupAfterWrite), rebuildMs: rebuild };
  for (const [kind, xs] of Object.entries(kinds)) log(`${kind.padEnd(16)} p50 ${ms(median(xs))}, max ${ms(Math.max(...xs))}`);
  log(`baseline: a full rebuild of the index (read every term, index it), median of 3: ${ms(rebuild)}; write-to-visible (POST) ${(rebuild / median(kinds.post)).toFixed(0)}× faster`);
  writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));
  log(`\nresults: ${join(WORK, 'results.json')}`);
} finally {
  agent.destroy();
  await server.stop();
}
