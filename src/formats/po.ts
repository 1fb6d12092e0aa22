/**
 * gettext PO catalogs in, as translation units: msgid → msgstr, msgid_plural → msgstr[1] (or
 * msgstr[0] for languages with one form), msgctxt and comments kept as props and notes. The
 * target language is the header's `Language` (else the file name, `zh_TW.po`, `tar.zh_TW.po`); the
 * source language is `X-Source-Language` when present, else English, as gettext msgids are.
 * Untranslated, fuzzy and obsolete entries are not translations: skipped and reported.
 */
import { basename } from 'node:path';
import type { FormatModule, ReadContext } from './types.js';
import type { Note, Prop, TranslationUnit } from '../model.js';
import { canonicalLang } from '../model.js';
import { BadInput } from '../errors.js';
import { decodeText, readAll } from './encoding.js';

const MAX_BYTES = 256 * 1024 * 1024;
const LANG_TAG = /^[A-Za-z]{2,3}([-_@][A-Za-z0-9]{2,8})*$/;

interface PoEntry {
  line: number;
  /** Where the msgid and msgid_plural keywords stand (line, column): a unit's place in its file. */
  msgidAt?: [number, number];
  msgidPluralAt?: [number, number];
  msgctxt?: string;
  msgid?: string;
  msgidPlural?: string;
  msgstr: string[];
  translatorComments: string[];
  extracted: string[];
  references: string[];
  flags: string[];
  obsolete: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', '?': '?', "'": "'" };

/** A C string literal's content, unescaped. */
function unquote(s: string, file: string, line: number): string {
  const m = /^"((?:[^"\\]|\\.)*)"\s*$/.exec(s.trim());
  if (!m) throw new BadInput(`expected a quoted string, found ${JSON.stringify(s.trim().slice(0, 40))}`, { file, line });
  return m[1]!.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_all, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
    const r = ESCAPES[e];
    if (r === undefined) throw new BadInput(`unknown escape \\${e}`, { file, line });
    return r;
  });
}

export function parsePo(text: string, file: string): PoEntry[] {
  const entries: PoEntry[] = [];
  const fresh = (line: number): PoEntry => ({ line, msgstr: [], translatorComments: [], extracted: [], references: [], flags: [], obsolete: false });
  let cur = fresh(1);
  let started = false;
  /** Where continuation strings go. */
  let field: ((s: string) => void) | undefined;
  const flush = (): void => {
    if (cur.msgid !== undefined) entries.push(cur);
    else if (started && (cur.msgctxt !== undefined || cur.msgstr.length > 0)) throw new BadInput('an entry without msgid', { file, line: cur.line });
    started = false;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i]!;
    if (raw.trim() === '') {
      flush();
      cur = fresh(lineNo + 1);
      field = undefined;
      continue;
    }
    let obsolete = false;
    if (raw.startsWith('#~')) {
      obsolete = true;
      raw = raw.slice(2).trimStart();
      if (raw.startsWith('|')) continue;
    } else if (raw.startsWith('#')) {
      // A comment after a message starts the next entry (catalogs without blank lines).
      if (cur.msgid !== undefined && cur.msgstr.length > 0) {
        flush();
        cur = fresh(lineNo);
      }
      started = true;
      const kind = raw[1];
      const body = raw.slice(2).trim();
      if (kind === '.') cur.extracted.push(body);
      else if (kind === ':') cur.references.push(body);
      else if (kind === ',') cur.flags.push(...body.split(',').map((f) => f.trim()).filter(Boolean));
      else if (kind === '|') continue;
      else cur.translatorComments.push(raw.slice(1).replace(/^ /, ''));
      field = undefined;
      continue;
    }
    const t = raw.trim();
    if (t.startsWith('"')) {
      if (!field) throw new BadInput('a string outside msgid/msgstr', { file, line: lineNo });
      field(unquote(t, file, lineNo));
      continue;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$/.exec(t);
    if (!m) throw new BadInput(`cannot read this line: ${JSON.stringify(t.slice(0, 60))}`, { file, line: lineNo });
    const [, keyword, index, rest] = m as unknown as [string, string, string | undefined, string];
    if ((keyword === 'msgctxt' || keyword === 'msgid') && cur.msgid !== undefined && cur.msgstr.length > 0) {
      flush();
      cur = fresh(lineNo);
    }
    started = true;
    if (obsolete) cur.obsolete = true;
    const value = unquote(rest, file, lineNo);
    const e = cur;
    if (keyword === 'msgctxt') {
      e.msgctxt = value;
      field = (s) => (e.msgctxt += s);
    } else if (keyword === 'msgid') {
      e.msgid = value;
      e.line = Math.min(e.line, lineNo);
      e.msgidAt = [lineNo, lines[i]!.indexOf('msgid') + 1];
      field = (s) => (e.msgid += s);
    } else if (keyword === 'msgid_plural') {
      e.msgidPlural = value;
      e.msgidPluralAt = [lineNo, lines[i]!.indexOf('msgid_plural') + 1];
      field = (s) => (e.msgidPlural += s);
    } else {
      const n = index === undefined ? 0 : Number(index);
      if (e.msgid === undefined) throw new BadInput('msgstr before msgid', { file, line: lineNo });
      e.msgstr[n] = value;
      field = (s) => (e.msgstr[n] += s);
    }
  }
  flush();
  return entries;
}

function headerFields(msgstr: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of msgstr.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

/** `zh_TW.po`, `tar.zh_TW.po`, `zh-TW.po` → `zh-TW`. */
function langFromFileName(file: string): string | undefined {
  const parts = basename(file).replace(/\.po$/i, '').split('.');
  for (let i = parts.length - 1; i >= 0; i--) if (LANG_TAG.test(parts[i]!)) return parts[i];
  return undefined;
}

async function* readUnits(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TranslationUnit> {
  const text = decodeText(await readAll(input, MAX_BYTES), ctx.file);
  if (text.trim() === '') throw new BadInput('is empty', { file: ctx.file });
  const entries = parsePo(text, ctx.file);
  const header = entries.find((e) => e.msgid === '' && e.msgctxt === undefined && !e.obsolete);
  const fields = headerFields(header?.msgstr[0] ?? '');
  const charset = /charset=([^\s;]+)/i.exec(fields.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && !['utf-8', 'utf8', 'charset', 'us-ascii', 'ascii'].includes(charset)) {
    throw new BadInput(`the catalog declares charset ${charset}; convert it to UTF-8 (msgconv --to-code=UTF-8)`, { file: ctx.file, line: header?.line });
  }
  const tgtRaw = fields.get('language') || langFromFileName(ctx.file);
  if (!tgtRaw) throw new BadInput('no target language: the header has no Language field and the file name names none (e.g. zh_TW.po)', { file: ctx.file, line: header?.line ?? 1 });
  const tgtLang = canonicalLang(tgtRaw.replace(/@.*$/, ''));
  const srcLang = canonicalLang(fields.get('x-source-language') || 'en');
  for (const e of entries) {
    if (e === header || e.msgid === undefined) continue;
    const where = { file: ctx.file, line: e.line };
    if (e.obsolete) continue; // #~ entries are history, not translations
    if (e.flags.includes('fuzzy')) {
      ctx.warn?.(`entry "${e.msgid.slice(0, 40)}" skipped: marked fuzzy (not a checked translation)`, where);
      continue;
    }
    const forms: [string, string, number | undefined, [number, number] | undefined][] = [];
    if (e.msgidPlural === undefined) forms.push([e.msgid, e.msgstr[0] ?? '', undefined, e.msgidAt]);
    else {
      forms.push([e.msgid, e.msgstr[0] ?? '', 0, e.msgidAt]);
      forms.push([e.msgidPlural, e.msgstr[1] ?? e.msgstr[0] ?? '', e.msgstr.length > 1 ? 1 : 0, e.msgidPluralAt]);
    }
    if (forms.every(([, t]) => t === '')) {
      ctx.warn?.(`entry "${e.msgid.slice(0, 40)}" skipped: untranslated`, where);
      continue;
    }
    for (const [source, target, form, at] of forms) {
      if (target === '') continue;
      const props: Prop[] = [];
      if (e.msgctxt !== undefined) props.push({ type: 'x-po-msgctxt', value: e.msgctxt });
      if (form !== undefined) props.push({ type: 'x-po-plural-form', value: String(form) });
      if (e.msgidPlural !== undefined) {
        for (let k = 2; k < e.msgstr.length; k++) props.push({ type: `x-po-msgstr-${k}`, value: e.msgstr[k] ?? '' });
      }
      if (e.references.length) props.push({ type: 'x-po-reference', value: e.references.join(' ') });
      if (e.flags.length) props.push({ type: 'x-po-flags', value: e.flags.join(', ') });
      const notes: Note[] = [...e.extracted.map((t) => ({ text: t })), ...e.translatorComments.map((t) => ({ text: t }))];
      const unit: TranslationUnit = { srcLang, tgtLang, source, target, origin: at ? { file: ctx.file, line: at[0], column: at[1] } : { file: ctx.file } };
      if (props.length) unit.props = props;
      if (notes.length) unit.notes = notes;
      yield unit;
    }
  }
}

export const poFormat: FormatModule = {
  name: 'po',
  extensions: ['.po', '.pot'],
  mediaType: 'text/x-gettext-translation; charset=utf-8',
  readUnits,
};
