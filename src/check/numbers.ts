/**
 * Numbers as quantities, so that differently written numbers compare: 10萬億美元 = $10 trillion,
 * 3.5億 = 350 million, 二十 = 20 = twenty, 百分之五 = 5%, 第三 = third = 3rd, 三月 = March; vague
 * amounts keep only their magnitude (數百 / 幾百 = hundreds = a few hundred = several hundred).
 * The value 1 is left out on both sides: 一 and "a"/"one" are articles as often as numbers.
 */

export interface Quantity {
  value: number;
  /** A vague amount of this magnitude ("hundreds"): `value` is the magnitude (100). */
  vague: boolean;
  /** Written with digits (a digit added in a translation is a change, a word may be an article). */
  digits: boolean;
  /** A word that may render a number but needs none on the other side (both ~ 兩, yet 都 says both too). */
  optional?: boolean;
  /**
   * The number of a list item (二、 （三） at the start of a clause; 2. or (3) opening an English
   * item): a translation may drop or restyle the numbering, so it is compared only with the
   * other side's list numbers.
   */
  list?: boolean;
  /** A dotted label (9.7.3): compared as written; `value` is NaN. */
  label?: string;
  start: number;
  end: number;
  text: string;
}

const ZH_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 兩: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const ZH_BIG_UNIT: Record<string, number> = { 萬: 1e4, 万: 1e4, 億: 1e8, 亿: 1e8, 兆: 1e12 };
const ZH_NUMERAL = '零〇一二兩两三四五六七八九十拾百佰千仟萬万億亿兆';
const ZH_MULTIPLIER = '十拾百佰千仟萬万億亿兆';
/**
 * Measure words and units after which a numeral written in characters is a number (三家公司,
 * 五年, 兩個): without one, characters such as 一 and 十 are as often parts of words (一直, 十分).
 */
const ZH_COUNTED = '個个位名人家年月日號号天週周次倍歲岁項项條条種种隻只份元塊块美圓圆角國国座所間间台輛辆張张本頁页章篇場场屆届期層层段點点公英米里噸吨克秒小世季輪轮股例票款節节成多餘余來来';

function toHalfWidth(text: string): string {
  // Full-width digits and signs have one-character half-width forms, so offsets stay.
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Value of a numeral written in characters (二十三, 三千五百, 兩萬, 一九八九), or undefined. */
export function parseChineseNumeral(s: string): number | undefined {
  if (s.length === 0) return undefined;
  // Digit by digit (一九八九, 二〇二五): no unit character at all.
  if (![...s].some((c) => c in ZH_SMALL_UNIT || c in ZH_BIG_UNIT)) {
    if (s.length === 1) return ZH_DIGIT[s];
    let v = 0;
    for (const c of s) {
      const d = ZH_DIGIT[c];
      if (d === undefined) return undefined;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of s) {
    if (c in ZH_DIGIT) digit = ZH_DIGIT[c]!;
    else if (c in ZH_SMALL_UNIT) {
      section += (digit ?? 1) * ZH_SMALL_UNIT[c]!;
      digit = undefined;
    } else if (c in ZH_BIG_UNIT) {
      const unit = ZH_BIG_UNIT[c]!;
      const part = section + (digit ?? 0);
      // 萬億: a big unit after a big unit multiplies what came before.
      total = part === 0 && total > 0 ? total * unit : (total + (part === 0 ? 1 : part)) * unit;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

function multiplierProduct(s: string): number {
  let v = 1;
  for (const c of s) v *= ZH_SMALL_UNIT[c] ?? ZH_BIG_UNIT[c] ?? 1;
  return v;
}

/** A match of a quantity pattern: its named groups, its span, and the characters either side. */
interface NumberMatch {
  g: Record<string, string | undefined>;
  start: number;
  end: number;
  before: string;
  after: string;
}

/** The matches of `re` in `t` (the half-width copy of the text: the same offsets). */
function* matchesIn(t: string, re: RegExp): Generator<NumberMatch> {
  for (const m of t.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    yield { g: m.groups!, start, end, before: t[start - 1] ?? '', after: t[end] ?? '' };
  }
}

/** Record the quantity `value` written at [start, end) of `text`, unless it is 1 or not a finite number. */
function addQuantity(out: Quantity[], text: string, value: number, vague: boolean, digits: boolean, start: number, end: number): void {
  if (Number.isFinite(value) && value !== 1) out.push({ value, vague, digits, start, end, text: text.slice(start, end) });
}

const ARABIC = String.raw`\d+(?:,\d{3})*(?:\.\d+)?|\.\d+`;

/** Quantities in Chinese text. */
export function chineseQuantities(text: string): Quantity[] {
  const t = toHalfWidth(text);
  const out: Quantity[] = [];
  const re = new RegExp(
    [
      `(?<pct>百分之)(?<pctnum>${ARABIC}|[${ZH_NUMERAL}點点]+)`,
      `(?<vague>[數数幾几]|上|成)(?<vmul>[${ZH_MULTIPLIER}]+)`,
      `(?<arabic>${ARABIC})(?<amul>[${ZH_MULTIPLIER}]*)`,
      `(?<zh>[${ZH_NUMERAL}]+(?:[點点][零〇一二三四五六七八九]+)?)`,
    ].join('|'),
    'gu',
  );
  for (const { g, start, end, before, after } of matchesIn(t, re)) {
    const push = (value: number, vague: boolean, digits: boolean): void => addQuantity(out, text, value, vague, digits, start, end);
    if (g.pct !== undefined) {
      const n = g.pctnum!;
      const v = /\d/.test(n) ? Number(n.replace(/,/g, '')) : parseZhDecimal(n);
      if (v !== undefined) push(v, false, false);
    } else if (g.vague !== undefined) {
      // 上 and 成 only before 百/千/萬 (上百 = hundreds, 成千 = thousands), never 上十 (on the tenth).
      if ((g.vague === '上' || g.vague === '成') && !/^[百千萬万億亿]/.test(g.vmul!)) continue;
      push(multiplierProduct(g.vmul!), true, false);
    } else if (g.arabic !== undefined) {
      // Digits inside a Latin-script name or code (Web3, G20, 5G) are part of the name.
      if (/[A-Za-z]/.test(before) || /[A-Za-z]/.test(after) && g.amul === '') continue;
      push(Number(g.arabic.replace(/,/g, '')) * multiplierProduct(g.amul!), false, true);
    } else if (g.zh !== undefined) {
      const s = g.zh;
      // Ordinals (第三) and counted numerals (三家, 二十年) are numbers; a numeral of several
      // characters with a unit (二十, 三千五百) too; lone characters elsewhere are parts of words.
      // A list item's number: 二、 or （二） opening the text or a clause.
      const head = t.slice(0, start);
      const list = (after === '、' && /(?:^|[：:；;。，,\s])$/.test(head)) || (/[（(]$/.test(head) && /^[）)]/.test(after));
      // A sub-article (第十一條之二: Article 11-2) is numbered as an article is.
      const counted = ZH_COUNTED.includes(after) || before === '第' || (before === '之' && /[條条項项款目]$/.test(t.slice(0, start - 1)));
      if (list) {
        const v = parseChineseNumeral(s);
        if (v !== undefined && v !== 1) out.push({ value: v, vague: false, digits: false, list: true, start, end, text: text.slice(start, end) });
        continue;
      }
      // A number base names a notation, not a count (十六進制 hexadecimal, 二進制 binary).
      if (/^[進进]制/.test(t.slice(end))) continue;
      const compound = [...s].length >= 2 && [...s].some((c) => c in ZH_DIGIT) && !/^[萬万千]萬|^[千萬万億亿]+$/.test(s);
      if (!counted && !compound) continue;
      if (/^[十百千萬万億亿]+$/.test(s) && !counted) continue;
      const v = parseZhDecimal(s);
      if (v === undefined) continue;
      // The count of the items a clause announces before its colon (在下列兩種情況下：, 由兩個服務…：):
      // the items follow, and a translation may list them without the count.
      if (before !== '第' && /^[^。；;，,！？!?]*[：:]/.test(t.slice(end))) {
        if (v !== 1) out.push({ value: v, vague: false, digits: false, optional: true, start, end, text: text.slice(start, end) });
        continue;
      }
      push(v, false, false);
    }
  }
  return out;
}

function parseZhDecimal(s: string): number | undefined {
  const [whole, frac] = s.split(/[點点]/);
  const w = parseChineseNumeral(whole!);
  if (w === undefined) return undefined;
  if (frac === undefined) return w;
  const f = [...frac].map((c) => ZH_DIGIT[c]).join('');
  return Number(`${w}.${f}`);
}

const EN_UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const EN_ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, twentieth: 20, thirtieth: 30, hundredth: 100,
};
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const EN_SCALE_ABBR: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, b: 1e9, tn: 1e12, t: 1e12 };
const COUNTED_WORDS: Record<string, number> = { decade: 10, dozen: 12, twice: 2, double: 2, doubled: 2, triple: 3, tripled: 3, century: 100, both: 2, pair: 2, couple: 2 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const EN_WORD_NUMBER = `(?:${Object.keys(EN_UNITS).join('|')})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?`;
const EN_SCALE = `(?:${Object.keys(EN_SCALES).join('|')})`;

/** Quantities in English (and other Latin-script) text. */
export function englishQuantities(text: string): Quantity[] {
  const t = toHalfWidth(text);
  const out: Quantity[] = [];
  const re = new RegExp(
    [
      // Vague amounts: hundreds, tens of thousands, a few hundred, several million, dozens.
      String.raw`\b(?<vq>(?:a\s+few|several|a\s+couple(?:\s+of)?|some|many)\s+)?(?<vscale>hundreds|thousands|millions|billions|trillions|dozens)(?:\s+of\s+(?<vof>thousands|millions|billions))?\b`,
      String.raw`\b(?<fewq>a\s+few|several|a\s+couple(?:\s+of)?)\s+(?<fewscale>hundred|thousand|million|billion|trillion|dozen)\b`,
      String.raw`(?<digits>${ARABIC})(?:\s*(?<dscale>${EN_SCALE}(?:\s+${EN_SCALE})?)\b|(?<dabbr>k|mn|m|bn|b|tn|t)\b|(?<ord>st|nd|rd|th)\b)?`,
      String.raw`\b(?<words>(?:a\s+)?(?:${EN_WORD_NUMBER}|a)(?:\s+(?:${EN_SCALE}|and|${EN_WORD_NUMBER}))*)\b`,
      String.raw`\b(?<ordinal>${Object.keys(EN_ORDINALS).join('|')})\b`,
      // Words that hold a number: a decade (十年), a dozen, twice (兩倍), decades (數十年), both (兩位).
      String.raw`\b(?<counted>decades?|dozen|twice|double|doubled|triple|tripled|century|centuries|both|pair|couple)\b`,
      String.raw`\b(?<month>${MONTHS.join('|')})\b`,
    ].join('|'),
    'giu',
  );
  for (const match of matchesIn(t, re)) {
    const { g, start, before, after } = match;
    let end = match.end;
    const push = (value: number, vague: boolean, digits: boolean): void => addQuantity(out, text, value, vague, digits, start, end);
    if (g.vscale !== undefined) {
      const base = g.vscale.toLowerCase() === 'dozens' ? 10 : EN_SCALES[g.vscale.toLowerCase().replace(/s$/, '')]!;
      push(base * (g.vof ? EN_SCALES[g.vof.toLowerCase().replace(/s$/, '')]! : 1), true, false);
    } else if (g.fewscale !== undefined) {
      const s = g.fewscale.toLowerCase();
      push(s === 'dozen' ? 10 : EN_SCALES[s]!, true, false);
    } else if (g.digits !== undefined) {
      // Quarters and halves of a year (Q2, H1) render 第二季度 / 上半年 but need no number.
      if (/^[QH]$/.test(before) && /^[1-4]$/.test(g.digits) && !/[A-Za-z0-9]/.test(t[start - 2] ?? '') && !/[A-Za-z0-9]/.test(after)) {
        out.push({ value: Number(g.digits), vague: false, digits: false, optional: true, start: start - 1, end, text: text.slice(start - 1, end) });
        continue;
      }
      if (/[A-Za-z]/.test(before) || (/[A-Za-z]/.test(after) && !g.dscale && !g.dabbr && !g.ord)) continue;
      // A list item's number: "2." or "2)" opening the text or a clause, "(2)".
      const head = t.slice(0, start);
      if (/^\d+$/.test(g.digits) && ((/^[.)]/.test(after) && /(?:^\s*|[:;]\s*)$/.test(head) && /^[.)]\s*\p{L}/u.test(t.slice(match.end))) || (/\($/.test(head) && after === ')'))) {
        const v = Number(g.digits);
        if (v !== 1) out.push({ value: v, vague: false, digits: true, list: true, start, end, text: text.slice(start, end) });
        continue;
      }
      let v = Number(g.digits.replace(/,/g, ''));
      if (g.dscale) for (const s of g.dscale.toLowerCase().split(/\s+/)) v *= EN_SCALES[s]!;
      if (g.dabbr) v *= EN_SCALE_ABBR[g.dabbr.toLowerCase()]!;
      push(v, false, true);
    } else if (g.words !== undefined) {
      const words = g.words.toLowerCase().split(/[\s-]+/).filter((w) => w !== 'and');
      // "a" alone is an article; "a hundred" is 100.
      if (words.every((w) => w === 'a')) continue;
      if (words[words.length - 1] === 'a') {
        words.pop();
        end -= 1;
        while (/\s/.test(t[end - 1] ?? '')) end--;
      }
      if (words.length === 0 || words.every((w) => w === 'a')) continue;
      push(parseEnglishWords(words), false, false);
    } else if (g.ordinal !== undefined) {
      // "second" is as often a unit of time or "another" as an ordinal: it may render 第二, never needs a 2.
      if (g.ordinal.toLowerCase() === 'second') {
        out.push({ value: 2, vague: false, digits: false, optional: true, start, end, text: text.slice(start, end) });
        continue;
      }
      push(EN_ORDINALS[g.ordinal.toLowerCase()]!, false, false);
    } else if (g.counted !== undefined) {
      const w = g.counted.toLowerCase();
      if (w === 'decades' || w === 'centuries') push(w === 'decades' ? 10 : 100, true, false);
      else if (w === 'both' || w === 'pair' || w === 'couple') out.push({ value: 2, vague: false, digits: false, optional: true, start, end, text: text.slice(start, end) });
      else push(COUNTED_WORDS[w]!, false, false);
    } else if (g.month !== undefined) {
      // Months only when written with the capital (may, march are also words).
      if (!/^[A-Z]/.test(g.month)) continue;
      if (g.month === 'May' && !/^\s*\d/.test(t.slice(end))) continue;
      push(MONTHS.indexOf(g.month) + 1, false, false);
    }
  }
  return out;
}

function parseEnglishWords(words: string[]): number {
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w === 'a') current = Math.max(current, 1);
    else if (w in EN_UNITS) current += EN_UNITS[w]!;
    else if (w.includes('-')) current += w.split('-').reduce((s, p) => s + (EN_UNITS[p] ?? 0), 0);
    else if (w === 'hundred') current = Math.max(current, 1) * 100;
    else if (w in EN_SCALES) {
      total += Math.max(current, 1) * EN_SCALES[w]!;
      current = 0;
    }
  }
  return total + current;
}

/**
 * A dotted label of three numbers or more: a version, a section, an address (9.7.3, 1.2.10,
 * 192.168.0.1); or three hexadecimal groups or more joined by colons: a hardware or IPv6 address
 * (00:1B:44:11:3A:B7, fe80::1:2), whose 1B is no billion.
 */
const DOTTED_LABEL = /(?<![\d.])\d+(?:\.\d+){2,}(?![\d]|\.\d)|(?<![0-9A-Fa-f:])[0-9A-Fa-f]{1,4}(?::{1,2}[0-9A-Fa-f]{1,4}){2,}(?![0-9A-Fa-f:])/g;

export function quantities(text: string, lang: string): Quantity[] {
  // A dotted label is one identifier, compared as written, not two decimals (9.7 and 0.3).
  const labels: Quantity[] = [];
  const masked = text.replace(DOTTED_LABEL, (m, at: number) => {
    labels.push({ value: Number.NaN, label: m, vague: false, digits: true, start: at, end: at + m.length, text: m });
    return ' '.repeat(m.length);
  });
  const found = /^(?:zh|ja|yue|wuu|lzh)\b/i.test(lang) ? chineseQuantities(masked) : englishQuantities(masked);
  return labels.length === 0 ? found : [...found, ...labels].sort((a, b) => a.start - b.start);
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);
}

/** True when quantity `a` (one side) is expressed by `b` (other side). */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.label !== undefined || b.label !== undefined) return a.label === b.label;
  if (a.vague && b.vague) return close(a.value, b.value);
  // A vague amount matches an exact number of its magnitude (數百 ~ 300), never the other way
  // round for a number written with digits (200 is not "hundreds").
  if (a.vague) return !b.vague && b.value >= a.value && b.value < a.value * 10 && !b.digits;
  if (b.vague) return a.value >= b.value && a.value < b.value * 10 && !a.digits;
  return close(a.value, b.value);
}
