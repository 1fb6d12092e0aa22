/**
 * The format registry: one module per file format (src/formats/<name>.ts), each a reader and/or
 * writer over the domain types (the contract is src/formats/types.ts). The CLI, the HTTP layer
 * and ingest pick a module here, by name, by extension or by content, and never see XML.
 */
import { extname } from 'node:path';
import { BadInput } from '../errors.js';
import type { FormatModule } from './types.js';
import { sniffEncoding } from './encoding.js';
import { textFormat } from './text.js';
import { tmxFormat } from './tmx.js';
import { tbxFormat, tbx3Format } from './tbx.js';
import { csvFormat, tsvFormat } from './csv.js';
import { xliff12Format, xliff20Format } from './xliff.js';
import { poFormat } from './po.js';

export type { BilingualDocument, ByteSource, FormatModule, PairReadOptions, ReadContext, WriteOptions } from './types.js';
export { readAll } from './encoding.js';

const FORMATS: FormatModule[] = [textFormat, tmxFormat, tbxFormat, tbx3Format, csvFormat, tsvFormat, xliff12Format, xliff20Format, poFormat];

export function registerFormat(format: FormatModule): void {
  const i = FORMATS.findIndex((f) => f.name === format.name);
  if (i >= 0) FORMATS[i] = format;
  else FORMATS.push(format);
}

export function formatByName(name: string): FormatModule {
  const f = FORMATS.find((m) => m.name === name.toLowerCase());
  if (!f) throw new BadInput(`unknown format "${name}" (known: ${FORMATS.map((m) => m.name).join(', ')})`);
  return f;
}

export function formatForFile(path: string): FormatModule {
  const ext = extname(path).toLowerCase();
  const f = FORMATS.find((m) => m.extensions.includes(ext));
  if (!f) throw new BadInput(`cannot tell the format of "${path}" from its extension "${ext}" (known: ${FORMATS.flatMap((m) => m.extensions).join(' ')})`);
  return f;
}

export function knownFormats(): readonly FormatModule[] {
  return FORMATS;
}

/** XML root elements (lower case) and the format that reads them. */
const XML_ROOTS: Record<string, string> = { tmx: 'tmx', martif: 'tbx', tbx: 'tbx' };
const LANG_TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const TEXT_FORMATS = new Set(['txt', 'csv', 'tsv']);

/** The head of a file as text (BOM and UTF-16 handled; a cut character at the end is harmless). */
function headText(bytes: Uint8Array): string {
  const { encoding, bomLength } = sniffEncoding(bytes);
  let head = bytes.subarray(bomLength, bomLength + 8192);
  if (encoding === 'utf-16be') {
    const swapped = Buffer.from(head.subarray(0, head.length - (head.length % 2)));
    swapped.swap16();
    head = swapped;
  }
  return new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'utf-16le').decode(head);
}

/**
 * What the content says, or undefined for text that names no format of its own. XML by its root
 * (XLIFF 2 by its version or namespace), PO by a `msgid` line, a table by a header row of two
 * language tags (or source/target) split by tabs or commas.
 */
function sniffContent(head: string): string | { xmlRoot: string } | undefined {
  const body = head.replace(/^\s+/, '');
  if (body.startsWith('<')) {
    // The first element after the declaration, comments, processing instructions and DOCTYPE.
    const m = /<([A-Za-z_][\w.:-]*)([^>]*)/.exec(body.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/g, ''));
    if (!m) return { xmlRoot: '' };
    const root = m[1]!.replace(/^.*:/, '').toLowerCase();
    if (root === 'xliff') {
      const version = /\bversion\s*=\s*["']([^"']*)["']/.exec(m[2]!)?.[1];
      return version?.startsWith('2') || (!version && m[2]!.includes('xliff:document:2')) ? 'xliff20' : 'xliff12';
    }
    return XML_ROOTS[root] ?? { xmlRoot: root };
  }
  if (/^(?:msgctxt|msgid)\s+"/m.test(head) && /^msgstr(?:\[\d+\])?\s+"/m.test(head)) return 'po';
  const firstLine = head.split(/\r?\n/, 1)[0]!;
  for (const [sep, name] of [['\t', 'tsv'], [',', 'csv']] as const) {
    const cells = firstLine.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length < 2) continue;
    const [a, b] = cells as [string, string];
    if ((LANG_TAG.test(a) && LANG_TAG.test(b)) || cells.some((c) => /^(source|src)$/i.test(c))) return name;
  }
  return undefined;
}

/**
 * The format of a file from its content, with its name's extension as a hint. Content that
 * names its format (an XML root this registry reads, a PO catalog) decides; text that does not
 * (a table, plain text) goes by the extension when it names a text format, else by what the first
 * row looks like (a header of language tags: CSV or TSV; anything else: plain text). XML with an
 * unknown root goes to the extension's reader (which names the root it expected), or is refused.
 */
export function formatFor(bytes: Uint8Array, name = ''): FormatModule {
  const ext = extname(name).toLowerCase();
  const byExt = ext ? FORMATS.find((m) => m.extensions.includes(ext)) : undefined;
  const head = headText(bytes);
  if (head.trim() === '') {
    if (byExt) return byExt;
    throw new BadInput('is empty', { file: name || 'input' });
  }
  const sniffed = sniffContent(head);
  if (typeof sniffed === 'string') {
    // An .xlf holds either XLIFF version: its module reads both.
    if (byExt && (byExt.name === sniffed || (byExt.name.startsWith('xliff') && sniffed.startsWith('xliff')))) return byExt;
    if (byExt && TEXT_FORMATS.has(byExt.name) && TEXT_FORMATS.has(sniffed)) return byExt;
    return formatByName(sniffed);
  }
  if (sniffed) {
    if (byExt && !TEXT_FORMATS.has(byExt.name)) return byExt;
    throw new BadInput(`cannot tell the format: the XML root element ${sniffed.xmlRoot ? `<${sniffed.xmlRoot}>` : 'was not found'} is none of tmx, xliff, martif, tbx`, { file: name || 'input' });
  }
  return byExt ?? textFormat;
}
