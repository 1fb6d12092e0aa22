/**
 * Sentence segmentation as CAT tools cut (SRX-style defaults, as OmegaT's and Okapi's rules):
 * in Chinese after 。！？ (and ASCII ! ?), but not where a closing quote or bracket follows (OmegaT's
 * Chinese rules: `他說：「好。」然後…` stays one segment); after . ! ? plus white space plus an
 * upper-case (or digit, or quote) start in English, except after abbreviations (U.S., e.g., Mr.),
 * initials and list markers (`1. Introduction`). Never at semicolons, colons or commas.
 * An ASCII full stop written between Chinese words with no space (`資料.這些`, `(udev(7)).在`)
 * ends a sentence; one inside a name, version or path (`systemd.service(5)`, `v2.0`) does not.
 */

export interface Sentence {
  text: string;
  /** UTF-16 offsets in the paragraph, end exclusive. */
  start: number;
  end: number;
}

/** Abbreviations whose period does not end a sentence (compared without the final period, lower case). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'al', 'viz',
  'inc', 'ltd', 'co', 'corp', 'no', 'nos', 'vol', 'vols', 'pp', 'p', 'fig', 'figs', 'ed', 'eds', 'approx', 'dept', 'est',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'gen', 'gov', 'sen', 'rep', 'rev', 'hon', 'capt', 'col', 'lt', 'sgt', 'messrs', 'a.m', 'p.m', 'ph.d', 'u.s', 'u.k', 'u.n', 'e.u',
]);

const CLOSERS = `"'”’」』）)\\]》〉`;
// OmegaT's Chinese rules: no break between 。？！ and a closer (’”"」）』？—), so a closer after them
// keeps the sentence going.
const CJK_END = /[。！？!?]+(?![’”"」）』？—])/gu;
// An ASCII full stop between Chinese text (or a closing bracket or quote after it) and a Han character.
const CJK_ASCII_STOP = /(?<=[\p{Script=Han}」』”）)\]"])\.(?=\p{Script=Han})/gu;
// A list marker before the full stop (`1`, `2.1`, `a`, `iv`): alone in the sentence so far, or
// after a colon or semicolon that opens the list (`the following: 1. …; or 2. …`).
const LIST_MARKER = /(?:^|[:;：；]\s*(?:(?:or|and)\s+)?)\s*(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxIVX]{1,4})$/u;
// A Latin sentence end: terminal punctuation, optional closers, then white space.
const LATIN_END = new RegExp(`[.!?]+[${CLOSERS}]*(?=\\s)`, 'gu');
const NEXT_STARTS_SENTENCE = /^\s+[\p{Lu}\p{Lt}\p{N}"“‘'([\p{Script=Han}]/u;

function endsWithAbbreviation(before: string): boolean {
  // The token right before the period, e.g. "U.S" in "the U.S." or "Mr" in "Mr.".
  const m = /(?:^|[\s(“"'‘])([\p{L}.]+)$/u.exec(before);
  if (!m) return false;
  const token = m[1]!;
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  if (/^\p{Lu}$/u.test(token)) return true; // an initial: "J. Smith"
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return true; // dotted acronyms: "U.S", "e.g"
  return false;
}

/** Cut a paragraph into sentences. `lang` is a BCP 47 tag; Chinese and Japanese use the CJK rules. */
export function segmentSentences(paragraph: string, lang: string): Sentence[] {
  const cuts = new Set<number>();
  const cjk = /^(zh|ja|ko)\b/i.test(lang) || /^(zh|ja)/i.test(lang);
  if (cjk) {
    for (const m of paragraph.matchAll(CJK_END)) {
      const end = m.index + m[0].length;
      // ASCII ! ? inside Chinese text end a sentence like their full-width forms.
      if (end < paragraph.length) cuts.add(end);
    }
    for (const m of paragraph.matchAll(CJK_ASCII_STOP)) cuts.add(m.index + 1);
  }
  for (const m of paragraph.matchAll(LATIN_END)) {
    const end = m.index + m[0].length;
    const after = paragraph.slice(end);
    if (!NEXT_STARTS_SENTENCE.test(after)) continue;
    if (m[0].startsWith('.') && endsWithAbbreviation(paragraph.slice(0, m.index))) continue;
    const lastCut = Math.max(0, ...[...cuts].filter((c) => c <= m.index));
    if (m[0] === '.' && LIST_MARKER.test(paragraph.slice(lastCut, m.index))) continue;
    cuts.add(end);
  }
  const sentences: Sentence[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b).concat(paragraph.length)) {
    if (cut <= start) continue;
    pushTrimmed(sentences, paragraph, start, cut);
    start = cut;
  }
  return sentences;
}

function pushTrimmed(out: Sentence[], paragraph: string, start: number, end: number): void {
  while (start < end && /\s/.test(paragraph[start]!)) start++;
  while (end > start && /\s/.test(paragraph[end - 1]!)) end--;
  if (end > start) out.push({ text: paragraph.slice(start, end), start, end });
}

// An enumerated item's marker: `1.`, `1)`, `(1)`, `(a)`, `(iv)` in Latin text; `一、`, `（一）`, `(1)` in Chinese.
const LATIN_ITEM = String.raw`(?:\d{1,2}[.)](?!\d)|\(\d{1,2}\)|\([a-z]\)|\([ivx]{1,4}\))`;
const ZH_ITEM = String.raw`(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)])`;
const LATIN_CLAUSE_CUT = new RegExp(
  String.raw`[;:]\s+(?:(?:or|and)\s+)?(?=${LATIN_ITEM})|;\s+(?!(?:or|and)\s+${LATIN_ITEM})|,\s+(?=(?:provided|but|except|unless)\b)`,
  'gu',
);
const ZH_CLAUSE_CUT = new RegExp(String.raw`[；;]\s*|[：:]\s*(?=${ZH_ITEM})|[，,]\s*(?=但)`, 'gu');

/**
 * Cut a sentence into clauses where a translator may have ended a sentence instead: after a
 * semicolon, before an enumerated item (`…: 1. …; or 2. …`), before a proviso (`, provided that`,
 * `，但`). The aligner pairs clauses with the other side's sentences only where those end there;
 * otherwise the clauses of a sentence stay together.
 */
export function segmentClauses(sentence: string, lang: string): Sentence[] {
  const cjk = /^(zh|ja)/i.test(lang);
  const pieces: Sentence[] = [];
  let start = 0;
  for (const m of sentence.matchAll(cjk ? ZH_CLAUSE_CUT : LATIN_CLAUSE_CUT)) {
    const cut = m.index + m[0].length;
    if (cut >= sentence.length) continue;
    pushTrimmed(pieces, sentence, start, cut);
    start = cut;
  }
  pushTrimmed(pieces, sentence, start, sentence.length);
  return pieces;
}
