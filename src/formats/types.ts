/**
 * The contract of a format module: a reader and/or a writer over the domain types of
 * src/model.ts. Each format is one module (src/formats/<name>.ts) that imports these types and
 * the shared helpers (encoding.ts, xml.ts, segments.ts, pairs.ts), never another format.
 */
import type { LangTag, TermEntry, TranslationUnit } from '../model.js';
import type { InputPlace } from '../errors.js';

/** Bytes in: a file stream, a request body. Readers decode (and check) the encoding themselves. */
export type ByteSource = AsyncIterable<Uint8Array>;

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

/**
 * A bilingual document as read, before alignment: the decoded text (the two languages in
 * paragraphs). Ingest aligns it into units; the reader does not.
 */
export interface BilingualDocument {
  file: string;
  text: string;
}

/** Languages of a table of pairs whose header does not name them (`source,target`). */
export interface PairReadOptions {
  srcLang?: LangTag;
  tgtLang?: LangTag;
}

export interface FormatModule {
  name: string;
  /** File extensions (lower case, with dot) this module reads. */
  extensions: readonly string[];
  mediaType: string;
  readUnits?(input: ByteSource, ctx: ReadContext): AsyncIterable<TranslationUnit>;
  readEntries?(input: ByteSource, ctx: ReadContext): AsyncIterable<TermEntry>;
  /**
   * The file as translation pairs to check, where that reading differs from the import's (a
   * CSV/TSV: every row a pair, ids from an id column or the line).
   */
  readPairs?(input: ByteSource, ctx: ReadContext, options?: PairReadOptions): AsyncIterable<TranslationUnit>;
  /** Unaligned bilingual text (plain text): the document, for the aligner to cut into units. */
  readDocument?(input: ByteSource, ctx: ReadContext): Promise<BilingualDocument>;
  writeUnits?(units: AsyncIterable<TranslationUnit>, options: WriteOptions): AsyncIterable<string>;
  writeEntries?(entries: AsyncIterable<TermEntry>, options: WriteOptions): AsyncIterable<string>;
}
