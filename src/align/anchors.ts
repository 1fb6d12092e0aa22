/**
 * Anchors shared by a Chinese and an English span: numbers, Latin-script tokens and names that
 * appear in both, and quoted spans. They turn a length-only alignment into a reliable one.
 */

export interface Anchored {
  /** Length in UTF-8 bytes (Gale–Church on bytes: zh/en ratio ~1.0–1.25, RESEARCH.md). */
  bytes: number;
  /** Numbers, normalised (`10`, `2.0`, `2025`). */
  numbers: string[];
  /** Latin-script tokens, lower case (`ai`, `sec`, `deepseek`), for the side written in Han. */
  latin: string[];
  /** Lower-case word set of the whole span, for finding the other side's Latin tokens. */
  words: Set<string>;
  /** Count of quoted spans (“…”, 「…」, "…"). */
  quotes: number;
  /**
   * The span is wholly a bracketed remark, such as a source line `(財富中文網)` or `(Reuters)`:
   * it pairs only with a bracketed remark of the other side, never merged into a sentence.
   */
  aside: boolean;
  /** The paragraph the span belongs to, when aligning sentences: merges across paragraphs are costly. */
  paragraph?: number;
}

const NUMBER = /\d+(?:[.,]\d+)*/g;
const LATIN_TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[.'’-][A-Za-z0-9]+)*/g;
const ASIDE = /^[(（[【][^()（）[\]【】]*[)）\]】]$/u;
const QUOTED = /[“「『"][^”」』"]{1,80}[”」』"]/g;

export function anchorsOf(text: string): Anchored {
  const numbers = (text.match(NUMBER) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
  const tokens = (text.match(LATIN_TOKEN) ?? []).map((t) => t.toLowerCase().replace(/[’']s$/, ''));
  return {
    bytes: Buffer.byteLength(text, 'utf8'),
    numbers,
    latin: /\p{Script=Han}/u.test(text) ? tokens : [],
    words: new Set(tokens),
    quotes: (text.match(QUOTED) ?? []).length,
    aside: ASIDE.test(text.trim()),
  };
}

export function mergeAnchors(items: readonly Anchored[]): Anchored {
  const words = new Set<string>();
  for (const i of items) for (const w of i.words) words.add(w);
  return {
    bytes: items.reduce((s, i) => s + i.bytes, 0),
    numbers: items.flatMap((i) => i.numbers),
    latin: items.flatMap((i) => i.latin),
    words,
    quotes: items.reduce((s, i) => s + i.quotes, 0),
    aside: items.some((i) => i.aside),
  };
}

/**
 * Evidence that two spans translate each other, from -1 (anchors disagree) to 1 (all agree):
 * numbers must match as multisets, Latin tokens of the Han side should appear on the other side.
 */
export function anchorAgreement(a: Anchored, b: Anchored): number {
  let agree = 0;
  let disagree = 0;
  const bNumbers = [...b.numbers];
  for (const n of a.numbers) {
    const i = bNumbers.indexOf(n);
    if (i >= 0) {
      agree += 1;
      bNumbers.splice(i, 1);
    } else disagree += 1;
  }
  disagree += bNumbers.length;
  const latinSide = a.latin.length > 0 ? { han: a, other: b } : { han: b, other: a };
  for (const t of new Set(latinSide.han.latin)) {
    if (latinSide.other.words.has(t)) agree += 1;
    else disagree += 0.5; // a Latin token may be rendered differently (Web3/web3 folded; "Fortune.com" kept)
  }
  if (a.quotes > 0 && b.quotes > 0) agree += 0.5;
  const total = agree + disagree;
  return total === 0 ? 0 : (agree - disagree) / total;
}
