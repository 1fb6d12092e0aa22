/**
 * CSV/TSV glossaries (DESIGN.md): UTF-8, RFC 4180, a header whose first two columns are the two
 * language tags (`zh-TW,en-US,status,note`), one term pair per row. csv-parse and csv-stringify
 * do the quoting (quotes, delimiters and newlines inside fields).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FormatModule, ReadContext, WriteOptions } from './index.js';
import type { LangTag, Term, TermEntry, TermStatus } from '../model.js';
import { TERM_STATUSES, canonicalLang, primaryLanguage } from '../model.js';
import { BadInput } from '../errors.js';
import { decodeText, readAll } from './encoding.js';
import { dominantPair } from './tbx.js';

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

function makeReader(delimiter: ',' | '\t') {
  return async function* readEntries(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TermEntry> {
    const text = decodeText(await readAll(input, MAX_BYTES), ctx.file);
    if (text.trim() === '') throw new BadInput('is empty', { file: ctx.file });
    const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
    // A .csv that is really tab-separated (spreadsheets export both): tell by the header.
    const sep = delimiter === ',' && firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : delimiter;
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, { delimiter: sep, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof records;
    } catch (e) {
      const err = e as Error & { lines?: number };
      throw new BadInput(`malformed ${sep === '\t' ? 'TSV' : 'CSV'}: ${err.message.replace(/^Invalid \w+ [^:]*: /, '')}`, { file: ctx.file, line: err.lines });
    }
    const [head, ...rows] = records;
    if (!head) throw new BadInput('is empty', { file: ctx.file });
    const header = head.record.map((h) => h.trim());
    const [l1, l2] = header;
    if (!l1 || !l2 || !LANG_TAG.test(l1) || !LANG_TAG.test(l2)) {
      throw new BadInput(`the header must start with two language tags, as in "zh-TW,en-US,status,note"; found "${header.slice(0, 4).join(sep === '\t' ? '\\t' : ',')}"`, { file: ctx.file, line: 1 });
    }
    const langs: [LangTag, LangTag] = [canonicalLang(l1), canonicalLang(l2)];
    const columns = header.slice(2).map((h) => COLUMN_ALIASES[h.toLowerCase()]);
    const hasStatus = columns.includes('status');
    let prevEnd = 1;
    for (const { record, info } of rows) {
      const line = prevEnd + 1;
      prevEnd = info.lines;
      const [a = '', b = ''] = record;
      if (a.trim() === '' && b.trim() === '') {
        ctx.warn?.('row skipped: both terms are empty', { file: ctx.file, line });
        continue;
      }
      const fields: Partial<Record<'status' | 'note' | 'partOfSpeech' | 'subject', string>> = {};
      columns.forEach((c, i) => {
        const v = record[i + 2];
        if (c && v !== undefined && v !== '') fields[c] = v;
      });
      // A glossary without a status column is the translator's own list: approved.
      let status: TermStatus = hasStatus ? 'candidate' : 'approved';
      if (fields.status !== undefined) {
        const s = fields.status.trim().toLowerCase();
        if (!(TERM_STATUSES as readonly string[]).includes(s)) {
          throw new BadInput(`unknown status "${fields.status}" (expected ${TERM_STATUSES.join(', ')})`, { file: ctx.file, line });
        }
        status = s as TermStatus;
      }
      const terms: Term[] = [];
      for (const [i, t] of [a, b].entries()) {
        if (t === '') continue;
        const term: Term = { lang: langs[i]!, text: t, status };
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
  readEntries: makeReader(','),
  writeEntries: makeWriter(','),
};

export const tsvFormat: FormatModule = {
  name: 'tsv',
  extensions: ['.tsv'],
  mediaType: 'text/tab-separated-values; charset=utf-8',
  readEntries: makeReader('\t'),
  writeEntries: makeWriter('\t'),
};
