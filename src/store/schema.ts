/**
 * The tu table's columns and the write statements that both import paths run: the client path
 * (src/store/tus.ts, src/store/tmindex.ts) and the bulk worker (src/store/bulk-worker.ts). One
 * definition, so a column added by a migration is added here once. No imports: the worker
 * thread loads this module on its own.
 */

/** The columns of tu a unit's values fill, in the order of appendRowValues (src/store/tus.ts). */
export const TU_COLUMNS = [
  'src_lang', 'tgt_lang', 'source', 'target', 'dedup', 'extra', 'external_id',
  'origin_file', 'origin_paragraph', 'origin_position', 'created_at', 'changed_at',
] as const;

/** The columns of a bulk import's rows: the id (given on the main thread), then TU_COLUMNS. */
export const BULK_ROW_COLUMNS = ['id', ...TU_COLUMNS] as const;
/** Values per unit in a bulk import's flat row list. */
export const BULK_ROW_WIDTH = BULK_ROW_COLUMNS.length;
/** Where a unit's dedup key is among its bulk row values. */
export const BULK_ROW_DEDUP = BULK_ROW_COLUMNS.indexOf('dedup');
/** Where a unit's source and target texts are among its bulk row values. */
export const BULK_ROW_SOURCE = BULK_ROW_COLUMNS.indexOf('source');
export const BULK_ROW_TARGET = BULK_ROW_COLUMNS.indexOf('target');
/** Where a unit's extra JSON is among its bulk row values. */
export const BULK_ROW_EXTRA = BULK_ROW_COLUMNS.indexOf('extra');

/**
 * INSERT INTO tu of `values` (the SQL after VALUES: one parenthesised group per row, in the
 * order of `columns`). Through the dedup index unless `plain` (a bulk import while the index is
 * dropped), duplicates skipped; `returning` appends a RETURNING clause.
 */
export function insertTuSql(columns: readonly string[], values: string, options: { plain?: boolean; returning?: string } = {}): string {
  const conflict = options.plain ? '' : ' ON CONFLICT (dedup) DO NOTHING';
  const returning = options.returning ? ` RETURNING ${options.returning}` : '';
  return `INSERT INTO tu (${columns.join(', ')}) VALUES ${values}${conflict}${returning}`;
}

/** INSERT of `rows` posting rows (token, df, docs) into the TM index. */
export function insertPostingsSql(rows: number): string {
  return `INSERT INTO tm_posting (token, df, docs) VALUES ${Array(rows).fill('(?,?,?)').join(',')}`;
}

/** Record an import: file, format, added, duplicates, at. */
export const INSERT_INGEST_SQL = 'INSERT INTO ingest (file, format, added, duplicates, at) VALUES (?, ?, ?, ?, ?)';
/** Units up to the given id are in the TM index. */
export const ADVANCE_INDEX_SQL = 'UPDATE tm_index_state SET indexed_upto = max(indexed_upto, ?) WHERE id = 1';
/** The dedup index's name (migration 004): a bulk import into a small TM drops and rebuilds it. */
export const DEDUP_INDEX = 'tu_dedup';
