/**
 * `npm run bench:check-body [-- --mb 64 --kinds json,xliff,csv,over]`: the server's peak memory
 * for large bodies to POST /api/check (issue: one 190 MB JSON body took the server down).
 *
 * Each case runs on a fresh server started as `npm start` does (dist/, plain node) over a
 * database holding the essay (its glossary and TM): the peak resident memory is the server
 * process's VmHWM once it has answered. Cases:
 * - `over`: 200 MB of JSON pairs with a Content-Length, then 200 MB sent without one (chunked):
 *   both must be a 413, the second counted as it streams in;
 * - `json`, `xliff`, `csv`: a body of `--mb` MB (default: just under GLOSSA_MAX_CHECK_BODY's
 *   default) of numbered pairs cycled from the essay's TM, which must get a report.
 * Baseline in the same run: the idle server's resident memory after start.
 * Bodies are generated as they are sent: the bench process never holds one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './util.js';
import { startArgs } from './start-command.js';
import { DEFAULT_MAX_CHECK_BODY } from '../src/config.js';

const { values: args } = parseArgs({ options: { mb: { type: 'string' }, kinds: { type: 'string', default: 'over,json,xliff,csv' } } });
const ROOT = resolve(import.meta.dirname, '..');
const ESSAY_TMX = join(ROOT, 'tmx', 'chokepoint.zh-en.tmx');
const WORK = mkdtempSync(join(tmpdir(), 'glossa-check-body-'));
const DB = `file:${join(WORK, 'essay.db')}`;
const MB = 1024 * 1024;
const underLimit = args.mb ? Number(args.mb) * MB : DEFAULT_MAX_CHECK_BODY - MB;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const quoteCsv = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The essay's pairs from its TMX (a few dozen): each body cycles them, numbered. */
function essayPairs(): [string, string][] {
  const tmx = readFileSync(ESSAY_TMX, 'utf8');
  const pairs: [string, string][] = [];
  for (const tu of tmx.matchAll(/<tu[\s>][\s\S]*?<\/tu>/g)) {
    const segs = [...tu[0].matchAll(/<seg>([\s\S]*?)<\/seg>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    if (segs.length === 2) pairs.push([segs[0]!, segs[1]!]);
  }
  return pairs;
}

type Kind = 'json' | 'xliff' | 'csv';
/** Chunks of a body of about `bytes` bytes (never more), generated as they are asked for. */
function* body(kind: Kind, bytes: number, pairs: [string, string][]): Generator<Buffer> {
  const head =
    kind === 'json'
      ? '{"srcLang":"zh-TW","tgtLang":"en-US","pairs":['
      : kind === 'xliff'
        ? '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file source-language="zh-TW" target-language="en-US" datatype="plaintext" original="bench"><body>\n'
        : 'zh-TW,en-US\n';
  const tail = kind === 'json' ? ']}' : kind === 'xliff' ? '</body></file></xliff>\n' : '';
  let sent = Buffer.byteLength(head) + Buffer.byteLength(tail);
  yield Buffer.from(head);
  let chunk = '';
  for (let i = 0; ; i++) {
    const [s, t] = pairs[i % pairs.length]!;
    const src = `${s}（第${i + 1}號）`;
    const tgt = `${t} (No. ${i + 1})`;
    const piece =
      kind === 'json'
        ? `${i ? ',' : ''}${JSON.stringify({ id: `u${i + 1}`, source: src, target: tgt })}`
        : kind === 'xliff'
          ? `<trans-unit id="u${i + 1}"><source>${escapeXml(src)}</source><target>${escapeXml(tgt)}</target></trans-unit>\n`
          : `${quoteCsv(src)},${quoteCsv(tgt)}\n`;
    const size = Buffer.byteLength(piece);
    if (sent + size > bytes) break;
    sent += size;
    chunk += piece;
    if (chunk.length >= 64 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(chunk + tail);
}

function bodySize(kind: Kind, bytes: number, pairs: [string, string][]): number {
  let n = 0;
  for (const c of body(kind, bytes, pairs)) n += c.length;
  return n;
}

const TYPES: Record<Kind, string> = { json: 'application/json', xliff: 'application/xliff+xml', csv: 'text/csv' };

/** POST a generated body (with its length, or chunked); the status, the answer's first bytes and the seconds taken. */
function post(port: number, kind: Kind, bytes: number, pairs: [string, string][], declared: boolean): Promise<{ status: number; text: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolvePost, reject) => {
    const headers: Record<string, string | number> = { 'content-type': TYPES[kind] };
    if (declared) headers['content-length'] = bodySize(kind, bytes, pairs);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/check', headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < 300) text += d;
      });
      res.on('end', () => resolvePost({ status: res.statusCode ?? 0, text: text.slice(0, 300), seconds: (performance.now() - t0) / 1000 }));
    });
    req.on('error', (e) => {
      // The server may close the connection after answering 413 before the body is all sent.
      if (!answered) reject(e);
    });
    const chunks = body(kind, bytes, pairs);
    const pump = (): void => {
      for (;;) {
        if (answered) return void req.destroy();
        const next = chunks.next();
        if (next.done) return void req.end();
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

/** The server process's peak and current resident memory, in MB. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

async function startServer(): Promise<{ server: ChildProcess; port: number }> {
  const port = await freePort();
  const server = spawn(process.execPath, startArgs(ROOT), { env: { ...process.env, GLOSSA_DB: DB, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return { server, port };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('the server did not start');
}

async function main(): Promise<void> {
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const ingest = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), '--db', DB, 'ingest', join(ROOT, 'corpus/fortune-chokepoint-2025.zh-en.txt')], { encoding: 'utf8' });
  if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  const pairs = essayPairs();
  const kinds = args.kinds.split(',');
  console.log(`check bodies: ${(underLimit / MB).toFixed(0)} MB under the limit, 200 MB over it; GLOSSA_MAX_CHECK_BODY default ${DEFAULT_MAX_CHECK_BODY / MB} MB`);
  const cases: { name: string; kind: Kind; bytes: number; declared: boolean }[] = [];
  if (kinds.includes('over')) {
    cases.push({ name: 'json 200 MB, Content-Length', kind: 'json', bytes: 200 * MB, declared: true });
    cases.push({ name: 'json 200 MB, chunked', kind: 'json', bytes: 200 * MB, declared: false });
  }
  for (const kind of ['json', 'xliff', 'csv'] as const) {
    if (kinds.includes(kind)) cases.push({ name: `${kind} ${(underLimit / MB).toFixed(0)} MB, chunked`, kind, bytes: underLimit, declared: false });
  }
  for (const c of cases) {
    const { server, port } = await startServer();
    try {
      const idle = memoryOf(server.pid!);
      const r = await post(port, c.kind, c.bytes, pairs, c.declared);
      const m = memoryOf(server.pid!);
      const units = /"units":\s*(\d+)/.exec(r.text)?.[1];
      const answer = r.status === 200 ? `200 report${units ? ` (${units} units)` : ''}` : `${r.status} ${r.text.replace(/\s+/g, ' ').slice(0, 120)}`;
      console.log(`${c.name.padEnd(30)} ${answer}; ${r.seconds.toFixed(1)} s; server peak RSS ${m.peak.toFixed(0)} MB (idle ${idle.now.toFixed(0)} MB, ratio ${(m.peak / idle.now).toFixed(1)}x)`);
    } finally {
      server.kill();
    }
  }
  rmSync(WORK, { recursive: true, force: true });
}

await main();
