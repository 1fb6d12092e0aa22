/**
 * The segments a CAT tool cuts from a plain-text file, so that the TM holds units it can look up.
 *
 * A CAT tool reads a plain-text file paragraph by paragraph, a paragraph being the lines between
 * two blank lines, joined by their line breaks (OmegaT's text filter by default; Markdown and
 * hard-wrapped text are written that way). It then cuts each paragraph with SRX rules: the
 * language's rules, then the default ones, then the text-file rule, in cascade; at each position
 * the first rule that matches decides (break or no break). The rules below are the defaults
 * OmegaT ships (the Chinese, English, Default and Text rule sets). With them:
 * - in Chinese a segment ends after 。？！ unless a closing quote or bracket follows, never after
 *   an ASCII full stop or comma (`資料.這些` stays one segment);
 * - a line that ends without such a stop (a heading, a list item, a line ending in `：` or a
 *   hard-wrapped line) runs on into the next line: the segment holds the line break;
 * - in English after . ? ! and white space, except after common abbreviations;
 * - a line starting with spaces starts a segment.
 * In SRX the pattern `.` matches any character, line breaks included (OmegaT's behaviour: a 。 at
 * the end of a line ends the segment).
 */

interface SrxRule {
  /** True for a break rule, false for an exception. */
  brk: boolean;
  /** Matches text ending at the position (a lookbehind). */
  before: RegExp;
  /** Matches text starting at the position. */
  after: RegExp;
}

// Java's \s (the SRX rules are Java regular expressions): ASCII white space only.
const S = String.raw`[ \t\n\x0B\f\r]`;

function rule(brk: boolean, before: string, after: string): SrxRule {
  const j = (p: string): string => p.replaceAll(String.raw`\s`, S);
  return { brk, before: new RegExp(`(?<=${j(before)})`, 'suy'), after: new RegExp(j(after), 'suy') };
}

const CHINESE: SrxRule[] = [
  rule(false, '[。？！—]', '[’”"」）』？—]'),
  rule(false, '[、,.．]', '.'),
  rule(true, '[。？！]', '.'),
];

const ENGLISH: SrxRule[] = [
  rule(false, String.raw`etc\.`, String.raw`\s+\P{Lu}`),
  ...[String.raw`Dr\.`, String.raw`U\.K\.`, String.raw`M\.`, String.raw`Mr\.`, String.raw`Mrs\.`, String.raw`Ms\.`, String.raw`Prof\.`,
    String.raw`[eE]\.[gG]\.`, String.raw`[iI]\.[eE]\.`, String.raw`resp\.`, String.raw`\stel\.`, String.raw`[fF][iI][gG]\.`, String.raw`St\.`,
    String.raw`\s[A-Z]\.`, String.raw`Mt\.`, String.raw`[Aa]pprox\.`, String.raw`\d\smi?n\.`, String.raw`\d\ssec\.`, String.raw`\s[vV][sS]?\.`,
  ].map((before) => rule(false, before, String.raw`\s`)),
  rule(false, String.raw`[apAP]\.?[mM]\.`, String.raw`\s[a-z]`),
  rule(false, String.raw`No\.`, String.raw`\s\d`),
];

const DEFAULT: SrxRule[] = [
  rule(false, String.raw`\.\.\.`, String.raw`\s+\P{Lu}`),
  // A numbered heading (`1.2 Title`) at the start of the paragraph.
  rule(true, String.raw`^\s*\p{Nd}+[\p{Nd}.)\]]+\s+`, String.raw`\p{Lu}`),
  rule(true, String.raw`[.?!]+`, String.raw`\s`),
];

// A text file's indented line starts a segment.
const TEXT: SrxRule[] = [rule(true, String.raw`\n`, ' +')];

/** The cascade of rules for a language tag (Chinese or English rules first, then the common ones). */
function rulesFor(lang: string): SrxRule[] {
  const own = /^zh/i.test(lang) ? CHINESE : /^en/i.test(lang) ? ENGLISH : [];
  return [...own, ...DEFAULT, ...TEXT];
}

// The last character of every rule's before pattern is one of these: no other position can break.
const CANDIDATE = /[.?!。？！—、,．\s]/u;

export interface CatSegment {
  text: string;
  /** UTF-16 offsets in the paragraph, end exclusive. */
  start: number;
  end: number;
}

/** Cut a paragraph (its lines joined by `\n`) into the segments a CAT tool's default SRX rules give. */
export function catSegments(paragraph: string, lang: string): CatSegment[] {
  const rules = rulesFor(lang);
  const cuts: number[] = [];
  for (let p = 1; p < paragraph.length; p++) {
    if (!CANDIDATE.test(paragraph[p - 1]!)) continue;
    for (const r of rules) {
      r.before.lastIndex = p;
      if (!r.before.test(paragraph)) continue;
      r.after.lastIndex = p;
      if (!r.after.test(paragraph)) continue;
      if (r.brk) cuts.push(p);
      break;
    }
  }
  const out: CatSegment[] = [];
  let start = 0;
  for (const cut of [...cuts, paragraph.length]) {
    let s = start;
    let e = cut;
    // A CAT tool keeps the white space around a segment out of it.
    while (s < e && /\s/u.test(paragraph[s]!)) s++;
    while (e > s && /\s/u.test(paragraph[e - 1]!)) e--;
    if (e > s) out.push({ text: paragraph.slice(s, e), start: s, end: e });
    start = cut;
  }
  return out;
}
