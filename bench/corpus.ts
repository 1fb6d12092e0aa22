/**
 * The benchmark's memory: real segment pairs (the essay, and every Chinese message catalog
 * Debian installed under /usr/share/locale, decompiled with msgunfmt and read by our PO reader),
 * varied into as many distinct units as asked by joining a segment with another one, the way
 * neighbouring strings and sentences combine in real memories. Written as a plain TMX 1.4 file.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { formatByName } from '../src/formats/index.js';
import { readUnitsOf } from '../src/ingest.js';
import type { TranslationUnit } from '../src/model.js';
import { rng } from './util.js';

export interface Pair {
  srcLang: string;
  tgtLang: string;
  source: string;
  target: string;
}

const LOCALES = ['zh_TW', 'zh_CN', 'zh_HK'];

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** Distinct English → Chinese pairs: the essay (flipped to English → Chinese) and the catalogs. */
export async function basePairs(corpusFile: string): Promise<Pair[]> {
  const out: Pair[] = [];
  const seen = new Set<string>();
  const add = (u: TranslationUnit): void => {
    const en = u.srcLang.startsWith('en') ? u : { ...u, srcLang: u.tgtLang, tgtLang: u.srcLang, source: u.target, target: u.source };
    const source = en.source.trim();
    const target = en.target.trim();
    // Strings of a few letters, and ones with line breaks (usage screens), are not sentences.
    if (source.length < 8 || target.length < 2 || /\n/.test(source + target)) return;
    // Control characters (a bell in a terminal message) cannot travel in XML 1.0.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(source + target)) return;
    if (!/[\p{Script=Han}]/u.test(target)) return;
    const key = `${source}\u0000${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ srcLang: en.srcLang, tgtLang: en.tgtLang, source, target });
  };
  const txt = formatByName('txt');
  for await (const u of readUnitsOf(txt, createReadStream(corpusFile), { file: corpusFile })!) add(u);
  const po = formatByName('po');
  for (const locale of LOCALES) {
    const dir = `/usr/share/locale/${locale}/LC_MESSAGES`;
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.mo')).sort()) {
      let text: string;
      try {
        text = execFileSync('msgunfmt', [join(dir, f)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        continue;
      }
      try {
        for await (const u of po.readUnits!(bytesOf(text), { file: `${locale}/${f.replace(/\.mo$/, '')}.po`, warn: () => undefined })) add(u);
      } catch {
        // A catalog our reader refuses (none known) is left out of the benchmark, not fatal.
      }
    }
  }
  return out;
}

/** A pair made of two base pairs, joined as neighbouring strings would be. */
function joined(a: Pair, b: Pair): Pair {
  const sep = /[.!?:]$/.test(a.source) ? ' ' : '. ';
  return { srcLang: a.srcLang, tgtLang: a.tgtLang, source: `${a.source}${sep}${b.source}`, target: `${a.target}${/[。！？：]$/.test(a.target) ? '' : '。'}${b.target}` };
}

/**
 * `n` distinct units: every base pair once, then pairs of base pairs in a fixed pseudo-random
 * order (deterministic, so two runs build the same memory).
 */
export function* varied(base: readonly Pair[], n: number): Generator<Pair> {
  const b = base.length;
  // Pairs (i, j), i ≠ j, are all the distinct units there are beyond the base ones.
  if (n > b + b * (b - 1)) throw new Error(`${b} base pairs cannot make ${n} distinct units (is msgunfmt, Debian's gettext, installed?)`);
  let made = 0;
  for (let i = 0; i < b && made < n; i++, made++) yield base[i]!;
  const used = new Set<number>();
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % b;
  };
  while (made < n) {
    const i = next();
    const j = next();
    const key = i * b + j;
    if (i === j || used.has(key) || base[i]!.tgtLang !== base[j]!.tgtLang) continue;
    used.add(key);
    made++;
    yield joined(base[i]!, base[j]!);
  }
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Write units as TMX 1.4 (what a CAT tool exports: one tu, two tuv, plain segments). */
export async function writeTmx(path: string, units: Iterable<Pair>): Promise<number> {
  const out = createWriteStream(path);
  let buf = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="glossa-bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en-US" srclang="en-US" datatype="plaintext"/>\n<body>\n';
  let count = 0;
  for (const p of units) {
    buf += `<tu tuid="b${count}"><tuv xml:lang="${p.srcLang}"><seg>${esc(p.source)}</seg></tuv><tuv xml:lang="${p.tgtLang}"><seg>${esc(p.target)}</seg></tuv></tu>\n`;
    count++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  buf += '</body>\n</tmx>\n';
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Term pairs for a glossary of `n` entries: short strings of the catalogs (labels, names of
 * things), then pairs of them joined, each English side once.
 */
export function termPairs(base: readonly Pair[], n: number): Pair[] {
  const short = base.filter((p) => /^[A-Za-z][A-Za-z -]*[a-z]$/.test(p.source) && p.source.split(' ').length <= 3 && [...p.target].length <= 8 && !/\s/.test(p.target));
  const seen = new Set<string>();
  const out: Pair[] = [];
  const add = (p: Pair): void => {
    const key = p.source.toLowerCase();
    if (seen.has(key) || out.length >= n) return;
    seen.add(key);
    out.push(p);
  };
  for (const p of short) add(p);
  const rand = rng(7);
  while (out.length < n) {
    const a = short[Math.floor(rand() * short.length)]!;
    const b = short[Math.floor(rand() * short.length)]!;
    if (a === b || a.tgtLang !== b.tgtLang) continue;
    add({ srcLang: a.srcLang, tgtLang: a.tgtLang, source: `${a.source} ${b.source.toLowerCase()}`, target: `${a.target}${b.target}` });
  }
  return out;
}

/** A glossary CSV (en,zh,status,note) of the pairs, as a terminologist's export would be. */
export function glossaryCsv(terms: readonly Pair[]): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return 'en,zh,status,note\n' + terms.map((t) => `${q(t.source)},${q(t.target)},approved,`).join('\n') + '\n';
}
