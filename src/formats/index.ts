/**
 * The format registry: one module per file format (src/formats/<name>.ts), each a reader and/or
 * writer over the domain types. The CLI, the HTTP layer and ingest pick a module here and never
 * see XML.
 */
import { extname } from 'node:path';
import type { TermEntry, TranslationUnit, LangTag } from '../model.js';
import { BadInput, type InputPlace } from '../errors.js';
import { textFormat } from './text.js';
import { tmxFormat } from './tmx.js';
import { tbxFormat, tbx3Format } from './tbx.js';
import { csvFormat, tsvFormat } from './csv.js';
import { xliff12Format, xliff20Format } from './xliff.js';
import { poFormat } from './po.js';
import type { ByteSource } from './encoding.js';

export type { ByteSource } from './encoding.js';
export { readAll } from './encoding.js';

export interface ReadContext {
  /** Name used in messages and provenance (file path or `request body`). */
  file: string;
  /** Told about each unit skipped for a reason (a tuv without a language, say), so none vanish silently. */
  warn?(message: string, place?: InputPlace): void;
}

export interface WriteOptions {
  /** Language pair to write when the store holds several (default: the largest pair). */
  srcLang?: LangTag;
  tgtLang?: LangTag;
  /** Creation tool version and other header fields. */
  toolVersion?: string;
  /** Creation date of the file (ISO 8601); now when absent. Fixed for reproducible data files. */
  date?: string;
}

export interface FormatModule {
  name: string;
  /** File extensions (lower case, with dot) this module reads. */
  extensions: readonly string[];
  mediaType: string;
  readUnits?(input: ByteSource, ctx: ReadContext): AsyncIterable<TranslationUnit>;
  readEntries?(input: ByteSource, ctx: ReadContext): AsyncIterable<TermEntry>;
  writeUnits?(units: AsyncIterable<TranslationUnit>, options: WriteOptions): AsyncIterable<string>;
  writeEntries?(entries: AsyncIterable<TermEntry>, options: WriteOptions): AsyncIterable<string>;
}

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
