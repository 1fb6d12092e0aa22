/**
 * Compositions from the document's own pairs: a Chinese compound seen too rarely for the word
 * alignment to trust it (硬盤檔案系統 once) whose pieces each have a rendering this TM already
 * uses (檔案系統 / filesystem, aligned in several units) or a CC-CEDICT sense (硬盤 / hard disk),
 * and whose English in the same unit is exactly those renderings side by side (hard disk
 * filesystem), or head first with "of" (legal protection of databases). The renderings are the
 * TM's first and the dictionary's as a hint: a piece the document translates its own way (核心 /
 * kernel) composes as the document writes it. Nothing else may stand inside the English, and it
 * must read as a noun phrase: a composition checked against the sentence is strong evidence even
 * in one unit.
 */
import { isStopKey, sameFamily, wordKey, type EnToken } from '../text/en-words.js';
import { isModifierLike, isNounLike, isZhFunctionWord, type ZhToken } from '../text/zh-words.js';
import { toSimplified, wordClasses } from '../text/fold.js';
import type { AnalysedUnit, Link } from './types.js';

/** English renderings (folded keys, words joined by one space) of a Chinese piece (Simplified key). */
export type Renderings = (zhKey: string) => ReadonlySet<string>;

/** Most Chinese words a composed term holds, most pieces, longest English rendering of a piece. */
const MAX_WORDS = 5;
const MAX_PIECE_WORDS = 3;
const MAX_RENDERING_WORDS = 4;
/** Renderings of one piece tried (the dictionary lists many senses of a single character). */
const MAX_RENDERINGS = 24;
/**
 * Units longer than this (in Chinese or English word tokens) are not composed from: the search
 * grows with the product of both lengths, and a sentence pair is far shorter.
 */
const MAX_UNIT_TOKENS = 400;

/** Score of one composed observation: like a verified dictionary composition. */
export const COMPOSED_SCORE = 0.7;

/** Tags of words that build clauses, not terms, whatever their length. */
const CLAUSE_TAG = /^(?:v|vd|vi|vg|d|ad|c|u\w*|r\w*|y|e|o)$/;

/**
 * A word that may stand before the head of a composed term: a Latin word, a modifier (noun,
 * adjective, distinguishing word), or a single character that builds no clause (根 root: jieba's
 * tag of a lone character says little).
 */
function modifierWord(t: ZhToken): boolean {
  if (t.kind === 'latin') return true;
  if (t.end - t.start === 1) return !CLAUSE_TAG.test(t.pos);
  return isModifierLike(t.pos) && !/^(?:m|mq)$/.test(t.pos);
}

/** The head of a composed term: a noun, a Latin word, a lone character that builds no clause, or a verb (then `verbHead`). */
function headWord(t: ZhToken): 'noun' | 'verb' | undefined {
  if (t.kind === 'latin' || isNounLike(t.pos)) return 'noun';
  if (t.end - t.start === 1) return CLAUSE_TAG.test(t.pos) ? undefined : 'noun';
  return /^v[ndi]?$/.test(t.pos) ? 'verb' : undefined;
}

/**
 * Whether tokens [from, to) of the Chinese can be composed: Han or Latin words only, written
 * together (a space between words at most), no function word, at least three Han characters or a
 * Latin word among Han ones, shaped like a noun compound: modifiers, then a head (a verb head must
 * show as a noun in the English: fair use, voluntary recusal).
 */
export function composableSpan(text: string, toks: readonly ZhToken[], from: number, to: number): boolean {
  if (to - from < 2 || to - from > MAX_WORDS) return false;
  const span = toks.slice(from, to);
  if (span.some((t) => (t.kind !== 'han' && t.kind !== 'latin') || isZhFunctionWord(t.key))) return false;
  for (let i = from + 1; i < to; i++) if (!/^ ?$/.test(text.slice(toks[i - 1]!.end, toks[i]!.start))) return false;
  const han = span.filter((t) => t.kind === 'han').reduce((n, t) => n + (t.end - t.start), 0);
  if (han === 0 || (han < 3 && !span.some((t) => t.kind === 'latin'))) return false;
  // A verb inside, after the first modifier, modifies the head (檔案系統 掛載 點 / file system
  // mount point); a verb first opens a clause (its English is checked in composedLinks).
  return span.slice(0, -1).every((t, i) => modifierWord(t) || (i > 0 && /^v[n]?$/.test(t.pos))) && headWord(span[span.length - 1]!) !== undefined;
}

/** Endings of English nouns made from verbs (limitation, settlement, discovery, recusal, handling). */
const NOMINAL_ENDING = /(?:tion|sion|ment|ance|ence|ure|ery|ry|al|ing)s?$/i;

/**
 * The head of the English is a noun: never a verb form (applies, expires); where the Chinese head
 * is a verb, a derived noun, a gerund or the bare word (fair use), not a third person (grants).
 */
function nominalHead(tok: EnToken, chineseVerb: boolean): boolean {
  const w = tok.text.toLowerCase();
  const c = wordClasses(w);
  if (c.verb && !c.noun) return false;
  if (!chineseVerb) return true;
  return NOMINAL_ENDING.test(w) || (c.noun && !c.verb) || (w === tok.key && c.noun);
}

/** A verb after its subject or an adverb: the English is a clause, not a noun phrase. */
function nounPhrase(toks: readonly EnToken[], from: number, to: number, chineseVerb: boolean, headAt = to - 1): boolean {
  const last = toks[to - 1]!.text.toLowerCase();
  if (!nominalHead(toks[headAt]!, chineseVerb) || toks.slice(from, to).some((t) => /\d/.test(t.key))) return false;
  if (/ed$/.test(last) || toks.slice(from, to).some((t) => /ly$/i.test(t.text))) return false;
  // A plural before the head is its subject (modules providing).
  const words = toks.slice(from, to);
  if (!words.some((t) => t.key === 'of') && words.slice(0, -1).some((t) => /s$/i.test(t.text) && !t.key.endsWith('s'))) return false;
  for (let i = from; i < to - 1; i++) if (toks[i]!.breakAfter) return false;
  return !isStopKey(toks[from]!.key) && !isStopKey(toks[to - 1]!.key);
}

/**
 * Whether the English noun phrase goes on after token `to - 1` with a noun the Chinese span
 * leaves out (manual line | break, Effective Technological | Measures): the composition would be
 * a piece of a longer English term.
 */
function continuesAsNoun(toks: readonly EnToken[], to: number): boolean {
  const next = toks[to];
  if (!next || toks[to - 1]!.breakAfter || isStopKey(next.key) || /\d/.test(next.key)) return false;
  return wordClasses(next.text.toLowerCase()).noun;
}

/** Whether English word `w` renders word `r` of a rendering: the same key, or one family when single. */
function wordFits(w: string, r: string, single: boolean): boolean {
  return w === r || (single && r.length >= 4 && sameFamily(w, r));
}

/**
 * The composed pairs of one unit: for every composable Chinese span, a cut into two or more
 * pieces of one to three words each with a rendering each, found side by side in the English.
 * Per span the longest English wins (the pieces' longer renderings are the more specific).
 */
export function composedLinks(u: AnalysedUnit, renderings: Renderings, senses: Renderings = () => new Set()): Link[] {
  const zh = u.zhTokens;
  const en = u.enTokens;
  if (zh.length < 2 || en.length < 2 || zh.length > MAX_UNIT_TOKENS || en.length > MAX_UNIT_TOKENS) return [];
  const simplified = toSimplified(u.zh).toLowerCase();
  // English positions of every word key.
  const at = new Map<string, number[]>();
  en.forEach((t, j) => {
    const list = at.get(t.key);
    if (list) list.push(j);
    else at.set(t.key, [j]);
  });
  const pieceCache = new Map<string, string[][]>();
  const exactOnly = new WeakSet<string[]>();
  const pieceRenderings = (f: number, t: number): string[][] => {
    const key = simplified.slice(zh[f]!.start, zh[t - 1]!.end);
    let out = pieceCache.get(key);
    if (!out) {
      out = [];
      const seen = new Set<string>();
      if (t - f === 1 && zh[f]!.kind === 'latin') seen.add(zh[f]!.text.split(/[\s-]+/).map(wordKey).join(' '));
      for (const r of renderings(key)) {
        if (seen.size >= MAX_RENDERINGS) break;
        seen.add(r);
      }
      // A lone character has many senses: its renderings must be found as they are, not as
      // another word of their family (權, authority, is no authorization).
      const lone = t - f === 1 && zh[f]!.kind === 'han' && key.length === 1;
      for (const r of seen) {
        const words = r.split(' ');
        if (words.length > MAX_RENDERING_WORDS || words.every(isStopKey)) continue;
        if (lone) exactOnly.add(words);
        out.push(words);
      }
      pieceCache.set(key, out);
    }
    return out;
  };
  // English positions a one-word rendering fits (looked for once per word).
  const fitCache = new Map<string, number[]>();
  const fitsAt = (word: string): number[] => {
    let out = fitCache.get(word);
    if (!out) {
      out = [];
      for (let j = 0; j < en.length; j++) if (wordFits(en[j]!.key, word, true)) out.push(j);
      fitCache.set(word, out);
    }
    return out;
  };
  // English positions where a rendering may begin: a one-word one where it fits, a longer one
  // at its first word or at a hyphenated word of all its words (open-source: `open source`).
  const startsOf = (words: string[]): number[] => (words.length === 1 ? fitsAt(words[0]!) : [...(at.get(words[0]!) ?? []), ...(at.get(words.join(' ')) ?? [])]);
  // The English token after a rendering matched at `j`, or -1.
  const match = (words: string[], j: number): number => {
    // A hyphenated English word is one token keyed by its parts (open-source: `open source`).
    if (words.length > 1 && en[j]?.key === words.join(' ')) return j + 1;
    const single = words.length === 1 && !exactOnly.has(words);
    for (let w = 0; w < words.length; w++) {
      const tok = en[j + w];
      if (!tok || !wordFits(tok.key, words[w]!, single)) return -1;
      if (w < words.length - 1 && tok.breakAfter) return -1;
    }
    return j + words.length;
  };
  // English positions where a rendering of a first piece of tokens [f, to) begins.
  const starts = (f: number, to: number): number[] => {
    const out = new Set<number>();
    for (let t = f + 1; t <= Math.min(to, f + MAX_PIECE_WORDS); t++) {
      for (const words of pieceRenderings(f, t)) {
        for (const j of startsOf(words)) out.add(j);
      }
    }
    return [...out];
  };
  // Every way tokens [f, to) render as pieces side by side from English position `j` on (one
  // piece or more, none crossing punctuation inside).
  const chains = (f: number, to: number, from: readonly number[]): { start: number; end: number; parts: string[] }[] => {
    const out: { start: number; end: number; parts: string[] }[] = [];
    const go = (g: number, j: number, start: number, parts: string[]): void => {
      if (g === to) {
        out.push({ start, end: j, parts });
        return;
      }
      if (out.length >= 32) return;
      for (let t = g + 1; t <= Math.min(to, g + MAX_PIECE_WORDS); t++) {
        for (const words of pieceRenderings(g, t)) {
          const next = match(words, j);
          if (next < 0 || (t < to && en[next - 1]!.breakAfter)) continue;
          go(t, next, start, [...parts, `${simplified.slice(zh[g]!.start, zh[t - 1]!.end)} / ${words.join(' ')}`]);
        }
      }
    };
    for (const j of from) go(f, j, j, []);
    return out;
  };
  // Whether a Chinese word (or two) right after token `zt - 1` renders English token `j` first.
  const rendersNext = (zt: number, j: number): boolean => {
    const next = zh[zt];
    if (!next || !/^ ?$/.test(u.zh.slice(zh[zt - 1]!.end, next.start))) return false;
    for (let t = zt + 1; t <= Math.min(zh.length, zt + 2); t++) {
      for (const words of pieceRenderings(zt, t)) if (match(words.slice(0, 1), j) > 0 || wordFits(en[j]!.key, words[0]!, false)) return true;
    }
    return false;
  };
  const links: Link[] = [];
  for (let zf = 0; zf < zh.length; zf++) {
    for (let zt = zf + 2; zt <= Math.min(zh.length, zf + MAX_WORDS); zt++) {
      if (!composableSpan(u.zh, zh, zf, zt)) continue;
      let best: { from: number; to: number; note: string } | undefined;
      const chineseVerb = headWord(zh[zt - 1]!) === 'verb';
      // A verbal noun first whose English is a gerund with its object (辦理金融 / handling financial): a verb phrase.
      const verbFirst = /^v/.test(zh[zf]!.pos);
      const consider = (from: number, to: number, note: string, headAt = to - 1): void => {
        if (!nounPhrase(en, from, to, chineseVerb, headAt)) return;
        // The English goes on with a noun: it is the Chinese word after the span's (埠轉發|規則 /
        // port forwarding | rules), or the composition is a piece of a longer term whose last
        // word the pieces left out (手動斷行 / manual line | break).
        if (continuesAsNoun(en, to) && !rendersNext(zt, to)) return;
        if (verbFirst && /ing$/i.test(en[from]!.text)) return;
        if (!best || to - from > best.to - best.from) best = { from, to, note };
      };
      // Pieces in the Chinese order, each rendered where the previous one ends.
      const walk = (f: number, j: number, start: number, parts: string[]): void => {
        if (f === zt) {
          if (parts.length >= 2) consider(start, j, parts.join(' + '));
          return;
        }
        for (let t = f + 1; t <= Math.min(zt, f + MAX_PIECE_WORDS); t++) {
          if (f === zf && t === zt) continue;
          for (const words of pieceRenderings(f, t)) {
            const next = match(words, j);
            if (next < 0 || (t < zt && en[next - 1]!.breakAfter)) continue;
            walk(t, next, start, [...parts, `${simplified.slice(zh[f]!.start, zh[t - 1]!.end)} / ${words.join(' ')}`]);
          }
        }
      };
      // The whole span's own renderings: a first piece that the TM alone renders as the whole is
      // (儲存 / cell, only ever a piece of 儲存格 / cell; CC-CEDICT has "to store") stands for the
      // whole word, and is no modifier of a composition. A dictionary sense is its own (標籤 / tab
      // in 標籤頁 / tab page).
      const whole = new Set(pieceRenderings(zf, zt).map((w) => w.join(' ')));
      for (let t = zf + 1; t < zt && t <= zf + MAX_PIECE_WORDS; t++) {
        for (const words of pieceRenderings(zf, t)) {
          const r = words.join(' ');
          if (whole.has(r) && !senses(simplified.slice(zh[zf]!.start, zh[t - 1]!.end)).has(r)) continue;
          for (const j of startsOf(words)) {
            const next = match(words, j);
            if (next < 0 || en[next - 1]!.breakAfter) continue;
            walk(t, next, j, [`${simplified.slice(zh[zf]!.start, zh[t - 1]!.end)} / ${words.join(' ')}`]);
          }
        }
      }
      // Head first with "of" or "for", each side one piece or more: legal protection of databases
      // (資料庫 + 法律 保護), liability for damages (損害賠償 + 責任).
      for (let t = zf + 1; t < zt; t++) {
        for (const head of chains(t, zt, starts(t, zt))) {
          const of = head.end;
          const prep = en[of]?.key;
          if (en[of - 1]!.breakAfter || (prep !== 'of' && prep !== 'for') || en[of]!.breakAfter) continue;
          for (const mod of chains(zf, t, [of + 1])) {
            consider(head.start, mod.end, `${head.parts.join(' + ')} ${prep} ${mod.parts.join(' + ')}`, of - 1);
          }
        }
      }
      if (!best) continue;
      const b = best as { from: number; to: number; note: string };
      // A Chinese word written against the span that renders the English's first or last word
      // itself owns that word: the span is cut wrong (儲存|格 + 樣式 / cell style is 儲存格樣式,
      // not 儲存格).
      const owns = (k: number, j: number): boolean => {
        const t = zh[k];
        if (!t || t.kind !== 'han' || (k < zf ? t.end !== zh[zf]!.start : t.start !== zh[zt - 1]!.end)) return false;
        return pieceRenderings(k, k + 1).some((words) => words.length === 1 && wordFits(en[j]!.key, words[0]!, !exactOnly.has(words)));
      };
      if (owns(zt, b.to - 1) || owns(zf - 1, b.from)) continue;
      const zs = zh[zf]!.start;
      const ze = zh[zt - 1]!.end;
      const es = en[b.from]!.start;
      const ee = en[b.to - 1]!.end;
      links.push({
        zh: { text: u.zh.slice(zs, ze), key: simplified.slice(zs, ze), start: zs, end: ze },
        en: { text: u.en.slice(es, ee), key: en.slice(b.from, b.to).map((t) => t.key).join(' '), start: es, end: ee },
        method: 'alignment',
        score: COMPOSED_SCORE,
        unitId: u.id,
        composed: true,
        note: `composed of the document's own renderings: ${b.note}`,
      });
    }
  }
  return links;
}
