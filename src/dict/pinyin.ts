/**
 * Pinyin readings of Chinese terms from CC-CEDICT, and the pinyin a translator types, so that the
 * term look-up finds 區塊鏈 from `qukuailian`, `qu kuai lian`, `qu1 kuai4 lian4`, `qū kuài liàn`
 * or its initials `qkl`.
 *
 * A term (its Simplified fold) is cut into dictionary words, longest first; each word brings every
 * reading CC-CEDICT lists for it, so a heteronym (多音字) is read as the word it stands in (銀行
 * yín háng, 行政 xíng zhèng) and a word with two readings (便宜 biàn yí / pián yi) has both.
 * A reading is kept in CC-CEDICT's numbered form (`qu1 kuai4 lian4`, ü as v, 5 the neutral tone).
 *
 * A query is pinyin when it holds only Latin letters, tone marks, tone digits, spaces and
 * apostrophes. Its letters, without tones or spaces, are the key a term is found by; the tones and
 * syllable breaks it gives must then agree with the term's reading (a syllable read in the
 * neutral tone takes any tone).
 */
import type { Dictionary } from './cedict.js';

/** Readings of one term at most (the product of its words' readings is cut there). */
const MAX_READINGS = 8;
/** The longest dictionary word tried when cutting a term. */
const MAX_WORD = 8;
const HAN = /^\p{Script=Han}+$/u;

/** One reading: its letters, and per syllable where it ends and its tone. */
interface Syllables {
  letters: string;
  ends: number[];
  tones: number[];
}

/** CC-CEDICT's `Qu1 kuai4 lian4` / `lu:4` as lower-case numbered syllables (`lv4`); undefined if not pinyin. */
function numbered(pinyin: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of pinyin.trim().toLowerCase().split(/\s+/)) {
    const s = raw.replace(/u:/g, 'v');
    if (!/^[a-z]+[1-5]$/.test(s)) return undefined;
    out.push(s);
  }
  return out;
}

/**
 * The numbered readings of a Chinese term (its Simplified, folded form); [] when it is not all
 * Chinese characters or holds one the dictionary does not know.
 */
export function termReadings(dict: Dictionary, simplified: string): string[] {
  const text = simplified.replace(/[\s·]/g, '');
  if (text.length === 0 || !HAN.test(text)) return [];
  const chars = [...text];
  let readings: string[][] = [[]];
  for (let i = 0; i < chars.length; ) {
    let word: string[] | undefined;
    let n = Math.min(MAX_WORD, chars.length - i);
    for (; n >= 1 && !word; n--) {
      const entry = dict.lookup(chars.slice(i, i + n).join(''));
      if (!entry) continue;
      // Every reading of the word with one syllable per character (not the ones CC-CEDICT gives
      // with punctuation or letters).
      const options = new Set<string>();
      for (const p of entry.pinyin.split(' | ')) {
        const syl = numbered(p);
        if (syl && syl.length === n) options.add(syl.join(' '));
      }
      if (options.size > 0) {
        word = [...options];
        i += n;
      }
    }
    if (!word) return [];
    const next: string[][] = [];
    for (const r of readings) for (const w of word) if (next.length < MAX_READINGS) next.push([...r, w]);
    readings = next;
  }
  return readings.map((r) => r.join(' '));
}

function syllablesOf(reading: string): Syllables {
  const out: Syllables = { letters: '', ends: [], tones: [] };
  for (const s of reading.split(' ')) {
    out.letters += s.slice(0, -1);
    out.ends.push(out.letters.length);
    out.tones.push(Number(s.slice(-1)));
  }
  return out;
}

/** The keys a reading is found by: its letters (`qukuailian`) and its initials (`qkl`). */
export function readingKeys(reading: string): { full: string; initials: string } {
  const syl = reading.split(' ');
  return { full: syl.map((s) => s.slice(0, -1)).join(''), initials: syl.map((s) => s[0]).join('') };
}

/** What a pinyin query asks for. */
export interface PinyinQuery {
  /** Its letters, lower case, ü as v, without tones, spaces or apostrophes. */
  letters: string;
  /** Tones given: by a digit after a syllable (`end`) or a mark on a vowel (`mark`), at a letter offset. */
  tones: { at: number; tone: number; by: 'end' | 'mark' }[];
  /** Letter offsets where the query breaks syllables (a space or an apostrophe). */
  breaks: number[];
}

const TONE_MARKS: Record<string, number> = { '\u0304': 1, '\u0301': 2, '\u030c': 3, '\u0300': 4 };

/** The query as pinyin, or undefined when it holds anything else (or fewer than two letters). */
export function parsePinyinQuery(query: string): PinyinQuery | undefined {
  const s = query.normalize('NFD').toLowerCase().trim();
  const q: PinyinQuery = { letters: '', tones: [], breaks: [] };
  let letters = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c >= 'a' && c <= 'z') letters += c;
    else if ((c === ':' || c === '\u0308') && letters.endsWith('u')) letters = letters.slice(0, -1) + 'v';
    else if (c in TONE_MARKS && letters.length > 0) q.tones.push({ at: letters.length - 1, tone: TONE_MARKS[c]!, by: 'mark' });
    else if (c >= '0' && c <= '5' && letters.length > 0) q.tones.push({ at: letters.length, tone: c === '0' ? 5 : Number(c), by: 'end' });
    else if (c === ' ' || c === "'" || c === '\u2019' || c === '-') {
      if (letters.length > 0 && q.breaks[q.breaks.length - 1] !== letters.length) q.breaks.push(letters.length);
    } else return undefined;
  }
  if (letters.length < 2) return undefined;
  q.letters = letters;
  q.breaks = q.breaks.filter((b) => b < letters.length);
  return q;
}

/** A plain run of letters (no tones, no breaks): it may be initials. */
export function isBare(q: PinyinQuery): boolean {
  return q.tones.length === 0 && q.breaks.length === 0;
}

/** Whether the tones and breaks of a query agree with a reading whose letters are the query's. */
export function readingAgrees(reading: string, q: PinyinQuery): boolean {
  const r = syllablesOf(reading);
  if (r.letters !== q.letters) return false;
  const toneFits = (k: number, tone: number): boolean => r.tones[k] === tone || r.tones[k] === 5;
  for (const b of q.breaks) if (!r.ends.includes(b)) return false;
  for (const t of q.tones) {
    // A digit follows its syllable; a mark sits on a vowel of it (wherever the typist put it).
    const k = t.by === 'end' ? r.ends.indexOf(t.at) : r.ends.findIndex((end) => end > t.at);
    if (k < 0 || !toneFits(k, t.tone)) return false;
  }
  return true;
}
