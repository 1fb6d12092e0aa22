/**
 * The one XML path every format goes through: escaping for the writers, and a guarded streaming
 * parser (saxes) for the readers. saxes never loads a DTD and never expands an entity it was not
 * told about; on top of it we refuse any DOCTYPE that declares entities, and cap nesting depth,
 * attribute count and text length, because no XML parser does that for us (see RESEARCH.md).
 */
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BadInput, type InputPlace } from '../errors.js';
import type { ByteSource } from './encoding.js';

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

export interface SaxHandlers {
  open?(tag: SaxesTagPlain): void;
  close?(tag: SaxesTagPlain): void;
  text?(text: string): void;
}

/** What a handler sees of the parser: where it is, for messages. */
export interface SaxPosition {
  place(): InputPlace;
  fail(message: string, line?: number): never;
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
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: T[] = [];
  const pos: SaxPosition = {
    place: () => ({ file, line: parser.line }),
    fail(message: string, line?: number): never {
      throw new BadInput(message, { file, line: line ?? parser.line });
    },
  };
  const handlers = setup((item) => out.push(item), pos);
  let depth = 0;
  let sawRoot = false;
  let pendingError: Error | undefined;
  const fail = (message: string): void => {
    pendingError ??= new BadInput(message, { file, line: parser.line });
  };
  parser.on('error', (e) => {
    // saxes messages look like "file:line:col: message"; keep only the message, we add the place.
    fail(`malformed XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  });
  parser.on('xmldecl', (decl) => {
    const enc = decl.encoding?.toLowerCase();
    if (enc && !ACCEPTED_ENCODINGS.includes(enc)) {
      fail(`declares encoding "${decl.encoding}"; only UTF-8 and UTF-16 are accepted (convert the file to UTF-8)`);
    }
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) fail('the DOCTYPE declares entities; entity declarations are refused (no DTD loading, no entity expansion)');
    else if (/\[/.test(doctype)) fail('the DOCTYPE has an internal subset; only a plain <!DOCTYPE name SYSTEM "file.dtd"> is accepted');
  });
  parser.on('opentag', (tag) => {
    if (pendingError) return;
    sawRoot = true;
    if (++depth > limits.maxDepth) return fail(`elements nested more than ${limits.maxDepth} deep`);
    if (Object.keys(tag.attributes).length > limits.maxAttributes) return fail(`<${tag.name}> has more than ${limits.maxAttributes} attributes`);
    try {
      handlers.open?.(tag as SaxesTagPlain);
    } catch (e) {
      pendingError ??= e as Error;
    }
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (pendingError) return;
    try {
      handlers.close?.(tag as SaxesTagPlain);
    } catch (e) {
      pendingError ??= e as Error;
    }
  });
  const onText = (text: string): void => {
    if (pendingError) return;
    if (text.length > limits.maxText) return fail(`a text run longer than ${limits.maxText} characters`);
    try {
      handlers.text?.(text);
    } catch (e) {
      pendingError ??= e as Error;
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  let decoder: TextDecoder | undefined;
  let swap = false;
  let carry: Buffer = Buffer.alloc(0);
  let head: Uint8Array = new Uint8Array(0);
  let bytesSeen = 0;
  const feed = (s: string): void => {
    if (s.length > 0 && !pendingError) parser.write(s);
  };
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      if (swap) {
        // Byte-swap UTF-16BE to LE; an odd byte at a chunk border waits for the next chunk.
        let b = Buffer.concat([carry, bytes]);
        carry = Buffer.alloc(0);
        if (b.length % 2 === 1) {
          if (!stream) throw new Error('odd UTF-16 length');
          carry = Buffer.from(b.subarray(b.length - 1));
          b = b.subarray(0, b.length - 1);
        }
        const swapped = Buffer.from(b);
        swapped.swap16();
        return decoder!.decode(swapped, { stream });
      }
      return decoder!.decode(bytes, { stream });
    } catch {
      throw new BadInput(`not valid ${swap ? 'UTF-16BE' : decoder!.encoding.toUpperCase()} near byte ${bytesSeen}; save the file as UTF-8`, { file, line: parser.line });
    }
  };
  for await (const chunk of input) {
    if (!decoder) {
      // Need up to 4 bytes to sniff a BOM.
      const merged = new Uint8Array(head.length + chunk.byteLength);
      merged.set(head);
      merged.set(chunk, head.length);
      if (merged.length < 4) {
        head = merged;
        continue;
      }
      const { encoding, bomLength } = sniff(merged);
      if (encoding === 'utf-8') checkDeclaredEncoding(merged.subarray(bomLength, bomLength + 200), file);
      swap = encoding === 'utf-16be';
      decoder = new TextDecoder(swap ? 'utf-16le' : encoding, { fatal: true, ignoreBOM: true });
      bytesSeen = merged.length;
      feed(decode(merged.subarray(bomLength), true));
    } else {
      bytesSeen += chunk.byteLength;
      feed(decode(chunk, true));
    }
    if (pendingError) throw pendingError;
    if (out.length > 0) yield* out.splice(0, out.length);
  }
  if (!decoder) {
    if (head.length === 0 || new TextDecoder().decode(head).trim() === '') throw new BadInput('is empty', { file });
    const { encoding, bomLength } = sniff(head);
    swap = encoding === 'utf-16be';
    decoder = new TextDecoder(swap ? 'utf-16le' : encoding, { fatal: true, ignoreBOM: true });
    feed(decode(head.subarray(bomLength), true));
  }
  feed(decode(new Uint8Array(0), false));
  if (!pendingError && !sawRoot) fail('holds no XML element (empty or not XML)');
  if (!pendingError) {
    try {
      parser.close();
    } catch (e) {
      pendingError ??= new BadInput(`malformed XML: ${(e as Error).message}`, { file, line: parser.line });
    }
  }
  if (pendingError) {
    if (/unclosed|unexpected end/i.test(pendingError.message)) {
      throw new BadInput(`${pendingError.message.replace(/^.*?malformed XML: /, 'truncated or malformed XML: ')}`, { file, line: parser.line });
    }
    throw pendingError;
  }
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

function sniff(head: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

// ---------------------------------------------------------------------------------------------
// A small element tree for the formats whose files are small (XLIFF, TBX): built from the same
// guarded stream, so the same refusals apply.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
}
export type XmlNode = XmlElement | string;

/** Parse a whole document into an element tree (text kept exactly, white space included). */
export async function parseXmlTree(input: ByteSource, file: string, limits: XmlLimits = DEFAULT_LIMITS): Promise<XmlElement> {
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const it = saxStream<never>(input, file, (_emit, pos) => ({
    open(tag) {
      const el: XmlElement = { name: tag.name, attrs: { ...tag.attributes } as Record<string, string>, children: [], line: pos.place().line ?? 0 };
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
