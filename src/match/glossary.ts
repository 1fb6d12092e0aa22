/**
 * The glossary as a reviewer pages through it: concepts filtered by text (folded as look-ups
 * fold it: script, width, case), status, method and language, sorted by score, frequency or
 * text, one page at a time. The concepts are held in memory with their sort orders made once, so
 * a page costs one pass over the concepts (none without a filter) whatever the glossary's size;
 * the view is rebuilt after a change (this process's writes at once, other processes' within a
 * few seconds), in the background once a build has proved slow, as the term look-up does.
 */
import type { Db } from '../store/db.js';
import { readGlossary, type ConceptTerm } from '../store/glossary.js';
import { termsFingerprint } from '../store/terms.js';
import { fold } from '../text/fold.js';
import { primaryLanguage, type TermStatus } from '../model.js';
import { concordance, type ConcordanceHit } from './concordance.js';
import type { TermIndex } from './terms.js';

export const GLOSSARY_SORTS = ['score', 'frequency', 'text', 'newest'] as const;
export type GlossarySort = (typeof GLOSSARY_SORTS)[number];

export interface GlossaryQuery {
  q?: string;
  status?: TermStatus;
  method?: string;
  /** Language of the term column (primary subtag); concepts without a term in it are left out. */
  lang?: string;
  sort?: GlossarySort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface GlossaryRowTerm {
  text: string;
  lang: string;
  status: TermStatus;
}

export interface GlossaryRow {
  id: number;
  term: GlossaryRowTerm;
  translations: GlossaryRowTerm[];
  /** The distinct statuses of the concept's terms. */
  statuses: TermStatus[];
  method: string | null;
  score: number | null;
  frequency: number | null;
  evidence: number;
}

export interface GlossaryPage {
  rows: GlossaryRow[];
  /** Concepts that pass the filters. */
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The language of the term column. */
  lang: string;
}

export interface GlossaryStats {
  concepts: number;
  terms: number;
  byStatus: Record<TermStatus, number>;
  methods: string[];
  /** Primary languages of the terms, most terms first. */
  languages: string[];
}

const STATUS_BIT: Record<TermStatus, number> = { candidate: 1, approved: 2, forbidden: 4 };
const STATUSES: TermStatus[] = ['approved', 'candidate', 'forbidden'];
const DEFAULT_PAGE_SIZE = 50;

/** The concepts in memory, with the orders the page sorts by. */
export class GlossaryView {
  readonly size: number;
  private readonly ids: Int32Array;
  private readonly score: Float64Array;
  private readonly frequency: Float64Array;
  private readonly evidence: Int32Array;
  private readonly method: (string | null)[];
  /** Each concept's method as a number (methodIds), for the method filter: 0 for none. */
  private readonly methodOf: Uint16Array;
  private readonly methodIds = new Map<string, number>();
  private readonly statusBits: Uint8Array;
  private readonly langBits: Uint32Array;
  /**
   * Every concept's folded terms in one string, each term ended by a newline (folded text has
   * none), concept i at [starts[i], starts[i + 1]): a text filter is one indexOf scan of it (an
   * includes() per concept cost several times more).
   */
  private readonly haystack: string;
  private readonly starts: Int32Array;
  private readonly terms: ConceptTerm[][];
  private readonly langIds = new Map<string, number>();
  private readonly orders = new Map<string, Uint32Array>();
  readonly stats: GlossaryStats;

  constructor(data: Awaited<ReturnType<typeof readGlossary>>) {
    const n = data.concepts.length;
    this.size = n;
    this.ids = new Int32Array(n);
    this.score = new Float64Array(n);
    this.frequency = new Float64Array(n);
    this.evidence = new Int32Array(n);
    this.method = new Array<string | null>(n);
    this.methodOf = new Uint16Array(n);
    this.statusBits = new Uint8Array(n);
    this.langBits = new Uint32Array(n);
    this.terms = new Array<ConceptTerm[]>(n);
    const at = new Map<number, number>();
    const methods = new Set<string>();
    data.concepts.forEach((c, i) => {
      at.set(c.id, i);
      this.ids[i] = c.id;
      this.score[i] = c.score ?? -Infinity;
      this.frequency[i] = c.frequency ?? -Infinity;
      this.evidence[i] = c.evidence;
      this.method[i] = c.method;
      if (c.method) {
        methods.add(c.method);
        let m = this.methodIds.get(c.method);
        if (m === undefined) this.methodIds.set(c.method, (m = Math.min(65535, this.methodIds.size + 1)));
        this.methodOf[i] = m;
      }
      this.terms[i] = [];
    });
    const byStatus: Record<TermStatus, number> = { candidate: 0, approved: 0, forbidden: 0 };
    const langCounts = new Map<string, number>();
    // A glossary has a handful of language tags and many terms: each tag's subtag worked out once.
    const primaries = new Map<string, string>();
    for (const t of data.terms) {
      const i = at.get(t.conceptId);
      if (i === undefined) continue;
      this.terms[i]!.push(t);
      byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
      this.statusBits[i]! |= STATUS_BIT[t.status] ?? 0;
      let lang = primaries.get(t.lang);
      if (lang === undefined) primaries.set(t.lang, (lang = primaryLanguage(t.lang)));
      langCounts.set(lang, (langCounts.get(lang) ?? 0) + 1);
      let id = this.langIds.get(lang);
      if (id === undefined) this.langIds.set(lang, (id = this.langIds.size));
      if (id < 32) this.langBits[i]! |= 1 << id;
    }
    this.starts = new Int32Array(n + 1);
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; i < n; i++) {
      this.starts[i] = length;
      for (const t of this.terms[i]!) {
        parts.push(t.folded, '\n');
        length += t.folded.length + 1;
      }
    }
    this.starts[n] = length;
    this.haystack = parts.join('');
    // The default order is made with the view, so the first page after a rebuild does not pay for it.
    this.order('score', '');
    this.stats = {
      concepts: n,
      terms: data.terms.length,
      byStatus,
      methods: [...methods].sort(),
      languages: [...langCounts].sort((a, b) => b[1] - a[1]).map(([l]) => l),
    };
  }

  private defaultLanguage: string | undefined;

  /** The language shown in the term column when the query names none: that of most concepts' first term. */
  defaultLang(): string {
    if (this.defaultLanguage === undefined) {
      const firsts = new Map<string, number>();
      for (const ts of this.terms) {
        const l = ts[0] ? primaryLanguage(ts[0].lang) : undefined;
        if (l) firsts.set(l, (firsts.get(l) ?? 0) + 1);
      }
      this.defaultLanguage = [...firsts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
    }
    return this.defaultLanguage;
  }

  private order(sort: GlossarySort, lang: string): Uint32Array {
    const key = sort === 'text' ? `text:${lang}` : sort;
    let order = this.orders.get(key);
    if (order) return order;
    order = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) order[i] = i;
    if (sort === 'score') order.sort((a, b) => this.score[b]! - this.score[a]! || this.ids[a]! - this.ids[b]!);
    else if (sort === 'frequency') order.sort((a, b) => this.frequency[b]! - this.frequency[a]! || this.score[b]! - this.score[a]! || this.ids[a]! - this.ids[b]!);
    else if (sort === 'newest') order.sort((a, b) => this.ids[b]! - this.ids[a]!);
    else {
      const keys = Array.from({ length: this.size }, (_, i) => this.headTerm(i, lang)?.folded ?? '\uffff');
      order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : this.ids[a]! - this.ids[b]!));
    }
    this.orders.set(key, order);
    return order;
  }

  private headTerm(i: number, lang: string): ConceptTerm | undefined {
    const ts = this.terms[i]!;
    return ts.find((t) => primaryLanguage(t.lang) === lang) ?? ts[0];
  }

  page(query: GlossaryQuery = {}): GlossaryPage {
    const lang = query.lang ? primaryLanguage(query.lang) : this.defaultLang();
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const order = this.order(query.sort ?? 'score', lang);
    const fq = query.q?.trim() ? fold(query.q.trim()) : '';
    const statusBit = query.status ? STATUS_BIT[query.status] : 0;
    const langId = query.lang ? this.langIds.get(lang) : undefined;
    if (query.lang && langId === undefined) return { rows: [], total: 0, page: 1, pages: 1, pageSize, lang };
    const langBit = langId !== undefined && langId < 32 ? 1 << langId : 0;
    const wanted = Math.max(1, query.page ?? 1);
    const first = (wanted - 1) * pageSize;
    const picked: number[] = [];
    let total = 0;
    const holding = fq ? this.holding(fq) : undefined;
    // A method no concept has: an id none has.
    const methodId = query.method === undefined ? undefined : (this.methodIds.get(query.method) ?? -1);
    const filtered = fq !== '' || statusBit !== 0 || langBit !== 0 || query.method !== undefined;
    if (!filtered) {
      total = this.size;
      for (let k = first; k < Math.min(this.size, first + pageSize); k++) picked.push(order[k]!);
    } else {
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        if (statusBit && !(this.statusBits[i]! & statusBit)) continue;
        if (langBit && !(this.langBits[i]! & langBit)) continue;
        if (methodId !== undefined && this.methodOf[i] !== methodId) continue;
        if (holding && !holding[i]) continue;
        if (total >= first && picked.length < pageSize) picked.push(i);
        total++;
      }
    }
    const pages = Math.max(1, Math.ceil(total / pageSize));
    return { rows: picked.map((i) => this.row(i, lang)), total, page: wanted, pages, pageSize, lang };
  }

  /** Which concepts hold the folded text in one of their terms (1 for those that do). */
  private holding(fq: string): Uint8Array {
    const marks = new Uint8Array(this.size);
    if (fq.includes('\n')) return marks;
    let i = 0;
    for (let at = this.haystack.indexOf(fq); at >= 0; ) {
      // Hits come in order: move on to the concept that holds this one.
      while (this.starts[i + 1]! <= at) i++;
      marks[i] = 1;
      at = this.haystack.indexOf(fq, this.starts[i + 1]!);
    }
    return marks;
  }

  private row(i: number, lang: string): GlossaryRow {
    const head = this.headTerm(i, lang)!;
    const plain = (t: ConceptTerm): GlossaryRowTerm => ({ text: t.text, lang: t.lang, status: t.status });
    return {
      id: this.ids[i]!,
      term: plain(head),
      translations: this.terms[i]!.filter((t) => t !== head && primaryLanguage(t.lang) !== primaryLanguage(head.lang)).map(plain),
      statuses: STATUSES.filter((s) => this.statusBits[i]! & STATUS_BIT[s]),
      method: this.method[i]!,
      score: Number.isFinite(this.score[i]!) ? this.score[i]! : null,
      frequency: Number.isFinite(this.frequency[i]!) ? this.frequency[i]! : null,
      evidence: this.evidence[i]!,
    };
  }
}

/** The view of one database, kept fresh (see the module comment). */
export class GlossaryListing {
  private view: GlossaryView | undefined;
  private building: Promise<GlossaryView> | undefined;
  private suspect = true;
  private fingerprint = '';
  private checkedAt = 0;
  private lastBuildMs = 0;

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 2000,
    private readonly syncBuildMs = 300,
  ) {
    db.onChange(() => {
      this.suspect = true;
    });
  }

  private build(fp: string): Promise<GlossaryView> {
    this.building ??= (async () => {
      try {
        const started = performance.now();
        const view = new GlossaryView(await readGlossary(this.db));
        this.lastBuildMs = performance.now() - started;
        this.fingerprint = fp;
        this.view = view;
        return view;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  async current(): Promise<GlossaryView> {
    if (this.view && !this.suspect && Date.now() - this.checkedAt <= this.recheckMs) return this.view;
    this.suspect = false;
    this.checkedAt = Date.now();
    const fp = await termsFingerprint(this.db);
    if (this.view && fp === this.fingerprint) return this.view;
    const next = this.build(fp);
    if (this.view && this.lastBuildMs > this.syncBuildMs) {
      next.catch(() => undefined);
      return this.view;
    }
    return next;
  }

  async page(query: GlossaryQuery): Promise<GlossaryPage> {
    return (await this.current()).page(query);
  }
}

export interface Rendering {
  /** The target text, as the glossary writes it. */
  text: string;
  lang: string;
  /** Concept that holds it (this one or another with the same source term). */
  conceptId: number;
  status: TermStatus;
  /** Units of the TM (among those read) whose source holds the term and whose target holds this rendering. */
  units: number;
  examples: ConcordanceHit[];
}

export interface Renderings {
  /** Units of the TM read that hold the term (on either side, in its language). */
  units: number;
  renderings: Rendering[];
  /** Units rendering the term in none of these ways. */
  other: number;
  otherExamples: ConcordanceHit[];
}

/**
 * How the TM renders a source term: each translation the glossary knows for it (this concept's,
 * and those of other concepts with the same source term), with how many units of the TM use it
 * and a few examples, and the units that use none of them.
 */
export async function renderingsOf(db: Db, index: TermIndex, source: { text: string; lang: string }, conceptId: number, limit = 200): Promise<Renderings> {
  const src = primaryLanguage(source.lang);
  const known = new Map<string, Rendering>();
  const sameSource = index.lookup(source.text, { lang: src, limit: 20 }).filter((h) => h.match !== 'fuzzy');
  sameSource.sort((a, b) => (a.id === conceptId ? -1 : b.id === conceptId ? 1 : 0));
  for (const hit of sameSource) {
    for (const t of hit.targets) {
      const key = fold(t.text);
      if (!key || known.has(key)) continue;
      known.set(key, { text: t.text, lang: t.lang, conceptId: hit.id, status: t.status, units: 0, examples: [] });
    }
  }
  const hits = (await concordance(db, source.text, limit)).filter((h) => primaryLanguage(h.side === 'source' ? h.srcLang : h.tgtLang) === src);
  let other = 0;
  const otherExamples: ConcordanceHit[] = [];
  for (const h of hits) {
    const target = fold(h.side === 'source' ? h.target : h.source);
    let any = false;
    for (const [key, r] of known) {
      if (!target.includes(key)) continue;
      any = true;
      r.units++;
      if (r.examples.length < 2) r.examples.push(h);
    }
    if (!any) {
      other++;
      if (otherExamples.length < 2) otherExamples.push(h);
    }
  }
  return { units: hits.length, renderings: [...known.values()].sort((a, b) => b.units - a.units), other, otherExamples };
}
