/**
 * The messages between a bulk import's main thread (src/store/bulk.ts) and its worker
 * (src/store/bulk-worker.ts): each request names its type, and its reply's result has the type
 * the request map gives it. Both sides import these types, so a change to one side that the
 * other does not follow fails the typecheck.
 */
import type { InValue } from '@libsql/client';

/** What the worker is started with. */
export interface BulkWorkerData {
  /** The database file. */
  path: string;
  /** When the dedup index is dropped and rebuilt at the end (BulkMeta.lateIndex, src/store/bulk.ts). */
  lateIndex: { maxExisting?: number; maxUnits?: number } | undefined;
  /** The thread's own nice value, for a server's import (BulkMeta.background, src/store/bulk.ts). */
  nice: number | undefined;
}

/** Each request's payload and its reply's result, by request type. */
export interface BulkCalls {
  /** Open the write transaction (ids of new units follow the TM's largest one). */
  begin: { payload: Record<string, never>; result: null };
  /**
   * Units as one flat list, BULK_ROW_WIDTH values each in the order of BULK_ROW_COLUMNS
   * (src/store/schema.ts), the id first: a slot the worker fills (consecutive ids, in the order
   * sent). The worker stores them and adds the new ones to the TM index postings it gathers.
   */
  rows: { payload: { rows: InValue[] }; result: null };
  /** Write the last postings, record the ingest, advance the index state, commit. */
  commit: { payload: { file: string; format: string; at: string }; result: { added: number; duplicates: number } };
  /** Roll back what is open. */
  rollback: { payload: Record<string, never>; result: null };
  /** After the reply: checkpoint the WAL, close the connection and end the thread. */
  finish: { payload: Record<string, never>; result: null };
}

export type BulkCallType = keyof BulkCalls;

/** A request to the worker: a discriminated union on `type`. */
export type BulkRequest = { [K in BulkCallType]: { seq: number; type: K; payload: BulkCalls[K]['payload'] } }[BulkCallType];

/** The worker's answer to request `seq`. */
export type BulkReply =
  | { seq: number; ok: true; result: BulkCalls[BulkCallType]['result'] }
  | { seq: number; ok: false; error: { message: string; code: string | null } };
