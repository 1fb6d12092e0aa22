/**
 * Term look-up: an in-memory index of the glossary, built once from the store and rebuilt after a
 * change (this process's writes at once, other processes' within a few seconds). A query is
 * matched exactly (as written), then folded (script, width, case, inflection: src/text/fold.ts),
 * then fuzzily: candidates that share rare character n-grams with the query (trigrams for
 * alphabetic text; single characters and bigrams for Chinese, so 1–2 character terms are found)
 * are ranked by fuse.js's Bitap score (src/match/fuzzy.ts), which over every term would be a
 * linear scan: too slow for a large glossary.
 */
import type { Db } from '../store/db.js';
import { termChangeBounds, termChangesAfter, termCount, termRowsAfter, termRowsOfConcepts, type TermRow } from '../store/terms.js';
import { loadCedict } from '../dict/cedict.js';
import { isBare, parsePinyinQuery, readingAgrees, readingKeys, termReadings } from '../dict/pinyin.js';
import { fold, hasHan } from '../text/fold.js';
import { primaryLanguage, type TermStatus } from '../model.js';
import { toUnits } from '../text/tokens.js';
import { GramIndex, NeighbourBuilder, neighboursFrom, type FuzzyFound, type NeighbourTable } from './grams.js';

export { termGrams } from './grams.js';

/**
 * How a hit matched: as written; folded (script, width, case, inflection); by the pinyin reading
 * of a Chinese term, in full (`qu kuai lian`, with or without tones) or by its initials (`qkl`);
 * fuzzily.
 */
export type MatchKind = 'exact' | 'folded' | 'pinyin' | 'initials' | 'fuzzy';

export interface TermHit {
  /** The concept entry id (PATCH/DELETE /api/terms/:id). */
  id: number;
  termId: number;
  /** The matched term, in the query's language. */
  source: string;
  srcLang: string;
  /** The concept's best term in another language (approved first, never a forbidden one unless it is all there is). */
  target: string | null;
  tgtLang: string | null;
  /** Every term of the concept in other languages. */
  targets: { text: string; lang: string; status: TermStatus }[];
  status: TermStatus;
  score: number | null;
  method: string | null;
  match: MatchKind;
  /** 0–100: how close the matched term is to the query (100 for exact and folded hits). */
  similarity: number;
}

/** What a look-up found: slots, best first, with their kind of match and similarity side by side. */
interface Matches {
  slots: number[];
  kinds: MatchKind[];
  similarity: number[];
}

export interface LookupOptions {
  /** Only terms in this language (primary subtag: `zh` finds zh-TW and zh-CN). */
  lang?: string;
  /** Prefer targets in this language. */
  tgt?: string;
  limit?: number;
}

const MAX_CANDIDATES = 40;
const NEIGHBOUR_CANDIDATES = 10;
/**
 * Gram postings read per fuzzy search: for a query with no exact or folded hit, and for the
 * neighbours listed under one. Neighbours need fewer: in a large glossary, counting the
 * full budget was most of an exact look-up's time (docs/decisions.md).
 */
const MAX_POSTINGS = 20_000;
const NEIGHBOUR_POSTINGS = 4_000;
/** Queries whose neighbours are kept (a few hundred bytes each). */
const MAX_KEPT_NEIGHBOURS = 20_000;
const STATUS_RANK: Record<TermStatus, number> = { approved: 0, candidate: 1, forbidden: 2 };

/**
 * primaryLanguage of a term's tag, kept per tag: the index holds a few distinct tags, and every
 * hit of a look-up asks it of the term and of each of its concept's terms.
 */
const primaryOf = new Map<string, string>();
function primary(tag: string): string {
  let p = primaryOf.get(tag);
  if (p === undefined) {
    p = primaryLanguage(tag);
    if (primaryOf.size < 4096) primaryOf.set(tag, p);
  }
  return p;
}

/** What the index needs beside the rows: the pinyin readings of a Chinese term (src/dict/pinyin.ts). */
export interface TermIndexOptions {
  readings?: (simplified: string) => string[];
}

/**
 * The glossary in memory, with the maps look-ups and in-text finding use. It is updated in place,
 * a concept at a time (`replaceConcepts`), so that a write reaches look-ups without a rebuild. A
 * term has a slot; a removed term's slot stays empty and is never reused, so the gram postings,
 * which are not searched on removal, may still name it and skip it when read.
 */
export class TermIndex {
  /** The term in each slot (undefined: removed). */
  private readonly slots: (TermRow | undefined)[] = [];
  private live = 0;
  private readonly byConcept = new SlotMap<number>();
  private readonly exact = new SlotMap<string>();
  private readonly folded = new SlotMap<string>();
  /** The terms' folded forms and their n-gram postings, for the fuzzy search. */
  private readonly grams = new GramIndex();
  private readonly byUnits = new SlotMap<string>();
  /**
   * For each unit that begins a term, the most units a term beginning with it has: findInText
   * tries only those lengths at a position (with one global maximum it built and looked up ~10
   * strings at every position of the text, most of them for words that begin no term). Never
   * lowered on removal: a length too long costs a map look-up, not a wrong answer.
   */
  private readonly longestFrom = new Map<string, number>();
  /**
   * Pinyin keys (letters, initials) → slots. A slot's readings, to check a query's tones, are read
   * again from the dictionary when needed (for the few slots a key names): kept for every term,
   * they were a third of the index's memory.
   */
  private readonly pinyin = new SlotMap<string>();
  private readonly initials = new SlotMap<string>();
  private readTerms = 0;
  private readonly readingsOf: ((simplified: string) => string[]) | undefined;
  /** The neighbours of exact and folded hits, per folded query, since the index last changed. */
  private readonly neighbours = new Map<string, Int32Array>();
  /** Each slot's hit as JSON without its match and similarity, in UTF-8, once asked (lookupBody). */
  private readonly json = new HitJson();
  /** Changes of the terms so far: a neighbour table computed before the last one is not used. */
  private changes = 0;
  /** The neighbours of every term, computed ahead (in slices between requests) for the index as it is. */
  private ahead: NeighbourTable | undefined;

  constructor(terms: readonly TermRow[] = [], options: TermIndexOptions = {}) {
    this.readingsOf = options.readings;
    this.add(terms);
  }

  /** Terms in the index now. */
  get size(): number {
    return this.live;
  }

  /** Removed terms whose slots the gram postings still name (a rebuild drops them). */
  get removed(): number {
    return this.slots.length - this.live;
  }

  /** Add terms (of concepts not in the index, or new terms of ones that are). */
  add(terms: readonly TermRow[]): void {
    if (terms.length > 0) this.changed();
    for (const t of terms) this.addOne(t);
  }

  /** Replace what the index holds of these concepts by `rows` (their terms now; none for a deleted concept). */
  replaceConcepts(conceptIds: Iterable<number>, rows: readonly TermRow[]): void {
    this.changed();
    for (const id of conceptIds) this.removeConcept(id);
    this.add(rows);
  }

  /** What a neighbour table must be computed for (neighbourJob) and installed with (installNeighbours). */
  private changed(): void {
    this.neighbours.clear();
    this.changes++;
    this.ahead = undefined;
  }

  private addOne(t: TermRow): void {
    // A new term of a concept changes its other terms' hits (their targets).
    for (const j of this.byConcept.get(t.conceptId)) this.json.drop(j);
    const i = this.grams.add(t.folded);
    this.slots.push(t);
    this.live++;
    this.byConcept.add(t.conceptId, i);
    this.exact.add(t.text.trim(), i);
    this.folded.add(t.folded, i);
    const units = toUnits(t.text).units;
    if (units.length > 0) {
      // The term's own string where the key is the same text (most English terms): one copy.
      const key = units.join(' ');
      this.byUnits.add(key === t.folded ? t.folded : key === t.text ? t.text : key, i);
      if (units.length > (this.longestFrom.get(units[0]!) ?? 0)) this.longestFrom.set(units[0]!, units.length);
    }
    const readings = this.readingsOfTerm(t);
    if (readings.length > 0) {
      this.readTerms++;
      const keys = new Set<string>();
      const inits = new Set<string>();
      for (const r of readings) {
        const k = readingKeys(r);
        keys.add(k.full);
        inits.add(k.initials);
      }
      for (const k of keys) this.pinyin.add(k, i);
      for (const k of inits) this.initials.add(k, i);
    }
  }

  /** The pinyin readings of a Chinese term (none for other terms, or without a dictionary). */
  private readingsOfTerm(t: TermRow): string[] {
    return this.readingsOf && primary(t.lang) === 'zh' && hasHan(t.folded) ? this.readingsOf(t.folded) : [];
  }

  private removeConcept(conceptId: number): void {
    const own = this.byConcept.get(conceptId);
    if (own.length === 0) return;
    this.byConcept.delete(conceptId);
    for (const i of own) {
      const t = this.slots[i];
      if (!t) continue;
      this.slots[i] = undefined;
      this.json.drop(i);
      this.grams.remove(i);
      this.live--;
      this.exact.remove(t.text.trim(), i);
      this.folded.remove(t.folded, i);
      const units = toUnits(t.text).units;
      if (units.length > 0) this.byUnits.remove(units.join(' '), i);
      const readings = this.readingsOfTerm(t);
      if (readings.length > 0) {
        this.readTerms--;
        for (const r of readings) {
          const k = readingKeys(r);
          this.pinyin.remove(k.full, i);
          this.initials.remove(k.initials, i);
        }
      }
    }
  }

  /** Exact, then folded, then pinyin (full, then initials), then fuzzy hits, one per concept, best first. */
  lookup(query: string, options: LookupOptions = {}): TermHit[] {
    const found = this.match(query, options);
    const hits: TermHit[] = [];
    for (let k = 0; k < found.slots.length; k++) hits.push(this.hit(this.slots[found.slots[k]!]!, found.kinds[k]!, found.similarity[k]!, options.tgt));
    return hits;
  }

  /** `JSON.stringify({ terms: this.lookup(query, options) })` (lookupBody's text). */
  lookupJson(query: string, options: LookupOptions = {}): string {
    return this.lookupBody(query, options).toString('utf8');
  }

  /**
   * `JSON.stringify({ terms: this.lookup(query, options) })` in UTF-8, the body of GET
   * /api/terms, written from each hit's JSON kept per slot in UTF-8 (all of a hit but its match
   * and similarity, which depend on the query): a look-up through HTTP builds no hit objects,
   * serialises only what the query changes and encodes no text. A slot's JSON is made when
   * first asked and dropped when its concept changes (`replaceConcepts`, a term added to it);
   * with `tgt` (other targets first) the hits are written afresh.
   */
  lookupBody(query: string, options: LookupOptions = {}): Buffer {
    const found = this.match(query, options);
    const n = found.slots.length;
    if (options.tgt) {
      let out = '{"terms":[';
      for (let k = 0; k < n; k++) out += `${k > 0 ? ',' : ''}${this.hitHead(found.slots[k]!, options.tgt)},"match":"${found.kinds[k]!}","similarity":${found.similarity[k]!}}`;
      return Buffer.from(`${out}]}`, 'utf8');
    }
    let length = 12;
    for (let k = 0; k < n; k++) {
      const i = found.slots[k]!;
      if (!this.json.has(i)) this.json.put(i, this.hitHead(i));
      length += (k > 0 ? 1 : 0) + this.json.byteLength(i) + hitTail(found.kinds[k]!, found.similarity[k]!).length;
    }
    const out = Buffer.allocUnsafe(length);
    out.set(BODY_START, 0);
    let at = BODY_START.length;
    for (let k = 0; k < n; k++) {
      if (k > 0) out[at++] = 0x2c;
      at = this.json.copy(found.slots[k]!, out, at);
      const tail = hitTail(found.kinds[k]!, found.similarity[k]!);
      out.set(tail, at);
      at += tail.length;
    }
    out[at] = 0x5d;
    out[at + 1] = 0x7d;
    return out;
  }

  /** Slots so far, removed ones included (fillJson's range). */
  get slotCount(): number {
    return this.slots.length;
  }

  /** Write the JSON of the live slots from `from` (at most `count`) ahead of look-ups; the slot after the last one done. */
  fillJson(from: number, count: number): number {
    const end = Math.min(this.slots.length, from + count);
    for (let i = from; i < end; i++) if (this.slots[i] !== undefined && !this.json.has(i)) this.json.put(i, this.hitHead(i));
    return end;
  }

  /** A slot's hit as JSON up to its match: `{"id":…,…,"method":…`. */
  private hitHead(i: number, tgt?: string): string {
    const whole = JSON.stringify(this.hit(this.slots[i]!, 'exact', 0, tgt));
    // match and similarity are the hit's last two fields.
    return whole.slice(0, whole.lastIndexOf(',"match":'));
  }

  /** The slots a look-up answers, best first, with how each matched and how close it is. */
  private match(query: string, options: LookupOptions): Matches {
    const found: Matches = { slots: [], kinds: [], similarity: [] };
    const q = query.trim();
    const limit = options.limit ?? 10;
    if (q.length === 0) return found;
    const lang = options.lang ? primaryLanguage(options.lang) : undefined;
    const accept = (i: number): boolean => {
      const t = this.slots[i];
      return t !== undefined && (!lang || primary(t.lang) === lang);
    };
    const seen = new Set<number>();
    const add = (ids: readonly number[], match: MatchKind, similarity: (i: number) => number): void => {
      if (ids.length === 0) return;
      const sorted = ids.length === 1 ? (accept(ids[0]!) ? ids : []) : ids.filter(accept).sort((a, b) => this.rank(a) - this.rank(b));
      for (const i of sorted) {
        const t = this.slots[i]!;
        if (seen.has(t.conceptId)) continue;
        seen.add(t.conceptId);
        found.slots.push(i);
        found.kinds.push(match);
        found.similarity.push(similarity(i));
      }
    };
    add(this.exact.get(q), 'exact', () => 100);
    const fq = fold(q);
    add(this.folded.get(fq), 'folded', () => 100);
    const py = this.readTerms > 0 ? parsePinyinQuery(q) : undefined;
    const before = found.slots.length;
    if (py) {
      // Without tones or breaks, every slot the letters name agrees: no reading to check.
      const agrees = (i: number): boolean => isBare(py) || this.readingsOfTerm(this.slots[i]!).some((r) => readingAgrees(r, py));
      add(this.pinyin.get(py.letters).filter((i) => accept(i) && agrees(i)), 'pinyin', () => 100);
      if (isBare(py)) add(this.initials.get(py.letters), 'initials', () => 100);
    }
    // Pinyin read as text is close only to other pinyin: no fuzzy neighbours under a pinyin hit.
    if (found.slots.length < limit && found.slots.length === before) {
      // With an exact or folded hit, the fuzzy ones are neighbours shown below it: fewer
      // candidates do, and cost less.
      const filter = lang ? accept : undefined;
      const fuzzy = found.slots.length === 0 ? this.fuzzy(fq, filter, MAX_CANDIDATES, MAX_POSTINGS) : filter ? this.fuzzy(fq, filter, NEIGHBOUR_CANDIDATES, NEIGHBOUR_POSTINGS) : this.neighboursOf(fq);
      const ids: number[] = [];
      const sims: number[] = [];
      for (const f of fuzzy) {
        ids.push(f.index);
        sims.push(f.similarity);
      }
      add(ids, 'fuzzy', (i) => sims[ids.lastIndexOf(i)] ?? 0);
    }
    if (found.slots.length > limit) {
      found.slots.length = limit;
      found.kinds.length = limit;
      found.similarity.length = limit;
    }
    return found;
  }

  /**
   * The fuzzy neighbours listed under an exact or folded hit of `fq` (no language filter): they
   * depend only on the index, so they are kept per query until the index changes.
   */
  private neighboursOf(fq: string): { index: number; similarity: number }[] {
    const kept = this.neighbours.get(fq);
    if (kept !== undefined) {
      const out: { index: number; similarity: number }[] = [];
      for (let k = 0; k < kept.length; k += 2) out.push({ index: kept[k]!, similarity: kept[k + 1]! });
      return out;
    }
    // Computed ahead for every term: the query is one of them, folded (any slot of that folded
    // text has the same list).
    if (this.ahead) {
      const same = this.folded.get(fq);
      if (same.length > 0) return neighboursFrom(this.ahead, same[0]!);
    }
    const found = this.fuzzy(fq, undefined, NEIGHBOUR_CANDIDATES, NEIGHBOUR_POSTINGS);
    // Slot and similarity side by side: an object per neighbour took three times the memory.
    const packed = new Int32Array(found.length * 2);
    found.forEach((f, k) => {
      packed[2 * k] = f.index;
      packed[2 * k + 1] = f.similarity;
    });
    // Oldest first out (a Map keeps insertion order).
    if (this.neighbours.size >= MAX_KEPT_NEIGHBOURS) this.neighbours.delete(this.neighbours.keys().next().value!);
    this.neighbours.set(fq, packed);
    return found;
  }

  /**
   * Terms whose folded form is close to `fq`, from a narrowed candidate set ranked by fuse.js's
   * score; `accept` filters live slots (a language), none takes every one.
   */
  private fuzzy(fq: string, accept: ((i: number) => boolean) | undefined, max: number, maxPostings: number): FuzzyFound[] {
    return this.grams.search(fq, accept, max, maxPostings);
  }

  /**
   * What computes the neighbours of every term for the index as it is now (computeNeighboursAhead),
   * and `changes` to install its table with. Its postings are compacted first: the index has
   * settled (TermLookup.computeAheadSoon).
   */
  neighbourBuilder(max = NEIGHBOUR_CANDIDATES, maxPostings = NEIGHBOUR_POSTINGS): { changes: number; builder: NeighbourBuilder } {
    this.grams.compact();
    // The first live slot of a folded text, from the index's own map (slots in ascending order).
    const firstOf = (s: number): number => this.folded.get(this.slots[s]!.folded)[0] ?? s;
    return { changes: this.changes, builder: new NeighbourBuilder(this.grams, max, maxPostings, firstOf) };
  }

  /** Changes of the terms so far (a neighbour table is for one of them). */
  get version(): number {
    return this.changes;
  }

  /** Use a neighbour table computed from neighbourJob() if the index has not changed since (true). */
  installNeighbours(changes: number, table: NeighbourTable): boolean {
    if (changes !== this.changes || table.at.length !== this.slots.length) return false;
    this.ahead = table;
    return true;
  }

  /** Whether look-ups read the neighbours of exact and folded hits from a table computed ahead. */
  get neighboursAhead(): boolean {
    return this.ahead !== undefined;
  }

  /** Glossary terms found in a text (longest first, not overlapping), each with its concept. */
  findInText(text: string, lang?: string): TermRow[] {
    const units = toUnits(text).units;
    const want = lang ? primaryLanguage(lang) : undefined;
    const found: TermRow[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < units.length; ) {
      let matched = 0;
      for (let n = Math.min(this.longestFrom.get(units[i]!) ?? 0, units.length - i); n >= 1 && matched === 0; n--) {
        const ids = this.byUnits.get(units.slice(i, i + n).join(' '));
        if (ids.length === 0) continue;
        for (const id of ids) {
          const t = this.slots[id]!;
          if (want && primary(t.lang) !== want) continue;
          if (t.status === 'forbidden' && ids.length > 1) continue;
          matched = n;
          if (!seen.has(t.conceptId)) {
            seen.add(t.conceptId);
            found.push(t);
          }
        }
      }
      i += matched || 1;
    }
    return found;
  }

  /** The other-language terms of a concept. */
  targetsOf(t: TermRow, tgt?: string): TermRow[] {
    const want = tgt ? primaryLanguage(tgt) : undefined;
    const own = primary(t.lang);
    const out: TermRow[] = [];
    for (const i of this.byConcept.get(t.conceptId)) {
      const x = this.slots[i]!;
      const p = primary(x.lang);
      if (p !== own && (!want || p === want)) out.push(x);
    }
    return out.length > 1 ? out.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]) : out;
  }

  private hit(t: TermRow, match: MatchKind, similarity: number, tgt?: string): TermHit {
    const targets = this.targetsOf(t, tgt);
    const best = targets[0];
    return {
      id: t.conceptId,
      termId: t.termId,
      source: t.text,
      srcLang: t.lang,
      target: best?.text ?? null,
      tgtLang: best?.lang ?? null,
      targets: targets.map((x) => ({ text: x.text, lang: x.lang, status: x.status })),
      status: t.status,
      score: t.score,
      method: t.method,
      match,
      similarity,
    };
  }

  /** Order within one kind of match: approved before candidate before forbidden, then concept score. */
  private rank(i: number): number {
    const t = this.slots[i]!;
    return STATUS_RANK[t.status] * 1e6 - (t.score ?? 0);
  }
}

const BODY_START = Buffer.from('{"terms":[', 'latin1');
const MATCH_KINDS: readonly MatchKind[] = ['exact', 'folded', 'pinyin', 'initials', 'fuzzy'];
/** The ends of hits' JSON after hitHead, `,"match":"exact","similarity":100}`, per kind and similarity 0–100. */
const TAILS = MATCH_KINDS.map((kind) => Array.from({ length: 101 }, (_, sim) => Buffer.from(`,"match":"${kind}","similarity":${sim}}`, 'latin1')));

function hitTail(match: MatchKind, similarity: number): Buffer {
  return TAILS[MATCH_KINDS.indexOf(match)]?.[similarity] ?? Buffer.from(`,"match":"${match}","similarity":${similarity}}`, 'latin1');
}

/**
 * JSON texts per slot in UTF-8, end to end in one buffer (a Buffer per slot costs more than its
 * text): a slot's offset and length, -1 for none. A dropped text leaves a hole, and the buffer is
 * compacted when the holes are over half of it.
 */
class HitJson {
  private bytes = Buffer.allocUnsafeSlow(1 << 16);
  private used = 0;
  private holes = 0;
  private start = new Int32Array(1024).fill(-1);
  private length = new Int32Array(1024);

  has(slot: number): boolean {
    return slot < this.start.length && this.start[slot]! >= 0;
  }

  byteLength(slot: number): number {
    return this.length[slot]!;
  }

  /** Copy a slot's text into `out` at `at`; where it ends. */
  copy(slot: number, out: Buffer, at: number): number {
    const length = this.length[slot]!;
    // A view and TypedArray#set: Buffer#copy checks its arguments and makes the same view.
    out.set(new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.start[slot]!, length), at);
    return at + length;
  }

  put(slot: number, text: string): void {
    if (slot >= this.start.length) {
      let size = this.start.length;
      while (size <= slot) size *= 2;
      const start = new Int32Array(size).fill(-1);
      start.set(this.start);
      this.start = start;
      const length = new Int32Array(size);
      length.set(this.length);
      this.length = length;
    }
    this.drop(slot);
    const need = Buffer.byteLength(text, 'utf8');
    if (this.used + need > this.bytes.length) this.makeRoom(need);
    this.start[slot] = this.used;
    this.length[slot] = this.bytes.write(text, this.used, 'utf8');
    this.used += this.length[slot]!;
  }

  drop(slot: number): void {
    if (!this.has(slot)) return;
    this.holes += this.length[slot]!;
    this.start[slot] = -1;
  }

  /** Room for `need` more bytes: the texts kept, moved to a buffer without holes and a quarter larger than they need. */
  private makeRoom(need: number): void {
    const live = this.used - this.holes;
    // A quarter more than the texts need: every term's text is written once the index settles
    // (fillJson), and doubling left up to half of a large buffer unused.
    const size = Math.max(this.bytes.length, Math.ceil(1.25 * (live + need)) + (1 << 16));
    // Always a new buffer: with no holes, `used + need` is over the old size, so `size` is too.
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let slot = 0; slot < this.start.length; slot++) {
      const from = this.start[slot]!;
      if (from < 0) continue;
      this.bytes.copy(bytes, at, from, from + this.length[slot]!);
      this.start[slot] = at;
      at += this.length[slot]!;
    }
    this.bytes = bytes;
    this.used = at;
    this.holes = 0;
  }
}

/**
 * Keys to slots, a lone slot kept as a number: most keys (a term's text, its folded form) name one
 * term, and an array for each was most of the index's garbage.
 */
class SlotMap<K> {
  private readonly map = new Map<K, number | number[]>();

  add(key: K, slot: number): void {
    const v = this.map.get(key);
    if (v === undefined) this.map.set(key, slot);
    else if (typeof v === 'number') this.map.set(key, [v, slot]);
    else v.push(slot);
  }

  remove(key: K, slot: number): void {
    const v = this.map.get(key);
    if (v === undefined) return;
    if (typeof v === 'number') {
      if (v === slot) this.map.delete(key);
      return;
    }
    const k = v.indexOf(slot);
    if (k >= 0) v.splice(k, 1);
    if (v.length === 1) this.map.set(key, v[0]!);
    else if (v.length === 0) this.map.delete(key);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get(key: K): readonly number[] {
    const v = this.map.get(key);
    return v === undefined ? [] : typeof v === 'number' ? [v] : v;
  }
}



export interface TermLookupOptions {
  /** Terms read, or changes applied, per read of the database (a slice). */
  sliceSize?: number;
  /**
   * Work on the index a turn of the event loop holds at most, in milliseconds (default 8): a
   * slice is applied in pieces of 50 terms, the event loop turning whenever this much has passed.
   */
  turnMs?: number;
  /**
   * Work no larger than this (terms to load, changes to apply) is done before the look-up that
   * found it answers; larger work goes on in slices while look-ups answer from what is ready.
   */
  syncLimit?: number;
  /** Read pinyin from CC-CEDICT (default true). */
  pinyin?: boolean;
  /**
   * Compute the neighbours of every term ahead (in turns of the event loop) once the index holds at
   * least this many terms and has not changed for `aheadDelayMs` (default 5000 terms, 1000 ms;
   * Infinity: never).
   */
  aheadMinTerms?: number;
  aheadDelayMs?: number;
  /** What computes the table (default computeNeighboursAhead); tests give their own. */
  computeAhead?: (index: TermIndex) => Promise<boolean>;
  /**
   * Write every term's hit JSON once the neighbours are in (default false: a term's JSON is
   * written by its first look-up, so that the glossary's terms nobody asks for hold no memory).
   */
  jsonAhead?: boolean;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The longest turn of the neighbours' computation (computeNeighboursAhead): a look-up that comes
 * meanwhile waits for the turn to end (8 ms turns made a look-up wait 9 ms at the median).
 */
const NEIGHBOUR_TURN_MS = 1;

/** How often a paused computation of the neighbours looks whether it may go on. */
const PAUSE_MS = 50;

/**
 * The neighbours of every term of `index` as it is now, computed on this thread in turns of the
 * event loop of at most `turnMs` each (a look-up waits at most one turn), waiting while
 * `paused()` (a write of this process under way); false, and nothing installed, if the index
 * changed meanwhile or `current()` turns false.
 */
export async function computeNeighboursAhead(index: TermIndex, turnMs = NEIGHBOUR_TURN_MS, current: () => boolean = () => true, paused: () => boolean = () => false): Promise<boolean> {
  const { changes, builder } = index.neighbourBuilder();
  while (!builder.step(performance.now() + turnMs)) {
    await yieldToLoop();
    // A write under way (an import) comes first, and may well change the index.
    while (paused() && index.version === changes && current()) await new Promise((r) => setTimeout(r, PAUSE_MS));
    if (index.version !== changes || !current()) return false;
  }
  return index.installNeighbours(changes, builder.table());
}

/**
 * The index of one database, kept fresh without rebuilding it: the term change log (migration
 * 005, filled by triggers) says which concepts changed since the index last looked, and only
 * those are read again and replaced in the index. This process's writes are looked for before the
 * next look-up answers (db.onChange), other processes' at most `recheckMs` later.
 *
 * The first load and any large batch of changes (an import) are read in slices of `sliceSize`,
 * with a turn of the event loop between two slices, so a build never holds the server for long:
 * look-ups meanwhile answer from what is in the index so far. A reader that fell behind the
 * pruned part of the log, or whose index holds many removed slots, builds a new index the same
 * way and answers from the old one until it is done.
 */
export class TermLookup {
  private index: TermIndex;
  /** The last change of the log the index holds. */
  private seq = 0;
  private loaded = false;
  /** The load or catch-up under way, and whether look-ups wait for it (small work does). */
  private work: Promise<void> | undefined;
  private waitForWork = false;
  /** Something was written since the last check: read the log before the next answer. */
  private suspect = true;
  private checkedAt = 0;
  private readonly sliceSize: number;
  private readonly turnMs: number;
  private turnStart = 0;
  private readonly syncLimit: number;
  private readonly withPinyin: boolean;
  private readings: ((simplified: string) => string[]) | undefined;
  private readonly aheadMinTerms: number;
  private readonly aheadDelayMs: number;
  private readonly computeAhead: (index: TermIndex) => Promise<boolean>;
  private readonly jsonAhead: boolean;
  /** The neighbours' computation at work, or the timer that will start it. */
  private ahead: Promise<void> | undefined;
  private aheadTimer: NodeJS.Timeout | undefined;
  /** Stopped (close): no computation ahead starts, and one under way ends at its next turn. */
  private closed = false;
  /** The index and version the computation last failed for: not tried again until it changes. */
  private aheadFailed: { index: TermIndex; version: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 2000,
    options: TermLookupOptions = {},
  ) {
    this.sliceSize = options.sliceSize ?? 500;
    this.turnMs = options.turnMs ?? 8;
    this.syncLimit = options.syncLimit ?? 5000;
    this.withPinyin = options.pinyin ?? true;
    this.aheadMinTerms = options.aheadMinTerms ?? 5000;
    this.aheadDelayMs = options.aheadDelayMs ?? 1000;
    this.computeAhead = options.computeAhead ?? ((index) => computeNeighboursAhead(index, NEIGHBOUR_TURN_MS, () => this.index === index && !this.closed, () => db.writing()));
    this.jsonAhead = options.jsonAhead ?? false;
    this.index = new TermIndex();
    db.onChange(() => {
      this.suspect = true;
    });
  }

  /**
   * The index, brought up to date first when that is small work; while large work goes on in
   * slices, the index as it is now.
   */
  async current(): Promise<TermIndex> {
    if (this.work) {
      if (this.waitForWork) await this.work;
      return this.index;
    }
    if (this.loaded && !this.suspect && Date.now() - this.checkedAt <= this.recheckMs) return this.index;
    this.suspect = false;
    this.checkedAt = Date.now();
    const log = await termChangeBounds(this.db);
    if (this.loaded && log.last === this.seq) return this.index;
    if (this.withPinyin && !this.readings) {
      const dict = await loadCedict();
      this.readings = (simplified) => termReadings(dict, simplified);
    }
    if (this.work) return this.current();
    let pending: number;
    let run: () => Promise<void>;
    if (!this.loaded || log.first > this.seq + 1) {
      pending = await termCount(this.db);
      run = () => this.load(!this.loaded);
    } else {
      pending = log.last - this.seq;
      run = () => this.catchUp();
    }
    this.waitForWork = pending <= this.syncLimit;
    this.work = run().finally(() => {
      this.work = undefined;
      // Not only at the next look-up: a server that went quiet after an import computes them now.
      this.computeAheadSoon();
    });
    if (this.waitForWork) await this.work;
    else this.work.catch(() => undefined);
    return this.index;
  }

  /**
   * Once the index is complete and has not changed for a while, compute the neighbours of every
   * term in turns of the event loop (a first exact look-up then costs a table read instead of a
   * search of the gram postings); a change drops them, and the next look-ups start this again.
   */
  private computeAheadSoon(): void {
    if (this.closed || this.ahead || this.aheadTimer || this.work || this.index.neighboursAhead || this.index.size < this.aheadMinTerms) return;
    if (this.aheadFailed?.index === this.index && this.aheadFailed.version === this.index.version) return;
    this.aheadTimer = setTimeout(() => {
      this.aheadTimer = undefined;
      if (this.work || this.index.neighboursAhead || this.suspect) return;
      const index = this.index;
      const version = index.version;
      this.ahead = this.computeAhead(index)
        .then(
          () => (this.jsonAhead ? this.fillJsonAhead(index) : undefined),
          (e: unknown) => {
            // Not tried again for this index as it is (what failed once would again).
            this.aheadFailed = { index, version };
            console.error(`glossa: the neighbours of the terms could not be computed ahead (look-ups search them instead): ${(e as Error).message}`);
          },
        )
        .finally(() => {
          this.ahead = undefined;
        });
    }, this.aheadDelayMs);
    this.aheadTimer.unref();
  }

  /**
   * Once the neighbours are computed, write every term's hit JSON (TermIndex.fillJson) in turns of
   * the event loop, so that a term's first look-up finds it written; a change of the index stops it.
   */
  private fillJsonAhead(index: TermIndex): Promise<void> {
    const version = index.version;
    return new Promise((resolve) => {
      let slot = 0;
      const turn = (): void => {
        if (this.closed || this.index !== index || index.version !== version || this.work) return resolve();
        const start = performance.now();
        while (slot < index.slotCount && performance.now() - start < this.turnMs) slot = index.fillJson(slot, 100);
        if (slot < index.slotCount) setImmediate(turn);
        else resolve();
      };
      setImmediate(turn);
    });
  }

  /**
   * Stop the work done ahead (a server stopping): the computation of the neighbours ends at its
   * next turn of the event loop, which it would otherwise hold for up to 20 s. Look-ups still answer.
   */
  close(): void {
    this.closed = true;
    if (this.aheadTimer) clearTimeout(this.aheadTimer);
    this.aheadTimer = undefined;
  }

  /** Wait for the neighbours' computation started by a look-up, if any (benchmarks, tests); whether the index has the table. */
  async neighboursReady(): Promise<boolean> {
    this.computeAheadSoon();
    if (this.aheadTimer) await new Promise((r) => setTimeout(r, this.aheadDelayMs + 10));
    await this.ahead;
    return this.index.neighboursAhead;
  }

  /** The index once every change logged so far is in it (the CLI: one look-up, nobody waiting behind it). */
  async complete(): Promise<TermIndex> {
    await this.current();
    while (this.work) await this.work;
    return this.index;
  }

  async lookup(query: string, options?: LookupOptions): Promise<TermHit[]> {
    const index = await this.current();
    this.computeAheadSoon();
    return index.lookup(query, options);
  }

  /** `JSON.stringify({ terms: await this.lookup(query, options) })` in UTF-8 (TermIndex.lookupBody). */
  async lookupBody(query: string, options?: LookupOptions): Promise<Buffer> {
    const index = await this.current();
    this.computeAheadSoon();
    return index.lookupBody(query, options);
  }

  /**
   * lookupBody without waiting, when `current()` would answer at once (the index needs no read
   * of the change log first and no small work is under way); undefined otherwise: ask lookupBody.
   */
  lookupBodyNow(query: string, options?: LookupOptions): Buffer | undefined {
    if (this.work ? this.waitForWork : !this.loaded || this.suspect || Date.now() - this.checkedAt > this.recheckMs) return undefined;
    this.computeAheadSoon();
    return this.index.lookupBody(query, options);
  }

  /**
   * Read every term, a slice at a time: into the index look-ups use (the first load: they answer
   * from the part read so far) or into a new one that replaces it when complete (a rebuild).
   */
  private async load(inPlace: boolean): Promise<void> {
    // (The first load fills the empty index look-ups already use, made anew with the readings.)
    if (inPlace) this.index = new TermIndex([], this.indexOptions());
    const target = inPlace ? this.index : new TermIndex([], this.indexOptions());
    // Changes logged from here on are applied after the load (replacing a concept is idempotent).
    const { last } = await termChangeBounds(this.db);
    let after = 0;
    this.turnStart = performance.now();
    for (;;) {
      const rows = await termRowsAfter(this.db, after, this.sliceSize);
      if (rows.length === 0) break;
      await this.applyInTurns(target, rows);
      after = rows[rows.length - 1]!.termId;
      if (rows.length < this.sliceSize) break;
      await this.nextTurn(true);
    }
    this.index = target;
    this.seq = last;
    this.loaded = true;
    await this.catchUp();
  }

  /** Apply the logged changes after the index's, a slice at a time. */
  private async catchUp(): Promise<void> {
    this.turnStart = performance.now();
    for (;;) {
      // A change is a concept, most often of two terms: half as many changes as terms a slice.
      const want = Math.max(1, this.sliceSize >> 1);
      const changes = await termChangesAfter(this.db, this.seq, want);
      if (changes.length === 0) break;
      const concepts = [...new Set(changes.map((c) => c.conceptId))];
      await this.applyInTurns(this.index, await termRowsOfConcepts(this.db, concepts), concepts);
      this.seq = changes[changes.length - 1]!.seq;
      if (changes.length < want) break;
      await this.nextTurn(true);
    }
    // Removed slots stay in the gram postings; when they outnumber the terms, start afresh.
    if (this.index.removed > Math.max(REBUILD_MIN_REMOVED, this.index.size)) await this.load(false);
  }

  /**
   * Add rows to an index (or, given `concepts`, replace what it holds of them by the rows) in
   * pieces of PIECE_TERMS terms, a concept's terms in one piece, the event loop turning whenever
   * the thread has worked `turnMs` since the last turn: a slice of 500 terms costs 10–40 ms (a
   * term's grams, units, pinyin readings), too long to hold look-ups behind on a loaded machine.
   */
  private async applyInTurns(target: TermIndex, rows: readonly TermRow[], concepts?: readonly number[]): Promise<void> {
    if (!concepts) {
      for (let k = 0; k < rows.length; k += PIECE_TERMS) {
        if (k > 0) await this.nextTurn(false);
        target.add(rows.slice(k, k + PIECE_TERMS));
      }
      return;
    }
    // Rows by concept, in the order of their first row; concepts without rows (deleted) last.
    const byConcept = new Map<number, TermRow[]>();
    for (const r of rows) {
      const own = byConcept.get(r.conceptId);
      if (own) own.push(r);
      else byConcept.set(r.conceptId, [r]);
    }
    for (const c of concepts) if (!byConcept.has(c)) byConcept.set(c, []);
    let ids: number[] = [];
    let piece: TermRow[] = [];
    for (const [id, own] of byConcept) {
      ids.push(id);
      for (const r of own) piece.push(r);
      if (piece.length >= PIECE_TERMS) {
        target.replaceConcepts(ids, piece);
        ids = [];
        piece = [];
        await this.nextTurn(false);
      }
    }
    if (ids.length > 0) target.replaceConcepts(ids, piece);
  }

  /** A turn of the event loop if the thread has worked `turnMs` since the last one (always: `force`). */
  private async nextTurn(force: boolean): Promise<void> {
    if (!force && performance.now() - this.turnStart < this.turnMs) return;
    await yieldToLoop();
    this.turnStart = performance.now();
  }

  private indexOptions(): TermIndexOptions {
    return this.readings ? { readings: this.readings } : {};
  }
}

/** Terms added to the index between two looks at the clock (applyInTurns). */
const PIECE_TERMS = 50;

/** Removed slots an index keeps before it is rebuilt (and at least as many as it has terms). */
const REBUILD_MIN_REMOVED = 50_000;
