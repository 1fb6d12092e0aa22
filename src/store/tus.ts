/** Translation units in libSQL: insert (deduplicated, in one transaction), read, page through. */
import { hash } from 'node:crypto';
import type { InArgs, InValue, Row, Transaction } from '@libsql/client';
import type { Db } from './db.js';
import type { LangTag, TranslationUnit } from '../model.js';
import { hasKeys, lowerLang } from '../model.js';
// The index builder (and its tokeniser's tables) loads when units are first inserted here: a
// bulk import builds its index on its database thread, and a CLI start need not load it.
import type { IndexableUnit } from './tmindex.js';
import { INSERT_INGEST_SQL, TU_COLUMNS, insertTuSql } from './schema.js';

export interface InsertResult {
  added: number;
  duplicates: number;
  /** Ids of the units added by this call, in input order. */
  ids: number[];
}

const ROWS_PER_STATEMENT = 200;
const DEDUP = TU_COLUMNS.indexOf('dedup');

/** The key that makes a unit a duplicate: languages and both sides' content, inline codes included. */
export function dedupKey(tu: TranslationUnit): string {
  return keyWith(tu, partsJson(tu.sourceParts), partsJson(tu.targetParts));
}

function partsJson(parts: TranslationUnit['sourceParts']): string | undefined {
  return parts ? JSON.stringify(parts) : undefined;
}

// The key and the extra JSON both hold a unit's inline codes as JSON: appendRowValues makes that
// JSON once for both (it was made twice, then a third time inside the extra object, a large
// share of the main thread's time on a file of inline codes).

function keyWith(tu: TranslationUnit, sourceParts: string | undefined, targetParts: string | undefined): string {
  // One-shot hash of the joined string: the same digest as a Hash object updated part by part,
  // without creating one per unit.
  const text = `${lowerLang(tu.srcLang)}\u0000${lowerLang(tu.tgtLang)}\u0000${sourceParts ?? tu.source}\u0000${targetParts ?? tu.target}`;
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/**
 * What of a unit does not fit the plain columns, as JSON (null when there is nothing): the JSON
 * of an object holding, in this order, the fields present of sourceParts, targetParts,
 * sourceMeta, targetMeta, variants, props, notes and attrs: written field by field so that the
 * parts' JSON made for the key is used as it is (the same text JSON.stringify gives the object).
 */
function extraWith(tu: TranslationUnit, sourceParts: string | undefined, targetParts: string | undefined): string | null {
  let out = '';
  const field = (name: string, json: string): void => {
    out += `${out === '' ? '{' : ','}"${name}":${json}`;
  };
  if (sourceParts !== undefined) field('sourceParts', sourceParts);
  if (targetParts !== undefined) field('targetParts', targetParts);
  if (tu.sourceMeta && hasKeys(tu.sourceMeta)) field('sourceMeta', JSON.stringify(tu.sourceMeta));
  if (tu.targetMeta && hasKeys(tu.targetMeta)) field('targetMeta', JSON.stringify(tu.targetMeta));
  if (tu.variants?.length) field('variants', JSON.stringify(tu.variants));
  if (tu.props?.length) field('props', JSON.stringify(tu.props));
  if (tu.notes?.length) field('notes', JSON.stringify(tu.notes));
  if (tu.attrs && hasKeys(tu.attrs)) field('attrs', JSON.stringify(tu.attrs));
  return out === '' ? null : `${out}}`;
}

/** The values of TU_COLUMNS (src/store/schema.ts) for one unit. */
export function rowValues(tu: TranslationUnit, now: string): InValue[] {
  const values: InValue[] = [];
  appendRowValues(values, tu, now);
  return values;
}

/** The values of TU_COLUMNS for one unit, appended to `out` (a bulk import's flat row list). */
export function appendRowValues(out: InValue[], tu: TranslationUnit, now: string): void {
  const sourceParts = partsJson(tu.sourceParts);
  const targetParts = partsJson(tu.targetParts);
  out.push(
    tu.srcLang, tu.tgtLang, tu.source, tu.target, keyWith(tu, sourceParts, targetParts), extraWith(tu, sourceParts, targetParts), tu.externalId ?? null,
    tu.origin?.file ?? null, tu.origin?.paragraph ?? null, tu.origin?.position ?? null,
    tu.createdAt ?? now, tu.changedAt ?? null,
  );
}

/**
 * Insert units inside an open write transaction, skipping duplicates (same languages and content),
 * and add the new ones to the TM search index (src/store/tmindex.ts) in the same transaction.
 * Multi-row VALUES statements: far fewer round trips than one statement per row (docs/decisions.md).
 */
export async function insertTUs(tx: Transaction, tus: Iterable<TranslationUnit> | AsyncIterable<TranslationUnit>): Promise<InsertResult> {
  const now = new Date().toISOString();
  const result: InsertResult = { added: 0, duplicates: 0, ids: [] };
  // A bigger page cache for this connection: random dedup keys otherwise thrash a 2 MB cache.
  await tx.execute('PRAGMA cache_size = -131072');
  const { PostingBuilder } = await import('./tmindex.js');
  const index = new PostingBuilder();
  let batch: TranslationUnit[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const placeholders = batch.map(() => `(${TU_COLUMNS.map(() => '?').join(',')})`).join(',');
    const args: InValue[] = [];
    const byKey = new Map<string, TranslationUnit>();
    for (const tu of batch) {
      const values = rowValues(tu, now);
      byKey.set(values[DEDUP] as string, tu);
      args.push(...values);
    }
    const rs = await tx.execute({
      sql: insertTuSql(TU_COLUMNS, placeholders, { returning: 'id, dedup' }),
      args,
    });
    const added: IndexableUnit[] = [];
    for (const r of rs.rows) {
      const id = Number(r.id);
      const tu = byKey.get(String(r.dedup))!;
      result.ids.push(id);
      added.push({ id, source: tu.source, target: tu.target });
    }
    index.add(added);
    // Postings are written once per token at the end; a very large import writes them in parts.
    if (index.postings > 5_000_000) await index.flush(tx);
    result.added += rs.rows.length;
    result.duplicates += batch.length - rs.rows.length;
    batch = [];
  };
  for await (const tu of tus) {
    batch.push(tu);
    if (batch.length >= ROWS_PER_STATEMENT) await flush();
  }
  await flush();
  await index.flush(tx);
  // RETURNING order is not promised; ids ascend in insertion order.
  result.ids.sort((a, b) => a - b);
  return result;
}

/** Convenience: insert units in one write transaction of their own. */
export function addTUs(db: Db, tus: Iterable<TranslationUnit> | AsyncIterable<TranslationUnit>): Promise<InsertResult> {
  return db.write((tx) => insertTUs(tx, tus));
}

export function rowToTU(r: Row): TranslationUnit {
  const tu: TranslationUnit = {
    id: Number(r.id),
    srcLang: String(r.src_lang),
    tgtLang: String(r.tgt_lang),
    source: String(r.source),
    target: String(r.target),
    createdAt: String(r.created_at),
  };
  if (r.changed_at != null) tu.changedAt = String(r.changed_at);
  if (r.external_id != null) tu.externalId = String(r.external_id);
  if (r.origin_file != null || r.origin_paragraph != null) {
    tu.origin = {};
    if (r.origin_file != null) tu.origin.file = String(r.origin_file);
    if (r.origin_paragraph != null) tu.origin.paragraph = Number(r.origin_paragraph);
    if (r.origin_position != null) tu.origin.position = Number(r.origin_position);
  }
  if (r.extra != null) Object.assign(tu, JSON.parse(String(r.extra)) as Partial<TranslationUnit>);
  return tu;
}

export interface TUFilter {
  srcLang?: LangTag;
  tgtLang?: LangTag;
}

function langClause(filter: TUFilter, args: InValue[]): string {
  const where: string[] = [];
  if (filter.srcLang) {
    where.push('(src_lang = ? COLLATE NOCASE OR src_lang LIKE ?)');
    args.push(filter.srcLang, `${filter.srcLang}-%`);
  }
  if (filter.tgtLang) {
    where.push('(tgt_lang = ? COLLATE NOCASE OR tgt_lang LIKE ?)');
    args.push(filter.tgtLang, `${filter.tgtLang}-%`);
  }
  return where.length ? where.join(' AND ') : '1';
}

/** Every unit in id order, read page by page so memory stays flat on a large TM. */
export async function* iterateTUs(db: Db, filter: TUFilter = {}, pageSize = 2000): AsyncGenerator<TranslationUnit> {
  let after = 0;
  for (;;) {
    const args: InValue[] = [];
    const where = langClause(filter, args);
    const rs = await db.client.execute({ sql: `SELECT * FROM tu WHERE id > ? AND ${where} ORDER BY id LIMIT ?`, args: [after, ...args, pageSize] as InArgs });
    if (rs.rows.length === 0) return;
    for (const r of rs.rows) yield rowToTU(r);
    after = Number(rs.rows[rs.rows.length - 1]!.id);
    if (rs.rows.length < pageSize) return;
  }
}

export async function getTUs(db: Db, ids: readonly number[]): Promise<TranslationUnit[]> {
  if (ids.length === 0) return [];
  const out: TranslationUnit[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rs = await db.client.execute({ sql: `SELECT * FROM tu WHERE id IN (${chunk.map(() => '?').join(',')}) ORDER BY id`, args: chunk as number[] });
    out.push(...rs.rows.map(rowToTU));
  }
  return out;
}

export async function countTUs(db: Db, filter: TUFilter = {}): Promise<number> {
  const args: InValue[] = [];
  const where = langClause(filter, args);
  const rs = await db.client.execute({ sql: `SELECT count(*) AS n FROM tu WHERE ${where}`, args });
  return Number(rs.rows[0]!.n);
}

/** Language pairs in the TM with their unit counts, most units first. */
export async function languagePairs(db: Db): Promise<{ srcLang: LangTag; tgtLang: LangTag; units: number }[]> {
  const rs = await db.client.execute('SELECT src_lang, tgt_lang, count(*) AS n FROM tu GROUP BY src_lang, tgt_lang ORDER BY n DESC');
  return rs.rows.map((r) => ({ srcLang: String(r.src_lang), tgtLang: String(r.tgt_lang), units: Number(r.n) }));
}

export async function recordIngest(tx: Transaction, file: string, format: string, added: number, duplicates: number): Promise<void> {
  await tx.execute({ sql: INSERT_INGEST_SQL, args: [file, format, added, duplicates, new Date().toISOString()] });
}
