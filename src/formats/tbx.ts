/**
 * TBX glossaries: TBX-Basic in the 2008 `martif` form (what CAT tools exchange; format `tbx`) and
 * TBX v3 (ISO 30042:2019, `tbx` root; format `tbx3`). Both read back by one reader that accepts
 * either form (and TBX-Default `ntig/termGrp`). Term status travels as administrativeStatus:
 * approved = preferred, candidate = admitted, forbidden = deprecated.
 */
import type { FormatModule, ReadContext, WriteOptions } from './types.js';
import type { LangTag, Term, TermEntry, TermStatus } from '../model.js';
import { canonicalLang } from '../model.js';
import { BadInput } from '../errors.js';
import { attrString, elements, escapeText, localName, parseXmlTree, textOf, toNCName, type XmlElement } from './xml.js';
import { dominantPair } from './pairs.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

const STATUS_TO_TBX: Record<TermStatus, string> = {
  approved: 'preferredTerm-admn-sts',
  candidate: 'admittedTerm-admn-sts',
  forbidden: 'deprecatedTerm-admn-sts',
};
const TBX_TO_STATUS: Record<string, TermStatus> = {
  'preferredterm-admn-sts': 'approved',
  'admittedterm-admn-sts': 'candidate',
  'deprecatedterm-admn-sts': 'forbidden',
  'supersededterm-admn-sts': 'forbidden',
  // TBX v3 / TBX-Default spellings seen in the wild
  preferred: 'approved',
  admitted: 'candidate',
  deprecated: 'forbidden',
  superseded: 'forbidden',
};
const PARTS_OF_SPEECH = new Set(['noun', 'verb', 'adjective', 'adverb', 'properNoun', 'other']);
/** Our own bookkeeping (method, score, frequency) rides in an entry note with this prefix. */
const META_PREFIX = 'glossa:';

/** Languages of the entry in a stable order: the pair's source first, then its target, then the rest. */
function groupByLang(entry: TermEntry, order: readonly LangTag[]): [LangTag, Term[]][] {
  const groups = new Map<LangTag, Term[]>();
  for (const t of entry.terms) {
    if (!groups.has(t.lang)) groups.set(t.lang, []);
    groups.get(t.lang)!.push(t);
  }
  const rank = (l: LangTag): number => {
    const i = order.findIndex((o) => o.toLowerCase() === l.toLowerCase());
    return i < 0 ? order.length : i;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
}

function metaNote(e: TermEntry): string | undefined {
  const bits: string[] = [];
  if (e.method) bits.push(`method=${e.method}`);
  if (e.score !== undefined) bits.push(`score=${e.score}`);
  if (e.frequency !== undefined) bits.push(`frequency=${e.frequency}`);
  if (e.evidence?.length) bits.push(`evidence=${e.evidence.join(',')}`);
  return bits.length ? `${META_PREFIX} ${bits.join('; ')}` : undefined;
}

function termXml(t: Term, v3: boolean, indent: string): string {
  const wrap = v3 ? 'termSec' : 'tig';
  let out = `${indent}<${wrap}>\n${indent}  <term>${escapeText(t.text)}</term>\n`;
  if (t.partOfSpeech && PARTS_OF_SPEECH.has(t.partOfSpeech)) out += `${indent}  <termNote type="partOfSpeech">${t.partOfSpeech}</termNote>\n`;
  out += `${indent}  <termNote type="administrativeStatus">${STATUS_TO_TBX[t.status] ?? STATUS_TO_TBX.candidate}</termNote>\n`;
  if (t.partOfSpeech && !PARTS_OF_SPEECH.has(t.partOfSpeech)) out += `${indent}  <note>${escapeText(`${META_PREFIX} partOfSpeech=${t.partOfSpeech}`)}</note>\n`;
  if (t.note) out += `${indent}  <note>${escapeText(t.note)}</note>\n`;
  return out + `${indent}</${wrap}>\n`;
}

function entryXml(e: TermEntry, n: number, order: readonly LangTag[], v3: boolean): string {
  const el = v3 ? 'conceptEntry' : 'termEntry';
  const lang = v3 ? 'langSec' : 'langSet';
  let out = `      <${el}${attrString({ id: toNCName(e.id !== undefined ? `c${e.id}` : `n${n}`, 'c') })}>\n`;
  if (e.subject) out += `        <descrip type="subjectField">${escapeText(e.subject)}</descrip>\n`;
  if (e.note) out += `        <note>${escapeText(e.note)}</note>\n`;
  const meta = metaNote(e);
  if (meta) out += `        <note>${escapeText(meta)}</note>\n`;
  for (const [l, terms] of groupByLang(e, order)) {
    out += `        <${lang}${attrString({ 'xml:lang': l })}>\n`;
    for (const t of terms) out += termXml(t, v3, '          ');
    out += `        </${lang}>\n`;
  }
  return out + `      </${el}>\n`;
}

function makeWriter(v3: boolean) {
  return async function* writeEntries(entries: AsyncIterable<TermEntry>, options: WriteOptions): AsyncGenerator<string> {
    const all: TermEntry[] = [];
    for await (const e of entries) if (e.terms.length > 0) all.push(e);
    const [src, tgt] = options.srcLang && options.tgtLang ? [options.srcLang, options.tgtLang] : dominantPair(all);
    const desc = `Exported by ${TOOL_NAME} ${options.toolVersion ?? TOOL_VERSION}`;
    if (v3) {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<tbx type="TBX-Basic" style="dca"${attrString({ 'xml:lang': src })} xmlns="urn:iso:std:iso:30042:ed-2">\n` +
        `  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>${escapeText(desc)}</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n` +
        '  <text>\n    <body>\n';
    } else {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<martif type="TBX-Basic"${attrString({ 'xml:lang': src })}>\n` +
        `  <martifHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>${escapeText(desc)}</p>\n      </sourceDesc>\n    </fileDesc>\n` +
        '    <encodingDesc>\n      <p type="XCSURI">TBXBasicXCSV02.xcs</p>\n    </encodingDesc>\n  </martifHeader>\n' +
        '  <text>\n    <body>\n';
    }
    let n = 0;
    let buf = '';
    for (const e of all) {
      buf += entryXml(e, ++n, [src, tgt], v3);
      if (buf.length > 64 * 1024) {
        yield buf;
        buf = '';
      }
    }
    yield buf + `    </body>\n  </text>\n</${v3 ? 'tbx' : 'martif'}>\n`;
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

function parseMeta(note: string, entry: TermEntry): boolean {
  if (!note.startsWith(META_PREFIX)) return false;
  for (const part of note.slice(META_PREFIX.length).split(';')) {
    const [k, v] = part.split('=').map((s) => s.trim()) as [string, string | undefined];
    if (v === undefined) continue;
    if (k === 'method') entry.method = v;
    else if (k === 'score' && Number.isFinite(Number(v))) entry.score = Number(v);
    else if (k === 'frequency' && Number.isFinite(Number(v))) entry.frequency = Number(v);
    // evidence ids belong to the database that wrote the file: not carried over
  }
  return true;
}

function readTerm(el: XmlElement, lang: LangTag, file: string): Term {
  // tig/termSec hold term + termNotes directly; ntig holds them in termGrp.
  const holder = elements(el, 'termGrp')[0] ?? el;
  const termEl = elements(holder, 'term')[0];
  if (!termEl) throw new BadInput(`<${el.name}> without a <term>`, { file, line: el.line });
  const text = textOf(termEl);
  if (text.trim() === '') throw new BadInput('an empty <term>', { file, line: termEl.line });
  const term: Term = { lang, text, status: 'approved' };
  const notes: string[] = [];
  for (const c of [...elements(holder), ...(holder === el ? [] : elements(el))]) {
    const name = localName(c.name);
    const type = c.attrs.type;
    const value = textOf(c).trim();
    if (name === 'termNote' && type === 'administrativeStatus') {
      const s = TBX_TO_STATUS[value.toLowerCase()];
      if (!s) throw new BadInput(`unknown administrativeStatus "${value}" (expected preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts or supersededTerm-admn-sts)`, { file, line: c.line });
      term.status = s;
    } else if (name === 'termNote' && type === 'partOfSpeech') term.partOfSpeech = value;
    else if (name === 'note') {
      const raw = textOf(c);
      if (raw.startsWith(`${META_PREFIX} partOfSpeech=`)) term.partOfSpeech = raw.slice(`${META_PREFIX} partOfSpeech=`.length);
      else notes.push(raw);
    }
  }
  if (notes.length) term.note = notes.join('\n');
  return term;
}

async function* readEntries(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TermEntry> {
  const root = await parseXmlTree(input, ctx.file);
  const rootName = localName(root.name);
  if (rootName !== 'martif' && rootName !== 'tbx') throw new BadInput(`not a TBX file: the root element is <${root.name}>, not <martif> or <tbx>`, { file: ctx.file, line: root.line });
  const fileLang = root.attrs['xml:lang'];
  const text = elements(root, 'text')[0];
  const body = text && elements(text, 'body')[0];
  if (!body) throw new BadInput(`<${root.name}> has no <text><body>`, { file: ctx.file, line: root.line });
  for (const entryEl of elements(body)) {
    const en = localName(entryEl.name);
    if (en !== 'termEntry' && en !== 'conceptEntry') continue;
    const entry: TermEntry = { terms: [], method: 'import' };
    const notes: string[] = [];
    for (const c of elements(entryEl)) {
      const name = localName(c.name);
      if (name === 'descrip' && c.attrs.type === 'subjectField') entry.subject = textOf(c);
      else if (name === 'note') {
        if (!parseMeta(textOf(c), entry)) notes.push(textOf(c));
      } else if (name === 'langSet' || name === 'langSec') {
        const langAttr = c.attrs['xml:lang'] ?? c.attrs.lang ?? fileLang;
        if (!langAttr) throw new BadInput(`<${c.name}> without xml:lang`, { file: ctx.file, line: c.line });
        const lang = canonicalLang(langAttr);
        for (const t of elements(c)) {
          const tn = localName(t.name);
          if (tn === 'tig' || tn === 'ntig' || tn === 'termSec') entry.terms.push(readTerm(t, lang, ctx.file));
        }
      }
    }
    if (notes.length) entry.note = notes.join('\n');
    if (entry.terms.length === 0) {
      ctx.warn?.(`<${entryEl.name}${entryEl.attrs.id ? ` id="${entryEl.attrs.id}"` : ''}> skipped: it holds no term`, { file: ctx.file, line: entryEl.line });
      continue;
    }
    yield entry;
  }
}

export const tbxFormat: FormatModule = {
  name: 'tbx',
  extensions: ['.tbx'],
  mediaType: 'application/x-tbx+xml; charset=utf-8',
  readEntries,
  writeEntries: makeWriter(false),
};

/** TBX v3 on request; reads the same as `tbx` (the reader takes both forms). */
export const tbx3Format: FormatModule = {
  name: 'tbx3',
  extensions: [],
  mediaType: 'application/x-tbx+xml; charset=utf-8',
  readEntries,
  writeEntries: makeWriter(true),
};
