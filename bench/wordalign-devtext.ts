/**
 * The ceiling the word aligner gives the term extractor on the development documents
 * (test/fixtures/devtext/): of the gold terms that occur in a gold sentence pair, the share that
 * comes out as a phrase pair consistent with the symmetrised alignment of that sentence pair.
 * Trains on every sentence pair of the document (src/align/document.ts) plus the gold pairs.
 * `npx tsx bench/wordalign-devtext.ts [--heuristic grow-diag-final-and] [--loose]`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignBilingualText } from '../src/align/document.js';
import { segmentChinese } from '../src/text/zh-words.js';
import { isStopKey, tokenizeEnglish } from '../src/text/en-words.js';
import type { Dictionary } from '../src/dict/cedict.js';
import { alignBitext, consistentPhrasePairs, type BitextUnit, type Heuristic, type PhraseOptions, type WordAlignOptions } from '../src/extract/wordalign.js';

const DEVTEXT = join(import.meta.dirname, '..', 'test', 'fixtures', 'devtext');
export const DEVTEXT_DOCUMENTS = ['debref-ch03', 'taiwan-fcpa', 'cc-by-sa-4.0'] as const;

interface Tokenised {
  unit: BitextUnit;
  /** Character offsets of each Chinese token in the text as written. */
  zhOffsets: Array<[number, number]>;
}

/** Chinese word keys (punctuation and symbols left out) and English lemma keys of a sentence pair. */
export function tokenise(zh: string, en: string): Tokenised {
  const zt = segmentChinese(zh).filter((t) => t.kind !== 'other');
  return { unit: { zh: zt.map((t) => t.key), en: tokenizeEnglish(en).map((t) => t.key) }, zhOffsets: zt.map((t) => [t.start, t.end]) };
}

/**
 * A prior from CC-CEDICT: 1 when the English word is a word of a sense of the Chinese word (or,
 * for a word the dictionary lacks, of a sense of one of its characters' longest dictionary words),
 * and when both are the same Latin word (a name copied unchanged). Function words get none.
 */
export function cedictPrior(dict: Dictionary): (zh: string, en: string) => number {
  const cache = new Map<string, Set<string>>();
  const wordsOf = (zh: string): Set<string> => {
    let set = cache.get(zh);
    if (set) return set;
    set = new Set<string>();
    const add = (w: string): void => {
      for (const g of dict.glosses(w)) for (const x of g.split(' ')) if (!isStopKey(x)) set!.add(x);
    };
    add(zh);
    if (set.size === 0 && /^\p{Script=Han}{3,}$/u.test(zh)) {
      // Longest dictionary words from the left (系统管理员: 系统 + 管理员).
      for (let i = 0; i < zh.length; ) {
        let j = zh.length;
        while (j > i + 1 && dict.glosses(zh.slice(i, j)).size === 0) j--;
        if (j > i + 1) add(zh.slice(i, j));
        i = j;
      }
    }
    cache.set(zh, set);
    return set;
  };
  return (zh, en) => (zh === en && /^[a-z0-9]/.test(zh) ? 1 : wordsOf(zh).has(en) ? 1 : 0);
}

function readPairs(file: string): Array<[string, string]> {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0 && !l.startsWith('#'))
    .map((l) => {
      const [zh, en] = l.split('\t');
      return [zh!.trim(), (en ?? '').trim()];
    });
}

export interface Ceiling {
  document: string;
  units: number;
  /** Gold terms found in at least one gold sentence pair (both sides). */
  occurring: number;
  /** Of those, found as a consistent phrase pair whose spans are exactly the term's tokens. */
  found: number;
  /** Terms whose Chinese boundaries fall inside a token of the segmentation (cannot be found exactly). */
  splitByTokens: number;
  /** Phrase pairs offered per gold sentence pair (what the extractor has to rank). */
  pairsPerSentence: number;
  missed: Array<{ zh: string; en: string; links: string }>;
}

export function devtextCeiling(document: string, options: WordAlignOptions & { heuristic?: Heuristic } = {}, phrase: PhraseOptions = {}): Ceiling {
  const text = readFileSync(join(DEVTEXT, `${document}.txt`), 'utf8');
  const doc = alignBilingualText(text, { file: `${document}.txt` });
  const zhFirst = doc.srcLang.startsWith('zh');
  const units = doc.units.map((u) => tokenise(zhFirst ? u.source : u.target, zhFirst ? u.target : u.source).unit);
  const gold = readPairs(join(DEVTEXT, `${document}.gold-sentences.tsv`)).map(([zh, en]) => ({ zh, en, ...tokenise(zh, en) }));
  const terms = readPairs(join(DEVTEXT, `${document}.gold-terms.tsv`));
  const result = alignBitext([...units, ...gold.map((g) => g.unit)], options);
  const goldLinks = result.links.slice(units.length);
  const phraseOptions = { maxZh: 8, maxEn: 8, ...phrase };
  const offered = gold.reduce((n, g, k) => n + consistentPhrasePairs(goldLinks[k]!, g.unit.zh.length, g.unit.en.length, phraseOptions).length, 0);
  const out: Ceiling = { document, units: units.length, occurring: 0, found: 0, splitByTokens: 0, pairsPerSentence: offered / gold.length, missed: [] };
  for (const [zhTerm, enTerm] of terms) {
    const enKeys = tokenizeEnglish(enTerm).map((t) => t.key);
    let occurs = false;
    let found = false;
    let split = false;
    let shown = '';
    gold.forEach((g, k) => {
      const at = g.zh.indexOf(zhTerm);
      if (at < 0 || enKeys.length === 0) return;
      const enStarts: number[] = [];
      for (let i = 0; i + enKeys.length <= g.unit.en.length; i++) if (enKeys.every((w, d) => g.unit.en[i + d] === w)) enStarts.push(i);
      if (enStarts.length === 0) return;
      occurs = true;
      const end = at + zhTerm.length;
      const inside = g.zhOffsets.map(([s, e], i) => ({ s, e, i })).filter(({ s, e }) => s < end && e > at);
      if (inside.length === 0) return;
      if (inside[0]!.s !== at || inside.at(-1)!.e !== end) {
        split = true;
        return;
      }
      const zs = inside[0]!.i;
      const ze = inside.at(-1)!.i + 1;
      const pairs = consistentPhrasePairs(goldLinks[k]!, g.unit.zh.length, g.unit.en.length, phraseOptions);
      for (const es of enStarts) if (pairs.some((p) => p.zhStart === zs && p.zhEnd === ze && p.enStart === es && p.enEnd === es + enKeys.length)) found = true;
      if (!found && !shown) {
        const l = goldLinks[k]!.filter(([z, e]) => (z >= zs && z < ze) || (e >= enStarts[0]! && e < enStarts[0]! + enKeys.length));
        shown = l.map(([z, e]) => `${g.unit.zh[z]}-${g.unit.en[e]}`).join(' ');
      }
    });
    if (!occurs) continue;
    out.occurring++;
    if (found) out.found++;
    else {
      if (split) out.splitByTokens++;
      out.missed.push({ zh: zhTerm, en: enTerm, links: split ? '(split by the segmentation)' : shown });
    }
  }
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options: WordAlignOptions & { heuristic?: Heuristic } = {};
  if (arg('prior')) {
    const { loadCedict } = await import('../src/dict/cedict.js');
    options.prior = cedictPrior(await loadCedict());
    options.priorWeight = Number(arg('prior'));
  }
  if (arg('heuristic')) options.heuristic = arg('heuristic') as Heuristic;
  if (arg('diagonal')) options.favorDiagonal = arg('diagonal') === 'true';
  if (arg('iterations')) options.iterations = Number(arg('iterations'));
  if (arg('p0')) options.nullProbability = Number(arg('p0'));
  const loose = process.argv.includes('--loose');
  let sumFound = 0;
  let sumOcc = 0;
  for (const d of DEVTEXT_DOCUMENTS) {
    const c = devtextCeiling(d, options, { allowUnalignedEdges: loose });
    sumFound += c.found;
    sumOcc += c.occurring;
    console.log(`${d}: ${c.units} units; gold terms in a gold sentence pair ${c.occurring}, consistent phrase pair ${c.found} (${((100 * c.found) / c.occurring).toFixed(0)}%), split by the segmentation ${c.splitByTokens}, ${c.pairsPerSentence.toFixed(0)} phrase pairs a sentence pair`);
    if (process.argv.includes('--missed')) for (const m of c.missed) console.log(`    ${m.zh} / ${m.en}: ${m.links}`);
  }
  console.log(`all: ${sumFound}/${sumOcc}`);
}
