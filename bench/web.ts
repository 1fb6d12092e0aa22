/**
 * `npm run bench:web [-- --terms N --runs N]`: the server time of the glossary page
 * (GET /glossary with its filters, sorts and pages) at N concepts (default 100,000; two terms
 * each), measured in process through app.request (no network: the time is the server's). The
 * baseline, in the same run, is the same page over a glossary of 100 concepts: the page is
 * meant to answer as fast at 100,000 as at 100. For scale, a few runs of the page built the
 * plain way (every entry read from the store, filtered and sorted per request) are timed too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { InValue } from '@libsql/client';
import { openDb, type Db } from '../src/store/db.js';
import { createApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import { listEntries } from '../src/store/terms.js';
import { fold } from '../src/text/fold.js';
import { median, percentile, rng } from './util.js';

const { values: args } = parseArgs({ options: { terms: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' } } });
const N = Number(args.terms);
const RUNS = Number(args.runs);
const STATUSES = ['candidate', 'candidate', 'candidate', 'approved', 'forbidden'] as const;
const METHODS = ['statistics', 'alignment', 'dictionary', 'gloss', 'anchor', 'name'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'ban', 'chain', 'sen', 'to', 'ri', 'vel', 'mon', 'da', 'pre', 'qui', 'sto'];

/** A made-up glossary: Chinese terms of 2–4 common characters, English terms of 1–3 made-up words. */
function concepts(n: number, seed: number): { zh: string; en: string; status: string; method: string; score: number; frequency: number; evidence: number[] }[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (): string => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join('');
  return Array.from({ length: n }, (_, i) => ({
    zh: Array.from({ length: 2 + Math.floor(rand() * 3) }, () => String.fromCodePoint(0x4e00 + Math.floor(rand() * 3000))).join(''),
    en: `${Array.from({ length: 1 + Math.floor(rand() * 3) }, word).join(' ')} ${i}`,
    status: pick(STATUSES),
    method: pick(METHODS),
    score: Math.round(rand() * 1000) / 1000,
    frequency: Math.floor(rand() * 200),
    evidence: Array.from({ length: Math.floor(rand() * 5) }, () => Math.floor(rand() * 1000)),
  }));
}

/** Store the glossary with multi-row INSERTs (the bench's set-up, not what it measures). */
async function fill(db: Db, n: number): Promise<void> {
  const rows = concepts(n, 7);
  const now = new Date().toISOString();
  await db.write(async (tx) => {
    for (let at = 0; at < rows.length; at += 500) {
      const chunk = rows.slice(at, at + 500);
      const cArgs: InValue[] = [];
      const tArgs: InValue[] = [];
      chunk.forEach((r, k) => {
        const id = at + k + 1;
        cArgs.push(id, r.method, r.score, r.frequency, JSON.stringify(r.evidence), 'extract', now);
        tArgs.push(id, 'zh-TW', r.zh, fold(r.zh), r.status, id, 'en-US', r.en, fold(r.en), r.status);
      });
      await tx.execute({ sql: `INSERT INTO concept (id, method, score, frequency, evidence, origin, created_at) VALUES ${chunk.map(() => '(?,?,?,?,?,?,?)').join(',')}`, args: cArgs });
      await tx.execute({ sql: `INSERT INTO term (concept_id, lang, text, folded, status) VALUES ${chunk.map(() => '(?,?,?,?,?),(?,?,?,?,?)').join(',')}`, args: tArgs });
    }
  });
}

/** The pages a reviewer asks for: the first, a deep one, each filter and sort. */
function queries(n: number): string[] {
  const sample = concepts(Math.min(n, 50), 7);
  const last = Math.max(1, Math.ceil(n / 50));
  const deep = Math.max(1, Math.floor(last / 2));
  return [
    '/glossary',
    `/glossary?page=${deep}`,
    `/glossary?q=${encodeURIComponent(sample[3]!.zh.slice(0, 2))}`,
    `/glossary?q=${encodeURIComponent(sample[5]!.en.split(' ')[0]!.toUpperCase())}`,
    '/glossary?status=approved',
    '/glossary?status=forbidden&sort=frequency',
    '/glossary?method=gloss',
    '/glossary?sort=text&lang=en',
    `/glossary?sort=frequency&page=${Math.min(3, last)}`,
    '/glossary?q=ter&status=candidate&sort=text',
  ];
}

async function timePages(db: Db, n: number): Promise<{ build: number; byQuery: Map<string, number[]>; all: number[] }> {
  const app = createApp({ db, config: loadConfig({}) });
  const qs = queries(n);
  let t = performance.now();
  const first = await app.request(qs[0]!);
  if (first.status !== 200) throw new Error(`GET ${qs[0]} answered ${first.status}`);
  await first.text();
  const build = performance.now() - t;
  // One warm-up pass: the sort orders are made on first use.
  for (const q of qs) await (await app.request(q)).text();
  const byQuery = new Map<string, number[]>(qs.map((q) => [q, []]));
  const all: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const q of qs) {
      t = performance.now();
      const res = await app.request(q);
      const html = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200 || !html.includes('id="count"')) throw new Error(`GET ${q} answered ${res.status}`);
      byQuery.get(q)!.push(ms);
      all.push(ms);
    }
  }
  return { build, byQuery, all };
}

/** The plain way: read every entry per request, filter by folded text, sort, slice a page. */
async function plainPage(db: Db, q: string): Promise<number> {
  const t = performance.now();
  const fq = fold(q);
  const entries = (await listEntries(db)).filter((e) => e.terms.some((x) => fold(x.text).includes(fq)));
  entries.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  entries.slice(0, 50);
  return performance.now() - t;
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;
const dir = mkdtempSync(join(tmpdir(), 'glossa-bench-web-'));
try {
  const big = await openDb(`file:${join(dir, 'big.db')}`);
  const small = await openDb(`file:${join(dir, 'small.db')}`);
  let t = performance.now();
  await fill(big, N);
  await fill(small, 100);
  console.log(`glossary page bench: ${N.toLocaleString('en-US')} concepts (${(2 * N).toLocaleString('en-US')} terms), baseline 100 concepts; ${RUNS} runs of ${queries(N).length} pages (node ${process.version}); set-up ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const base = await timePages(small, 100);
  const res = await timePages(big, N);
  console.log(`first page (builds the in-memory view): ${ms(res.build)} at ${N.toLocaleString('en-US')}, ${ms(base.build)} at 100`);
  console.log(`\npage (at ${N.toLocaleString('en-US')}; at 100 the same with its own page numbers)   p50 at ${N.toLocaleString('en-US')}   p50 at 100`);
  const baseTimes = [...base.byQuery.values()];
  [...res.byQuery].forEach(([q, xs], i) => console.log(`${q.padEnd(60)}${ms(median(xs)).padStart(12)}${ms(median(baseTimes[i] ?? [])).padStart(13)}`));
  const p50 = median(res.all);
  const p50base = median(base.all);
  console.log(`\nall pages: p50 ${ms(p50)}, p95 ${ms(percentile(res.all, 95))} at ${N.toLocaleString('en-US')}; p50 ${ms(p50base)}, p95 ${ms(percentile(base.all, 95))} at 100`);
  console.log(`ratio of the p50s (${N.toLocaleString('en-US')} / 100): ${(p50 / p50base).toFixed(2)}×`);
  t = performance.now();
  const plain = [];
  for (let i = 0; i < 3; i++) plain.push(await plainPage(big, 'ter'));
  console.log(`for scale, the plain way (every entry read per request): p50 ${ms(median(plain))} at ${N.toLocaleString('en-US')} (${(median(plain) / p50).toFixed(0)}× the page's p50)`);
  big.close();
  small.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
