/**
 * Benchmark of the word aligner (src/extract/wordalign.ts): both directions trained and every unit
 * symmetrised, `npx tsx bench/wordalign.ts [--source synthetic|debian] [--units 50000] [--runs 3]`.
 *
 * synthetic: a Zipf-distributed hidden lexicon, ~10 Chinese and ~10 English tokens a unit, the
 * English locally reordered with function words added; reports the share of hidden links found.
 * debian: the Debian message catalogs as bench/extract.ts builds them (msgunfmt + po2tmx), read by
 * Glossa's TMX reader, segmented and tokenised as the extractor does (not timed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranslationUnit } from '../src/model.js';
import { formatByName } from '../src/formats/index.js';
import '../src/formats/tmx.js';
import { catalogTmx } from './catalogs.js';
import { segmentChinese } from '../src/text/zh-words.js';
import { tokenizeEnglish } from '../src/text/en-words.js';
import { consistentPhrasePairs, trainBitext, type BitextUnit, type Links } from '../src/extract/wordalign.js';
import { median, rng } from './util.js';

const ROOT = join(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-extract');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** A hidden one-to-one lexicon: unit k's English is the translation of its Chinese, reordered a little. */
function synthetic(count: number): { units: BitextUnit[]; gold: Array<Array<[number, number]>> } {
  const random = rng(17);
  const vocab = 20_000;
  const zipf = (): number => Math.min(vocab - 1, Math.floor(Math.exp(random() * Math.log(vocab))) - 1);
  const units: BitextUnit[] = [];
  const gold: Array<Array<[number, number]>> = [];
  for (let k = 0; k < count; k++) {
    const n = 6 + Math.floor(random() * 9);
    const zh = Array.from({ length: n }, () => zipf());
    const en: string[] = [];
    const links: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      if (random() < 0.15) en.push(`the${Math.floor(random() * 3)}`);
      links.push([i, en.length]);
      en.push(`e${zh[i]}`);
    }
    // Swap a neighbouring pair now and then, as adjective and noun order differs.
    for (let j = 0; j + 1 < en.length; j++) {
      if (random() < 0.1) {
        [en[j], en[j + 1]] = [en[j + 1]!, en[j]!];
        for (const l of links) l[1] = l[1] === j ? j + 1 : l[1] === j + 1 ? j : l[1];
        j++;
      }
    }
    units.push({ zh: zh.map((z) => `z${z}`), en });
    gold.push(links);
  }
  return { units, gold };
}

async function debian(count: number): Promise<BitextUnit[]> {
  mkdirSync(WORK, { recursive: true });
  const tmx = formatByName('tmx');
  const read: TranslationUnit[] = [];
  for (const locale of ['zh_TW', 'zh_CN']) {
    if (read.length >= count) break;
    const file = catalogTmx(locale, WORK);
    if (!file) continue;
    async function* bytes(): AsyncGenerator<Uint8Array> {
      yield readFileSync(file!);
    }
    for await (const u of tmx.readUnits!(bytes(), { file })) if (u.source.trim() && u.target.trim()) read.push(u);
  }
  const t = performance.now();
  // po2tmx writes the English message as the source and the translation as the target.
  const units = read.slice(0, count).map((u) => {
    const zhFirst = u.srcLang.toLowerCase().startsWith('zh');
    return {
      zh: segmentChinese(zhFirst ? u.source : u.target).filter((w) => w.kind !== 'other').map((w) => w.key),
      en: tokenizeEnglish(zhFirst ? u.target : u.source).map((w) => w.key),
    };
  });
  console.log(`segmented and tokenised ${units.length} units in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed below)`);
  return units;
}

async function main(): Promise<void> {
  const count = Number(arg('units', '50000'));
  const runs = Number(arg('runs', '3'));
  const source = arg('source', 'synthetic');
  const { units, gold } = source === 'debian' ? { units: await debian(count), gold: undefined } : synthetic(count);
  const zhTokens = units.reduce((n, u) => n + u.zh.length, 0);
  const enTokens = units.reduce((n, u) => n + u.en.length, 0);
  const inputRss = process.memoryUsage().rss;
  console.log(`input held in memory: rss ${(inputRss / 2 ** 20).toFixed(0)} MB`);
  console.log(`${source}: ${units.length} units, ${(zhTokens / units.length).toFixed(1)} zh + ${(enTokens / units.length).toFixed(1)} en tokens a unit`);
  const times: number[] = [];
  const phraseTimes: number[] = [];
  // The machine may be shared: CPU time of this process is reported beside the wall-clock time.
  const cpuTimes: number[] = [];
  let links: Links[] = [];
  let rss = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    const cpu = process.cpuUsage();
    // Trained once, links of every unit computed on demand (a million units keep no links).
    const model = trainBitext(units);
    // Links of the first 50k units are kept to score them; a million units keep none.
    const keep = gold !== undefined && r === runs - 1;
    links = [];
    for (let k = 0; k < units.length; k++) {
      const l = model.linksOf(k);
      if (keep && k < 50_000) links.push(l);
    }
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    rss = Math.max(rss, process.memoryUsage().rss);
    t = performance.now();
    let pairs = 0;
    for (let k = 0; k < Math.min(units.length, 50_000); k++) pairs += consistentPhrasePairs(model.linksOf(k), units[k]!.zh.length, units[k]!.en.length).length;
    phraseTimes.push(performance.now() - t);
    const st = model.stats;
    console.log(`  trained on ${st.trainedUnits} units, ${st.pairs} co-occurring pairs, ${st.zhWords} zh + ${st.enWords} en words; typed arrays held by the model ${(st.bytes / 2 ** 20).toFixed(0)} MB`);
    console.log(
      `run ${r + 1}: align ${(times[r]! / 1000).toFixed(2)} s (cpu ${(cpuTimes[r]! / 1000).toFixed(2)} s), rss ${(rss / 2 ** 20).toFixed(0)} MB, ` +
        `phrase pairs of the first 50k units ${pairs} in ${(phraseTimes[r]! / 1000).toFixed(2)} s (links again included), tension ${model.forward.tension.toFixed(2)} / ${model.backward.tension.toFixed(2)}`,
    );
  }
  console.log(`median: align (Model 1 x2 + fitted diagonal x3, both directions, grow-diag-final-and) ${(median(times) / 1000).toFixed(2)} s (cpu ${(median(cpuTimes) / 1000).toFixed(2)} s)`);
  if (gold) {
    let hit = 0;
    let found = 0;
    let total = 0;
    links.forEach((links, k) => {
      const g = new Set(gold[k]!.map(([z, e]) => `${z},${e}`));
      total += g.size;
      found += links.length;
      for (const [z, e] of links) if (g.has(`${z},${e}`)) hit++;
    });
    console.log(`hidden links: recall ${(hit / total).toFixed(3)}, precision ${(hit / found).toFixed(3)}`);
  }
}

await main();
