/**
 * jieba with only the words a given text can use. Loading jieba's whole dictionary takes longer
 * than segmenting a short document; but segmentation only ever looks up
 * words that occur in the text (every route of the DAG is a substring), so a dictionary holding
 * exactly the words found in the text gives the same cuts and tags, provided the total
 * frequency (the denominator of every word's probability) stays the same: one placeholder word
 * that cannot occur in the text carries the frequency of all the words left out.
 * test/text/jieba-subset.test.ts compares both on real texts.
 *
 * jieba's dictionary (`@node-rs/jieba/dict`, lines `word freq tag`) is sorted by its UTF-8 bytes,
 * so the words of a text are found by binary search in place, without parsing it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';
import { cacheDir } from '../config.js';

const require = createRequire(import.meta.url);

interface DictIndex {
  bytes: Buffer;
  /** Byte offset of each line's start; one extra entry one past the end. */
  starts: Int32Array;
  /** Byte offset of the end of each line's word. */
  wordEnds: Int32Array;
  total: number;
}

function indexCacheFile(): string {
  const dir = cacheDir();
  return join(dir, 'jieba-dict-v1.idx');
}

/** Line offsets of the dictionary, computed once (not cheap) and cached as Int32 values. */
function buildIndex(bytes: Buffer): Int32Array {
  const starts: number[] = [];
  const wordEnds: number[] = [];
  let total = 0;
  for (let i = 0; i < bytes.length; ) {
    let nl = bytes.indexOf(0x0a, i);
    if (nl < 0) nl = bytes.length;
    if (nl > i) {
      let sp = bytes.indexOf(0x20, i);
      if (sp < 0 || sp > nl) sp = nl;
      starts.push(i);
      wordEnds.push(sp);
      let f = 0;
      for (let k = sp + 1; k < nl; k++) {
        const c = bytes[k]!;
        if (c < 0x30 || c > 0x39) break;
        f = f * 10 + (c - 0x30);
      }
      total += f;
    }
    i = nl + 1;
  }
  // [dictionary length, lines, total, starts..., end, wordEnds...]
  const out = new Int32Array(3 + starts.length + 1 + wordEnds.length);
  out[0] = bytes.length;
  out[1] = starts.length;
  out[2] = total;
  out.set(starts, 3);
  out[3 + starts.length] = bytes.length + 1;
  out.set(wordEnds, 4 + starts.length);
  return out;
}

function readIndex(bytes: Buffer): Int32Array {
  let file = indexCacheFile();
  for (let attempt = 0; attempt < 2; attempt++) {
    if (existsSync(file)) {
      const b = readFileSync(file);
      const ix = new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
      if (ix[0] === bytes.length) return ix;
    }
    const ix = buildIndex(bytes);
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.from(ix.buffer, ix.byteOffset, ix.byteLength));
      renameSync(tmp, file);
      return ix;
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && ['EACCES', 'EROFS', 'EPERM'].includes(String(e.code)))) throw e;
      file = join(tmpdir(), 'glossa-cache', basename(file));
    }
  }
  return buildIndex(bytes);
}

let index: DictIndex | undefined;

function dictIndex(): DictIndex {
  if (index) return index;
  // dict.txt alone (the package's `dict` module also reads the large idf table).
  const bytes = readFileSync(join(dirname(require.resolve('@node-rs/jieba/dict')), 'dict.txt'));
  const ix = readIndex(bytes);
  const n = ix[1]!;
  index = { bytes, starts: ix.subarray(3, 3 + n + 1), wordEnds: ix.subarray(4 + n, 4 + 2 * n), total: ix[2]! };
  return index;
}

/**
 * The dictionary lines (`word freq tag`) of every word that occurs in one of the texts, and the
 * dictionary's total frequency.
 */
export function dictionaryLinesFor(texts: Iterable<string>): { lines: string[]; total: number } {
  const ix = dictIndex();
  const { bytes, starts, wordEnds } = ix;
  const n = starts.length - 1;
  const found = new Set<number>();
  // The key bytes [ka, kb) of buf against the word of line k: >0 when the word sorts before the key.
  const cmpWord = (buf: Buffer, ka: number, kb: number, k: number): number => buf.compare(bytes, starts[k]!, wordEnds[k]!, ka, kb);
  const hasPrefix = (buf: Buffer, ka: number, kb: number, k: number): boolean => {
    const s = starts[k]!;
    return wordEnds[k]! - s >= kb - ka && buf.compare(bytes, s, s + (kb - ka), ka, kb) === 0;
  };
  const firstRange = new Map<string, [number, number]>();
  for (const text of texts) {
    const buf = Buffer.from(text, 'utf8');
    // Byte offset of each UTF-16 position (surrogate pairs share the pair's offset).
    const at = new Int32Array(text.length + 1);
    for (let i = 0, b = 0; i < text.length; i++) {
      at[i] = b;
      const c = text.charCodeAt(i);
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
      at[i + 1] = b;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      let range = firstRange.get(ch);
      if (!range) {
        const lo = lowerBound(n, (k) => cmpWord(buf, at[i]!, at[i + 1]!, k) > 0);
        const hi = lowerBound(n, (k) => hasPrefix(buf, at[i]!, at[i + 1]!, k) || cmpWord(buf, at[i]!, at[i + 1]!, k) > 0, lo);
        range = [lo, hi];
        firstRange.set(ch, range);
      }
      let [lo, hi] = range;
      for (let len = 1; len <= 16 && i + len <= text.length && lo < hi; len++) {
        const ka = at[i]!;
        const kb = at[i + len]!;
        if (len > 1) {
          lo = lowerBound(hi, (k) => cmpWord(buf, ka, kb, k) > 0, lo);
          hi = lowerBound(hi, (k) => hasPrefix(buf, ka, kb, k), lo);
        }
        if (lo < hi && wordEnds[lo]! - starts[lo]! === kb - ka) found.add(lo);
      }
    }
  }
  const lines = [...found].sort((a, b) => a - b).map((k) => bytes.toString('utf8', starts[k]!, starts[k + 1]! - 1).replace(/\r$/, ''));
  return { lines, total: ix.total };
}

/** The first k in [from, to) for which `before(k)` is false (before is true, then false). */
function lowerBound(to: number, before: (k: number) => boolean, from = 0): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A placeholder word (Private Use Area) found in none of the texts. */
function placeholder(texts: readonly string[]): string {
  for (let cp = 0xe000; cp < 0xf8ff; cp++) {
    const w = String.fromCharCode(cp, cp);
    if (!texts.some((t) => t.includes(w))) return w;
  }
  return '\ue000\ue001\ue002';
}

/** A jieba instance that segments the given texts (Simplified) exactly as the full dictionary does. */
export function jiebaForTexts(texts: readonly string[]): JiebaType {
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { lines, total } = dictionaryLinesFor(texts);
  let kept = 0;
  for (const l of lines) kept += Number(l.split(' ')[1] ?? 0) || 0;
  const rest = total - kept;
  if (rest > 0) lines.push(`${placeholder(texts)} ${rest} x`);
  return Jieba.withDict(Buffer.from(lines.join('\n') + '\n', 'utf8'));
}
