/**
 * Chinese word segmentation for term candidates. `@node-rs/jieba` over the Simplified form of the
 * text (OpenCC keeps the length, so offsets map straight back to the text as written): on the
 * essay it keeps 人工智能, 金融机构, 行政命令 whole where `Intl.Segmenter` splits 人工|智能 and
 * 扼|喉 (see scripts/eval.ts for the measured comparison). Terms are character spans; the
 * segmentation only gives their possible boundaries.
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';
import { toSimplified } from './fold.js';
import { jiebaForTexts } from './jieba-subset.js';

export type ZhTokenKind = 'han' | 'latin' | 'number' | 'other';

export interface ZhToken {
  /** As written (original script). */
  text: string;
  /** Simplified, lower case: the key to compare and look up. */
  key: string;
  start: number;
  end: number;
  kind: ZhTokenKind;
  /** jieba's part-of-speech tag (ICTCLAS set: n noun, nr/ns/nt/nz names, vn verbal noun, v verb, x unknown...). */
  pos: string;
}

const require = createRequire(import.meta.url);
let jieba: JiebaType | undefined;

function getJieba(): JiebaType {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array; idf: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** Above this many characters the whole dictionary loads faster than finding the text's words. */
const SUBSET_LIMIT = 10_000;
let prepared: { texts: Set<string>; simplified: Map<string, string>; jieba: JiebaType; lower?: string } | undefined;

/**
 * Before segmenting a few short texts (one document's ingest), build jieba with only the words
 * that occur in them (src/text/jieba-subset.ts: the same cuts, at a fraction of the cost of
 * loading the whole dictionary). Texts not prepared, or larger inputs, use the whole dictionary.
 */
export function prepareSegmenter(texts: readonly string[]): void {
  if (jieba) return;
  const simplified = texts.map(toSimplified);
  if (simplified.reduce((n, t) => n + t.length, 0) > SUBSET_LIMIT) return;
  prepared = { texts: new Set(simplified), simplified: new Map(texts.map((t, i) => [t, simplified[i]!])), jieba: jiebaForTexts(simplified) };
}

function kindOf(token: string): ZhTokenKind {
  if (/\p{Script=Han}/u.test(token)) return 'han';
  if (/^[\p{N}.,%]+$/u.test(token)) return 'number';
  if (/^[\p{L}\p{N}]/u.test(token)) return 'latin';
  return 'other';
}

const LEADING_PARTICLES: ReadonlySet<string> = new Set(['了', '的', '着', '在', '是', '和', '与', '把', '被', '对']);
const LOCATIVE_TAGS: ReadonlySet<string> = new Set(['中', '上', '内', '里']);
/** Conjunctions between two words: never inside a word jieba does not know. */
const JOINERS = /[和与及或]/u;
/**
 * Locatives that follow a noun (在表格中, 在尺规上), and modals and particles that follow a
 * word (儲存格會, 的): never the end of a word jieba does not know.
 */
const TRAILING_LOCATIVES: ReadonlySet<string> = new Set(['中', '上', '内', '里', '会', '能', '应', '将', '的', '了', '是', '在', '被', '把']);

/** Whether this process has loaded jieba's whole dictionary (a short ingest needs only a subset). */
export function wholeDictionaryLoaded(): boolean {
  return jieba !== undefined;
}

/** Segment Chinese text into tokens with offsets into the text as written. */
export function segmentChinese(text: string): ZhToken[] {
  const simplified = prepared?.simplified.get(text) ?? toSimplified(text);
  return segmentWith(prepared?.texts.has(simplified) ? prepared.jieba : getJieba(), text, simplified);
}

/**
 * Segment a piece of a text prepared with prepareSegmenter (a term's key): its words are all in
 * the prepared subset, so the subset cuts it as the whole dictionary would, without loading the
 * whole dictionary (about 65 MB) for a short ingest. Any other text: segmentChinese.
 */
export function segmentChinesePiece(text: string): ZhToken[] {
  if (prepared && !jieba && !text.includes('\n')) {
    const simplified = toSimplified(text);
    // Keys are lower case: compared with the texts in lower case.
    prepared.lower ??= [...prepared.texts].join('\n').toLowerCase();
    if (prepared.lower.includes(simplified.toLowerCase())) return segmentWith(prepared.jieba, text, simplified);
  }
  return segmentChinese(text);
}

function segmentWith(cutter: JiebaType, text: string, simplified: string): ZhToken[] {
  const tagged = cutter.tag(simplified, true);
  const tokens: ZhToken[] = [];
  let pos = 0;
  for (const { word: w, tag } of tagged) {
    // jieba returns the input cut into pieces; should it ever skip something, resynchronise.
    let at = simplified.startsWith(w, pos) ? pos : simplified.indexOf(w, pos);
    if (at < 0) at = pos;
    const end = at + w.length;
    if (w.trim().length > 0) {
      // jieba's HMM glues a particle to an unknown word that follows it (了|幣安 → 了幣安): split it off.
      if (tag === 'x' && w.length >= 3 && LEADING_PARTICLES.has(w[0]!) && /^\p{Script=Han}+$/u.test(w)) {
        tokens.push({ text: text.slice(at, at + 1), key: w[0]!, start: at, end: at + 1, kind: 'han', pos: 'u' });
        tokens.push({ text: text.slice(at + 1, end), key: w.slice(1), start: at + 1, end, kind: 'han', pos: 'x' });
      } else if (tag === 'x' && w.length >= 3 && /^\p{Script=Han}+$/u.test(w) && JOINERS.test(w.slice(1, -1))) {
        // And a conjunction between two pieces of words it does not know (页|首和页|尾: 頁首和頁尾).
        const j = 1 + w.slice(1, -1).search(JOINERS);
        tokens.push({ text: text.slice(at, at + j), key: w.slice(0, j), start: at, end: at + j, kind: 'han', pos: 'x' });
        tokens.push({ text: text.slice(at + j, at + j + 1), key: w[j]!, start: at + j, end: at + j + 1, kind: 'han', pos: 'c' });
        tokens.push({ text: text.slice(at + j + 1, end), key: w.slice(j + 1), start: at + j + 1, end, kind: 'han', pos: 'x' });
      } else if (tag === 'x' && w.length >= 2 && TRAILING_LOCATIVES.has(w[w.length - 1]!) && /^\p{Script=Han}+$/u.test(w)) {
        // And a locative, modal or particle to an unknown word before it (目录|树中 → 树|中,
        // 尺规上 → 尺规|上, 储存|格会 → 格|会).
        tokens.push({ text: text.slice(at, end - 1), key: w.slice(0, -1), start: at, end: end - 1, kind: 'han', pos: 'x' });
        tokens.push({ text: text.slice(end - 1, end), key: w[w.length - 1]!, start: end - 1, end, kind: 'han', pos: LOCATIVE_TAGS.has(w[w.length - 1]!) ? 'f' : 'u' });
      } else {
        tokens.push({ text: text.slice(at, end), key: w.normalize('NFKC').toLowerCase(), start: at, end, kind: kindOf(w), pos: tag });
      }
    }
    pos = end;
  }
  return mergeLatinRuns(text, tokens);
}

/**
 * Latin-script words inside Chinese separated only by spaces, dots or hyphens form one name:
 * `Prime Intellect`, `Fortune.com`, `Web3`.
 */
function mergeLatinRuns(text: string, tokens: ZhToken[]): ZhToken[] {
  const out: ZhToken[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev && (prev.kind === 'latin' || prev.kind === 'number') && (t.kind === 'latin' || t.kind === 'number') && /^[ .-]?$/.test(text.slice(prev.end, t.start))) {
      prev.end = t.end;
      prev.text = text.slice(prev.start, prev.end);
      prev.key = prev.text.normalize('NFKC').toLowerCase();
      if (t.kind === 'latin') prev.kind = 'latin';
      continue;
    }
    if (prev && prev.kind === 'latin' && t.kind === 'other' && t.text === '.' ) {
      // A dot inside a Latin name (Fortune.com) is joined once the next token shows it is one.
      out.push(t);
      continue;
    }
    if (t.kind === 'latin' && out.length >= 2) {
      const dot = out[out.length - 1]!;
      const before = out[out.length - 2]!;
      if (dot.text === '.' && before.kind === 'latin' && dot.start === before.end && t.start === dot.end) {
        out.pop();
        before.end = t.end;
        before.text = text.slice(before.start, before.end);
        before.key = before.text.normalize('NFKC').toLowerCase();
        continue;
      }
    }
    out.push({ ...t });
  }
  return out;
}

/** Function words and particles: a Chinese candidate never starts or ends with one. */
const ZH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `的 了 和 与 及 或 在 是 为 被 把 将 对 向 从 以 于 等 也 都 而 并 就 还 又 再 更 最 很 已 已经 但 却 所 之 其 这 那 这个 那个 这些 那些 这种
  一个 一种 一些 我们 他们 她们 它们 你们 我 你 他 她 它 们 着 过 吗 呢 吧 啊 地 得 个 上 下 中 内 外 时 后 前 来 能 会 要 可 可以 让 使 给 由 因 因为 所以
  如果 虽然 尽管 不 没有 没 无 非 仅 只 只有 有 其他 任何 所有 每 各 该 此 如 如何 什么 怎么 为什么 通过 随着 包括 正在 正 目前 如今 同时 甚至 而是 不仅 还是 无论 最终 进一步
  个人 方面 这里 那里 之一 等等 以及 比 均 仍 仍然 即 及其 乃至 例如 比如 像 当 当时 自己 本 本文 新 多 少 大 小`.split(/\s+/).filter((w) => w.length > 0),
);

/** Particles that mark phrase structure: a term never holds one inside (後面的全部區塊 is no term). */
const STRUCTURAL_PARTICLES: ReadonlySet<string> = new Set(['的', '了', '着', '地', '得', '和', '与', '或', '及']);

export function isZhFunctionWord(key: string): boolean {
  return ZH_FUNCTION_WORDS.has(key);
}

/**
 * Whether a part-of-speech tag can head a term: nouns and names (n, nr, ns, nt, nz), verbal nouns
 * (vn), abbreviations (j), Latin words (eng) and words jieba does not know (x: new coinages such as
 * 算力). Verbs, adverbs, adjectives and particles are general language.
 */
export function isNounLike(pos: string): boolean {
  return /^(?:n\w*|vn|j|eng|x|l)$/.test(pos);
}

/** Whether a tag can modify inside a term: noun-like, distinguishing words (b: 公共), adjectives. */
export function isModifierLike(pos: string): boolean {
  return isNounLike(pos) || /^(?:b|a|an|vn|i|m)$/.test(pos);
}

export interface ZhCandidate {
  text: string;
  /** Simplified, lower case. */
  key: string;
  start: number;
  end: number;
  /** Number of tokens joined. */
  tokens: number;
  /** Shaped like a term: a noun-like last word, modifier-like words before it (see isNounLike). */
  termLike: boolean;
}

/**
 * Candidate terms of one Chinese text: runs of 1..maxTokens Han tokens (2..12 characters) that
 * neither start nor end with a function word, and every Latin-script name on its own.
 */
export function chineseCandidates(text: string, maxTokens = 4, tokens: ZhToken[] = segmentChinese(text)): ZhCandidate[] {
  const out: ZhCandidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]!;
    if (first.kind === 'latin') {
      out.push({ text: first.text, key: first.key, start: first.start, end: first.end, tokens: 1, termLike: true });
      continue;
    }
    if (first.kind !== 'han' || isZhFunctionWord(first.key)) continue;
    for (let j = i; j < tokens.length && j - i < maxTokens; j++) {
      const t = tokens[j]!;
      if (t.kind !== 'han' || STRUCTURAL_PARTICLES.has(t.key)) break;
      if (j > i && t.start !== tokens[j - 1]!.end) break;
      const len = t.end - first.start;
      if (len > 12) break;
      if (isZhFunctionWord(t.key) || len < 2) continue;
      const span = text.slice(first.start, t.end);
      const termLike = isNounLike(t.pos) && tokens.slice(i, j).every((m) => isModifierLike(m.pos));
      out.push({ text: span, key: toSimplified(span), start: first.start, end: t.end, tokens: j - i + 1, termLike });
    }
  }
  return out;
}
