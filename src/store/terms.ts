/** Concept-oriented terms (as TBX): a concept holds terms per language, each with a status. */
import type { InArgs, InValue, Row, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import type { Term, TermEntry, TermStatus } from '../model.js';
import { fold } from '../text/fold.js';
import { NotFound } from '../errors.js';

async function insertEntry(tx: Transaction, entry: TermEntry, now: string): Promise<number> {
  const rs = await tx.execute({
    sql: 'INSERT INTO concept (method, score, frequency, evidence, note, subject, origin, created_at, changed_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id',
    args: [
      entry.method ?? null, entry.score ?? null, entry.frequency ?? null,
      entry.evidence ? JSON.stringify(entry.evidence) : null, entry.note ?? null, entry.subject ?? null,
      entry.origin ?? 'user', entry.createdAt ?? now, entry.changedAt ?? null,
    ],
  });
  const conceptId = Number(rs.rows[0]!.id);
  for (const term of entry.terms) await insertTerm(tx, conceptId, term);
  return conceptId;
}

async function insertTerm(tx: Transaction, conceptId: number, term: Term): Promise<number> {
  const rs = await tx.execute({
    sql: 'INSERT INTO term (concept_id, lang, text, folded, status, part_of_speech, note) VALUES (?,?,?,?,?,?,?) RETURNING id',
    args: [conceptId, term.lang, term.text, fold(term.text), term.status, term.partOfSpeech ?? null, term.note ?? null],
  });
  return Number(rs.rows[0]!.id);
}

/** Add concept entries (inside a write transaction); returns their ids. */
export async function insertEntries(tx: Transaction, entries: Iterable<TermEntry>): Promise<number[]> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (const e of entries) ids.push(await insertEntry(tx, e, now));
  return ids;
}

/**
 * Replace the extractor's output: concepts it made earlier and nobody has touched since
 * (origin `extract`, every term still `candidate`) go; a reviewer's decisions stay, and a new
 * entry whose pair a kept concept already holds is not added again.
 */
export async function replaceExtracted(tx: Transaction, entries: readonly TermEntry[]): Promise<{ added: number; kept: number }> {
  await tx.execute(`DELETE FROM concept WHERE origin = 'extract' AND NOT EXISTS (SELECT 1 FROM term t WHERE t.concept_id = concept.id AND t.status <> 'candidate')`);
  const keptRows = await tx.execute('SELECT concept_id, lang, folded FROM term');
  const byConcept = new Map<number, Set<string>>();
  for (const r of keptRows.rows) {
    const id = Number(r.concept_id);
    if (!byConcept.has(id)) byConcept.set(id, new Set());
    byConcept.get(id)!.add(`${String(r.lang).toLowerCase()}\u0000${String(r.folded)}`);
  }
  const keptSets = [...byConcept.values()];
  const fresh = entries.filter((e) => !keptSets.some((set) => e.terms.every((t) => set.has(`${t.lang.toLowerCase()}\u0000${fold(t.text)}`))));
  await insertEntries(tx, fresh.map((e) => ({ ...e, origin: 'extract' })));
  return { added: fresh.length, kept: keptSets.length };
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

/** Every term with its concept's score and method (for the in-memory look-up index). */
export async function allTermRows(db: Db): Promise<TermRow[]> {
  const rs = await db.client.execute('SELECT t.id, t.concept_id, t.lang, t.text, t.folded, t.status, c.score, c.method FROM term t JOIN concept c ON c.id = t.concept_id ORDER BY t.id');
  return rs.rows.map((r) => ({
    termId: Number(r.id),
    conceptId: Number(r.concept_id),
    lang: String(r.lang),
    text: String(r.text),
    folded: String(r.folded),
    status: String(r.status) as TermStatus,
    score: r.score == null ? null : Number(r.score),
    method: r.method == null ? null : String(r.method),
  }));
}

/** A cheap fingerprint of the terms table: changes when another process adds, edits or removes terms. */
export async function termsFingerprint(db: Db): Promise<string> {
  const rs = await db.client.execute('SELECT (SELECT max(id) FROM term) AS t, (SELECT max(id) FROM concept) AS c, (SELECT max(changed_at) FROM concept) AS ch, (SELECT count(*) FROM concept) AS n');
  const r = rs.rows[0]!;
  return `${String(r.t)}/${String(r.c)}/${String(r.ch)}/${String(r.n)}`;
}
