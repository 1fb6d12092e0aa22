/**
 * Precision rules: what is general language or a piece of a word rather than a term. They use
 * general-language statistics that ship with the dependencies (jieba's idf table through the
 * dictionary, jieba's part-of-speech tags) and the corpus itself (the characters around each
 * occurrence), never a list of a document's words.
 */
import { isZhFunctionWord } from '../text/zh-words.js';

/**
 * How general a single Chinese word is, from jieba's inverse document frequency (higher =
 * rarer): `drop` for everyday words that are no term on their own (使用, 規定, 描述), `penalty`
 * to lower the score of common ones, 0 for rare ones. Verbs, adverbs and adjectives
 * (參見 see, 充分 fully) must be rarer than nouns to count as terms (申訴 complain, 重製 reproduce).
 * Names of people, places and bodies (nr, ns, nt) are never general; jieba's other proper
 * nouns (nz) are often everyday words (普通 "ordinary", 中文 "Chinese") and are judged as
 * nouns. `recurring`: the statistics pair the word with one English phrase over several units
 * (監管 / regulatory in a text on regulation).
 */
export function generality(pos: string, idf: number, recurring = false): { drop: boolean; penalty: number } {
  if (/^n[rst]/.test(pos)) return { drop: false, penalty: 0 };
  if (/^(?:v|vd|vi|vg)$/.test(pos) && idf < 8) return { drop: true, penalty: 0 };
  if (/^(?:a|ad|d|c|p|r|t|f|m|q|u|y|z|zg|ag|dg|tg|ug)$/.test(pos) && idf < 10) return { drop: true, penalty: 0 };
  // A common noun the text itself pairs with one translation unit after unit is used as a term here.
  if (idf < 7) return recurring ? { drop: false, penalty: 0.15 } : { drop: true, penalty: 0 };
  if (idf < 8.5) return { drop: false, penalty: 0.1 };
  return { drop: false, penalty: 0 };
}

/** Where a Chinese string occurs in the corpus: the character before and after each occurrence. */
export interface Neighbours {
  left: string[];
  right: string[];
}

/**
 * A piece of a longer word rather than a term (接字 only ever inside 套接字): every occurrence has
 * the same Han character on one side, and that character is no function word (的, 和, 之 ...
 * join words, they do not belong to them). With a single occurrence the corpus cannot tell;
 * then the longer string must be a dictionary word (`isWord`) to call the candidate a fragment.
 */
export function isFragment(key: string, around: Neighbours, isWord: (s: string) => boolean): boolean {
  const n = around.left.length;
  if (n === 0) return false;
  const sameHan = (chars: string[]): string | undefined => {
    const c = chars[0]!;
    if (!/^\p{Script=Han}$/u.test(c) || isZhFunctionWord(c)) return undefined;
    return chars.every((x) => x === c) ? c : undefined;
  };
  const l = sameHan(around.left);
  const r = sameHan(around.right);
  if (n >= 2) return l !== undefined || r !== undefined;
  return (l !== undefined && isWord(l + key)) || (r !== undefined && isWord(key + r));
}

/** A digit, a Chinese numeral or an opening bracket of a number: what numbers a legal reference. */
const NUMBER_EDGE = /^[0-9０-９〇零一二三四五六七八九十百千兩两(（]$/u;

/**
 * A piece of a numbered reference rather than a term (條第 in 第2條第(b)項, 第二條第一項): every
 * occurrence has a number on both sides.
 */
export function betweenNumbers(around: Neighbours): boolean {
  const n = around.left.length;
  return n > 0 && around.left.every((c) => NUMBER_EDGE.test(c)) && around.right.every((c) => NUMBER_EDGE.test(c));
}

/**
 * The words of a numbered reference rather than a term: an ordinal with its unit (第一項, 第三款:
 * Paragraph 1), or a Chinese pair whose English a number follows wherever it occurs (參見 節 /
 * see Section in `see Section 9.6.2`). `after`: the English text right after each occurrence.
 */
export function numberedReference(zhKey: string, after: readonly string[]): boolean {
  if (/^第[0-9０-９〇零一二三四五六七八九十百千两兩]+[条條项項款目章节節编編篇段行页頁]$/u.test(zhKey)) return true;
  return after.length > 0 && /\p{Script=Han}/u.test(zhKey) && after.every((a) => /^\s*[0-9]/.test(a));
}

/**
 * An inline gloss that only numbers or letters a list item, `第3條第(a)項`, `(i)`, `(1)`: a
 * single letter or a Roman numeral, not a term's English.
 */
export function isEnumerator(gloss: string): boolean {
  return /^(?:[A-Za-z]|[ivxlcdm]{1,5}|[IVXLCDM]{1,5})$/.test(gloss.trim());
}

/** A cell, column or item named by letters and digits (A1, B12, E), as a word of its own. */
const IDENTIFIER = /(?<![\p{L}\p{N}])(?:[A-Z]{1,3}[0-9]{1,5}|[A-Z])(?![\p{L}\p{N}])/gu;

/**
 * The pattern of an entry that names one instance of a thing (儲存格 A1 / cell A1, 欄 E / column
 * E): the Chinese with its identifier, which the English repeats, replaced by `#`; undefined when
 * it has none. Entries of one pattern with different identifiers are instances, not terms.
 */
export function instancePattern(zh: string, en: string): { pattern: string; id: string } | undefined {
  const ids = [...zh.matchAll(IDENTIFIER)].map((m) => m[0]);
  if (ids.length !== 1 || !/\p{Script=Han}/u.test(zh)) return undefined;
  const id = ids[0]!;
  if (![...en.matchAll(IDENTIFIER)].some((m) => m[0] === id)) return undefined;
  return { pattern: zh.replace(IDENTIFIER, '#'), id };
}

/** The entries (by index) that are instances: two or more share a pattern with different identifiers. */
export function instances(entries: readonly { zh: string; en: string }[]): Set<number> {
  const byPattern = new Map<string, { i: number; id: string }[]>();
  entries.forEach((e, i) => {
    const p = instancePattern(e.zh, e.en);
    if (p) byPattern.set(p.pattern, [...(byPattern.get(p.pattern) ?? []), { i, id: p.id }]);
  });
  const out = new Set<number>();
  for (const group of byPattern.values()) if (new Set(group.map((g) => g.id)).size >= 2) for (const g of group) out.add(g.i);
  return out;
}

/** Locative particles written after a noun (在儲存格中: in the cell). */
const LOCATIVE_END = /^(.*\p{Script=Han}.*?)[中上内內里裡]$/u;
/** English words that translate a locative: then the particle is rendered, not left over. */
const LOCATIVE_EN = /\b(?:in|on|within|inside|into|onto|upon|at|among|amid|over|above|top|middle)\b/i;

/**
 * The Chinese of an entry without the locative particle it ends with, where the English renders
 * none (儲存格中 / cell: `儲存格`); undefined when it ends with none, when the rest is shorter
 * than two characters (線上, 國內 are words), or when the whole is a word of its own
 * (`isWord`: 基本上, 其中).
 */
export function withoutLocative(zh: string, en: string, isWord: (s: string) => boolean): string | undefined {
  const m = LOCATIVE_END.exec(zh);
  if (!m || LOCATIVE_EN.test(en)) return undefined;
  const rest = m[1]!.trimEnd();
  if ([...rest].length < 2 || isWord(zh)) return undefined;
  return rest;
}
