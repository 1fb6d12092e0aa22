/**
 * Memory and speed of the streaming TMX import on a generated file (not a test: run by hand,
 * `npx tsx test/formats/measure-1gb.ts [parse|ingest|http] [SIZE_MB] [codes|plain]`).
 * `http` starts the server as `npm start` runs it (dist/main.js on plain node, fresh database),
 * POSTs the file to /api/import?extract=false and reads the server's peak resident memory from
 * the kernel (VmHWM in /proc/PID/status), not by sampling.
 * `codes` (default): each tu has a tuid, a date, a prop and bpt/ept inline codes on both sides;
 * `plain`: two tuv with one seg of ~80 characters each and nothing else.
 * Prints units, seconds, MB/s, units/s, CPU seconds (all threads; on a busy machine units per CPU
 * second is the steadier figure) and the peak RSS Node saw (sampled every 50 ms).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { tmxFormat } from '../../src/formats/tmx.js';
import { openDb } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { startArgs } from '../../bench/start-command.js';

const mode = process.argv[2] ?? 'parse';
const sizeMb = Number(process.argv[3] ?? 1024);
const kind = process.argv[4] ?? 'codes';
const file = kind === 'plain' ? `/tmp/glossa-${sizeMb}mb-plain.tmx` : `/tmp/glossa-${sizeMb}mb.tmx`;

function unitXml(i: number): string {
  if (kind === 'plain') {
    return `<tu><tuv xml:lang="zh-TW"><seg>第${i}號句子：證券交易委員會對區塊鏈公司採取了所謂扼喉行動，引發業界強烈反彈與討論。</seg></tuv><tuv xml:lang="en-US"><seg>Sentence ${i}: the SEC took Operation Chokepoint against blockchain companies.</seg></tuv></tu>\n`;
  }
  return `<tu tuid="t${i}" creationdate="20240101T000000Z"><prop type="x-n">${i}</prop><tuv xml:lang="zh-TW"><seg>第${i}號句子：證券交易委員會對&amp;區塊鏈<bpt i="1">&lt;b&gt;</bpt>公司<ept i="1">&lt;/b&gt;</ept>採取了扼喉行動。</seg></tuv><tuv xml:lang="en-US"><seg>Sentence ${i}: the SEC took &amp; Operation Chokepoint against <bpt i="1">&lt;b&gt;</bpt>blockchain<ept i="1">&lt;/b&gt;</ept> companies.</seg></tuv></tu>\n`;
}

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="gen" creationtoolversion="1" segtype="sentence" o-tmf="gen" adminlang="en-US" srclang="zh-TW" datatype="plaintext"/>\n<body>\n');
  let bytes = 0;
  for (let i = 0; bytes < sizeMb * 1024 * 1024; i++) {
    const tu = unitXml(i);
    bytes += Buffer.byteLength(tu);
    await write(tu);
  }
  await write('</body>\n</tmx>\n');
  out.end();
  await once(out, 'finish');
}

if (!existsSync(file)) await generate();
const size = statSync(file).size;
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let units = 0;
let serverPeakMb: number | undefined;
let importSecs: number | undefined;
if (mode === 'http') {
  const root = join(import.meta.dirname, '..', '..');
  if (spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const port = 20000 + (process.pid % 20000);
  // The database (2-3 GB after a 1 GB import) is removed when the server has stopped.
  const dbDir = mkdtempSync(join(tmpdir(), 'glossa-1gb-'));
  const server = spawn(process.execPath, startArgs(root), {
    env: { ...process.env, GLOSSA_DB: `file:${join(dbDir, 'g.db')}`, PORT: String(port), HOST: '127.0.0.1', GLOSSA_TOKEN: '', GLOSSA_MAX_BODY: String(4 * 1024 ** 3), GLOSSA_CORPUS: '/nonexistent' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/api/health`);
      break;
    } catch {
      if (i > 100) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const t1 = performance.now();
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/import?format=tmx&extract=false', headers: { 'content-length': size } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(req);
  });
  const summary = JSON.parse(body) as { units?: { added: number } };
  if (!summary.units) throw new Error(body);
  units = summary.units.added;
  serverPeakMb = Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024);
  importSecs = (performance.now() - t1) / 1000;
  const stopped = once(server, 'exit');
  server.kill('SIGTERM');
  await stopped;
  rmSync(dbDir, { recursive: true, force: true });
} else if (mode === 'parse') {
  for await (const _ of tmxFormat.readUnits!(createReadStream(file, { highWaterMark: 256 * 1024 }), { file })) units++;
} else {
  const db = await openDb(`file:/tmp/glossa-measure-${process.pid}.db`);
  const s = await ingest(db, createReadStream(file, { highWaterMark: 256 * 1024 }), { file, format: tmxFormat, extract: false });
  units = s.units.added;
  db.close();
  for (const x of ['', '-wal', '-shm']) rmSync(`/tmp/glossa-measure-${process.pid}.db${x}`, { force: true });
}
const secs = importSecs ?? (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ mode, kind, mb: Math.round(size / 1048576), units, seconds: +secs.toFixed(1), mbPerSec: +(size / 1048576 / secs).toFixed(1), unitsPerSec: Math.round(units / secs), cpuSeconds: +cpuSecs.toFixed(1), unitsPerCpuSec: Math.round(units / cpuSecs), peakRssMb: serverPeakMb ?? Math.round(peak / 1048576), ...(serverPeakMb ? { note: 'seconds: the POST alone; peak: the server process (VmHWM); CPU: this client only' } : {}) }));
