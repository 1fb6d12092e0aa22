/**
 * Memory and speed of the streaming TMX import on a generated file (not a test: run by hand,
 * `npx tsx test/formats/measure-1gb.ts [parse|ingest] [SIZE_MB] [codes|plain]`).
 * `codes` (default): each tu has a tuid, a date, a prop and bpt/ept inline codes on both sides;
 * `plain`: two tuv with one seg of ~80 characters each and nothing else.
 * Prints units, seconds, MB/s, units/s, CPU seconds (all threads; on a busy machine units per CPU
 * second is the steadier figure) and the peak RSS Node saw (sampled every 50 ms).
 */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmxFormat } from '../../src/formats/tmx.js';
import { openDb } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';

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
if (mode === 'parse') {
  for await (const _ of tmxFormat.readUnits!(createReadStream(file, { highWaterMark: 256 * 1024 }), { file })) units++;
} else {
  const db = await openDb(`file:/tmp/glossa-measure-${process.pid}.db`);
  const s = await ingest(db, createReadStream(file, { highWaterMark: 256 * 1024 }), { file, format: tmxFormat, extract: false });
  units = s.units.added;
  db.close();
}
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ mode, kind, mb: Math.round(size / 1048576), units, seconds: +secs.toFixed(1), mbPerSec: +(size / 1048576 / secs).toFixed(1), unitsPerSec: Math.round(units / secs), cpuSeconds: +cpuSecs.toFixed(1), unitsPerCpuSec: Math.round(units / cpuSecs), peakRssMb: Math.round(peak / 1048576) }));
