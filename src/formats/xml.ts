/**
 * The one XML path every format goes through: escaping for the writers, and a guarded streaming
 * parser (saxes) for the readers. saxes never loads a DTD and never expands an entity it was not
 * told about; on top of it we refuse any DOCTYPE that declares entities, and cap nesting depth,
 * attribute count and text length, because no XML parser does that for us.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { BadInput } from '../errors.js';
import { firstInvalidUtf8, sniffEncoding, type Encoding } from './encoding.js';
import type { ByteSource } from './types.js';

// ---------------------------------------------------------------------------------------------
// Writing

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F). */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escape character data: `&`, `<`, `>` (so `]]>` never appears) and CR, which a reader would turn into LF. */
export function escapeText(s: string): string {
  return s
    .replace(INVALID_XML_CHARS, '')
    .replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escape an attribute value (double-quoted): also quotes and the white space that attribute normalisation would flatten. */
export function escapeAttr(s: string): string {
  return s.replace(INVALID_XML_CHARS, '').replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!);
}
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** ` name="value"` for each attribute whose value is defined, in the given order. */
export function attrString(attrs: Record<string, string | undefined> | [string, string | undefined][]): string {
  const list = Array.isArray(attrs) ? attrs : Object.entries(attrs);
  let out = '';
  for (const [k, v] of list) if (v !== undefined) out += ` ${k}="${escapeAttr(v)}"`;
  return out;
}

/** A valid XML NCName from any string (TBX ids, XLIFF ids): invalid characters become `_`, a bad start gets a prefix. */
export function toNCName(s: string, prefix = '_'): string {
  let out = s.replace(/[^\p{L}\p{N}._\-\u00b7]/gu, '_');
  if (!/^[\p{L}_]/u.test(out)) out = prefix + out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Most attributes on one element. */
  maxAttributes: number;
  /** Longest run of text (characters) between two tags. */
  maxText: number;
}
export const DEFAULT_LIMITS: XmlLimits = { maxDepth: 64, maxAttributes: 64, maxText: 4 * 1024 * 1024 };

/** An element as the handlers see it (the same shape saxes gives). */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

export interface SaxHandlers {
  open?(tag: XmlTag): void;
  close?(tag: XmlTag): void;
  text?(text: string): void;
  /** After the last event, when the document was well-formed: a last check of the format's own. */
  end?(): void;
}

/** What a handler sees of the parser: where it is, for messages. */
export interface SaxPosition {
  /** Line of the token being handled (1-based). */
  line(): number;
  /** Column of the token being handled (1-based, in UTF-16 code units, as SARIF counts them). */
  column(): number;
  fail(message: string, line?: number): never;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const EQ = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LF = 0x0a;
const AMP = 0x26;
const RBRACKET = 0x5d;
const CR = 0x0d;
/** Byte classes for names: 1 may start a name, 2 may only continue one, 3 a non-ASCII byte (checked on the decoded name). */
const NAME_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a) NAME_BYTE[c] = 1;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) NAME_BYTE[c] = 2;
  else if (c >= 0x80) NAME_BYTE[c] = 3;
}
const WS_BYTE = new Uint8Array(256);
WS_BYTE[0x20] = WS_BYTE[0x09] = WS_BYTE[0x0a] = WS_BYTE[0x0d] = 1;
const START_CHARS = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
/** XML 1.0 (fifth edition) Name. */
const XML_NAME = new RegExp(`^[${START_CHARS}][${START_CHARS}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');
/** Characters XML 1.0 does not allow anywhere (lone surrogates cannot come out of valid UTF-8). */
const BAD_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
/** Text that needs more than a copy: a reference, a CR, a `]` (for `]]>`) or a character XML refuses. */
const TEXT_SPECIAL = /[&\r\]\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ATTR_SPECIAL = /[<&\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const WS_ONLY = /^[ \t\r\n]*$/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** The longest a tag, comment, CDATA section or DOCTYPE may grow while we wait for its end (bytes). */
const MAX_MARKUP = 4 * 1024 * 1024;
/** A text run longer than this (bytes) without a `<` is handed on in pieces instead of waiting. */
const TEXT_PIECE = 64 * 1024;

/**
 * Node's own Buffer slice methods: what toString(encoding, start, end) calls after checking its
 * arguments, a cost a TMX import felt when paid for every name, value and text.
 */
interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
type SliceBuffer = Buffer & FastSlices;
const HAS_FAST_SLICES = typeof (Buffer.prototype as unknown as Partial<FastSlices>).utf8Slice === 'function' && typeof (Buffer.prototype as unknown as Partial<FastSlices>).latin1Slice === 'function';
/** The buffer with the slice methods (given their public equivalent on a runtime without them). */
function sliceBuffer(b: Buffer): SliceBuffer {
  const sb = b as SliceBuffer;
  if (!HAS_FAST_SLICES) {
    sb.utf8Slice = (a, z) => b.toString('utf8', a, z);
    sb.latin1Slice = (a, z) => b.toString('latin1', a, z);
  }
  return sb;
}

function charName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A streaming XML 1.0 scanner over UTF-8 bytes, written for speed on big TMX files (saxes with
 * positions on capped the import rate: docs/decisions.md). It checks well-formedness as a parser must: names,
 * quoted and unique attributes, matching end tags, one root, references (the five predefined
 * entities and character references to characters XML allows; any other entity is refused, none
 * is ever declared or expanded), no `]]>` in text, no forbidden characters, comments, CDATA,
 * processing instructions, an XML declaration only at the start, a DOCTYPE only before the root
 * and never with an internal subset. Line ends are normalised (CRLF, CR → LF; in attribute
 * values white space → space). Lines are counted only when asked for (LF bytes, lazily).
 */
export class XmlScanner {
  private buf: SliceBuffer = sliceBuffer(Buffer.alloc(0));
  /** Bytes before `end` are valid UTF-8 and end on a character boundary. */
  private end = 0;
  private pos = 0;
  /** Bytes dropped from the front so far (for byte offsets in messages). */
  private dropped = 0;
  private tokenStart = 0;
  private lineCur = 1;
  private nlFrom = 0;
  /** Next LF at or after nlFrom; -1 none in this buffer, -2 not looked for yet. */
  private nlNext = -2;
  /** The column at buffer offset colOff (the last one asked for), so that the columns along one long line cost the bytes between them. */
  private colOff = 0;
  private colVal = 1;
  /** The column at buffer offset 0 (the line may have started in bytes already dropped). */
  private bufStartCol = 1;
  private readonly stack: XmlTag[] = [];
  private started = false;
  private sawRoot = false;
  private rootClosed = false;
  private sawDoctype = false;
  private textLength = 0;
  private readonly names = new Map<number, string>();
  private readonly values = new Map<number, string>();
  private readonly spaces = new Map<number, string>();

  constructor(
    private readonly file: string,
    private readonly handlers: SaxHandlers,
    private readonly limits: XmlLimits = DEFAULT_LIMITS,
  ) {}

  /** Line of the token being handled (1-based). */
  line(): number {
    return this.lineAt(this.tokenStart);
  }

  /** Column of the token being handled (1-based, UTF-16 code units). */
  column(): number {
    return this.columnAt(this.tokenStart);
  }

  private columnAt(off: number): number {
    const b = this.buf;
    const nl = off > 0 ? b.lastIndexOf(LF, off - 1) : -1;
    let from: number;
    let col: number;
    if (this.colOff <= off && this.colOff > nl) {
      from = this.colOff;
      col = this.colVal;
    } else if (nl >= 0) {
      from = nl + 1;
      col = 1;
    } else {
      from = 0;
      col = this.bufStartCol;
    }
    // UTF-16 code units of the UTF-8 bytes in between: one per character, two past U+FFFF.
    for (let i = from; i < off; i++) {
      const c = b[i]!;
      if ((c & 0xc0) !== 0x80) col += c >= 0xf0 ? 2 : 1;
    }
    this.colOff = off;
    this.colVal = col;
    return col;
  }

  /** Whether a root element was seen. */
  get hasRoot(): boolean {
    return this.sawRoot;
  }

  fail(message: string, line?: number): never {
    throw new BadInput(message, { file: this.file, line: line ?? this.line() });
  }

  private failAt(offset: number, message: string): never {
    throw new BadInput(message, { file: this.file, line: this.lineAt(offset) });
  }

  private lineAt(off: number): number {
    const b = this.buf;
    if (off < this.nlFrom) {
      // Backwards (only on an error path): count from the line at nlFrom down.
      let line = this.lineCur;
      for (let i = b.indexOf(LF, off); i !== -1 && i < this.nlFrom; i = b.indexOf(LF, i + 1)) line--;
      return line;
    }
    let line = this.lineCur;
    let nx = this.nlNext === -2 ? b.indexOf(LF, this.nlFrom) : this.nlNext;
    while (nx !== -1 && nx < off) {
      line++;
      nx = b.indexOf(LF, nx + 1);
    }
    this.lineCur = line;
    this.nlFrom = off;
    this.nlNext = nx;
    return line;
  }

  /** Feed the next bytes (UTF-8). */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const keep = this.buf.length - this.pos;
    if (keep > MAX_MARKUP) this.failAt(this.pos, `markup (a tag, comment, CDATA section or DOCTYPE) longer than ${MAX_MARKUP} bytes, or never closed`);
    const line = this.lineAt(this.pos);
    const col = this.columnAt(this.pos);
    const validFrom = this.end - this.pos;
    this.dropped += this.pos;
    this.buf = sliceBuffer(keep === 0 ? bytes : Buffer.concat([this.buf.subarray(this.pos), bytes]));
    this.pos = 0;
    this.lineCur = line;
    this.nlFrom = 0;
    this.nlNext = -2;
    this.bufStartCol = this.colVal = col;
    this.colOff = 0;
    // Hold back a character cut by the chunk border.
    const b = this.buf;
    let e = b.length;
    let k = e - 1;
    while (k >= 0 && e - k <= 4 && (b[k]! & 0xc0) === 0x80) k--;
    if (k >= 0) {
      const lead = b[k]!;
      const need = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (k + need > e) e = k;
    }
    if (e > validFrom && !isUtf8(b.subarray(validFrom, e))) this.badUtf8(validFrom + firstInvalidUtf8(b.subarray(validFrom, e)));
    this.end = e;
    this.scan(false);
  }

  /** No more bytes: everything must be complete. */
  finish(): void {
    if (this.end < this.buf.length) this.badUtf8(this.end);
    this.scan(true);
    if (this.stack.length > 0) {
      this.tokenStart = this.end;
      this.fail(`truncated or malformed XML: the file ends inside <${this.stack[this.stack.length - 1]!.name}> (unclosed element)`);
    }
  }

  private badUtf8(at: number): never {
    this.failAt(Math.max(0, at), `not valid UTF-8 near byte ${this.dropped + Math.max(0, at)}; save the file as UTF-8 (a legacy encoding such as Big5, GBK or Latin-1 is not accepted)`);
  }

  private scan(final: boolean): void {
    const b = this.buf;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      this.tokenStart = p;
      if (b[p] !== LT) {
        const j = b.indexOf(LT, p);
        if (j !== -1 && j < end) {
          this.text(p, j);
          p = j;
          continue;
        }
        if (final) {
          this.text(p, end);
          p = end;
        } else if (end - p > TEXT_PIECE) {
          // A long run: hand on what cannot be part of a reference, a CRLF or a `]]>` yet.
          let cut = end;
          const amp = b.lastIndexOf(AMP, end - 1);
          if (amp >= p && end - amp < 64) cut = amp;
          while (cut > p && (b[cut - 1] === RBRACKET || b[cut - 1] === CR)) cut--;
          while (cut > p && (b[cut]! & 0xc0) === 0x80) cut--;
          if (cut > p) this.text(p, cut);
          p = cut;
        }
        break;
      }
      if (p + 1 >= end) {
        if (final) this.fail('truncated or malformed XML: the file ends with "<"');
        break;
      }
      const c = b[p + 1];
      const q = c === SLASH ? this.endTag(p) : c === BANG ? this.bang(p, final) : c === QMARK ? this.pi(p) : this.startTag(p);
      if (q < 0) {
        if (final) this.fail('truncated or malformed XML: the file ends inside a tag (unexpected end)');
        break;
      }
      this.started = true;
      p = q;
    }
    this.pos = p;
  }

  private text(a: number, z: number): void {
    if (z - a <= 16 && this.stack.length > 0) {
      // White space between elements (a newline and an indent), usually the same few strings.
      const b = this.buf;
      let k = a;
      while (k < z && (b[k] === 0x20 || b[k] === LF || b[k] === 0x09)) k++;
      if (k === z) {
        this.handlers.text?.(this.intern(this.spaces, a, z, 256));
        return;
      }
    }
    const s = this.buf.utf8Slice(a, z);
    if (this.stack.length === 0) {
      if (!WS_ONLY.test(s)) {
        const t = s.trim().slice(0, 40);
        this.fail(`malformed XML: text ${this.rootClosed ? 'after the end of the root element' : 'before the root element'}: "${t}"`);
      }
      this.started = true;
      return;
    }
    this.textLength += s.length;
    if (this.textLength > this.limits.maxText) this.fail(`a text run longer than ${this.limits.maxText} characters`);
    this.handlers.text?.(TEXT_SPECIAL.test(s) ? this.cook(s, a, false) : s);
  }

  /** Line of character index `i` of string `s` that starts at byte `a`. */
  private lineIn(s: string, i: number, a: number): number {
    let line = this.lineAt(a);
    for (let k = s.indexOf('\n'); k !== -1 && k < i; k = s.indexOf('\n', k + 1)) line++;
    return line;
  }

  /** Check and decode text or an attribute value: forbidden characters, `]]>`, line ends, references. */
  private cook(s: string, a: number, attr: boolean): string {
    const bad = BAD_CHAR.exec(s);
    if (bad) this.fail(`malformed XML: character ${charName(bad[0])} is not allowed in XML`, this.lineIn(s, bad.index, a));
    if (!attr) {
      const cdataEnd = s.indexOf(']]>');
      if (cdataEnd >= 0) this.fail('malformed XML: "]]>" is not allowed in text (write ]]&gt;)', this.lineIn(s, cdataEnd, a));
    } else {
      const lt = s.indexOf('<');
      if (lt >= 0) this.fail('malformed XML: "<" in an attribute value (write &lt;)', this.lineIn(s, lt, a));
    }
    let out = s;
    if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
    if (attr) out = out.replace(/[\t\n]/g, ' ');
    let amp = out.indexOf('&');
    if (amp < 0) return out;
    let res = '';
    let from = 0;
    while (amp >= 0) {
      // The common references first, without slicing or a regex.
      const c1 = out.charCodeAt(amp + 1);
      const common = c1 === 0x6c && out.startsWith('lt;', amp + 1) ? '<' : c1 === 0x67 && out.startsWith('gt;', amp + 1) ? '>' : c1 === 0x61 && out.startsWith('amp;', amp + 1) ? '&' : undefined;
      if (common !== undefined) {
        res += out.slice(from, amp) + common;
        from = amp + (common === '&' ? 5 : 4);
        amp = out.indexOf('&', from);
        continue;
      }
      const semi = out.indexOf(';', amp + 1);
      const ref = semi < 0 ? '' : out.slice(amp + 1, semi);
      if (semi < 0 || !(ref.charCodeAt(0) === 0x23 ? /^#(?:[0-9]+|x[0-9a-fA-F]+)$/.test(ref) : XML_NAME.test(ref))) {
        this.fail('malformed XML: "&" not followed by a reference such as &amp; (write &amp; for a literal &)', this.lineIn(out, amp, a));
      }
      let ch: string;
      if (ref.charCodeAt(0) === 0x23) {
        const cp = ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!ok) this.fail(`malformed XML: &${ref}; refers to a character XML does not allow`, this.lineIn(s, amp, a));
        ch = String.fromCodePoint(cp);
      } else {
        const v = PREDEFINED[ref];
        if (v === undefined || !Object.hasOwn(PREDEFINED, ref)) this.fail(`malformed XML: undefined entity &${ref}; (entities are not expanded; only &lt; &gt; &amp; &quot; &apos; and numeric references are read)`, this.lineIn(s, amp, a));
        ch = v;
      }
      res += out.slice(from, amp) + ch;
      from = semi + 1;
      amp = out.indexOf('&', from);
    }
    return res + out.slice(from);
  }

  /** A name from bytes [a, z): ASCII names directly, others decoded and checked. */
  private name(a: number, z: number, high: boolean): string {
    // Names repeat (tu, tuv, seg, xml:lang): look the bytes up before making a string.
    if (!high) return z - a <= 40 ? this.intern(this.names, a, z, 4096) : this.buf.latin1Slice(a, z);
    const s = this.buf.utf8Slice(a, z);
    if (!XML_NAME.test(s)) this.fail(`malformed XML: "${s}" is not a valid XML name`);
    return s;
  }

  /** The string of ASCII bytes [a, z) (1 to 255 of them), from `cache` when these bytes were seen before. */
  private intern(cache: Map<number, string>, a: number, z: number, max: number): string {
    const b = this.buf;
    const len = z - a;
    const key = len * 16777216 + b[a]! * 65536 + b[z - 1]! * 256 + b[a + (len >> 1)]!;
    const hit = cache.get(key);
    if (hit !== undefined) {
      let i = 0;
      while (i < len && hit.charCodeAt(i) === b[a + i]) i++;
      if (i === len) return hit;
    }
    const s = b.latin1Slice(a, z);
    if (cache.size < max) cache.set(key, s);
    return s;
  }

  /** Whether the last name nameEnd scanned has a non-ASCII byte. */
  private high = false;

  /** Scan a name starting at i; returns its end, or -1 when the buffer ends first. */
  private nameEnd(i: number): number {
    const b = this.buf;
    const end = this.end;
    if (i >= end) return -1;
    let k = NAME_BYTE[b[i]!]!;
    if (k !== 1 && k !== 3) return i;
    let high = k === 3;
    i++;
    while (i < end && (k = NAME_BYTE[b[i]!]!) !== 0) {
      if (k === 3) high = true;
      i++;
    }
    this.high = high;
    return i < end ? i : -1;
  }

  private startTag(p: number): number {
    const b = this.buf;
    const end = this.end;
    let i = this.nameEnd(p + 1);
    if (i < 0) return -1;
    if (i === p + 1) this.fail('malformed XML: "<" not followed by a tag name (write &lt; for a literal <)');
    const name = this.name(p + 1, i, this.high);
    const attributes: Record<string, string> = {};
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const ws = i;
      while (i < end && WS_BYTE[b[i]!] === 1) i++;
      if (i >= end) return -1;
      const c = b[i];
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= end) return -1;
        if (b[i + 1] !== GT) this.fail(`malformed XML: "/" not followed by ">" in <${name}>`);
        i += 2;
        selfClosing = true;
        break;
      }
      if (i === ws) this.fail(`malformed XML: unexpected character "${String.fromCharCode(c!)}" in <${name}> (attributes are name="value", separated by white space)`);
      const an = i;
      i = this.nameEnd(i);
      if (i < 0) return -1;
      if (i === an) this.fail(`malformed XML: unexpected character "${String.fromCharCode(c!)}" in <${name}>`);
      const attr = this.name(an, i, this.high);
      while (i < end && WS_BYTE[b[i]!] === 1) i++;
      if (i >= end) return -1;
      if (b[i] !== EQ) this.fail(`malformed XML: attribute ${attr} of <${name}> has no value`);
      i++;
      while (i < end && WS_BYTE[b[i]!] === 1) i++;
      if (i >= end) return -1;
      const quote = b[i];
      if (quote !== DQUOTE && quote !== SQUOTE) this.fail(`malformed XML: the value of attribute ${attr} of <${name}> is not quoted`);
      const v0 = i + 1;
      const v1 = b.indexOf(quote, v0);
      if (v1 < 0 || v1 >= end) return -1;
      // Most values are short ASCII with nothing to decode (xml:lang="en-US", i="1"): checked here
      // byte by byte, and the repeated ones come from a cache.
      let plain = true;
      for (let k = v0; k < v1; k++) {
        const c = b[k]!;
        if (c < 0x20 || c === LT || c === AMP || c >= 0x80) {
          plain = false;
          break;
        }
      }
      let value: string;
      if (plain) value = v1 === v0 ? '' : v1 - v0 <= 24 ? this.intern(this.values, v0, v1, 1024) : b.latin1Slice(v0, v1);
      else {
        const raw = b.utf8Slice(v0, v1);
        value = ATTR_SPECIAL.test(raw) ? this.cook(raw, v0, true) : raw;
      }
      if (++count > this.limits.maxAttributes) this.fail(`<${name}> has more than ${this.limits.maxAttributes} attributes`);
      if (count > 1 && Object.hasOwn(attributes, attr)) this.fail(`malformed XML: attribute ${attr} appears twice in <${name}>`);
      if (attr === '__proto__') Object.defineProperty(attributes, attr, { value, enumerable: true, writable: true, configurable: true });
      else attributes[attr] = value;
      i = v1 + 1;
    }
    const stack = this.stack;
    if (stack.length === 0) {
      if (this.rootClosed) this.fail(`malformed XML: a second root element <${name}> after the end of the document`);
      this.sawRoot = true;
    }
    if (stack.length + 1 > this.limits.maxDepth) this.fail(`elements nested more than ${this.limits.maxDepth} deep`);
    this.textLength = 0;
    const tag: XmlTag = { name, attributes, isSelfClosing: selfClosing };
    if (!selfClosing) stack.push(tag);
    this.handlers.open?.(tag);
    if (selfClosing) {
      this.handlers.close?.(tag);
      if (stack.length === 0) this.rootClosed = true;
    }
    return i;
  }

  private endTag(p: number): number {
    const b = this.buf;
    const end = this.end;
    let i = this.nameEnd(p + 2);
    if (i < 0) return -1;
    if (i === p + 2) this.fail('malformed XML: "</" not followed by a tag name');
    const nameStart = p + 2;
    const nameStop = i;
    const high = this.high;
    while (i < end && WS_BYTE[b[i]!] === 1) i++;
    if (i >= end) return -1;
    const top = this.stack[this.stack.length - 1];
    // The usual case: the bytes spell the open element's (ASCII) name; no string made.
    let same = top !== undefined && !high && top.name.length === nameStop - nameStart;
    for (let k = nameStart; same && k < nameStop; k++) if (top!.name.charCodeAt(k - nameStart) !== b[k]) same = false;
    if (!same || b[i] !== GT) {
      const name = this.name(nameStart, nameStop, high);
      if (b[i] !== GT) this.fail(`malformed XML: unexpected character "${String.fromCharCode(b[i]!)}" in </${name}>`);
      if (!top) this.fail(`malformed XML: end tag </${name}> without a start tag`);
      if (top.name !== name) this.fail(`malformed XML: end tag </${name}> does not match the open <${top.name}>`);
    }
    const closed = this.stack.pop()!;
    if (this.stack.length === 0) this.rootClosed = true;
    this.textLength = 0;
    this.handlers.close?.(closed);
    return i + 1;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(p: number, final: boolean): number {
    const b = this.buf;
    const end = this.end;
    if (p + 4 > end) return -1;
    if (b[p + 2] === 0x2d && b[p + 3] === 0x2d) {
      const j = b.indexOf('--', p + 4);
      if (j < 0 || j + 2 >= end) return -1;
      if (b[j + 2] !== GT) this.failAt(j, 'malformed XML: "--" inside a comment');
      const body = b.utf8Slice(p + 4, j);
      const bad = BAD_CHAR.exec(body);
      if (bad) this.fail(`malformed XML: character ${charName(bad[0])} is not allowed in XML`, this.lineIn(body, bad.index, p + 4));
      return j + 3;
    }
    if (p + 9 > end) return -1;
    if (b.latin1Slice(p + 2, p + 9) === '[CDATA[') {
      if (this.stack.length === 0) this.fail('malformed XML: a CDATA section outside the root element');
      const j = b.indexOf(']]>', p + 9);
      if (j < 0 || j + 3 > end) return -1;
      let s = b.utf8Slice(p + 9, j);
      const bad = BAD_CHAR.exec(s);
      if (bad) this.fail(`malformed XML: character ${charName(bad[0])} is not allowed in XML`, this.lineIn(s, bad.index, p + 9));
      if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
      this.textLength += s.length;
      if (this.textLength > this.limits.maxText) this.fail(`a text run longer than ${this.limits.maxText} characters`);
      this.handlers.text?.(s);
      return j + 3;
    }
    if (b.latin1Slice(p + 2, p + 9) === 'DOCTYPE') {
      if (this.sawRoot || this.sawDoctype) this.fail('malformed XML: a DOCTYPE is only allowed once, before the root element');
      let quote = 0;
      for (let i = p + 9; i < end; i++) {
        const c = b[i]!;
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === DQUOTE || c === SQUOTE) quote = c;
        else if (c === 0x5b) {
          // Refused either way; wait for the end of the subset to say whether it declares entities.
          const close = b.indexOf(']', i);
          if (!final && (close < 0 || close >= end)) return -1;
          const rest = b.latin1Slice(p, Math.min(end, p + MAX_MARKUP));
          if (/<!ENTITY/i.test(rest)) this.fail('the DOCTYPE declares entities; entity declarations are refused (no DTD loading, no entity expansion)');
          this.fail('the DOCTYPE has an internal subset; only a plain <!DOCTYPE name SYSTEM "file.dtd"> is accepted');
        } else if (c === GT) {
          const bad = BAD_CHAR.exec(b.utf8Slice(p, i));
          if (bad) this.fail(`malformed XML: character ${charName(bad[0])} is not allowed in XML`);
          this.sawDoctype = true;
          return i + 1;
        }
      }
      return -1;
    }
    this.fail('malformed XML: "<!" starts neither a comment, a CDATA section nor a DOCTYPE');
  }

  /** A processing instruction, or the XML declaration at the very start. */
  private pi(p: number): number {
    const b = this.buf;
    const j = b.indexOf('?>', p + 2);
    if (j < 0 || j + 2 > this.end) return -1;
    const t = this.nameEnd(p + 2);
    if (t === p + 2 || t < 0) this.fail('malformed XML: "<?" not followed by a target name');
    const target = this.name(p + 2, t, this.high);
    const body = b.utf8Slice(t, j);
    if (body !== '' && WS_BYTE[b[t]!] !== 1) this.fail(`malformed XML: white space expected after <?${target}`);
    const bad = BAD_CHAR.exec(body);
    if (bad) this.fail(`malformed XML: character ${charName(bad[0])} is not allowed in XML`, this.lineIn(body, bad.index, t));
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.started || this.dropped + p !== 0) this.fail('malformed XML: an XML declaration is only allowed at the very start of the file');
      const m = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*$/.exec(body);
      if (!m) this.fail('malformed XML: the XML declaration is not <?xml version="1.0" encoding="…"?>');
      const enc = m[3]?.toLowerCase();
      if (enc && !ACCEPTED_ENCODINGS.includes(enc)) this.fail(`declares encoding "${m[3]}"; only UTF-8 and UTF-16 are accepted (convert the file to UTF-8)`);
    }
    return j + 2;
  }
}

/**
 * Parse XML bytes as a stream. `setup` receives an `emit` for the items it builds from events and
 * returns the event handlers; the items come out of the generator after each chunk, so memory
 * stays flat whatever the file size. Any problem is a BadInput naming file, line and what is wrong.
 */
export async function* saxStream<T>(
  input: ByteSource,
  file: string,
  setup: (emit: (item: T) => void, pos: SaxPosition) => SaxHandlers,
  limits: XmlLimits = DEFAULT_LIMITS,
): AsyncGenerator<T> {
  const out: T[] = [];
  const handlers: SaxHandlers = {};
  const scanner = new XmlScanner(file, handlers, limits);
  const pos: SaxPosition = {
    line: () => scanner.line(),
    column: () => scanner.column(),
    fail: (message: string, line?: number): never => scanner.fail(message, line),
  };
  Object.assign(handlers, setup((item) => out.push(item), pos));

  let encoding: Encoding | undefined;
  let decoder: TextDecoder | undefined;
  let carry: Buffer = Buffer.alloc(0);
  let head: Uint8Array = new Uint8Array(0);
  let bytesSeen = 0;
  /** Nothing but white space so far (checked only until the first other byte). */
  let blank = true;
  /** UTF-16 is decoded and re-encoded as UTF-8 for the scanner (such files are small and rare). */
  const from16 = (bytes: Uint8Array, stream: boolean): Buffer => {
    try {
      let b = carry.length ? Buffer.concat([carry, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      carry = Buffer.alloc(0);
      if (b.length % 2 === 1) {
        if (!stream) throw new Error('odd UTF-16 length');
        carry = Buffer.from(b.subarray(b.length - 1));
        b = b.subarray(0, b.length - 1);
      }
      if (encoding === 'utf-16be') {
        b = Buffer.from(b);
        b.swap16();
      }
      return Buffer.from(decoder!.decode(b, { stream }), 'utf8');
    } catch {
      throw new BadInput(`not valid ${encoding!.toUpperCase()} near byte ${bytesSeen}; save the file as UTF-8`, { file, line: scanner.line() });
    }
  };
  const start = (bytes: Uint8Array): void => {
    const sniffed = sniffEncoding(bytes);
    encoding = sniffed.encoding;
    if (encoding === 'utf-8') {
      checkDeclaredEncoding(bytes.subarray(sniffed.bomLength, sniffed.bomLength + 200), file);
      scanner.push(bytes.subarray(sniffed.bomLength));
    } else {
      decoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
      scanner.push(from16(bytes.subarray(sniffed.bomLength), true));
    }
  };
  for await (const chunk of input) {
    bytesSeen += chunk.byteLength;
    if (blank) blank = chunk.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09);
    if (!encoding) {
      // Up to 4 bytes to sniff a BOM.
      const merged = new Uint8Array(head.length + chunk.byteLength);
      merged.set(head);
      merged.set(chunk, head.length);
      if (merged.length < 4) {
        head = merged;
        continue;
      }
      start(merged);
    } else if (encoding === 'utf-8') scanner.push(chunk);
    else scanner.push(from16(chunk, true));
    if (out.length > 0) yield* out.splice(0, out.length);
  }
  if (!encoding) {
    if (head.length === 0 || new TextDecoder().decode(head).trim() === '') throw new BadInput('is empty', { file });
    start(head);
  }
  if (encoding !== 'utf-8') scanner.push(from16(new Uint8Array(0), false));
  scanner.finish();
  if (!scanner.hasRoot) throw blank ? new BadInput('is empty', { file }) : new BadInput('holds no XML element (empty or not XML)', { file, line: scanner.line() });
  handlers.end?.();
  yield* out;
}

const ACCEPTED_ENCODINGS = ['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be', 'us-ascii', 'ascii'];

/** A declaration naming a legacy encoding (Big5, GBK, Latin-1) is refused before any byte is decoded. */
function checkDeclaredEncoding(head: Uint8Array, file: string): void {
  const m = /^<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(Buffer.from(head).toString('latin1'));
  if (m && !ACCEPTED_ENCODINGS.includes(m[1]!.toLowerCase())) {
    throw new BadInput(`declares encoding "${m[1]}"; only UTF-8 and UTF-16 are accepted (convert the file to UTF-8)`, { file, line: 1 });
  }
}

// ---------------------------------------------------------------------------------------------
// A small element tree for the formats whose files are small (XLIFF, TBX): built from the same
// guarded stream, so the same refusals apply.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
  /** Column of the start tag (1-based, UTF-16 code units), when the tree was asked for columns. */
  column?: number;
}
export type XmlNode = XmlElement | string;

/**
 * Parse a whole document into an element tree (text kept exactly, white space included); with
 * `columns`, each element also knows the column of its start tag.
 */
export async function parseXmlTree(input: ByteSource, file: string, limits: XmlLimits = DEFAULT_LIMITS, options: { columns?: boolean } = {}): Promise<XmlElement> {
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const it = saxStream<never>(input, file, (_emit, pos) => ({
    open(tag) {
      const el: XmlElement = { name: tag.name, attrs: { ...tag.attributes } as Record<string, string>, children: [], line: pos.line() };
      if (options.columns) el.column = pos.column();
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
      else root = el;
      stack.push(el);
    },
    close() {
      stack.pop();
    },
    text(t) {
      const top = stack[stack.length - 1];
      if (!top) return;
      const last = top.children[top.children.length - 1];
      if (typeof last === 'string') top.children[top.children.length - 1] = last + t;
      else top.children.push(t);
    },
  }), limits);
  for await (const _ of it) {
    // nothing is emitted; the loop drives the parser
  }
  if (!root) throw new BadInput('holds no XML element', { file });
  return root;
}

/** Child elements, optionally by local name (prefix ignored). */
export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || localName(c.name) === name));
}
export function firstElement(el: XmlElement, name: string): XmlElement | undefined {
  return elements(el, name)[0];
}
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}
/** Concatenated text of an element and its descendants. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}
