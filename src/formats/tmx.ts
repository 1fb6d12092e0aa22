/**
 * TMX 1.4b, streamed both ways. The reader runs on our byte scanner (src/formats/xml.ts) and yields units as
 * it goes, so a 1 GB file never sits in memory; the writer is an async generator of strings.
 * Inline codes are kept as codes (model.ts InlineCode), props/notes/attributes kept and written
 * back; anything of ours that TMX has no attribute for goes in an `x-glossa-*` prop.
 */
import type { FormatModule, ReadContext, WriteOptions } from './types.js';
import type { InlineCode, LangTag, Note, Prop, Segment, SegmentPart, TranslationUnit } from '../model.js';
import { canonicalLang, hasKeys, lowerLang, partsToText, primaryLanguage, remembered } from '../model.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { pickAttrs, segmentContent } from './segments.js';
import { attrString, escapeText, saxStream, type XmlTag } from './xml.js';
import { BadInput } from '../errors.js';

/** Prop type prefix for attributes TMX has no place for (an XLIFF `state`, say); read back into attrs. */
const ATTR_PROP = 'x-glossa-attr:';

// ---------------------------------------------------------------------------------------------
// Dates

/** ISO 8601 → TMX `YYYYMMDDThhmmssZ` (UTC); undefined when the input is not a date. */
export function toTmxDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** TMX `YYYYMMDDThhmmssZ` → ISO 8601; undefined when the input is not in that form. */
export function fromTmxDate(s: string | undefined): string | undefined {
  // The units of a file mostly share their dates (one tool run, one day): the last answer again.
  if (s === lastTmxDate) return lastIsoDate;
  const iso = convertTmxDate(s);
  lastTmxDate = s;
  lastIsoDate = iso;
  return iso;
}
let lastTmxDate: string | undefined;
let lastIsoDate: string | undefined;

function convertTmxDate(s: string | undefined): string | undefined {
  if (s === undefined || s.length !== 16 || s.charCodeAt(8) !== 0x54 || s.charCodeAt(15) !== 0x5a) return undefined;
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i);
    if (i !== 8 && (c < 0x30 || c > 0x39)) return undefined;
  }
  // The usual case rearranged as a string (no Date per unit); anything unusual goes through Date as before.
  const month = +s.slice(4, 6);
  const day = +s.slice(6, 8);
  if (month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month]! && (month !== 2 || day < 29) && +s.slice(9, 11) < 24 && +s.slice(11, 13) < 60 && +s.slice(13, 15) < 60) {
    return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.000Z`;
  }
  const d = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Writing

const TU_ATTRS = new Set(['o-encoding', 'datatype', 'usagecount', 'lastusagedate', 'creationtool', 'creationtoolversion', 'creationid', 'changeid', 'o-tmf', 'segtype']);
const TUV_ATTRS = new Set(['o-encoding', 'datatype', 'usagecount', 'lastusagedate', 'creationtool', 'creationtoolversion', 'creationdate', 'creationid', 'changedate', 'o-tmf', 'changeid']);
const SEGTYPES = new Set(['block', 'paragraph', 'sentence', 'phrase']);
/** Attributes the TMX DTD allows on each inline element. */
const INLINE_ATTRS: Record<string, readonly string[]> = {
  bpt: ['i', 'x', 'type'],
  ept: ['i'],
  it: ['pos', 'x', 'type'],
  ph: ['x', 'assoc', 'type'],
  hi: ['x', 'type'],
  sub: ['datatype', 'type'],
  ut: ['x'],
};

/**
 * Map inline codes of any origin (TMX, XLIFF 1.2 g/x/bx/ex, XLIFF 2 pc/sc/ec/mrk) to TMX elements,
 * then make every bpt/ept paired in the segment: a lone one becomes an `it`, as TMX says.
 */
export function toTmxParts(parts: readonly SegmentPart[]): SegmentPart[] {
  let next = 1;
  const usedI = new Set<string>();
  const collect = (ps: readonly SegmentPart[]): void => {
    for (const p of ps) if (typeof p !== 'string') {
      if ((p.tag === 'bpt' || p.tag === 'ept') && p.attrs.i) usedI.add(p.attrs.i);
      collect(p.content);
    }
  };
  collect(parts);
  const freshI = (): string => {
    while (usedI.has(String(next))) next++;
    usedI.add(String(next));
    return String(next);
  };
  const conv = (ps: readonly SegmentPart[], inCode: boolean): SegmentPart[] => {
    const out: SegmentPart[] = [];
    for (const p of ps) {
      if (typeof p === 'string') {
        out.push(p);
        continue;
      }
      const a = p.attrs;
      switch (p.tag) {
        case 'bpt':
        case 'ept':
        case 'it':
        case 'ph':
        case 'ut': {
          const attrs = pickAttrs(a, INLINE_ATTRS[p.tag]!);
          if ((p.tag === 'bpt' || p.tag === 'ept') && !attrs.i) attrs.i = a.rid ?? a.id ?? freshI();
          if (p.tag === 'it' && attrs.pos !== 'begin' && attrs.pos !== 'end') attrs.pos = a.pos === 'close' ? 'end' : 'begin';
          if (p.tag === 'ph' && !attrs.x && a.id && /^\d+$/.test(a.id)) attrs.x = a.id;
          out.push({ tag: p.tag, attrs, content: codeContent(p.content) });
          break;
        }
        case 'hi':
        case 'sub':
          out.push({ tag: p.tag, attrs: pickAttrs(a, INLINE_ATTRS[p.tag]!), content: conv(p.content, inCode) });
          break;
        case 'g':
        case 'pc': {
          // A paired code around text: bpt … ept with the same i.
          const i = freshI();
          out.push({ tag: 'bpt', attrs: { i, type: `x-${p.tag}` }, content: [] });
          out.push(...conv(p.content, inCode));
          out.push({ tag: 'ept', attrs: { i }, content: [] });
          break;
        }
        case 'x':
          out.push({ tag: 'ph', attrs: { type: 'x-x' }, content: [] });
          break;
        case 'bx':
        case 'sc':
          out.push({ tag: 'it', attrs: { pos: 'begin', type: `x-${p.tag}` }, content: [] });
          break;
        case 'ex':
        case 'ec':
          out.push({ tag: 'it', attrs: { pos: 'end', type: `x-${p.tag}` }, content: [] });
          break;
        default:
          // mrk, sm/em and anything else with translatable content: a highlight keeps the text.
          if (p.content.length > 0) out.push({ tag: 'hi', attrs: { type: `x-${p.tag}${a.type ? `-${a.type}` : ''}` }, content: conv(p.content, inCode) });
          else out.push({ tag: 'ph', attrs: { type: `x-${p.tag}` }, content: [] });
      }
    }
    return out;
  };
  // Code content (inside bpt/ept/it/ph/ut) is text and `sub` only.
  const codeContent = (ps: readonly SegmentPart[]): SegmentPart[] => {
    const out: SegmentPart[] = [];
    for (const p of ps) {
      if (typeof p === 'string') out.push(p);
      else if (p.tag === 'sub') out.push({ tag: 'sub', attrs: pickAttrs(p.attrs, INLINE_ATTRS.sub!), content: conv(p.content, true) });
      else out.push(partsToText([p]));
    }
    return out;
  };
  const converted = conv(parts, false);
  // Pairing: bpt needs a later ept with the same i at the same level of the segment.
  const fixPairs = (ps: SegmentPart[]): void => {
    const open = new Map<string, InlineCode>();
    const closed = new Set<InlineCode>();
    for (const p of ps) {
      if (typeof p === 'string') continue;
      if (p.tag === 'bpt') open.set(p.attrs.i!, p);
      else if (p.tag === 'ept') {
        const b = open.get(p.attrs.i!);
        if (b) {
          open.delete(p.attrs.i!);
          closed.add(b).add(p);
        }
      }
      if (p.tag === 'hi' || p.tag === 'sub') fixPairs(p.content);
    }
    for (const p of ps) {
      if (typeof p === 'string' || (p.tag !== 'bpt' && p.tag !== 'ept') || closed.has(p)) continue;
      const pos = p.tag === 'bpt' ? 'begin' : 'end';
      p.attrs = { pos, ...(p.attrs.x ? { x: p.attrs.x } : {}), ...(p.attrs.type ? { type: p.attrs.type } : {}) };
      p.tag = 'it';
    }
  };
  fixPairs(converted);
  return converted;
}

/** Seg content as XML: text escaped, codes as elements, nothing added between them. */
export function partsToXml(parts: readonly SegmentPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += escapeText(p);
    else out += `<${p.tag}${attrString(p.attrs)}>${partsToXml(p.content)}</${p.tag}>`;
  }
  return out;
}

function propsXml(props: readonly Prop[] | undefined, indent: string): string {
  let out = '';
  for (const p of props ?? []) out += `${indent}<prop${attrString({ type: p.type, 'xml:lang': p.lang })}>${escapeText(p.value)}</prop>\n`;
  return out;
}
function notesXml(notes: readonly Note[] | undefined, indent: string): string {
  let out = '';
  for (const n of notes ?? []) out += `${indent}<note${attrString({ 'xml:lang': n.lang })}>${escapeText(n.text)}</note>\n`;
  return out;
}

/** Split attributes into the ones TMX allows on the element and props for the rest. */
function splitAttrs(attrs: Record<string, string> | undefined, allowed: ReadonlySet<string>): { attrs: Record<string, string>; props: Prop[] } {
  const out: Record<string, string> = {};
  const props: Prop[] = [];
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (allowed.has(k) && (k !== 'segtype' || SEGTYPES.has(v))) out[k] = v;
    else props.push({ type: `${ATTR_PROP}${k}`, value: v });
  }
  return { attrs: out, props };
}

function tuvXml(seg: Segment): string {
  const { attrs, props } = splitAttrs(seg.attrs, TUV_ATTRS);
  const content = seg.parts ? partsToXml(toTmxParts(seg.parts)) : escapeText(seg.text);
  return (
    `    <tuv${attrString({ 'xml:lang': seg.lang, ...attrs })}>\n` +
    notesXml(seg.notes, '      ') +
    propsXml([...(seg.props ?? []), ...props], '      ') +
    `      <seg>${content}</seg>\n    </tuv>\n`
  );
}

/** A tuid TMX accepts (no white space) and not yet used in this file. */
function uniqueTuid(tu: TranslationUnit, used: Set<string>, n: number): string {
  let base = (tu.externalId ?? '').replace(/\s+/g, '_');
  if (base === '') base = tu.id !== undefined ? `glossa-${tu.id}` : `glossa-n${n}`;
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

export function tmxHeader(srcLang: LangTag, options: WriteOptions = {}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<tmx version="1.4">\n' +
    `  <header${attrString([
      ['creationtool', TOOL_NAME],
      ['creationtoolversion', options.toolVersion ?? TOOL_VERSION],
      ['segtype', 'sentence'],
      ['o-tmf', TOOL_NAME],
      ['adminlang', 'en-US'],
      ['srclang', srcLang],
      ['datatype', 'plaintext'],
      ['creationdate', toTmxDate(options.date ?? new Date().toISOString())],
    ])}/>\n` +
    '  <body>\n'
  );
}

/** One `<tu>` element with its variants, source first. */
export function tuXml(tu: TranslationUnit, headerSrcLang: LangTag, tuid: string): string {
  const { attrs, props: attrProps } = splitAttrs(tu.attrs, TU_ATTRS);
  const tuAttrs: [string, string | undefined][] = [
    ['tuid', tuid],
    ...Object.entries(attrs),
    ['creationdate', toTmxDate(tu.createdAt)],
    ['changedate', toTmxDate(tu.changedAt)],
  ];
  if (tu.srcLang.toLowerCase() !== headerSrcLang.toLowerCase()) tuAttrs.push(['srclang', tu.srcLang]);
  const sides: Segment[] = [
    { lang: tu.srcLang, text: tu.source, ...(tu.sourceParts ? { parts: tu.sourceParts } : {}), ...tu.sourceMeta },
    { lang: tu.tgtLang, text: tu.target, ...(tu.targetParts ? { parts: tu.targetParts } : {}), ...tu.targetMeta },
    ...(tu.variants ?? []),
  ];
  return (
    `  <tu${attrString(tuAttrs)}>\n` +
    notesXml(tu.notes, '    ') +
    propsXml([...(tu.props ?? []), ...attrProps], '    ') +
    sides.map(tuvXml).join('') +
    '  </tu>\n'
  );
}

async function* writeUnits(units: AsyncIterable<TranslationUnit>, options: WriteOptions): AsyncGenerator<string> {
  const it = units[Symbol.asyncIterator]();
  const first = await it.next();
  const srcLang = options.srcLang ?? (first.done ? 'en' : first.value.srcLang);
  yield tmxHeader(srcLang, options);
  const used = new Set<string>();
  let n = 0;
  let buf = '';
  for (let r = first; !r.done; r = await it.next()) {
    buf += tuXml(r.value, srcLang, uniqueTuid(r.value, used, ++n));
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  yield buf + '  </body>\n</tmx>\n';
}

// ---------------------------------------------------------------------------------------------
// Reading

const INLINE_TAGS = new Set(['bpt', 'ept', 'it', 'ph', 'hi', 'sub', 'ut']);

interface TuvDraft {
  lang?: string;
  attrs: Record<string, string>;
  props: Prop[];
  notes: Note[];
  parts?: SegmentPart[];
  line: number;
}
interface TuDraft {
  attrs: Record<string, string>;
  props: Prop[];
  notes: Note[];
  tuvs: TuvDraft[];
  line: number;
  column: number;
}

/**
 * The props and notes of a tu or tuv until one is read (most have none): shared and never
 * written, replaced by an array of the element's own at its first prop or note. Two empty
 * arrays per element made a good part of the reader's garbage on a large file.
 */
const NONE: never[] = [];
Object.freeze(NONE);

function langAttr(attrs: Record<string, string>): string | undefined {
  return attrs['xml:lang'] ?? attrs.lang;
}

/** Check bpt/ept pairing inside one seg (at each level, as TMX defines it); returns a problem or undefined. */
function pairingProblem(parts: readonly SegmentPart[]): string | undefined {
  // The i values of the bpt open at this level (a seg has a few codes: an array, not a Set).
  let open: string[] | undefined;
  for (const p of parts) {
    if (typeof p === 'string') continue;
    if (p.tag === 'bpt') {
      const i = p.attrs.i;
      if (i === undefined) return '<bpt> without its i attribute';
      if (open?.includes(i)) return `two <bpt i="${i}"> open at once`;
      (open ??= []).push(i);
    } else if (p.tag === 'ept') {
      const i = p.attrs.i;
      if (i === undefined) return '<ept> without its i attribute';
      const k = open ? open.indexOf(i) : -1;
      if (k < 0) return `<ept i="${i}"> has no <bpt i="${i}"> before it (unpaired inline code)`;
      open!.splice(k, 1);
    } else if (p.tag === 'hi' || p.tag === 'sub') {
      const inner = pairingProblem(p.content);
      if (inner) return inner;
    }
  }
  if (open && open.length > 0) return `<bpt i="${open[0]}"> has no matching <ept> (unpaired inline code)`;
  return undefined;
}

function matchLang(tuvs: TuvDraft[], lang: string | undefined): number {
  if (!lang || lang === '*all*') return -1;
  const want = lowerLang(lang);
  for (let i = 0; i < tuvs.length; i++) if (lowerLang(tuvs[i]!.lang!) === want) return i;
  const primary = cachedPrimary(lang);
  return tuvs.findIndex((t) => cachedPrimary(t.lang!) === primary);
}
/** primaryLanguage per distinct tag: a header's `en-US` against variants in `en` asks on every unit. */
const cachedPrimary = remembered(primaryLanguage);

/** Turn props named `x-glossa-attr:NAME` back into attributes. */
function liftAttrProps(props: Prop[], attrs: Record<string, string>): Prop[] {
  return props.filter((p) => {
    if (!p.type.startsWith(ATTR_PROP)) return true;
    attrs[p.type.slice(ATTR_PROP.length)] = p.value;
    return false;
  });
}

/** canonicalLang per distinct tag: a file has a handful of them, and a million units. */
const cachedLang = remembered(canonicalLang);

function segmentOf(t: TuvDraft): Segment {
  const attrs = t.attrs;
  const props = t.props.length ? liftAttrProps(t.props, attrs) : t.props;
  const s = segmentContent(t.parts ?? []);
  const seg: Segment = { lang: cachedLang(t.lang!), text: s.text };
  if (s.parts) seg.parts = s.parts;
  if (props.length) seg.props = props;
  if (t.notes.length) seg.notes = t.notes;
  if (hasKeys(attrs)) seg.attrs = attrs;
  return seg;
}

function meta(s: Segment): TranslationUnit['sourceMeta'] | undefined {
  if (!s.props && !s.notes && !s.attrs) return undefined;
  const m: NonNullable<TranslationUnit['sourceMeta']> = {};
  if (s.props) m.props = s.props;
  if (s.notes) m.notes = s.notes;
  if (s.attrs) m.attrs = s.attrs;
  return m;
}

/** The units of a TMX file: saxStream's own generator is returned, so each unit passes one generator, not two. */
function readUnits(input: AsyncIterable<Uint8Array>, ctx: ReadContext): AsyncGenerator<TranslationUnit> {
  let headerSrcLang: string | undefined;
  let sawTmx = false;
  const warn = (message: string, line: number): void => {
    ctx.warn?.(message, { file: ctx.file, line });
  };
  return saxStream<TranslationUnit>(input, ctx.file, (emit, pos) => {
    let tu: TuDraft | undefined;
    let tuv: TuvDraft | undefined;
    /** Open inline elements inside the current seg; the bottom is the seg's own part list. */
    let segStack: SegmentPart[][] | undefined;
    let segLength = 0;
    let textTarget: { kind: 'prop' | 'note'; value: string; attrs: Record<string, string> } | undefined;
    const line = (): number => pos.line();

    const finishTu = (d: TuDraft): void => {
      for (const t of d.tuvs) {
        if (!t.lang) return warn(`tu${d.attrs.tuid ? ` "${d.attrs.tuid}"` : ''} skipped: a <tuv> has no xml:lang`, t.line);
        if (t.parts === undefined) return warn(`tu${d.attrs.tuid ? ` "${d.attrs.tuid}"` : ''} skipped: a <tuv> has no <seg>`, t.line);
      }
      // Every tuv has its language and seg from here on.
      const tuvs = d.tuvs;
      if (tuvs.length < 2) return warn(`tu${d.attrs.tuid ? ` "${d.attrs.tuid}"` : ''} skipped: it has ${tuvs.length} language variant(s), a translation unit needs two`, d.line);
      const srclang = d.attrs.srclang ?? headerSrcLang;
      let si = matchLang(tuvs, srclang);
      if (si < 0) si = 0;
      const segs = tuvs.map(segmentOf);
      const source = segs[si]!;
      // The target: the first other variant in another language (else the first other one).
      const sourceLower = lowerLang(source.lang);
      let ti = -1;
      for (let i = 0; i < segs.length && ti < 0; i++) if (i !== si && lowerLang(segs[i]!.lang) !== sourceLower) ti = i;
      if (ti < 0) ti = si === 0 ? 1 : 0;
      const target = segs[ti]!;
      const rest = segs.length > 2 ? segs.filter((_, i) => i !== si && i !== ti) : undefined;
      const attrs = d.attrs;
      const props = d.props.length ? liftAttrProps(d.props, attrs) : d.props;
      const unit: TranslationUnit = {
        srcLang: source.lang,
        tgtLang: target.lang,
        source: source.text,
        target: target.text,
        origin: { file: ctx.file, line: d.line, column: d.column },
      };
      if (source.parts) unit.sourceParts = source.parts;
      if (target.parts) unit.targetParts = target.parts;
      const sm = meta(source);
      const tm = meta(target);
      if (sm) unit.sourceMeta = sm;
      if (tm) unit.targetMeta = tm;
      if (rest?.length) unit.variants = rest;
      if (props.length) unit.props = props;
      if (d.notes.length) unit.notes = d.notes;
      if (attrs.tuid !== undefined) unit.externalId = attrs.tuid;
      const created = fromTmxDate(attrs.creationdate);
      const changed = fromTmxDate(attrs.changedate);
      if (created) unit.createdAt = created;
      if (changed) unit.changedAt = changed;
      // The attributes with no field of their own (no delete: it would slow the object down).
      let other: Record<string, string> | undefined;
      for (const k in attrs) {
        if (k === 'tuid' || k === 'srclang' || (created && k === 'creationdate') || (changed && k === 'changedate')) continue;
        (other ??= {})[k] = attrs[k]!;
      }
      if (other) unit.attrs = other;
      emit(unit);
    };

    return {
      open(tag: XmlTag) {
        const name = tag.name;
        const attrs = tag.attributes as Record<string, string>;
        if (segStack) {
          if (!INLINE_TAGS.has(name)) pos.fail(`<${name}> is not allowed inside <seg> (allowed: bpt, ept, it, ph, hi, sub, ut)`);
          const code: InlineCode = { tag: name, attrs, content: [] };
          segStack[segStack.length - 1]!.push(code);
          segStack.push(code.content);
          return;
        }
        if (!sawTmx && name !== 'tmx') pos.fail(`not a TMX file: the root element is <${name}>, not <tmx>`);
        switch (name) {
          case 'tmx':
            sawTmx = true;
            break;
          case 'header':
            headerSrcLang = attrs.srclang;
            break;
          case 'tu':
            if (tu) pos.fail('<tu> inside another <tu>');
            tu = { attrs, props: NONE, notes: NONE, tuvs: [], line: line(), column: pos.column() };
            break;
          case 'tuv':
            if (!tu) return pos.fail('<tuv> outside a <tu>');
            {
              // The tag's attributes without the language (usually nothing is left).
              const lang = langAttr(attrs);
              let rest: Record<string, string> = {};
              for (const k in attrs) {
                if (k === 'xml:lang' || k === 'lang') continue;
                rest = { ...attrs };
                delete rest['xml:lang'];
                delete rest.lang;
                break;
              }
              tuv = { lang, attrs: rest, props: NONE, notes: NONE, line: line() };
            }
            break;
          case 'seg':
            if (!tuv) return pos.fail('<seg> outside a <tuv>');
            if (tuv.parts) pos.fail('a <tuv> with two <seg> elements');
            tuv.parts = [];
            segStack = [tuv.parts];
            segLength = 0;
            break;
          case 'prop':
          case 'note':
            textTarget = { kind: name, value: '', attrs };
            break;
          default:
            break;
        }
      },
      close(tag: XmlTag) {
        const name = tag.name;
        if (segStack) {
          if (name === 'seg') {
            const problem = pairingProblem(segStack[0]!);
            if (problem) pos.fail(`in <seg>: ${problem}`);
            segStack = undefined;
          } else segStack.pop();
          return;
        }
        if ((name === 'prop' || name === 'note') && textTarget) {
          const owner = tuv ?? tu;
          const lang = langAttr(textTarget.attrs);
          if (owner) {
            if (textTarget.kind === 'prop') (owner.props === NONE ? (owner.props = []) : owner.props).push({ type: textTarget.attrs.type ?? '', value: textTarget.value, ...(lang ? { lang } : {}) });
            else (owner.notes === NONE ? (owner.notes = []) : owner.notes).push({ text: textTarget.value, ...(lang ? { lang } : {}) });
          }
          textTarget = undefined;
        } else if (name === 'tuv') {
          tu!.tuvs.push(tuv!);
          tuv = undefined;
        } else if (name === 'tu') {
          const d = tu!;
          tu = undefined;
          finishTu(d);
        }
      },
      text(t: string) {
        if (segStack) {
          segLength += t.length;
          if (segLength > 1_000_000) pos.fail('a <seg> longer than 1,000,000 characters');
          const list = segStack[segStack.length - 1]!;
          const last = list[list.length - 1];
          if (typeof last === 'string') list[list.length - 1] = last + t;
          else list.push(t);
        } else if (textTarget) {
          textTarget.value += t;
        } else if (t.trim() !== '' && sawTmx) {
          pos.fail(`text outside <seg>: "${t.trim().slice(0, 40)}"`);
        }
      },
      end() {
        if (!sawTmx) throw new BadInput('not a TMX file (no <tmx> element)', { file: ctx.file });
      },
    };
  });
}

export const tmxFormat: FormatModule = {
  name: 'tmx',
  extensions: ['.tmx'],
  mediaType: 'application/x-tmx+xml; charset=utf-8',
  readUnits,
  writeUnits,
};
