/**
 * The messages between a bulk import's main thread (src/store/bulk.ts) and its worker
 * (src/store/bulk-worker.ts): each request names its type, and its reply's result has the type
 * the request map gives it. Both sides import these types and the packing of rows, so a change
 * to one side that the other does not follow fails the typecheck.
 */
import type { InValue } from '@libsql/client';

/** The database the worker opens, and how (its first request). */
export interface BulkWorkerData {
  /** The database file. */
  path: string;
  /** When the dedup index is dropped and rebuilt at the end (BulkMeta.lateIndex, src/store/bulk.ts). */
  lateIndex: { maxExisting?: number; maxUnits?: number } | undefined;
  /** The thread's own nice value, for a server's import (BulkMeta.background, src/store/bulk.ts). */
  nice: number | undefined;
  /**
   * The file is a new database no other connection writes, published whole after the import
   * (Db.bulkLoad, src/store/open-fresh.ts): written without a journal and without fsyncs.
   */
  bulkLoad?: boolean;
}

/** Each request's payload and its reply's result, by request type. */
export interface BulkCalls {
  /** Open the database (the thread may have been started before it was known). */
  open: { payload: BulkWorkerData; result: null };
  /** Open the write transaction (ids of new units follow the TM's largest one). */
  begin: { payload: Record<string, never>; result: null };
  /**
   * Units as one flat list (packRows), BULK_ROW_WIDTH values each in the order of
   * BULK_ROW_COLUMNS (src/store/schema.ts), the id first: a slot the worker fills (consecutive
   * ids, in the order sent). The worker stores them and adds the new ones to the TM index
   * postings it gathers.
   */
  rows: { payload: PackedRows; result: null };
  /** Write the last postings, record the ingest, advance the index state, commit. */
  commit: { payload: { file: string; format: string; at: string }; result: { added: number; duplicates: number } };
  /** Roll back what is open. */
  rollback: { payload: Record<string, never>; result: null };
  /** After the reply: checkpoint the WAL, close the connection and end the thread. */
  finish: { payload: Record<string, never>; result: null };
}

export type BulkCallType = keyof BulkCalls;

/**
 * A flat list of values (strings, numbers, nulls) as one string and two typed arrays, so that
 * a message is one string and two buffers handed over, not thousands of values cloned one by one
 * (the clone was a large share of the reading thread's time). `cells[i]` is the length of value
 * i when it is a string (the next that many characters of `text`), NULL_CELL for null, or
 * NUMBER_CELL for a number (the next of `nums`).
 */
export interface PackedRows {
  text: string;
  cells: Int32Array;
  nums: Float64Array;
}
const NULL_CELL = -1;
const NUMBER_CELL = -2;

/** Pack `values` (strings, numbers and nulls only). */
export function packRows(values: readonly InValue[]): PackedRows {
  const cells = new Int32Array(values.length);
  const strings: string[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      strings.push(v);
      cells[i] = v.length;
    } else if (typeof v === 'number') {
      cells[i] = NUMBER_CELL;
      numbers.push(v);
    } else if (v === null) cells[i] = NULL_CELL;
    else throw new TypeError(`a bulk row value of type ${typeof v} cannot be packed`);
  }
  // One flat string made at once (a chain of += would be flattened again when sent).
  return { text: strings.join(''), cells, nums: Float64Array.from(numbers) };
}

/** The values packRows packed (strings as slices of the one text). */
export function unpackRows({ text, cells, nums }: PackedRows): InValue[] {
  const values = new Array<InValue>(cells.length);
  let at = 0;
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c >= 0) {
      values[i] = text.slice(at, at + c);
      at += c;
    } else values[i] = c === NULL_CELL ? null : nums[n++]!;
  }
  return values;
}

/** A request to the worker: a discriminated union on `type`. */
export type BulkRequest = { [K in BulkCallType]: { seq: number; type: K; payload: BulkCalls[K]['payload'] } }[BulkCallType];

/** The worker's answer to request `seq`. */
export type BulkReply =
  | { seq: number; ok: true; result: BulkCalls[BulkCallType]['result'] }
  | { seq: number; ok: false; error: { message: string; code: string | null } };
