/**
 * XLIFF 1.2 (`xliff12`) and 2.0 (`xliff20`): export of the TM, import of bilingual files of either
 * version (sniffed from the root's `version`, so `.xlf`/`.xliff` need no flag).
 *
 * Both directions are our own code over src/formats/xml.ts, not the `xliff` npm package: that
 * package (over the unmaintained xml-js) turns a literal `&amp;` into `&`, writes CR raw, indents
 * inside text around inline tags and drops state, note attributes and originalData on read. The
 * rule is no data loss, so the whole path is our own; XLIFF that other JavaScript tools write with
 * that package imports correctly (test/formats/xliff.test.ts writes with it and reads with this).
 */
import type { FormatModule, ReadContext, WriteOptions } from './types.js';
import type { InlineCode, Note, Prop, Provenance, SegmentPart, TranslationUnit } from '../model.js';
import { canonicalLang, partsToText } from '../model.js';
import { BadInput } from '../errors.js';
import { attrString, elements, escapeText, localName, parseXmlTree, textOf, type XmlElement } from './xml.js';
import { pickAttrs, segmentContent } from './segments.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

const NS12 = 'urn:oasis:names:tc:xliff:document:1.2';
const NS20 = 'urn:oasis:names:tc:xliff:document:2.0';
/** Unit props that carry XLIFF 2 originalData (`<data id>`), so a round trip restores it. */
const DATA_PROP = 'x-xliff-data:';
/** Unit attrs that carry a note's attributes (`from`, `priority`, `category`...), by note index. */
const NOTE_ATTR = /^x-note-(\d+)-(.+)$/;

// ---------------------------------------------------------------------------------------------
// Reading

const INLINE_12 = new Set(['g', 'x', 'bx', 'ex', 'ph', 'bpt', 'ept', 'it', 'sub', 'mrk']);
const INLINE_20 = new Set(['pc', 'ph', 'sc', 'ec', 'mrk', 'sm', 'em', 'cp']);

function readParts(el: XmlElement, allowed: ReadonlySet<string>, file: string): SegmentPart[] {
  const out: SegmentPart[] = [];
  const push = (s: string): void => {
    const last = out[out.length - 1];
    if (typeof last === 'string') out[out.length - 1] = last + s;
    else if (s !== '') out.push(s);
  };
  for (const c of el.children) {
    if (typeof c === 'string') {
      push(c);
      continue;
    }
    const name = localName(c.name);
    if (!allowed.has(name)) throw new BadInput(`<${c.name}> is not an inline element of this XLIFF version`, { file, line: c.line });
    if (name === 'cp') {
      // XLIFF 2 writes characters XML cannot carry as <cp hex="..."/>: they are text.
      const code = Number.parseInt(c.attrs.hex ?? '', 16);
      if (!Number.isFinite(code)) throw new BadInput('<cp> without a valid hex attribute', { file, line: c.line });
      push(String.fromCodePoint(code));
      continue;
    }
    out.push({ tag: name, attrs: { ...c.attrs }, content: readParts(c, allowed, file) });
  }
  return out;
}

function readNotes(els: XmlElement[], attrs: Record<string, string>): Note[] {
  return els.map((n, i) => {
    const note: Note = { text: textOf(n) };
    for (const [k, v] of Object.entries(n.attrs)) {
      if (k === 'xml:lang') note.lang = v;
      else attrs[`x-note-${i}-${k}`] = v;
    }
    return note;
  });
}

/** The file, line and column of a unit's element. */
function placeOf(el: XmlElement, file: string): Provenance {
  return el.column === undefined ? { file, line: el.line } : { file, line: el.line, column: el.column };
}

/** Trans-units and units at any depth of groups. */
function* walk(el: XmlElement, unitName: string): Generator<XmlElement> {
  for (const c of elements(el)) {
    const n = localName(c.name);
    if (n === unitName) yield c;
    else if (n === 'group' || n === 'body') yield* walk(c, unitName);
  }
}

function read12(root: XmlElement, ctx: ReadContext): TranslationUnit[] {
  const out: TranslationUnit[] = [];
  for (const file of elements(root, 'file')) {
    const srcAttr = file.attrs['source-language'];
    if (!srcAttr) throw new BadInput('<file> without source-language', { file: ctx.file, line: file.line });
    const srcLang = canonicalLang(srcAttr);
    const tgtAttr = file.attrs['target-language'];
    for (const tu of walk(file, 'trans-unit')) {
      const source = elements(tu, 'source')[0];
      if (!source) throw new BadInput(`<trans-unit id="${tu.attrs.id ?? ''}"> without <source>`, { file: ctx.file, line: tu.line });
      const target = elements(tu, 'target')[0];
      const tgtLang = target?.attrs['xml:lang'] ?? tgtAttr;
      if (!tgtLang) {
        ctx.warn?.(`trans-unit "${tu.attrs.id ?? ''}" skipped: no target language (file has no target-language)`, { file: ctx.file, line: tu.line });
        continue;
      }
      const s = segmentContent(readParts(source, INLINE_12, ctx.file));
      const t = segmentContent(target ? readParts(target, INLINE_12, ctx.file) : []);
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(tu.attrs)) if (k !== 'id' && k !== 'xml:space') attrs[k] = v;
      for (const [k, v] of Object.entries(target?.attrs ?? {})) if (k !== 'xml:lang') attrs[k === 'state' || k === 'state-qualifier' ? k : `target-${k}`] = v;
      if (!target) attrs['x-no-target'] = 'yes';
      const unit: TranslationUnit = { srcLang, tgtLang: canonicalLang(tgtLang), source: s.text, target: t.text, origin: placeOf(tu, ctx.file) };
      if (s.parts) unit.sourceParts = s.parts;
      if (t.parts) unit.targetParts = t.parts;
      if (tu.attrs.id !== undefined) unit.externalId = tu.attrs.id;
      const notes = readNotes(elements(tu, 'note'), attrs);
      if (notes.length) unit.notes = notes;
      if (Object.keys(attrs).length) unit.attrs = attrs;
      out.push(unit);
    }
  }
  return out;
}

function read20(root: XmlElement, ctx: ReadContext): TranslationUnit[] {
  const srcAttr = root.attrs.srcLang;
  if (!srcAttr) throw new BadInput('<xliff> without srcLang', { file: ctx.file, line: root.line });
  const srcLang = canonicalLang(srcAttr);
  const tgtAttr = root.attrs.trgLang;
  const out: TranslationUnit[] = [];
  for (const file of elements(root, 'file')) {
    for (const unitEl of walk(file, 'unit')) {
      const unitId = unitEl.attrs.id ?? '';
      const segments = elements(unitEl, 'segment');
      const props: Prop[] = [];
      const od = elements(unitEl, 'originalData')[0];
      for (const d of od ? elements(od, 'data') : []) props.push({ type: `${DATA_PROP}${d.attrs.id ?? ''}`, value: textOf(d) });
      const baseAttrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(unitEl.attrs)) if (k !== 'id') baseAttrs[k] = v;
      const notesEl = elements(unitEl, 'notes')[0];
      const notes = readNotes(notesEl ? elements(notesEl, 'note') : [], baseAttrs);
      segments.forEach((seg, i) => {
        const source = elements(seg, 'source')[0];
        if (!source) throw new BadInput(`<segment> of unit "${unitId}" without <source>`, { file: ctx.file, line: seg.line });
        const target = elements(seg, 'target')[0];
        if (!tgtAttr) {
          ctx.warn?.(`unit "${unitId}" skipped: the file has no trgLang`, { file: ctx.file, line: seg.line });
          return;
        }
        const s = segmentContent(readParts(source, INLINE_20, ctx.file));
        const t = segmentContent(target ? readParts(target, INLINE_20, ctx.file) : []);
        const attrs = { ...baseAttrs };
        for (const [k, v] of Object.entries(seg.attrs)) if (k !== 'id') attrs[`segment-${k}`] = v;
        if (seg.attrs.id) attrs['segment-id'] = seg.attrs.id;
        if (seg.attrs.state) {
          attrs.state = seg.attrs.state;
          delete attrs['segment-state'];
        }
        if (!target) attrs['x-no-target'] = 'yes';
        const unit: TranslationUnit = { srcLang, tgtLang: canonicalLang(tgtAttr), source: s.text, target: t.text, origin: placeOf(segments.length > 1 ? seg : unitEl, ctx.file) };
        if (s.parts) unit.sourceParts = s.parts;
        if (t.parts) unit.targetParts = t.parts;
        unit.externalId = segments.length > 1 ? `${unitId}#${i + 1}` : unitId;
        if (notes.length) unit.notes = notes;
        if (props.length) unit.props = props;
        if (Object.keys(attrs).length) unit.attrs = attrs;
        out.push(unit);
      });
    }
  }
  return out;
}

async function* readUnits(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TranslationUnit> {
  const root = await parseXmlTree(input, ctx.file, undefined, { columns: true });
  if (localName(root.name) !== 'xliff') throw new BadInput(`not an XLIFF file: the root element is <${root.name}>, not <xliff>`, { file: ctx.file, line: root.line });
  const version = root.attrs.version ?? (root.attrs.xmlns === NS20 ? '2.0' : '1.2');
  if (/^1\.[0-2]$/.test(version)) yield* read12(root, ctx);
  else if (/^2\.[0-2]$/.test(version)) yield* read20(root, ctx);
  else throw new BadInput(`unsupported XLIFF version "${version}" (1.0–1.2 and 2.0–2.2 are read)`, { file: ctx.file, line: root.line });
}

// ---------------------------------------------------------------------------------------------
// Writing

const INVALID_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** XLIFF 1.2 inline attributes the strict schema allows (by element). */
const ALLOWED_12: Record<string, readonly string[]> = {
  g: ['id', 'ctype', 'clone', 'xid', 'equiv-text'],
  x: ['id', 'ctype', 'clone', 'xid', 'equiv-text'],
  bx: ['id', 'rid', 'ctype', 'clone', 'xid', 'equiv-text'],
  ex: ['id', 'rid', 'xid', 'equiv-text'],
  ph: ['id', 'ctype', 'crc', 'assoc', 'xid', 'equiv-text'],
  bpt: ['id', 'rid', 'ctype', 'crc', 'xid', 'equiv-text'],
  ept: ['id', 'rid', 'crc', 'xid', 'equiv-text'],
  it: ['id', 'pos', 'rid', 'ctype', 'crc', 'xid', 'equiv-text'],
  sub: ['datatype', 'ctype', 'xid'],
  mrk: ['mtype', 'mid', 'comment'],
};

/** Parts of any origin as XLIFF 1.2 inline elements (TMX codes keep their native code as content). */
function to12(parts: readonly SegmentPart[]): SegmentPart[] {
  let n = 0;
  const id = (a: Record<string, string>): string => a.id ?? a.i ?? a.x ?? `c${++n}`;
  return parts.map((p): SegmentPart => {
    if (typeof p === 'string') return p;
    const a = p.attrs;
    switch (p.tag) {
      case 'g': case 'x': case 'bx': case 'ex': case 'ph': case 'bpt': case 'ept': case 'it': case 'sub': case 'mrk': {
        const attrs = pickAttrs(a, ALLOWED_12[p.tag]!);
        if (p.tag !== 'sub' && p.tag !== 'mrk' && attrs.id === undefined) attrs.id = id(a);
        if (p.tag === 'it') attrs.pos = a.pos === 'end' || a.pos === 'close' ? 'close' : 'open';
        if (p.tag === 'mrk' && !attrs.mtype) attrs.mtype = a.type ? (/^(abbrev|phrase|term|x-)/.test(a.type) ? a.type : `x-${a.type}`) : 'x-mrk';
        const content = p.tag === 'x' || p.tag === 'bx' || p.tag === 'ex' ? [] : to12(p.content);
        return { tag: p.tag, attrs, content };
      }
      case 'hi':
        return { tag: 'mrk', attrs: { mtype: a.type && a.type.startsWith('x-') ? a.type : 'x-hi' }, content: to12(p.content) };
      case 'ut':
        return { tag: 'ph', attrs: { id: id(a) }, content: to12(p.content) };
      case 'pc':
        return { tag: 'g', attrs: { id: id(a) }, content: to12(p.content) };
      case 'sc':
      case 'sm':
        return { tag: 'bx', attrs: { id: id(a) }, content: [] };
      case 'ec':
      case 'em':
        return { tag: 'ex', attrs: { id: id(a), ...(a.startRef ? { rid: a.startRef } : {}) }, content: [] };
      default:
        return { tag: 'mrk', attrs: { mtype: `x-${p.tag}` }, content: to12(p.content) };
    }
  });
}

function xml12(parts: readonly SegmentPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += escapeText(p);
    else if (p.content.length === 0 && (p.tag === 'x' || p.tag === 'bx' || p.tag === 'ex')) out += `<${p.tag}${attrString(p.attrs)}/>`;
    else out += `<${p.tag}${attrString(p.attrs)}>${xml12(p.content)}</${p.tag}>`;
  }
  return out;
}

/** Text for XLIFF 2: characters XML 1.0 cannot carry become <cp hex>, as the spec says. */
function text20(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(INVALID_XML_CHAR)) {
    out += escapeText(s.slice(last, m.index)) + `<cp hex="${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}"/>`;
    last = m.index + 1;
  }
  return out + escapeText(s.slice(last));
}

interface Ctx20 {
  data: Map<string, string>;
  used: Set<string>;
  n: number;
}

/** Parts of any origin as XLIFF 2 inline elements; native code goes to originalData. */
function xml20(parts: readonly SegmentPart[], ctx: Ctx20): string {
  const fresh = (prefix: string): string => {
    let id: string;
    do id = `${prefix}${++ctx.n}`;
    while (ctx.used.has(id));
    ctx.used.add(id);
    return id;
  };
  const dataRef = (code: readonly SegmentPart[]): Record<string, string> => {
    const text = partsToText(code.map((c) => (typeof c === 'string' ? c : { ...c, tag: 'sub' })));
    if (text === '') return {};
    const id = fresh('d');
    ctx.data.set(id, text);
    return { dataRef: id };
  };
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += text20(p);
      continue;
    }
    const a = p.attrs;
    // An XLIFF 2 ph is empty and has an id; a TMX or XLIFF 1.2 ph holds its native code.
    const tag = p.tag === 'ph' && (p.content.length > 0 || a.id === undefined || a.x !== undefined) ? 'ph-code' : p.tag;
    switch (tag) {
      case 'pc': case 'sc': case 'ec': case 'ph': case 'mrk': case 'sm': case 'em': {
        const empty = p.tag !== 'pc' && p.tag !== 'mrk';
        out += empty ? `<${p.tag}${attrString(a)}/>` : `<${p.tag}${attrString(a)}>${xml20(p.content, ctx)}</${p.tag}>`;
        break;
      }
      case 'g':
        out += `<pc${attrString({ id: a.id ?? fresh('g') })}>${xml20(p.content, ctx)}</pc>`;
        break;
      case 'x':
      case 'ut':
      case 'ph-code':
        out += `<ph${attrString({ id: a.id && !ctx.used.has(a.id) ? a.id : fresh('x'), ...dataRef(p.content) })}/>`;
        break;
      case 'bx':
      case 'bpt': {
        const id = `s${a.id ?? a.i ?? fresh('s')}`;
        ctx.used.add(id);
        out += `<sc${attrString({ id, ...dataRef(p.content) })}/>`;
        break;
      }
      case 'ex':
      case 'ept':
        out += `<ec${attrString({ startRef: `s${a.rid ?? a.id ?? a.i ?? ''}`, ...dataRef(p.content) })}/>`;
        break;
      case 'it':
        if (a.pos === 'end' || a.pos === 'close') out += `<ec${attrString({ id: fresh('e'), isolated: 'yes', ...dataRef(p.content) })}/>`;
        else out += `<sc${attrString({ id: fresh('s'), isolated: 'yes', ...dataRef(p.content) })}/>`;
        break;
      default:
        // hi, sub and any other translatable span
        out += `<mrk${attrString({ id: fresh('m'), type: 'generic', value: p.tag === 'hi' ? a.type : p.tag })}>${xml20(p.content, ctx)}</mrk>`;
    }
  }
  return out;
}

function uniqueId(tu: TranslationUnit, used: Set<string>, nmtoken: boolean): string {
  let base = tu.externalId ?? (tu.id !== undefined ? `glossa-${tu.id}` : 'u');
  if (nmtoken) base = base.replace(/[^\p{L}\p{N}._:\-\u00b7]/gu, '_') || 'u';
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

function notesAndAttrs(tu: TranslationUnit): { notes: { text: string; attrs: Record<string, string> }[]; attrs: Record<string, string> } {
  const attrs: Record<string, string> = {};
  const noteAttrs = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(tu.attrs ?? {})) {
    const m = NOTE_ATTR.exec(k);
    if (m) {
      const i = Number(m[1]);
      if (!noteAttrs.has(i)) noteAttrs.set(i, {});
      noteAttrs.get(i)![m[2]!] = v;
    } else attrs[k] = v;
  }
  const notes = (tu.notes ?? []).map((n, i) => ({ text: n.text, attrs: { ...(n.lang ? { 'xml:lang': n.lang } : {}), ...noteAttrs.get(i) } }));
  return { notes, attrs };
}

const TU_ATTRS_12 = ['resname', 'restype', 'datatype', 'translate', 'approved', 'reformat', 'maxwidth', 'minwidth', 'size-unit', 'maxheight', 'minheight', 'charclass', 'extradata', 'help-id', 'menu', 'menu-option', 'menu-name', 'coord', 'font', 'css-style', 'style', 'exstyle', 'extype'];
const STATES_12 = new Set(['final', 'needs-adaptation', 'needs-l10n', 'needs-review-adaptation', 'needs-review-l10n', 'needs-review-translation', 'needs-translation', 'new', 'signed-off', 'translated']);
const STATES_20 = new Set(['initial', 'translated', 'reviewed', 'final']);

function unit12(tu: TranslationUnit, id: string): string {
  const { notes, attrs } = notesAndAttrs(tu);
  const tuAttrs = pickAttrs(attrs, TU_ATTRS_12);
  const state = attrs.state && (STATES_12.has(attrs.state) || attrs.state.startsWith('x-')) ? attrs.state : attrs.state ? `x-${attrs.state}` : undefined;
  const src = tu.sourceParts ? xml12(to12(tu.sourceParts)) : escapeText(tu.source);
  const tgt = tu.targetParts ? xml12(to12(tu.targetParts)) : escapeText(tu.target);
  let out = `      <trans-unit${attrString({ id, ...tuAttrs, 'xml:space': 'preserve' })}>\n`;
  out += `        <source>${src}</source>\n`;
  if (!(attrs['x-no-target'] === 'yes' && tu.target === '')) out += `        <target${attrString({ state, 'state-qualifier': attrs['state-qualifier'] })}>${tgt}</target>\n`;
  for (const n of notes) out += `        <note${attrString(pickAttrs(n.attrs, ['xml:lang', 'from', 'priority', 'annotates']))}>${escapeText(n.text)}</note>\n`;
  return out + '      </trans-unit>\n';
}

function unit20(tu: TranslationUnit, id: string): string {
  const { notes, attrs } = notesAndAttrs(tu);
  const ctx: Ctx20 = { data: new Map(), used: new Set(), n: 0 };
  for (const p of tu.props ?? []) if (p.type.startsWith(DATA_PROP)) ctx.data.set(p.type.slice(DATA_PROP.length), p.value);
  for (const ps of [tu.sourceParts, tu.targetParts]) collectIds(ps ?? [], ctx.used);
  for (const k of ctx.data.keys()) ctx.used.add(k);
  const src = tu.sourceParts ? xml20(tu.sourceParts, ctx) : text20(tu.source);
  const tgt = tu.targetParts ? xml20(tu.targetParts, ctx) : text20(tu.target);
  const state = attrs.state && STATES_20.has(attrs.state) ? attrs.state : undefined;
  let out = `    <unit${attrString({ id, ...pickAttrs(attrs, ['name', 'canResegment', 'translate', 'srcDir', 'trgDir']) })}>\n`;
  if (notes.length) {
    out += '      <notes>\n';
    for (const n of notes) out += `        <note${attrString(pickAttrs(n.attrs, ['xml:lang', 'id', 'appliesTo', 'category', 'priority']))}>${escapeText(n.text)}</note>\n`;
    out += '      </notes>\n';
  }
  if (ctx.data.size) {
    out += '      <originalData>\n';
    for (const [k, v] of ctx.data) out += `        <data${attrString({ id: k })}>${text20(v)}</data>\n`;
    out += '      </originalData>\n';
  }
  out += `      <segment${attrString({ id: attrs['segment-id'], state, subState: attrs['segment-subState'] })}>\n`;
  out += `        <source xml:space="preserve">${src}</source>\n`;
  if (!(attrs['x-no-target'] === 'yes' && tu.target === '')) out += `        <target xml:space="preserve">${tgt}</target>\n`;
  return out + '      </segment>\n    </unit>\n';
}

function collectIds(parts: readonly SegmentPart[], used: Set<string>): void {
  for (const p of parts) if (typeof p !== 'string') {
    if (p.attrs.id) used.add(p.attrs.id);
    collectIds((p as InlineCode).content, used);
  }
}

async function* write12(units: AsyncIterable<TranslationUnit>, options: WriteOptions): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="${NS12}">\n`;
  // One <file> per run of units with the same language pair (XLIFF 1.2 files hold one pair each).
  let pair: string | undefined;
  let used = new Set<string>();
  let buf = '';
  let files = 0;
  for await (const tu of units) {
    const key = `${tu.srcLang}\u0000${tu.tgtLang}`;
    if (key !== pair) {
      if (pair !== undefined) buf += '    </body>\n  </file>\n';
      pair = key;
      used = new Set();
      buf += `  <file${attrString({ original: `glossa-tm-${++files}`, datatype: 'plaintext', 'source-language': tu.srcLang, 'target-language': tu.tgtLang, 'tool-id': 'glossa' })}>\n`;
      buf += `    <header>\n      <tool${attrString({ 'tool-id': 'glossa', 'tool-name': TOOL_NAME, 'tool-version': options.toolVersion ?? TOOL_VERSION })}/>\n    </header>\n    <body>\n`;
    }
    buf += unit12(tu, uniqueId(tu, used, false));
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (pair === undefined) {
    // An empty TM: one empty file keeps the document valid.
    buf += `  <file original="glossa-tm-1" datatype="plaintext"${attrString({ 'source-language': options.srcLang ?? 'en' })}>\n    <body>\n`;
  }
  yield buf + '    </body>\n  </file>\n</xliff>\n';
}

async function* write20(units: AsyncIterable<TranslationUnit>, options: WriteOptions): AsyncGenerator<string> {
  const it = units[Symbol.asyncIterator]();
  const first = await it.next();
  const src = options.srcLang ?? (first.done ? 'en' : first.value.srcLang);
  const tgt = options.tgtLang ?? (first.done ? undefined : first.value.tgtLang);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<xliff${attrString({ xmlns: NS20, version: '2.0', srcLang: src, trgLang: tgt })}>\n  <file id="f1">\n`;
  const used = new Set<string>();
  let left = 0;
  let buf = '';
  let any = false;
  for (let r = first; !r.done; r = await it.next()) {
    const tu = r.value;
    // XLIFF 2 holds one language pair per document: units of other pairs are left out (and counted).
    if (tu.srcLang.toLowerCase() !== src.toLowerCase() || (tgt && tu.tgtLang.toLowerCase() !== tgt.toLowerCase())) {
      left++;
      continue;
    }
    any = true;
    buf += unit20(tu, uniqueId(tu, used, true));
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (!any) buf += '    <unit id="empty">\n      <segment>\n        <source></source>\n      </segment>\n    </unit>\n';
  const note = left ? `  <!-- ${left} units of other language pairs left out: an XLIFF 2 document holds one pair -->\n` : '';
  yield buf + '  </file>\n' + note + '</xliff>\n';
}

export const xliff12Format: FormatModule = {
  name: 'xliff12',
  extensions: ['.xlf', '.xliff'],
  mediaType: 'application/xliff+xml; charset=utf-8',
  readUnits,
  writeUnits: write12,
};

export const xliff20Format: FormatModule = {
  name: 'xliff20',
  extensions: [],
  mediaType: 'application/xliff+xml; charset=utf-8',
  readUnits,
  writeUnits: write20,
};
