/**
 * The domain types every stage shares. Formats parse into them, the store keeps them,
 * match/check/extract read them; nothing outside src/formats sees XML.
 */

/** A BCP 47 language tag as written in files, canonical case: `zh-TW`, `en-US`, `en`. */
export type LangTag = string;

/**
 * An inline element inside a segment, kept as an element tree so that it is written back as read:
 * TMX `bpt/ept/ph/it/ut` (native code, their content is the code text), `hi`/`sub`
 * (translatable content), XLIFF `g/x/bx/ex/ph/mrk/pc/sc/ec`.
 */
export interface InlineCode {
  tag: string;
  attrs: Record<string, string>;
  content: SegmentPart[];
}
export type SegmentPart = string | InlineCode;

/** One language side of a unit: `text` is the plain text (codes removed) used for matching. */
export interface Segment {
  lang: LangTag;
  text: string;
  /** Present only when the segment has inline codes; `text` is then derived from it. */
  parts?: SegmentPart[];
  props?: Prop[];
  notes?: Note[];
  /** Other attributes of the variant (TMX `tuv`), written back as read. */
  attrs?: Record<string, string>;
}

export interface Prop {
  type: string;
  value: string;
  lang?: LangTag;
}
export interface Note {
  text: string;
  lang?: LangTag;
}

/**
 * Where a unit came from: the file; for plain text the paragraph and sentence position; and, as
 * read, the line and column (1-based, UTF-16 code units) where the unit starts in its file (the
 * unit's element, PO msgid, table row). Line and column are not stored in the TM: they locate a
 * checked file's issues (the SARIF report).
 */
export interface Provenance {
  file?: string;
  paragraph?: number;
  position?: number;
  line?: number;
  column?: number;
}

/**
 * A translation unit: one source segment and its translation (a sentence pair for the essay).
 * Units read from TMX may hold more than two variants: the first two are `source`/`target`
 * (source first), the rest are kept in `variants` so that nothing is lost on export.
 */
export interface TranslationUnit {
  id?: number;
  srcLang: LangTag;
  tgtLang: LangTag;
  source: string;
  target: string;
  sourceParts?: SegmentPart[];
  targetParts?: SegmentPart[];
  /** Per-variant metadata of the two main sides (props, notes, attrs of the tuv). */
  sourceMeta?: Omit<Segment, 'lang' | 'text' | 'parts'>;
  targetMeta?: Omit<Segment, 'lang' | 'text' | 'parts'>;
  /** Further language variants beyond source and target. */
  variants?: Segment[];
  /** Unit-level props and notes (TMX `tu/prop`, `tu/note`, XLIFF notes). */
  props?: Prop[];
  notes?: Note[];
  /** Identifier in the file it came from (TMX `tuid`, XLIFF unit id, PO msgctxt+msgid). */
  externalId?: string;
  /** Other unit attributes (TMX `tu` attributes such as `creationid`, XLIFF `state`), kept as read. */
  attrs?: Record<string, string>;
  origin?: Provenance;
  createdAt?: string;
  changedAt?: string;
}

export type TermStatus = 'candidate' | 'approved' | 'forbidden';
export const TERM_STATUSES: readonly TermStatus[] = ['candidate', 'approved', 'forbidden'];

/** One term of a concept in one language. */
export interface Term {
  id?: number;
  lang: LangTag;
  text: string;
  status: TermStatus;
  partOfSpeech?: string;
  note?: string;
}

/** How a term pair was found, in order of trust (see src/extract). */
export type ExtractionMethod =
  | 'gloss'
  | 'shared-token'
  | 'anchor'
  | 'name'
  | 'definition'
  | 'list'
  | 'alignment'
  | 'dictionary'
  | 'statistics'
  | 'import'
  | 'user';

/** A concept entry (as TBX `termEntry`/`conceptEntry`): terms per language, evidence and score. */
export interface TermEntry {
  id?: number;
  terms: Term[];
  method?: ExtractionMethod | string;
  score?: number;
  frequency?: number;
  /** Ids of the translation units the pair was found in. */
  evidence?: number[];
  note?: string;
  subject?: string;
  /** Where the entry came from: `extract`, `user`, or `import:<file>`. */
  origin?: string;
  createdAt?: string;
  changedAt?: string;
}

export type Severity = 'error' | 'warning';

/** A finding of the consistency check, shaped after unified's VFileMessage. */
export interface CheckIssue {
  unitId: string;
  rule: string;
  severity: Severity;
  message: string;
  term?: { source: string; expected: string[] };
  /** Character offsets (UTF-16, end exclusive) in the unit's source and target, for highlighting. */
  sourceSpan?: [number, number];
  targetSpan?: [number, number];
  found?: string;
}

/** Plain text of a segment's parts: text and translatable content; native code text left out. */
export function partsToText(parts: readonly SegmentPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if (!NATIVE_CODE_TAGS.has(p.tag)) out += partsToText(p.content);
  }
  return out;
}
/** Elements whose content is native code (TMX bpt/ept/ph/it/ut), not translatable text. */
export const NATIVE_CODE_TAGS: ReadonlySet<string> = new Set(['bpt', 'ept', 'ph', 'it', 'ut', 'x', 'bx', 'ex', 'sc', 'ec']);

/** The primary language subtag, lower case: `zh-TW` → `zh`. */
export function primaryLanguage(tag: LangTag): string {
  return (tag.split(/[-_]/)[0] ?? tag).toLowerCase();
}

/** Whether an object has an own or inherited enumerable key (Object.keys without the array). */
export function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * `fn` with its answers remembered, for arguments that repeat a great deal, such as language
 * tags: a file has a handful of them and a million units. At most 1000 are kept (the cache starts
 * afresh past that), so a file of odd tags cannot grow it without bound.
 */
export function remembered<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= 1000) cache.clear();
      cache.set(s, v);
    }
    return v;
  };
}

/** A language tag in lower case, for comparing tags (toLowerCase would make a string each time). */
export const lowerLang = remembered((tag: LangTag) => tag.toLowerCase());

/** Canonical BCP 47 casing, `_` to `-`: `zh_tw` → `zh-TW`, `zh-hant-tw` → `zh-Hant-TW`. */
export function canonicalLang(tag: string): LangTag {
  const parts = tag.trim().replace(/_/g, '-').split('-').filter((p) => p.length > 0);
  return parts
    .map((p, i) => {
      if (i === 0) return p.toLowerCase();
      if (p.length === 2) return p.toUpperCase();
      if (p.length === 4) return p[0]!.toUpperCase() + p.slice(1).toLowerCase();
      return p.toLowerCase();
    })
    .join('-');
}
