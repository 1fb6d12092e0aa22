/**
 * Anchors shared by a Chinese and an English span: numbers, Latin-script tokens and names that
 * appear in both, and quoted spans. They turn a length-only alignment into a reliable one.
 */

export interface Anchored {
  /** Length in UTF-8 bytes (Gale–Church on bytes; the zh/en ratio is estimated per document). */
  bytes: number;
  /** Numbers written in digits, normalised (`10`, `2.0`, `2025`). */
  numbers: string[];
  /**
   * Numbers written in words: Chinese numerals (`三十日`, `第十五條`, an item marker `二、`) and
   * English number words (`three`, `NT$200 million`). A translator may write either way, so these
   * count when they match a number of the other side and never count against a pair.
   */
  softNumbers: string[];
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
  /**
   * The span is a clause that does not end its sentence: the next span continues the sentence.
   * The aligner ends a bead there only where the other side's sentence ends with the clause.
   */
  continues?: boolean;
}

const NUMBER = /\d+(?:[.,]\d+)*/g;
const ZH_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG: Record<string, number> = { 萬: 1e4, 億: 1e8 };
// A Chinese numeral counts as a number when it is ordinal (第…), an item marker (…、), followed by a
// measure word, or more than one character long: a lone 一 is mostly "a", "one" of a phrase (一定, 一般).
const ZH_NUMERAL = /(第)?([〇零一二兩三四五六七八九十百千萬億]+)(、|[條項款目日年月人元次倍歲週周天])?/gu;
const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const EN_SCALE: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const EN_NUMBER_WORDS = new RegExp(`\\b(?:(?:(?:${Object.keys(EN_SMALL).join('|')}|${Object.keys(EN_SCALE).join('|')})(?:[\\s-]+|\\b))+)`, 'giu');

/** The value of a Chinese numeral such as 三十, 二億, 一千萬, 十一, 三百零五; NaN when malformed. */
export function chineseNumeralValue(numeral: string): number {
  // Digit by digit, as years are written: 二〇二五 is 2025.
  if (numeral.length > 1 && [...numeral].every((ch) => ch in ZH_DIGITS)) return Number([...numeral].map((ch) => ZH_DIGITS[ch]).join(''));
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of numeral) {
    if (ch in ZH_DIGITS) {
      if (digit >= 0) section += digit; // 三百零五: 零 separates
      digit = ZH_DIGITS[ch]!;
    } else if (ch in ZH_UNITS) {
      section += (digit < 0 ? 1 : digit) * ZH_UNITS[ch]!;
      digit = -1;
    } else if (ch in ZH_BIG) {
      section += Math.max(digit, 0);
      total += (section === 0 ? 1 : section) * ZH_BIG[ch]!;
      section = 0;
      digit = -1;
    } else return Number.NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** The value of English number words ("three hundred thousand", "eleven"). */
function englishNumberValue(words: string): number {
  let total = 0;
  let current = 0;
  for (const w of words.toLowerCase().split(/[\s-]+/).filter(Boolean)) {
    if (w in EN_SMALL) current += EN_SMALL[w]!;
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in EN_SCALE) {
      total += (current || 1) * EN_SCALE[w]!;
      current = 0;
    }
  }
  return total + current;
}

function softNumbersOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ZH_NUMERAL)) {
    const [, ordinal, numeral, unit] = m;
    if (!ordinal && !unit && numeral!.length < 2) continue;
    if (unit === '、' && m.index > 0 && !/[：:；;。\s]/u.test(text[m.index - 1]!)) continue; // an item marker starts an item
    const value = chineseNumeralValue(numeral!);
    if (Number.isFinite(value)) out.push(String(value));
  }
  for (const m of text.matchAll(EN_NUMBER_WORDS)) {
    const value = englishNumberValue(m[0]);
    if (value > 0 || /zero/i.test(m[0])) out.push(String(value));
  }
  return out;
}
const LATIN_TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[.'’-][A-Za-z0-9]+)*/g;
const ASIDE = /^[(（[【][^()（）[\]【】]*[)）\]】]$/u;
const QUOTED = /[“「『"][^”」』"]{1,80}[”」』"]/g;

export function anchorsOf(raw: string): Anchored {
  // Full-width digits (第１條) are the same numbers as ASCII ones.
  const text = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  // "200 million" is one number, as 二億 is.
  const scaled = text.replace(/\b(\d+(?:\.\d+)?)\s+(million|billion)\b/giu, (_, n: string, scale: string) => String(Number(n) * EN_SCALE[scale.toLowerCase()]!));
  const numbers = (scaled.match(NUMBER) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
  const tokens = (text.match(LATIN_TOKEN) ?? []).map((t) => t.toLowerCase().replace(/[’']s$/, ''));
  return {
    bytes: Buffer.byteLength(raw, 'utf8'),
    numbers,
    softNumbers: softNumbersOf(scaled),
    latin: /\p{Script=Han}/u.test(text) ? tokens : [],
    words: new Set(tokens),
    quotes: (text.match(QUOTED) ?? []).length,
    aside: ASIDE.test(text.trim()),
  };
}

export function mergeAnchors(items: readonly Anchored[]): Anchored {
  if (items.length === 1) return items[0]!;
  const words = new Set<string>();
  for (const i of items) for (const w of i.words) words.add(w);
  return {
    bytes: items.reduce((s, i) => s + i.bytes, 0),
    numbers: items.flatMap((i) => i.numbers),
    softNumbers: items.flatMap((i) => i.softNumbers),
    latin: items.flatMap((i) => i.latin),
    words,
    quotes: items.reduce((s, i) => s + i.quotes, 0),
    aside: items.some((i) => i.aside),
  };
}

/**
 * Evidence that two spans translate each other, from -1 (anchors disagree) to 1 (all agree):
 * numbers in digits must match as multisets (numbers in words may stand for them), Latin tokens of the Han side should appear on the other side.
 */
export function anchorAgreement(a: Anchored, b: Anchored): number {
  let agree = 0;
  let disagree = 0;
  const take = (list: string[], n: string): boolean => {
    const i = list.indexOf(n);
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  };
  const bNumbers = [...b.numbers];
  const aSoft = [...a.softNumbers];
  const bSoft = [...b.softNumbers];
  for (const n of a.numbers) {
    if (take(bNumbers, n) || take(bSoft, n)) agree += 1;
    else disagree += 1;
  }
  for (const n of bNumbers) {
    if (take(aSoft, n)) agree += 1;
    else disagree += 1;
  }
  for (const n of aSoft) if (take(bSoft, n)) agree += 1;
  const latinSide = a.latin.length > 0 ? { han: a, other: b } : { han: b, other: a };
  for (const t of new Set(latinSide.han.latin)) {
    if (latinSide.other.words.has(t)) agree += 1;
    else disagree += 0.5; // a Latin token may be rendered differently (Web3/web3 folded; "Fortune.com" kept)
  }
  if (a.quotes > 0 && b.quotes > 0) agree += 0.5;
  const total = agree + disagree;
  return total === 0 ? 0 : (agree - disagree) / total;
}
