/**
 * A bilingual plain-text document → sentence pairs. Paragraphs are classified by script in their
 * context, a block repeated whole is dropped, the two versions are separated (blocks of each
 * language or paragraphs interleaved, either works), paragraphs are aligned (1-1, 2-1, 1-0 ...),
 * then the sentences inside each aligned paragraph group, the target's down to its clauses.
 */
import type { LangTag, TranslationUnit } from '../model.js';
import { cleanParagraph } from '../text/clean.js';
import { segmentClauses, segmentSentences, type Sentence } from '../text/segment.js';
import { toSimplified } from '../text/fold.js';
import { anchorsOf } from './anchors.js';
import { alignBeads, type Bead } from './dp.js';
import { catSegments } from './cat.js';
import { BadInput } from '../errors.js';

export interface Paragraph {
  /** 1-based line number in the file where the paragraph starts. */
  line: number;
  text: string;
  script: 'han' | 'latin';
  /** 0-based index of the block (a run of lines between blank lines) the paragraph sits in. */
  block: number;
  /** The line starts with spaces (a CAT tool starts a segment there). */
  indented?: boolean;
  /**
   * The lines of a hard-wrapped paragraph, when it was joined from several (the text joins them
   * with a space, or with nothing between Chinese characters; a CAT tool reads them joined by
   * their line breaks).
   */
  lines?: string[];
}

export interface AlignedDocument {
  srcLang: LangTag;
  tgtLang: LangTag;
  /** Paragraphs of each version after cleaning and dropping the repeated block. */
  source: Paragraph[];
  target: Paragraph[];
  /** Paragraphs dropped as a repeat of earlier ones. */
  repeated: Paragraph[];
  /** The sentence pairs. */
  units: TranslationUnit[];
  /**
   * Units for the segments a CAT tool cuts from the source version that are not sentence pairs
   * (a segment running over two lines or two sentence pairs), each marked with {@link SEGMENT_PROP}:
   * the TM holds them so that a CAT tool finds its segments; term extraction should count only
   * the sentence pairs, which hold the same text.
   */
  segmentUnits: TranslationUnit[];
  /** Sentences with no counterpart (translator credits and the like), kept out of the TM. */
  unpaired: { lang: LangTag; text: string; paragraph: number }[];
}

/** The prop that marks a unit of a CAT tool's segment joining sentence pairs of the same document. */
export const SEGMENT_PROP = { type: 'x-glossa-unit', value: 'cat-segment' } as const;

/** Below this ratio of their paragraph counts, the versions' paragraphs are not taken to correspond. */
const PARAGRAPH_SHARE = 0.8;
const EXTRA_PARAGRAPHS = 4;
/** The share of a document's sentences the sentence alignment may stray from the diagonal, where paragraphs do not correspond. */
const WHOLE_DOCUMENT_BAND = 0.05;

export interface DocumentOptions {
  file: string;
  /** Override the detected language tags. */
  hanLang?: LangTag;
  latinLang?: LangTag;
}

/**
 * Split into paragraphs, one per non-empty line (or per hard-wrapped paragraph, see
 * {@link unwrapLines}), each with the block of lines it sits in, and decide each paragraph's
 * language in its context (see {@link classifyScripts}).
 */
export function readParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let block = 0;
  let blank = false;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const cleaned = cleanParagraph(raw);
    if (cleaned.length === 0) {
      blank = out.length > 0;
      return;
    }
    if (blank) block++;
    blank = false;
    const p: Paragraph = { line: i + 1, text: cleaned, script: scriptOf(cleaned), block };
    if (raw.startsWith(' ')) p.indented = true;
    out.push(p);
  });
  return classifyScripts(unwrapLines(out));
}

// Full-width characters (Han, kana, CJK punctuation, full-width forms) take two columns.
const WIDE = /[\p{Script=Han}\u3000-\u30ff\uff00-\uffef]/u;
const CJK_CHAR = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Width of a line in columns, as a text editor wraps it. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** The line ends a sentence or a clause: a full stop, ! ? : ; (closing quotes and brackets after them). */
function endsSentence(text: string): boolean {
  return /[。！？.!?：:；;…][」』”’"')）\]】》〉]*$/u.test(text);
}

// The start of a list item or a numbered heading: a bullet, `1.`, `(a)`, `一、`, `第三條`.
const ITEM_START = /^(?:[-*•·●▪‣◦]\s|\d{1,3}(?:\.\d{1,3})*[.)、]|[(（][\da-zA-Z一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百\d]+[章節條款項])/u;

/**
 * Join the lines of hard-wrapped paragraphs: text wrapped at a fixed width (as mail, man pages,
 * plain-text books and many READMEs are written) has a paragraph over several lines, most of them
 * ending inside a sentence. A block (lines between blank lines) reads as hard-wrapped when more
 * than half of its lines, its last one aside, end inside a sentence; there a line runs on into
 * the next when it ends inside a sentence, is long (at least 40 columns and half the block's
 * widest line: not a heading), is of the same script as the next, and the next does not start a
 * list item. Elsewhere (a file with one paragraph per line) every line stays a paragraph.
 */
export function unwrapLines(lines: Paragraph[]): Paragraph[] {
  const out: Paragraph[] = [];
  let i = 0;
  while (i < lines.length) {
    let end = i;
    while (end + 1 < lines.length && lines[end + 1]!.block === lines[i]!.block && lines[end + 1]!.line === lines[end]!.line + 1) end++;
    const block = lines.slice(i, end + 1);
    i = end + 1;
    const open = block.slice(0, -1).filter((l) => !endsSentence(l.text)).length;
    if (block.length < 2 || open <= 0.5 * (block.length - 1)) {
      out.push(...block);
      continue;
    }
    const widest = Math.max(...block.map((l) => columns(l.text)));
    let current: Paragraph | null = null;
    block.forEach((l, k) => {
      const prev = block[k - 1];
      const runsOn =
        prev !== undefined && !endsSentence(prev.text) && columns(prev.text) >= Math.max(40, widest / 2) &&
        (hanShare(prev.text) >= 0.5) === (hanShare(l.text) >= 0.5) && !ITEM_START.test(l.text) && !l.indented;
      if (current && runsOn) {
        const glue = CJK_CHAR.test(current.text.at(-1)!) || CJK_CHAR.test(l.text[0]!) ? '' : ' ';
        current.lines = [...(current.lines ?? [current.text]), l.text];
        current.text += glue + l.text;
        current.script = scriptOf(current.text);
        return;
      }
      current = { ...l };
      out.push(current);
    });
  }
  return out;
}

const HAN = /\p{Script=Han}/gu;
// Full-width punctuation of Chinese running text (curly quotes are shared with English).
const CJK_PUNCTUATION = /[。，、；：？！「」『』（）《》〈〉【】]/gu;
const RUNNING_HAN = /\p{Script=Han}{2}|[。，、；：？！「」『』（）《》〈〉【】]/u;

/** Share of a paragraph written in Chinese: Han characters and full-width punctuation against Latin letters (one Han ≈ four letters). */
export function hanShare(text: string): number {
  const han = (text.match(HAN) ?? []).length + (text.match(CJK_PUNCTUATION) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  return han === 0 ? 0 : (han * 4) / (han * 4 + latin);
}

/** A paragraph alone is Han when its Han characters and Chinese punctuation outweigh its Latin letters. */
export function scriptOf(text: string): 'han' | 'latin' {
  return hanShare(text) >= 0.5 ? 'han' : 'latin';
}

/**
 * Decide the language of the paragraphs that are neither clearly Chinese nor clearly English (Han
 * characters, but more Latin letters: a Chinese sentence carrying English titles and commands) by
 * their context, not alone:
 * 1. the block they sit in: where the other paragraphs of the block (two or more) are at least 80%
 *    of one language, as in a Chinese block, a blank line and an English block;
 * 2. the alternation of the document: where neighbouring paragraphs alternate languages
 *    (interleaved zh, en, zh, en), the one missing between its two neighbours;
 * 3. otherwise running Chinese (two Han characters together, or Chinese punctuation) makes it Chinese;
 *    an English paragraph naming a single character stays English.
 * A paragraph with no Han at all is Latin-script, one mostly Han is Han, except in a document of
 * two halves (blocks of one language each), where every paragraph takes its block's language.
 */
export function classifyScripts(paragraphs: Paragraph[]): Paragraph[] {
  const share = paragraphs.map((p) => hanShare(p.text));
  const decided: ('han' | 'latin' | null)[] = share.map((s) => (s === 0 ? 'latin' : s >= 0.5 ? 'han' : null));
  let pairs = 0;
  let alternating = 0;
  for (let i = 1; i < paragraphs.length; i++) {
    if (decided[i] && decided[i - 1]) {
      pairs++;
      if (decided[i] !== decided[i - 1]) alternating++;
    }
  }
  const interleaved = pairs >= 2 && alternating / pairs >= 0.7;
  // Decided paragraphs of each language per block, to read a paragraph's block without itself.
  const counts = new Map<number, { han: number; latin: number }>();
  paragraphs.forEach((p, i) => {
    const c = counts.get(p.block) ?? { han: 0, latin: 0 };
    if (decided[i]) c[decided[i]]++;
    counts.set(p.block, c);
  });
  /** The language of at least `least` of the other decided paragraphs of p's block (at least `min` of them). */
  const blockLanguage = (i: number, min: number, least: number): 'han' | 'latin' | null => {
    const c = counts.get(paragraphs[i]!.block)!;
    const han = c.han - (decided[i] === 'han' ? 1 : 0);
    const latin = c.latin - (decided[i] === 'latin' ? 1 : 0);
    const others = han + latin;
    if (others < min) return null;
    if (han >= least * others) return 'han';
    if (latin >= least * others) return 'latin';
    return null;
  };
  // Two halves: blocks of at least three paragraphs, each nearly all of one language, both
  // languages present. There a paragraph takes its block's language even when it is clearly of the
  // other script alone: a command or an English title left as it is in the Chinese version.
  const halves = new Set<'han' | 'latin'>();
  for (let i = 0; i < paragraphs.length; i++) {
    const b = blockLanguage(i, 3, 0.9);
    if (b) halves.add(b);
  }
  const twoHalves = halves.size === 2 && !interleaved;
  // Without such blocks (every paragraph a block of its own, or no blank line at all), two halves
  // are still two runs: the split after which at least 80% of the decided paragraphs are of the
  // other language than before it, three or more on each side.
  const split = twoHalves || interleaved ? null : halvesSplit(decided);
  return paragraphs.map((p, i) => {
    if (twoHalves) {
      const b = blockLanguage(i, 3, 0.9);
      if (b) return { ...p, script: b };
    }
    if (split) return { ...p, script: i < split.at ? split.first : split.first === 'han' ? 'latin' : 'han' };
    if (decided[i]) return { ...p, script: decided[i] };
    const b = blockLanguage(i, 2, 0.8);
    if (b) return { ...p, script: b };
    if (interleaved) {
      const before = decided.findLast((d, k) => k < i && d !== null);
      const after = decided.find((d, k) => k > i && d !== null);
      const side = before && after ? (before === after ? before : null) : (before ?? after);
      if (side) return { ...p, script: side === 'han' ? 'latin' : 'han' };
    }
    return { ...p, script: RUNNING_HAN.test(p.text) ? 'han' : 'latin' };
  });
}

/** Where the paragraphs split into two runs of one language each, if they do (see classifyScripts). */
function halvesSplit(decided: readonly ('han' | 'latin' | null)[]): { at: number; first: 'han' | 'latin' } | null {
  const total = decided.filter((d) => d !== null).length;
  const hanTotal = decided.filter((d) => d === 'han').length;
  let han = 0;
  let latin = 0;
  let best: { at: number; first: 'han' | 'latin'; agree: number } | null = null;
  for (let k = 0; k <= decided.length; k++) {
    if (k > 0 && decided[k - 1] === 'han') han++;
    if (k > 0 && decided[k - 1] === 'latin') latin++;
    const before = han + latin;
    if (before < 3 || total - before < 3) continue;
    const latinTotal = total - hanTotal;
    const hanFirst = han + (latinTotal - latin);
    const latinFirst = latin + (hanTotal - han);
    for (const [first, agree] of [['han', hanFirst], ['latin', latinFirst]] as const) {
      if (!best || agree > best.agree) best = { at: k, first, agree };
    }
  }
  return best && best.agree >= 0.8 * total ? { at: best.at, first: best.first } : null;
}

/**
 * Drop a block repeated whole: a run of paragraphs equal to an earlier run (two paragraphs or
 * more, or a single long one), as web pages that print an article twice.
 */
export function dropRepeats(paragraphs: Paragraph[]): { kept: Paragraph[]; repeated: Paragraph[] } {
  const firstAt = new Map<string, number[]>();
  const kept: Paragraph[] = [];
  const repeated: Paragraph[] = [];
  let i = 0;
  while (i < paragraphs.length) {
    const p = paragraphs[i]!;
    let bestLen = 0;
    for (const j of firstAt.get(p.text) ?? []) {
      let len = 0;
      while (i + len < paragraphs.length && j + len < i && paragraphs[j + len]!.text === paragraphs[i + len]!.text) len++;
      bestLen = Math.max(bestLen, len);
    }
    if (bestLen >= 2 || (bestLen === 1 && p.text.length > 40)) {
      repeated.push(...paragraphs.slice(i, i + bestLen));
      i += bestLen;
      continue;
    }
    const seen = firstAt.get(p.text) ?? [];
    seen.push(i);
    firstAt.set(p.text, seen);
    kept.push(p);
    i++;
  }
  return { kept, repeated };
}

/**
 * zh-TW when a fair share of the Han characters are Traditional forms (about a third in running
 * Traditional text, next to none in Simplified; Simplified leftovers in a Traditional text are common).
 */
export function chineseTag(text: string): LangTag {
  const s = toSimplified(text);
  let han = 0;
  let traditional = 0;
  for (let i = 0; i < text.length; i++) {
    if (/\p{Script=Han}/u.test(text[i]!)) han++;
    if (s[i] !== text[i]) traditional++;
  }
  return han > 0 && traditional / han >= 0.05 ? 'zh-TW' : 'zh-CN';
}

function joinSentences(texts: string[], lang: LangTag): string {
  return /^(zh|ja)/i.test(lang) ? texts.join('') : texts.join(' ');
}

/** The texts of consecutive clauses, those of one sentence joined as they stand in the paragraph. */
function joinClauses(clauses: { paragraph: number; sentence: number; start: number; end: number }[], paragraphs: Paragraph[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < clauses.length; ) {
    let e = k;
    while (e + 1 < clauses.length && clauses[e + 1]!.paragraph === clauses[k]!.paragraph && clauses[e + 1]!.sentence === clauses[k]!.sentence) e++;
    out.push(paragraphs[clauses[k]!.paragraph - 1]!.text.slice(clauses[k]!.start, clauses[e]!.end));
    k = e + 1;
  }
  return out;
}

/** A unit and the source sentences it holds (their order in the document, first and last). */
interface Spanned {
  unit: TranslationUnit;
  /** Order of the first and last source sentence, and of the first and last target clause. */
  src: [number, number];
  tgt: [number, number];
}

/** A piece of one side (a source sentence, a target clause): its paragraph (index into that side), its sentence there, offsets. */
interface Piece {
  paragraph: number;
  sentence: number;
  start: number;
  end: number;
}

/**
 * The sentences of aligned paragraphs: inside each paragraph bead, the source's sentences (the
 * segments a CAT tool cuts) against the target's clauses, so that items and clauses the source ends
 * as sentences of their own pair one by one.
 */
function alignSentences(
  source: Paragraph[],
  target: Paragraph[],
  paragraphBeads: Bead[],
  srcLang: LangTag,
  tgtLang: LangTag,
  file: string,
  finer?: 'source' | 'target',
): { spanned: Spanned[]; pieces: [Piece[], Piece[]]; unpaired: AlignedDocument['unpaired'] } {
  const spanned: Spanned[] = [];
  const srcPieces: Piece[] = [];
  const tgtPieces: Piece[] = [];
  const unpaired: AlignedDocument['unpaired'] = [];
  for (const bead of paragraphBeads) {
    const srcSentences = bead.source.flatMap((pi) =>
      withBareSentencesJoined(segmentSentences(source[pi]!.text, srcLang), source[pi]!.text).map((s, k) => ({ text: s.text, paragraph: pi, position: k + 1, start: s.start, end: s.end, order: 0 })),
    );
    for (const s of srcSentences) {
      s.order = srcPieces.length;
      srcPieces.push({ paragraph: s.paragraph, sentence: s.position - 1, start: s.start, end: s.end });
    }
    // The target side is cut finer, into clauses (continues: the next clause is of the same sentence).
    const tgtSentences = bead.target.flatMap((pi) =>
      withBareSentencesJoined(segmentSentences(target[pi]!.text, tgtLang), target[pi]!.text).flatMap((s, k) => {
        const clauses = segmentClauses(s.text, tgtLang);
        return clauses.map((c, ci) => ({ text: c.text, paragraph: pi + 1, sentence: k, continues: ci < clauses.length - 1, start: s.start + c.start, end: s.start + c.end, order: 0 }));
      }),
    );
    for (const t of tgtSentences) {
      t.order = tgtPieces.length;
      tgtPieces.push({ paragraph: t.paragraph - 1, sentence: t.sentence, start: t.start, end: t.end });
    }
    if (tgtSentences.length === 0 || srcSentences.length === 0) {
      for (const s of srcSentences) unpaired.push({ lang: srcLang, text: s.text, paragraph: s.paragraph + 1 });
      for (const s of tgtSentences) unpaired.push({ lang: tgtLang, text: s.text, paragraph: s.paragraph });
      continue;
    }
    // A version paragraphed finer than the other (see paragraphsCorrespond): its paragraph breaks
    // say nothing of where the other's sentences end, and merging across them costs nothing.
    const sentenceBeads = alignBeads(
      srcSentences.map((s) => ({ ...anchorsOf(s.text), paragraph: finer === 'source' ? undefined : s.paragraph + 1 })),
      tgtSentences.map((s) => ({ ...anchorsOf(s.text), paragraph: finer === 'target' ? undefined : s.paragraph, continues: s.continues })),
      // Over a whole document a path near the diagonal: a wide band costs n × m cells.
      finer ? { bandShare: WHOLE_DOCUMENT_BAND } : {},
    );
    for (const sb of sentenceBeads) {
      const ss = sb.source.map((k) => srcSentences[k]!);
      const ts = sb.target.map((k) => tgtSentences[k]!);
      if (ss.length === 0 || ts.length === 0) {
        for (const s of ss) unpaired.push({ lang: srcLang, text: s.text, paragraph: s.paragraph + 1 });
        for (const s of joinClauses(ts, target)) unpaired.push({ lang: tgtLang, text: s, paragraph: ts[0]!.paragraph });
        continue;
      }
      const unit: TranslationUnit = {
        srcLang,
        tgtLang,
        source: joinSentences(ss.map((s) => s.text), srcLang),
        target: joinSentences(joinClauses(ts, target), tgtLang),
        origin: { file, paragraph: ss[0]!.paragraph + 1, position: ss[0]!.position },
      };
      spanned.push({ unit, src: [ss[0]!.order, ss.at(-1)!.order], tgt: [ts[0]!.order, ts.at(-1)!.order] });
    }
  }
  return { spanned, pieces: [srcPieces, tgtPieces], unpaired };
}

/**
 * The paragraphs a CAT tool reads from one version as it stands in the file: runs of its
 * paragraphs on consecutive lines (a blank line, a line of the other version or a dropped repeat
 * ends a run), joined by line breaks; an indented line keeps a space before it (it starts a
 * segment). Each with the offset of every paragraph of the version in it.
 */
function catParagraphs(source: Paragraph[]): { text: string; members: number[]; offsets: number[] }[] {
  const out: { text: string; members: number[]; offsets: number[] }[] = [];
  source.forEach((p, i) => {
    const prev = source[i - 1];
    let run = out.at(-1);
    const prevLast = prev ? prev.line + (prev.lines?.length ?? 1) - 1 : -1;
    if (!run || !prev || prevLast + 1 !== p.line || prev.block !== p.block) {
      run = { text: '', members: [], offsets: [] };
      out.push(run);
    } else {
      run.text += p.indented ? '\n ' : '\n';
    }
    run.members.push(i);
    run.offsets.push(run.text.length);
    run.text += p.lines ? p.lines.join('\n') : p.text;
  });
  return out;
}

/** Where an offset of a paragraph's text falls in its lines joined by line breaks (a hard-wrapped paragraph's). */
function lineOffset(p: Paragraph, offset: number): number {
  if (!p.lines) return offset;
  let inText = 0;
  let inLines = 0;
  for (const line of p.lines) {
    if (offset <= inText + line.length) return inLines + (offset - inText);
    // The glue after the line: a space or nothing (see unwrapLines).
    inText += line.length + (p.text.startsWith(' ', inText + line.length) ? 1 : 0);
    inLines += line.length + 1;
  }
  return inLines;
}

/**
 * The chains of consecutive units whose pieces on one side are exactly a segment a CAT tool cuts
 * from that version (src/align/cat.ts), with no unpaired piece between them: the key is the first
 * and last unit, the value the segment's text.
 */
function catChains(paragraphs: Paragraph[], spanned: Spanned[], pieces: Piece[], side: 'src' | 'tgt', lang: LangTag): Map<string, string> {
  const chains = new Map<string, string>();
  // Two readings: the file's paragraphs as a CAT tool reads them (lines between blank lines),
  // and each line a paragraph of its own (tools that end a paragraph at every line break).
  const alone = paragraphs.map((p, i) => ({ text: p.lines ? p.lines.join('\n') : p.text, members: [i], offsets: [0] }));
  for (const runs of [catParagraphs(paragraphs), alone]) {
    for (const [key, text] of chainsIn(runs, paragraphs, spanned, pieces, side, lang)) if (!chains.has(key)) chains.set(key, text);
  }
  return chains;
}

function chainsIn(runs: { text: string; members: number[]; offsets: number[] }[], paragraphs: Paragraph[], spanned: Spanned[], pieces: Piece[], side: 'src' | 'tgt', lang: LangTag): Map<string, string> {
  // Where each piece starts and ends in its CAT paragraph.
  const where = new Map<number, { run: number; offset: number }>();
  runs.forEach((r, ri) => r.members.forEach((pi, k) => where.set(pi, { run: ri, offset: r.offsets[k]! })));
  const at = (order: number): { run: number; start: number; end: number } => {
    const piece = pieces[order]!;
    const w = where.get(piece.paragraph)!;
    const p = paragraphs[piece.paragraph]!;
    return { run: w.run, start: w.offset + lineOffset(p, piece.start), end: w.offset + lineOffset(p, piece.end) };
  };
  const byStart = new Map<string, number>();
  spanned.forEach((sp, k) => {
    const a = at(sp[side][0]);
    byStart.set(`${a.run}:${a.start}`, k);
  });
  const chains = new Map<string, string>();
  runs.forEach((run, ri) => {
    for (const seg of catSegments(run.text, lang)) {
      // A segment may also open with bare punctuation the sentence before holds (the `)` of
      // `(…。)⏎next line`, cut off by the same rules).
      const lead = /^[^\p{L}\p{N}]*/u.exec(run.text.slice(seg.start, seg.end))![0].length;
      const first = byStart.get(`${ri}:${seg.start}`) ?? (lead > 0 && seg.start + lead < seg.end ? byStart.get(`${ri}:${seg.start + lead}`) : undefined);
      if (first === undefined) continue;
      let k = first;
      let end = at(spanned[k]![side][1]);
      while (end.run === ri && end.end < seg.end) {
        const next = spanned[k + 1];
        // Consecutive on this side: no unpaired sentence between them.
        if (!next || next[side][0] !== spanned[k]![side][1] + 1) break;
        k++;
        end = at(next[side][1]);
      }
      // A segment that leaves out only bare punctuation our sentence holds (OmegaT's `(注：…。` of
      // `(注：…。)`: its rules cut before an ASCII bracket) is that sentence for a CAT tool.
      const bareTail = end.run === ri && end.end > seg.end && !/[\p{L}\p{N}]/u.test(run.text.slice(seg.end, end.end));
      if (end.run === ri && (end.end === seg.end || bareTail)) chains.set(`${first}:${k}`, seg.text);
    }
  });
  return chains;
}

/** Sentence pairs aligned with the versions the other way round, turned back: the other version as source. */
function turned(r: ReturnType<typeof alignSentences>, file: string): ReturnType<typeof alignSentences> {
  const [first, second] = r.pieces;
  for (const sp of r.spanned) {
    const u = sp.unit;
    [u.source, u.target, u.srcLang, u.tgtLang] = [u.target, u.source, u.tgtLang, u.srcLang];
    [sp.src, sp.tgt] = [sp.tgt, sp.src];
    const piece = second[sp.src[0]]!;
    u.origin = { file, paragraph: piece.paragraph + 1, position: piece.sentence + 1 };
  }
  return { spanned: r.spanned, pieces: [second, first], unpaired: r.unpaired };
}

/** The text of one version from piece `from` to piece `to`, as it stands in each paragraph, paragraphs joined. */
function stretch(paragraphs: Paragraph[], pieces: Piece[], from: number, to: number, lang: LangTag): string {
  const parts: string[] = [];
  for (let k = from; k <= to; ) {
    let e = k;
    while (e + 1 <= to && pieces[e + 1]!.paragraph === pieces[k]!.paragraph) e++;
    parts.push(paragraphs[pieces[k]!.paragraph]!.text.slice(pieces[k]!.start, pieces[e]!.end));
    k = e + 1;
  }
  return joinSentences(parts, lang);
}

/**
 * Units for the segments a CAT tool cuts from either version that are not sentence pairs already:
 * a segment running over several lines (a heading or a list item without a full stop runs on
 * into the next line; a hard-wrapped line) or over several of our sentences (an ASCII full stop
 * between Chinese words; an English sentence whose clauses pair with Chinese sentences). Where
 * such a segment is exactly one side of consecutive units, with no unpaired sentence between
 * them, it becomes a unit: the segment's text on that side (the other version's segment where
 * that covers the same units too), on the other the text from the first unit's to the last
 * unit's, as it stands (a sentence left unpaired between them included). A segment that cuts
 * through a unit gets none. The sentence pairs stay as they are: a CAT tool that reads each line
 * as a paragraph finds those.
 */
function catSegmentUnits(source_: Paragraph[], target_: Paragraph[], spanned: Spanned[], pieces: [Piece[], Piece[]], srcLang: LangTag, tgtLang: LangTag): TranslationUnit[] {
  const src = catChains(source_, spanned, pieces[0], 'src', srcLang);
  const tgt = catChains(target_, spanned, pieces[1], 'tgt', tgtLang);
  const keys = [...new Set([...src.keys(), ...tgt.keys()])].sort((a, b) => {
    const [a0, a1] = a.split(':').map(Number);
    const [b0, b1] = b.split(':').map(Number);
    return a0! - b0! || a1! - b1!;
  });
  const added: TranslationUnit[] = [];
  for (const key of keys) {
    const [first, last] = key.split(':').map(Number) as [number, number];
    const chain = spanned.slice(first, last + 1).map((sp) => sp.unit);
    const source = src.get(key) ?? stretch(source_, pieces[0], spanned[first]!.src[0], spanned[last]!.src[1], srcLang);
    const target = tgt.get(key) ?? stretch(target_, pieces[1], spanned[first]!.tgt[0], spanned[last]!.tgt[1], tgtLang);
    if (chain.length === 1 && source === chain[0]!.source && target === chain[0]!.target) continue;
    added.push({ srcLang, tgtLang, source, target, origin: { ...chain[0]!.origin }, props: [{ ...SEGMENT_PROP }] });
  }
  return added;
}

/**
 * A pair of paragraphs already aligned (a row of a `zh-TW<TAB>en-US` table whose cells hold
 * several sentences, a unit of a TM of paragraphs) as the segments a CAT tool looks up: the
 * sentences of the two cells aligned as in a document; where every sentence finds its counterpart
 * and there are two pairs or more, those pairs, else the row whole (the sentences do not
 * correspond one by one, or one has no translation). A pair with an empty side gives no unit.
 */
export function alignRow(unit: TranslationUnit): TranslationUnit[] {
  const src = cleanParagraph(unit.source);
  const tgt = cleanParagraph(unit.target);
  if (src === '' || tgt === '') return [];
  // Inline codes (parts) stay with the row: only plain rows are cut.
  if (unit.sourceParts || unit.targetParts) return [unit];
  const paragraph = (text: string): Paragraph => ({ line: 1, text, script: scriptOf(text), block: 0 });
  const file = unit.origin?.file ?? '';
  const { spanned, unpaired } = alignSentences([paragraph(src)], [paragraph(tgt)], [{ source: [0], target: [0] }], unit.srcLang, unit.tgtLang, file);
  if (spanned.length < 2 || unpaired.length > 0) return [{ ...unit, source: src, target: tgt }];
  return spanned.map(({ unit: pair }, k) => ({ ...unit, source: pair.source, target: pair.target, origin: { ...unit.origin, position: k + 1 } }));
}

/** The rows of a table of aligned pairs, each cut into sentence pairs where they correspond (see {@link alignRow}). */
export async function* alignRows(rows: AsyncIterable<TranslationUnit>): AsyncGenerator<TranslationUnit> {
  for await (const row of rows) yield* alignRow(row);
}

// A language tag as a table header writes it (`zh-TW`, `en_US`, `en`): the language in lower case.
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/**
 * A plain-text file that is a table of aligned pairs: a header of two language tags split by a
 * tab (`zh-TW<TAB>en-US`), then rows of two cells, most lines holding a tab. Its rows are read as
 * pairs, not as paragraphs of a document.
 */
function tableRows(text: string): { langs: [LangTag, LangTag]; rows: { line: number; cells: [string, string] }[] } | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const head = lines.findIndex((l) => l.trim() !== '');
  const header = lines[head]?.split('\t').map((c) => c.trim());
  if (!header || header.length < 2 || !LANGUAGE_TAG.test(header[0]!) || !LANGUAGE_TAG.test(header[1]!)) return null;
  const rows: { line: number; cells: [string, string] }[] = [];
  let body = 0;
  lines.forEach((l, i) => {
    if (i <= head || l.trim() === '') return;
    body++;
    const cells = l.split('\t');
    if (cells.length >= 2) rows.push({ line: i + 1, cells: [cells[0]!, cells[1]!] });
  });
  return rows.length > 0 && rows.length >= 0.8 * body ? { langs: [header[0]!.replace('_', '-'), header[1]!.replace('_', '-')], rows } : null;
}

/** A table of aligned pairs read as a document: each row cut into sentence pairs where they correspond. */
function alignTable(table: NonNullable<ReturnType<typeof tableRows>>, file: string): AlignedDocument {
  const [srcLang, tgtLang] = table.langs;
  const paragraph = (text: string, line: number, block: number): Paragraph => ({ line, text: cleanParagraph(text), script: scriptOf(text), block });
  const units = table.rows.flatMap(({ line, cells: [source, target] }) => alignRow({ srcLang, tgtLang, source, target, origin: { file, paragraph: line } }));
  return {
    srcLang,
    tgtLang,
    source: table.rows.map((r, i) => paragraph(r.cells[0], r.line, i)),
    target: table.rows.map((r, i) => paragraph(r.cells[1], r.line, i)),
    repeated: [],
    units,
    segmentUnits: [],
    unpaired: [],
  };
}

/**
 * Whether the two versions are paragraphed alike, so that paragraphs are aligned first and
 * sentences only inside aligned paragraphs. Where one version has far more paragraphs than the
 * other (its sentences set one a line, or its paragraphs joined), paragraph beads of at most two
 * paragraphs a side cannot follow it: the sentences are aligned over the whole document instead.
 */
function paragraphsCorrespond(source: number, target: number): boolean {
  const [fewer, more] = [Math.min(source, target), Math.max(source, target)];
  // A few paragraphs more on one side (a title, credits, a note) are extras, not another paragraphing.
  return fewer >= PARAGRAPH_SHARE * more || more - fewer <= EXTRA_PARAGRAPHS;
}

/**
 * Sentences with no letter, digit or Han character (the `)` OmegaT's rules cut off after
 * `(注：我為它添加了行號。)`, whose ASCII bracket is no closer to them) joined to the sentence
 * before them: alone they pair with nothing, and the sentence they close was left unpaired with
 * them, lost from the TM.
 */
export function withBareSentencesJoined(sentences: readonly Sentence[], paragraph: string): Sentence[] {
  const out: Sentence[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    if (prev && !/[\p{L}\p{N}]/u.test(s.text)) out[out.length - 1] = { text: paragraph.slice(prev.start, s.end), start: prev.start, end: s.end };
    else out.push(s);
  }
  return out;
}

export function alignBilingualText(text: string, options: DocumentOptions): AlignedDocument {
  const table = tableRows(text);
  if (table) return alignTable(table, options.file);
  const all = readParagraphs(text);
  if (all.length === 0) throw new BadInput('holds no text', { file: options.file });
  const { kept, repeated } = dropRepeats(all);
  const han = kept.filter((p) => p.script === 'han');
  const latin = kept.filter((p) => p.script === 'latin');
  if (han.length === 0 || latin.length === 0) {
    throw new BadInput(`holds only ${han.length ? 'Chinese' : 'Latin-script'} paragraphs: a bilingual text needs both versions`, { file: options.file });
  }
  const hanLang = options.hanLang ?? chineseTag(han.map((p) => p.text).join(''));
  const latinLang = options.latinLang ?? 'en-US';
  // The version that comes first in the file is the source.
  const hanFirst = kept[0]!.script === 'han';
  const [source, target] = hanFirst ? [han, latin] : [latin, han];
  const [srcLang, tgtLang] = hanFirst ? [hanLang, latinLang] : [latinLang, hanLang];

  const correspond = paragraphsCorrespond(source.length, target.length);
  const paragraphBeads = correspond
    ? alignBeads(source.map((p) => anchorsOf(p.text)), target.map((p) => anchorsOf(p.text)))
    : [{ source: source.map((_, i) => i), target: target.map((_, i) => i) }];
  const hanFiner = correspond ? undefined : han.length > latin.length;
  const flipped = paragraphBeads.map((b) => ({ source: b.target, target: b.source }));
  const [hanBeads, latinBeads] = hanFirst ? [paragraphBeads, flipped] : [flipped, paragraphBeads];
  // The sentence pairs: inside aligned paragraphs the Chinese sentences against the English
  // clauses, whichever version comes first (the Chinese ends items and provisos as sentences of
  // their own where the English joins them with semicolons).
  const byHan = alignSentences(han, latin, hanBeads, hanLang, latinLang, options.file, hanFiner === undefined ? undefined : hanFiner ? 'source' : 'target');
  const { spanned, pieces, unpaired } = hanFirst ? byHan : turned(byHan, options.file);
  const segmentUnits = catSegmentUnits(source, target, spanned, pieces, srcLang, tgtLang);
  // The English version's segments that a Chinese sentence holds only in part (the Chinese joins
  // with a semicolon what the English ends as two sentences): the English sentences aligned
  // against the Chinese clauses give those, as units of their own.
  const held = new Set([...spanned.map((s) => s.unit), ...segmentUnits].map((u) => (hanFirst ? u.target : u.source)));
  const wanted = new Set(catParagraphs(latin).flatMap((r) => catSegments(r.text, latinLang).map((s) => s.text)));
  const byLatin = alignSentences(latin, han, latinBeads, latinLang, hanLang, options.file, hanFiner === undefined ? undefined : hanFiner ? 'target' : 'source');
  const other = hanFirst ? turned(byLatin, options.file) : byLatin;
  for (const u of [...other.spanned.map((s) => s.unit), ...catSegmentUnits(source, target, other.spanned, other.pieces, srcLang, tgtLang)]) {
    const english = hanFirst ? u.target : u.source;
    if (!wanted.has(english) || held.has(english)) continue;
    held.add(english);
    segmentUnits.push({ ...u, props: [{ ...SEGMENT_PROP }] });
  }
  return { srcLang, tgtLang, source, target, repeated, units: spanned.map((s) => s.unit), segmentUnits, unpaired };
}
