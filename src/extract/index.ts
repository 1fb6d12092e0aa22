/**
 * Term extraction entry points (issue #3 builds the pipeline behind them).
 */
import type { Db } from '../store/db.js';

export interface ExtractSummary {
  entries: number;
}

/** Extract term pairs from newly ingested units. */
export async function extractAfterIngest(_db: Db, _newUnitIds: readonly number[]): Promise<ExtractSummary> {
  // TODO(#3): the extractor replaces this.
  return { entries: 0 };
}

/** Re-run extraction over the whole TM. */
export async function extractAll(_db: Db): Promise<ExtractSummary> {
  // TODO(#3): the extractor replaces this.
  return { entries: 0 };
}
