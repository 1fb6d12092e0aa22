/**
 * Statistical pairing for large memories: Dice over co-occurrence of Chinese words and English
 * words/bigrams in aligned units, with a frequency floor and mutual best match (a Chinese word and
 * an English phrase each other's best partner). Finds 檔案 / file in a memory of software strings.
 */
import { isStopKey, tokenizeEnglish } from '../text/en-words.js';
import { isZhFunctionWord } from '../text/zh-words.js';
import type { AnalysedUnit, Link } from './types.js';

export interface StatisticsOptions {
  /** Least number of units a pair must share (default 3). */
  minCooccurrence?: number;
  /** Least Dice coefficient (default 0.4). */
  minDice?: number;
}

export interface StatPair {
  zh: string;
  en: string;
  cooccurrence: number;
  dice: number;
}

/**
 * The Chinese items of a unit: its words, and its multiword candidates whose C-value shows them
 * to be units of their own (位元組, which jieba cuts 位|元組, pairs with byte as a whole).
 */
function zhItems(u: AnalysedUnit, termhood: ReadonlyMap<string, number>, minCValue: number): Set<string> {
  const s = new Set<string>();
  for (const t of u.zhTokens) {
    if (t.kind === 'han' && t.key.length >= 2 && !isZhFunctionWord(t.key)) s.add(t.key);
  }
  for (const c of u.zhCandidates) {
    if (c.tokens > 1 && /\p{Script=Han}/u.test(c.key) && (termhood.get(c.key) ?? 0) >= minCValue) s.add(c.key);
  }
  return s;
}

function enItems(u: AnalysedUnit): Set<string> {
  const s = new Set<string>();
  const toks = u.enTokens;
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i]!.key;
    if (isStopKey(k) || k.length < 2 || /^\d/.test(k)) continue;
    s.add(k);
    const next = toks[i + 1];
    if (next && !toks[i]!.breakAfter && !isStopKey(next.key) && !/^\d/.test(next.key)) s.add(`${k} ${next.key}`);
  }
  return s;
}

/**
 * English words and bigrams some unit writes in Latin letters inside its Chinese with a capital
 * (Creative Commons): a name the translation copies, not the rendering of a Chinese term, however
 * often the two meet.
 */
export function copiedNames(units: readonly AnalysedUnit[]): Set<string> {
  const out = new Set<string>();
  for (const u of units) {
    for (const run of u.zh.match(/[A-Za-z][A-Za-z0-9'’-]*(?: +[A-Za-z][A-Za-z0-9'’-]*)*/g) ?? []) {
      if (!/[A-Z]/.test(run)) continue;
      const toks = tokenizeEnglish(run);
      toks.forEach((t, i) => {
        if (!/^[A-Z]/.test(t.text)) return;
        out.add(t.key);
        const next = toks[i + 1];
        if (next && !t.breakAfter) out.add(`${t.key} ${next.key}`);
      });
    }
  }
  return out;
}

/** Pairs by Dice over all units; each Chinese word gets at most one English phrase. */
export function statisticalPairs(units: readonly AnalysedUnit[], options: StatisticsOptions = {}, termhood: ReadonlyMap<string, number> = new Map()): { pairs: StatPair[]; evidence: Map<string, number[]> } {
  const minCo = options.minCooccurrence ?? 3;
  const minDice = options.minDice ?? 0.4;
  // A multiword candidate must recur on its own at least minCo times (C-value of a 2-word run).
  const minCValue = Math.log2(3) * minCo;
  const copied = copiedNames(units);
  const items = units.map((u) => ({ id: u.id, zh: zhItems(u, termhood, minCValue), en: new Set([...enItems(u)].filter((e) => !copied.has(e))) }));
  const zhDf = new Map<string, number>();
  const enDf = new Map<string, number>();
  for (const it of items) {
    for (const z of it.zh) zhDf.set(z, (zhDf.get(z) ?? 0) + 1);
    for (const e of it.en) enDf.set(e, (enDf.get(e) ?? 0) + 1);
  }
  const co = new Map<string, number>();
  for (const it of items) {
    const zs = [...it.zh].filter((z) => zhDf.get(z)! >= minCo);
    const es = [...it.en].filter((e) => enDf.get(e)! >= minCo);
    for (const z of zs) for (const e of es) {
      const k = `${z}\t${e}`;
      co.set(k, (co.get(k) ?? 0) + 1);
    }
  }
  const bestForZh = new Map<string, StatPair>();
  const bestForEn = new Map<string, StatPair>();
  for (const [k, c] of co) {
    if (c < minCo) continue;
    const tab = k.indexOf('\t');
    const zh = k.slice(0, tab);
    const en = k.slice(tab + 1);
    const dice = (2 * c) / (zhDf.get(zh)! + enDf.get(en)!);
    const p: StatPair = { zh, en, cooccurrence: c, dice };
    const bz = bestForZh.get(zh);
    // On a tie, the longer English phrase (it holds more of the evidence).
    if (!bz || dice > bz.dice || (dice === bz.dice && en.length > bz.en.length)) bestForZh.set(zh, p);
    const be = bestForEn.get(en);
    // On a tie, the longer Chinese term (位元組 over its part 元組).
    if (!be || dice > be.dice || (dice === be.dice && zh.length > be.zh.length)) bestForEn.set(en, p);
  }
  const pairs = [...bestForZh.values()].filter((p) => p.dice >= minDice && bestForEn.get(p.en)?.zh === p.zh);
  const wanted = new Set(pairs.map((p) => `${p.zh}\t${p.en}`));
  const evidence = new Map<string, number[]>();
  for (const it of items) {
    for (const z of it.zh) for (const e of it.en) {
      const k = `${z}\t${e}`;
      if (!wanted.has(k)) continue;
      const list = evidence.get(k);
      if (list) list.push(it.id);
      else evidence.set(k, [it.id]);
    }
  }
  return { pairs, evidence };
}

/** Links in one unit for the statistical pairs (so that competitive linking can weigh them). */
export function statisticsLinks(unit: AnalysedUnit, pairs: ReadonlyMap<string, StatPair>): Link[] {
  const links: Link[] = [];
  const spans = [
    ...unit.zhTokens.filter((t) => t.kind === 'han'),
    ...unit.zhCandidates.filter((c) => c.tokens > 1),
  ];
  for (const t of spans) {
    const p = pairs.get(t.key);
    if (!p) continue;
    const words = p.en.split(' ');
    const toks = unit.enTokens;
    for (let i = 0; i + words.length <= toks.length; i++) {
      if (words.every((w, k) => toks[i + k]!.key === w && (k === words.length - 1 || !toks[i + k]!.breakAfter))) {
        const start = toks[i]!.start;
        const end = toks[i + words.length - 1]!.end;
        links.push({
          zh: { text: t.text, key: t.key, start: t.start, end: t.end },
          en: { text: unit.en.slice(start, end), key: p.en, start, end },
          method: 'statistics',
          score: Math.min(0.8, 0.35 + 0.5 * p.dice),
          unitId: unit.id,
          note: `Dice ${p.dice.toFixed(2)} over ${p.cooccurrence} units`,
        });
        break;
      }
    }
  }
  return links;
}
