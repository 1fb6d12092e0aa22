/**
 * CSV/TSV tables of language pairs: UTF-8, RFC 4180, a header whose first two columns are the two
 * language tags (`zh-TW,en-US,status,note`), one pair per row. csv-parse and csv-stringify do the
 * quoting (quotes, delimiters and newlines inside fields).
 *
 * A row is a sentence pair or a term pair, by one rule a user can apply by eye: a row is a
 * sentence pair when either side reads as a sentence, that is, it ends with sentence-final
 * punctuation (. ! ? 。 ！ ？ …, closing quotes or brackets may follow) and holds at least four
 * words, or it holds more than twelve words whatever its end (a word: a run of letters or digits;
 * a Chinese or Japanese character counts half a word). Sentence rows are translation units
 * (readUnits: the TM); all other rows are term entries (readEntries: the glossary), with the
 * optional columns status, note, pos and subject. Ingest reads both from one file, so a table of
 * aligned sentences with a `zh-TW<TAB>en-US` header fills the TM and a glossary fills the glossary.
 */
import { parse } from 'csv-parse/sync';
import { parse as parser } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { FormatModule, PairReadOptions, ReadContext, WriteOptions } from './types.js';
import type { LangTag, Term, TermEntry, TermStatus, TranslationUnit } from '../model.js';
import { TERM_STATUSES, canonicalLang, primaryLanguage } from '../model.js';
import { BadInput } from '../errors.js';
import { decodeText, readAll } from './encoding.js';
import { dominantPair } from './pairs.js';

/** Largest glossary file read (a glossary, not a TM: kept in memory). */
const MAX_BYTES = 64 * 1024 * 1024;
const LANG_TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
/** Header names accepted for the optional columns. */
const COLUMN_ALIASES: Record<string, 'status' | 'note' | 'partOfSpeech' | 'subject'> = {
  status: 'status',
  note: 'note',
  notes: 'note',
  comment: 'note',
  pos: 'partOfSpeech',
  partofspeech: 'partOfSpeech',
  'part of speech': 'partOfSpeech',
  subject: 'subject',
  domain: 'subject',
};

/** Han, kana and hangul characters: each counts half a word. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const NON_CJK_WORD = /[^\P{L}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|\p{N}+/gu;
const SENTENCE_END = /[.!?。！？…][\s"'”’」』)）\]]*$/u;

/** Words in the module comment's sense: letter or digit runs, a CJK character half a word. */
function words(text: string): number {
  return (text.match(NON_CJK_WORD)?.length ?? 0) + (text.match(CJK_CHAR)?.length ?? 0) / 2;
}

/** The module comment's rule: a side that reads as a sentence makes its row a sentence pair. */
export function isSentence(text: string): boolean {
  const n = words(text.trim());
  return n > 12 || (n >= 4 && SENTENCE_END.test(text.trim()));
}

interface Table {
  langs: [LangTag, LangTag];
  /** The optional columns after the two languages, by position (undefined: a column we do not read). */
  columns: ('status' | 'note' | 'partOfSpeech' | 'subject' | undefined)[];
  rows: AsyncIterable<{ line: number; record: string[] }>;
}

/** The table's text, refused when blank, and its delimiter. */
async function decodeTable(input: AsyncIterable<Uint8Array>, ctx: ReadContext, delimiter: ',' | '\t'): Promise<{ text: string; sep: ',' | '\t' }> {
  const text = decodeText(await readAll(input, MAX_BYTES), ctx.file);
  if (text.trim() === '') throw new BadInput('is empty', { file: ctx.file });
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  // A .csv that is really tab-separated (spreadsheets export both): tell by the header.
  const sep = delimiter === ',' && firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : delimiter;
  return { text, sep };
}

type ParsedRecord = { record: string[]; info: { lines: number } };
/** Characters of the table parsed between two turns of the event loop. */
const PARSE_SLICE = 16 * 1024;
/** Rows read between two turns of the event loop. */
const ROW_SLICE = 1000;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * csv-parse's streaming parser fed a slice of the text at a time, with a turn of the event loop
 * between slices (a large glossary parsed in one call held the server for seconds); the records
 * of each slice as they come, so that a reader holds a slice's rows, not the table's (100,000
 * rows held were 40 MB and more of an import thread's heap).
 */
async function* parseInSlices(text: string, sep: ',' | '\t'): AsyncGenerator<ParsedRecord> {
  let records: ParsedRecord[] = [];
  const p = parser({ delimiter: sep, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  let failure: unknown;
  p.on('data', (r: ParsedRecord) => records.push({ record: r.record, info: { lines: r.info.lines } }));
  const done = new Promise<void>((resolve) => {
    p.on('error', (e) => {
      failure ??= e;
      resolve();
    });
    p.on('end', resolve);
  });
  const drain = function* (): Generator<ParsedRecord> {
    const got = records;
    records = [];
    yield* got;
  };
  for (let i = 0; i < text.length && failure === undefined; ) {
    let end = Math.min(text.length, i + PARSE_SLICE);
    // Never between the two halves of a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    p.write(text.slice(i, end));
    i = end;
    await yieldToLoop();
    if (failure !== undefined) throw failure;
    yield* drain();
  }
  if (failure === undefined) p.end();
  await done;
  if (failure !== undefined) throw failure;
  yield* drain();
}

/** Decode and parse a table of language pairs; the header is checked, rows are read as they are parsed. */
async function readTable(input: AsyncIterable<Uint8Array>, ctx: ReadContext, delimiter: ',' | '\t'): Promise<Table> {
  const { text, sep } = await decodeTable(input, ctx, delimiter);
  const malformed = (e: unknown): BadInput => {
    const err = e as Error & { lines?: number };
    return new BadInput(`malformed ${sep === '\t' ? 'TSV' : 'CSV'}: ${err.message.replace(/^Invalid \w+ [^:]*: /, '')}`, { file: ctx.file, line: err.lines });
  };
  const records = parseInSlices(text, sep);
  let first: IteratorResult<ParsedRecord>;
  try {
    first = await records.next();
  } catch (e) {
    throw malformed(e);
  }
  if (first.done) throw new BadInput('is empty', { file: ctx.file });
  const header = first.value.record.map((h) => h.trim());
  const [l1, l2] = header;
  if (!l1 || !l2 || !LANG_TAG.test(l1) || !LANG_TAG.test(l2)) {
    throw new BadInput(`the header must start with two language tags, as in "zh-TW,en-US,status,note"; found "${header.slice(0, 4).join(sep === '\t' ? '\\t' : ',')}"`, { file: ctx.file, line: 1 });
  }
  async function* rows(): AsyncGenerator<{ line: number; record: string[] }> {
    try {
      for await (const { record, info } of records) yield { line: startLine(record, info.lines), record };
    } catch (e) {
      throw e instanceof BadInput ? e : malformed(e);
    }
  }
  return { langs: [canonicalLang(l1), canonicalLang(l2)], columns: header.slice(2).map((h) => COLUMN_ALIASES[h.toLowerCase()]), rows: rows() };
}

/** The line a record starts on, from the line it ends on (csv-parse's info.lines) and the line breaks inside its fields; blank lines skipped before it do not count. */
function startLine(record: readonly string[], endLine: number): number {
  let breaks = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) breaks++;
  return endLine - breaks;
}

function rowFields(table: Table, record: string[]): Partial<Record<'status' | 'note' | 'partOfSpeech' | 'subject', string>> {
  const fields: Partial<Record<'status' | 'note' | 'partOfSpeech' | 'subject', string>> = {};
  table.columns.forEach((c, i) => {
    const v = record[i + 2];
    if (c && v !== undefined && v !== '') fields[c] = v;
  });
  return fields;
}

const isSentenceRow = (record: string[]): boolean => isSentence(record[0] ?? '') || isSentence(record[1] ?? '');

/** The sentence rows as translation units (the module comment's rule). */
function makeUnitReader(delimiter: ',' | '\t') {
  return async function* readUnits(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TranslationUnit> {
    const table = await readTable(input, ctx, delimiter);
    let n = 0;
    for await (const { line, record } of table.rows) {
      if (++n % ROW_SLICE === 0) await yieldToLoop();
      const [a = '', b = ''] = record;
      if (a.trim() === '' || b.trim() === '' || !isSentenceRow(record)) continue;
      const unit: TranslationUnit = { srcLang: table.langs[0], tgtLang: table.langs[1], source: a, target: b, origin: { file: ctx.file, line, column: 1 } };
      const note = rowFields(table, record).note;
      if (note !== undefined) unit.notes = [{ text: note }];
      yield unit;
    }
  };
}

/** The term rows as glossary entries (rows with an empty side are terms of one language). */
function makeReader(delimiter: ',' | '\t') {
  return async function* readEntries(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TermEntry> {
    const table = await readTable(input, ctx, delimiter);
    const hasStatus = table.columns.includes('status');
    let n = 0;
    for await (const { line, record } of table.rows) {
      if (++n % ROW_SLICE === 0) await yieldToLoop();
      const [a = '', b = ''] = record;
      if (a.trim() === '' && b.trim() === '') {
        ctx.warn?.('row skipped: both terms are empty', { file: ctx.file, line });
        continue;
      }
      if (a.trim() !== '' && b.trim() !== '' && isSentenceRow(record)) continue;
      const fields = rowFields(table, record);
      // A glossary without a status column is the translator's own list: approved.
      let status: TermStatus = hasStatus ? 'candidate' : 'approved';
      if (fields.status !== undefined) {
        const st = fields.status.trim().toLowerCase();
        if (!(TERM_STATUSES as readonly string[]).includes(st)) {
          throw new BadInput(`unknown status "${fields.status}" (expected ${TERM_STATUSES.join(', ')})`, { file: ctx.file, line });
        }
        status = st as TermStatus;
      }
      const terms: Term[] = [];
      for (const [i, t] of [a, b].entries()) {
        if (t === '') continue;
        const term: Term = { lang: table.langs[i]!, text: t, status };
        if (fields.partOfSpeech) term.partOfSpeech = fields.partOfSpeech;
        terms.push(term);
      }
      const entry: TermEntry = { terms, method: 'import' };
      if (fields.note !== undefined) entry.note = fields.note;
      if (fields.subject !== undefined) entry.subject = fields.subject;
      yield entry;
    }
  };
}

/** Header names of the columns of a CSV of translation pairs (check): source, target and an optional id. */
const PAIR_COLUMNS: Record<string, 'source' | 'target' | 'id'> = { source: 'source', src: 'source', target: 'target', tgt: 'target', translation: 'target', id: 'id' };

/**
 * A CSV/TSV of translation pairs, as `check` reads it (ingest keeps reading glossaries): a header
 * naming the two languages (`zh-TW,en-US`, as a glossary's, further columns ignored) or the
 * columns `source,target` (with the languages given apart), an optional `id` column; one pair per
 * row, every row as long as the header. The unit id is the id column or the row's line.
 */
function makePairReader(delimiter: ',' | '\t') {
  return async function* readPairs(input: AsyncIterable<Uint8Array>, ctx: ReadContext, options: PairReadOptions = {}): AsyncGenerator<TranslationUnit> {
    const { text, sep } = await decodeTable(input, ctx, delimiter);
    const kind = sep === '\t' ? 'TSV' : 'CSV';
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, { delimiter: sep, info: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof records;
    } catch (e) {
      const err = e as Error & { lines?: number; code?: string };
      const ragged = err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || err.code === 'CSV_INCONSISTENT_RECORD_LENGTH';
      const why = ragged ? 'a row has another number of columns than the header' : err.message.replace(/^Invalid \w+ [^:]*: /, '');
      throw new BadInput(`malformed ${kind} of translation pairs: ${why}`, { file: ctx.file, line: err.lines });
    }
    const [head, ...rows] = records;
    if (!head) throw new BadInput('is empty', { file: ctx.file });
    const header = head.record.map((h) => h.trim());
    const shown = header.slice(0, 4).join(sep === '\t' ? '\\t' : ',');
    const tags = header.map((h, i) => (LANG_TAG.test(h) && !(h.toLowerCase() in PAIR_COLUMNS) ? i : -1)).filter((i) => i >= 0);
    const named = (c: 'source' | 'target' | 'id'): number => header.findIndex((h) => PAIR_COLUMNS[h.toLowerCase()] === c);
    let src: number;
    let tgt: number;
    let langs: [LangTag, LangTag];
    if (named('source') >= 0 && named('target') >= 0) {
      [src, tgt] = [named('source'), named('target')];
      if (!options.srcLang || !options.tgtLang) {
        throw new BadInput(`the header "${shown}" does not name the languages: write them as the header (zh-TW,en-US) or give them (check --src zh-TW --tgt en-US; ?src=&tgt= in the API)`, { file: ctx.file, line: 1 });
      }
      langs = [canonicalLang(options.srcLang), canonicalLang(options.tgtLang)];
    } else if (tags.length >= 2) {
      [src, tgt] = [tags[0]!, tags[1]!];
      langs = [canonicalLang(header[src]!), canonicalLang(header[tgt]!)];
    } else {
      throw new BadInput(`the first row must name the two columns of a translation pair, as language tags ("zh-TW,en-US") or as "source,target"; found "${shown}"`, { file: ctx.file, line: 1 });
    }
    const idColumn = named('id');
    for (const { record, info } of rows) {
      const line = startLine(record, info.lines);
      const source = record[src] ?? '';
      const target = record[tgt] ?? '';
      if (source.trim() === '' && target.trim() === '') {
        ctx.warn?.('row skipped: source and target are empty', { file: ctx.file, line });
        continue;
      }
      const id = idColumn >= 0 && (record[idColumn] ?? '').trim() !== '' ? record[idColumn]!.trim() : String(line);
      yield { srcLang: langs[0], tgtLang: langs[1], source, target, externalId: id, origin: { file: ctx.file, line, column: 1 } };
    }
  };
}

function pickTerms(terms: readonly Term[], lang: LangTag): Term[] {
  const exact = terms.filter((t) => t.lang.toLowerCase() === lang.toLowerCase());
  return exact.length ? exact : terms.filter((t) => primaryLanguage(t.lang) === primaryLanguage(lang));
}

function makeWriter(delimiter: ',' | '\t') {
  return async function* writeEntries(entries: AsyncIterable<TermEntry>, options: WriteOptions): AsyncGenerator<string> {
    const all: TermEntry[] = [];
    for await (const e of entries) all.push(e);
    const [src, tgt] = options.srcLang && options.tgtLang ? [options.srcLang, options.tgtLang] : dominantPair(all);
    const withPos = all.some((e) => e.terms.some((t) => t.partOfSpeech));
    const withSubject = all.some((e) => e.subject);
    const header = [src, tgt, 'status', 'note', ...(withPos ? ['pos'] : []), ...(withSubject ? ['subject'] : [])];
    const csv = (rows: string[][]): string => stringify(rows, { delimiter, record_delimiter: '\r\n' });
    yield csv([header]);
    let buf = '';
    for (const e of all) {
      const s = pickTerms(e.terms, src);
      const t = pickTerms(e.terms, tgt);
      if (s.length === 0 && t.length === 0) continue;
      // Synonyms: one row each, paired in order; the shorter side repeats its first term.
      const n = Math.max(s.length, t.length);
      const rows: string[][] = [];
      for (let k = 0; k < n; k++) {
        const a = s[k] ?? s[0];
        const b = t[k] ?? t[0];
        const status = (b ?? a)!.status;
        const row = [a?.text ?? '', b?.text ?? '', status, e.note ?? ''];
        if (withPos) row.push((a ?? b)!.partOfSpeech ?? '');
        if (withSubject) row.push(e.subject ?? '');
        rows.push(row);
      }
      buf += csv(rows);
      if (buf.length > 64 * 1024) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  };
}

export const csvFormat: FormatModule = {
  name: 'csv',
  extensions: ['.csv'],
  mediaType: 'text/csv; charset=utf-8; header=present',
  readUnits: makeUnitReader(','),
  readEntries: makeReader(','),
  readPairs: makePairReader(','),
  writeEntries: makeWriter(','),
};

export const tsvFormat: FormatModule = {
  name: 'tsv',
  extensions: ['.tsv'],
  mediaType: 'text/tab-separated-values; charset=utf-8',
  readUnits: makeUnitReader('\t'),
  readEntries: makeReader('\t'),
  readPairs: makePairReader('\t'),
  writeEntries: makeWriter('\t'),
};
