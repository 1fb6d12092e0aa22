/**
 * The glossary as the review pages list it: every concept's sortable fields and every term's
 * text, read in two statements (through the native reader when the database is a local file,
 * whose raw rows cost a fraction of the client's row objects).
 */
import type { Db } from './db.js';
import type { TermStatus } from '../model.js';

export interface ConceptSummary {
  id: number;
  method: string | null;
  score: number | null;
  frequency: number | null;
  /** How many units the extractor cited as evidence. */
  evidence: number;
}

export interface ConceptTerm {
  conceptId: number;
  lang: string;
  text: string;
  folded: string;
  status: TermStatus;
}

async function rows(db: Db, sql: string): Promise<unknown[][]> {
  if (db.read) return db.read(sql, []);
  const rs = await db.client.execute(sql);
  return rs.rows.map((r) => Array.from({ length: rs.columns.length }, (_, i) => r[i]));
}

/** Every concept (id order) and every term (id order). */
export async function readGlossary(db: Db): Promise<{ concepts: ConceptSummary[]; terms: ConceptTerm[] }> {
  const concepts = (await rows(db, 'SELECT id, method, score, frequency, coalesce(json_array_length(evidence), 0) FROM concept ORDER BY id')).map((r) => ({
    id: Number(r[0]),
    method: r[1] == null ? null : String(r[1]),
    score: r[2] == null ? null : Number(r[2]),
    frequency: r[3] == null ? null : Number(r[3]),
    evidence: Number(r[4]),
  }));
  const terms = (await rows(db, 'SELECT concept_id, lang, text, folded, status FROM term ORDER BY id')).map((r) => ({
    conceptId: Number(r[0]),
    lang: String(r[1]),
    text: String(r[2]),
    folded: String(r[3]),
    status: String(r[4]) as TermStatus,
  }));
  return { concepts, terms };
}

/** How many concepts and terms the glossary holds, and its terms by status. */
export async function glossaryCounts(db: Db): Promise<{ concepts: number; terms: number; byStatus: Record<TermStatus, number> }> {
  const byStatus: Record<TermStatus, number> = { approved: 0, candidate: 0, forbidden: 0 };
  let terms = 0;
  for (const [status, n] of await rows(db, 'SELECT status, count(*) FROM term GROUP BY status')) {
    byStatus[String(status) as TermStatus] = Number(n);
    terms += Number(n);
  }
  const [[concepts]] = (await rows(db, 'SELECT count(*) FROM concept')) as [[unknown]];
  return { concepts: Number(concepts), terms, byStatus };
}
