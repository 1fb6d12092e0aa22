/** Concept-oriented terms (as TBX): a concept holds terms per language, each with a status. */
import type { InArgs, InValue, Row, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import type { Term, TermEntry, TermStatus } from '../model.js';
import { fold } from '../text/fold.js';
import { NotFound } from '../errors.js';

async function insertTerm(tx: Transaction, conceptId: number, term: Term): Promise<number> {
  const rs = await tx.execute({
    sql: 'INSERT INTO term (concept_id, lang, text, folded, status, part_of_speech, note) VALUES (?,?,?,?,?,?,?) RETURNING id',
    args: [conceptId, term.lang, term.text, fold(term.text), term.status, term.partOfSpeech ?? null, term.note ?? null],
  });
  return Number(rs.rows[0]!.id);
}

/** Concepts (or terms) per multi-row INSERT: one statement per row cost most of a large glossary's import. */
const INSERT_BATCH = 100;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Add concept entries (inside a write transaction); returns their ids. The ids are given here,
 * after the largest one in the table (the transaction holds the write lock), so that many
 * concepts go in one statement; between two statements the event loop gets a turn, so a large
 * glossary's import does not hold up the requests served beside it.
 */
export async function insertEntries(tx: Transaction, entries: Iterable<TermEntry> | AsyncIterable<TermEntry>): Promise<number[]> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  const max = await tx.execute('SELECT coalesce(max(id), 0) AS m FROM concept');
  let next = Number(max.rows[0]!.m) + 1;
  let batch: TermEntry[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const conceptArgs: InValue[] = [];
    const termArgs: InValue[][] = [[]];
    for (const e of batch) {
      const id = next++;
      ids.push(id);
      conceptArgs.push(
        id, e.method ?? null, e.score ?? null, e.frequency ?? null, e.evidence ? JSON.stringify(e.evidence) : null,
        e.note ?? null, e.subject ?? null, e.origin ?? 'user', e.createdAt ?? now, e.changedAt ?? null,
      );
      for (const t of e.terms) {
        if (termArgs[termArgs.length - 1]!.length >= INSERT_BATCH * 7) termArgs.push([]);
        termArgs[termArgs.length - 1]!.push(id, t.lang, t.text, fold(t.text), t.status, t.partOfSpeech ?? null, t.note ?? null);
      }
    }
    await tx.execute({
      sql: `INSERT INTO concept (id, method, score, frequency, evidence, note, subject, origin, created_at, changed_at) VALUES ${rows(batch.length, 10)}`,
      args: conceptArgs,
    });
    for (const args of termArgs) {
      if (args.length === 0) continue;
      await tx.execute({ sql: `INSERT INTO term (concept_id, lang, text, folded, status, part_of_speech, note) VALUES ${rows(args.length / 7, 7)}`, args });
    }
    batch = [];
  };
  for await (const e of entries) {
    batch.push(e);
    if (batch.length >= INSERT_BATCH) {
      await flush();
      await yieldToLoop();
    }
  }
  await flush();
  return ids;
}

/** `(?,?,…),(?,?,…)…`: n rows of width placeholders. */
function rows(n: number, width: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(',')})`;
  return Array.from({ length: n }, () => one).join(',');
}

/** Concepts deleted per statement when an extraction replaces the previous one. */
const DELETE_SLICE = 500;
/** Entries folded between two turns of the event loop when an extraction is stored. */
const FOLD_SLICE = 1000;

/**
 * Replace the extractor's output: concepts it made earlier and nobody has touched since
 * (origin `extract`, every term still `candidate`) go; a reviewer's decisions stay, and a new
 * entry whose pair a kept concept already holds is not added again.
 */
export async function replaceExtracted(tx: Transaction, entries: readonly TermEntry[]): Promise<{ added: number; kept: number }> {
  // The earlier extraction's untouched concepts go, a slice at a time with a turn of the event
  // loop between two (one DELETE of thousands of concepts, their terms and change-log rows held
  // the serving thread).
  const doomed = (await tx.execute(`SELECT id FROM concept WHERE origin = 'extract' AND NOT EXISTS (SELECT 1 FROM term t WHERE t.concept_id = concept.id AND t.status <> 'candidate')`)).rows.map((r) => Number(r.id));
  for (let i = 0; i < doomed.length; i += DELETE_SLICE) {
    const chunk = doomed.slice(i, i + DELETE_SLICE);
    await tx.execute({ sql: `DELETE FROM concept WHERE id IN (${chunk.map(() => '?').join(',')})`, args: chunk });
    await yieldToLoop();
  }
  const key = (lang: string, folded: string): string => `${lang.toLowerCase()}\u0000${folded}`;
  // Folding is a few µs a term: thousands of entries are folded a slice at a time too.
  const wanted: { lang: string; folded: string }[][] = [];
  for (let i = 0; i < entries.length; i += FOLD_SLICE) {
    for (const e of entries.slice(i, i + FOLD_SLICE)) wanted.push(e.terms.map((t) => ({ lang: t.lang, folded: fold(t.text) })));
    if (i + FOLD_SLICE < entries.length) await yieldToLoop();
  }
  // The kept concepts that hold the first term of an entry, with all their terms: read through
  // the folded index a slice at a time (reading every term of a large glossary, and comparing
  // each entry with every kept concept, held the server for a minute beside a large glossary).
  const byConcept = new Map<number, Set<string>>();
  const firsts = [...new Set(wanted.flatMap((w) => (w[0] ? [w[0].folded] : [])))];
  for (let i = 0; i < firsts.length; i += 500) {
    const chunk = firsts.slice(i, i + 500);
    const rs = await tx.execute({
      sql: `SELECT concept_id, lang, folded FROM term WHERE concept_id IN (SELECT concept_id FROM term WHERE folded IN (${chunk.map(() => '?').join(',')}))`,
      args: chunk,
    });
    for (const r of rs.rows) {
      const id = Number(r.concept_id);
      let set = byConcept.get(id);
      if (!set) byConcept.set(id, (set = new Set()));
      set.add(key(String(r.lang), String(r.folded)));
    }
    await yieldToLoop();
  }
  const holders = new Map<string, number[]>();
  for (const [id, set] of byConcept) {
    for (const k of set) {
      const list = holders.get(k);
      if (!list) holders.set(k, [id]);
      else list.push(id);
    }
  }
  const kept = Number((await tx.execute('SELECT count(DISTINCT concept_id) AS n FROM term')).rows[0]!.n);
  const fresh = entries.filter((_, i) => {
    const keys = wanted[i]!.map((t) => key(t.lang, t.folded));
    if (keys.length === 0) return kept === 0;
    return !(holders.get(keys[0]!) ?? []).some((id) => keys.every((k) => byConcept.get(id)!.has(k)));
  });
  await insertEntries(tx, fresh.map((e) => ({ ...e, origin: 'extract' })));
  return { added: fresh.length, kept };
}

function rowToTerm(r: Row): Term {
  const t: Term = { id: Number(r.id), lang: String(r.lang), text: String(r.text), status: String(r.status) as TermStatus };
  if (r.part_of_speech != null) t.partOfSpeech = String(r.part_of_speech);
  if (r.note != null) t.note = String(r.note);
  return t;
}

function rowToEntry(r: Row, terms: Term[]): TermEntry {
  const e: TermEntry = { id: Number(r.id), terms, origin: String(r.origin), createdAt: String(r.created_at) };
  if (r.method != null) e.method = String(r.method);
  if (r.score != null) e.score = Number(r.score);
  if (r.frequency != null) e.frequency = Number(r.frequency);
  if (r.evidence != null) e.evidence = JSON.parse(String(r.evidence)) as number[];
  if (r.note != null) e.note = String(r.note);
  if (r.subject != null) e.subject = String(r.subject);
  if (r.changed_at != null) e.changedAt = String(r.changed_at);
  return e;
}

async function entriesWhere(db: Db, where: string, args: InValue[]): Promise<TermEntry[]> {
  const concepts = await db.client.execute({ sql: `SELECT * FROM concept WHERE ${where} ORDER BY score DESC NULLS LAST, id`, args: args as InArgs });
  if (concepts.rows.length === 0) return [];
  const ids = concepts.rows.map((r) => Number(r.id));
  const terms = new Map<number, Term[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rs = await db.client.execute({ sql: `SELECT * FROM term WHERE concept_id IN (${chunk.map(() => '?').join(',')}) ORDER BY id`, args: chunk });
    for (const r of rs.rows) {
      const cid = Number(r.concept_id);
      if (!terms.has(cid)) terms.set(cid, []);
      terms.get(cid)!.push(rowToTerm(r));
    }
  }
  return concepts.rows.map((r) => rowToEntry(r, terms.get(Number(r.id)) ?? []));
}

/** Every concept entry, best score first. */
export function listEntries(db: Db): Promise<TermEntry[]> {
  return entriesWhere(db, '1', []);
}

export async function getEntry(db: Db, id: number): Promise<TermEntry> {
  const [e] = await entriesWhere(db, 'id = ?', [id]);
  if (!e) throw new NotFound(`no term entry with id ${id}`);
  return e;
}

export async function getEntries(db: Db, ids: readonly number[]): Promise<TermEntry[]> {
  if (ids.length === 0) return [];
  return entriesWhere(db, `id IN (${ids.map(() => '?').join(',')})`, [...ids]);
}

export async function deleteEntry(tx: Transaction, id: number): Promise<void> {
  const rs = await tx.execute({ sql: 'DELETE FROM concept WHERE id = ?', args: [id] });
  if (rs.rowsAffected === 0) throw new NotFound(`no term entry with id ${id}`);
}

/** Replace the terms and fields of a concept (a reviewer's edit: origin becomes `user`). */
export async function updateEntry(tx: Transaction, id: number, entry: Partial<TermEntry>): Promise<void> {
  const exists = await tx.execute({ sql: 'SELECT id FROM concept WHERE id = ?', args: [id] });
  if (exists.rows.length === 0) throw new NotFound(`no term entry with id ${id}`);
  const now = new Date().toISOString();
  await tx.execute({
    sql: `UPDATE concept SET note = coalesce(?, note), subject = coalesce(?, subject), origin = 'user', changed_at = ? WHERE id = ?`,
    args: [entry.note ?? null, entry.subject ?? null, now, id],
  });
  if (entry.terms) {
    await tx.execute({ sql: 'DELETE FROM term WHERE concept_id = ?', args: [id] });
    for (const t of entry.terms) await insertTerm(tx, id, t);
  }
}

export async function countEntries(db: Db): Promise<{ concepts: number; terms: number }> {
  const rs = await db.client.execute('SELECT (SELECT count(*) FROM concept) AS c, (SELECT count(*) FROM term) AS t');
  return { concepts: Number(rs.rows[0]!.c), terms: Number(rs.rows[0]!.t) };
}

/** One term with its concept's fields, as the look-up index needs it. */
export interface TermRow {
  termId: number;
  conceptId: number;
  lang: string;
  text: string;
  folded: string;
  status: TermStatus;
  score: number | null;
  method: string | null;
}

const TERM_ROW_SQL = 'SELECT t.id, t.concept_id, t.lang, t.text, t.folded, t.status, c.score, c.method FROM term t JOIN concept c ON c.id = t.concept_id';

/** Rows as arrays: through the native read connection of a local file, else the client. */
async function readRows(db: Db, sql: string, args: InValue[]): Promise<unknown[][]> {
  if (db.read) return db.read(sql, args);
  const rs = await db.client.execute({ sql, args: args as InArgs });
  return rs.rows.map((r) => rs.columns.map((_, i) => r[i]));
}

/**
 * One copy of each language tag, status and method: the reader makes a new string for every row,
 * and the index holds every term (a few dozen bytes a field a term, of few distinct values).
 */
const shared = new Map<string, string>();
function intern(value: unknown): string {
  const s = String(value);
  const known = shared.get(s);
  if (known !== undefined) return known;
  if (shared.size < 4096) shared.set(s, s);
  return s;
}

function toTermRow(r: unknown[]): TermRow {
  const text = String(r[3]);
  const folded = String(r[4]);
  return {
    termId: Number(r[0]),
    conceptId: Number(r[1]),
    lang: intern(r[2]),
    text,
    // One string when folding left the term as it was.
    folded: folded === text ? text : folded,
    status: intern(r[5]) as TermStatus,
    score: r[6] == null ? null : Number(r[6]),
    method: r[7] == null ? null : intern(r[7]),
  };
}

/** Every term with its concept's score and method (for the in-memory look-up index). */
export async function allTermRows(db: Db): Promise<TermRow[]> {
  return (await readRows(db, `${TERM_ROW_SQL} ORDER BY t.id`, [])).map(toTermRow);
}

/** Up to `limit` terms after term id `afterId`, in id order: the index is built page by page. */
export async function termRowsAfter(db: Db, afterId: number, limit: number): Promise<TermRow[]> {
  return (await readRows(db, `${TERM_ROW_SQL} WHERE t.id > ? ORDER BY t.id LIMIT ?`, [afterId, limit])).map(toTermRow);
}

/** The terms of some concepts (none for a concept that is gone). */
export async function termRowsOfConcepts(db: Db, conceptIds: readonly number[]): Promise<TermRow[]> {
  const out: TermRow[] = [];
  for (let i = 0; i < conceptIds.length; i += 500) {
    const chunk = conceptIds.slice(i, i + 500);
    const rows = await readRows(db, `${TERM_ROW_SQL} WHERE t.concept_id IN (${chunk.map(() => '?').join(',')}) ORDER BY t.id`, [...chunk]);
    for (const r of rows) out.push(toTermRow(r));
  }
  return out;
}

/**
 * The bounds of the term change log (migration 005): the first sequence number kept and the
 * last one written (0 and 0 when nothing was ever logged).
 */
export async function termChangeBounds(db: Db): Promise<{ first: number; last: number }> {
  const [r] = await readRows(db, "SELECT (SELECT min(seq) FROM term_change), (SELECT seq FROM sqlite_sequence WHERE name = 'term_change')", []);
  return { first: Number(r?.[0] ?? 0), last: Number(r?.[1] ?? 0) };
}

/** Up to `limit` logged changes after `afterSeq`: the sequence number and the concept that changed. */
export async function termChangesAfter(db: Db, afterSeq: number, limit: number): Promise<{ seq: number; conceptId: number }[]> {
  const rows = await readRows(db, 'SELECT seq, concept_id FROM term_change WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
  return rows.map((r) => ({ seq: Number(r[0]), conceptId: Number(r[1]) }));
}

/** How many terms the glossary holds. */
export async function termCount(db: Db): Promise<number> {
  const [r] = await readRows(db, 'SELECT count(*) FROM term', []);
  return Number(r?.[0] ?? 0);
}

/**
 * A fingerprint of the glossary that changes on every term or concept write (ids, the last
 * concept change, the number of concepts): a cached view compares it before it rebuilds.
 */
export async function termsFingerprint(db: Db): Promise<string> {
  const rs = await db.client.execute('SELECT (SELECT max(id) FROM term) AS t, (SELECT max(id) FROM concept) AS c, (SELECT max(changed_at) FROM concept) AS ch, (SELECT count(*) FROM concept) AS n');
  const r = rs.rows[0]!;
  return `${String(r.t)}/${String(r.c)}/${String(r.ch)}/${String(r.n)}`;
}
