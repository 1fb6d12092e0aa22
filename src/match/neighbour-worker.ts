/**
 * A thread that computes the fuzzy neighbours of every term of the term index ahead
 * (src/match/terms.ts, TermLookup), so that an exact or folded look-up reads them from a table
 * instead of searching the gram postings on the serving thread. It rebuilds the postings from the
 * folded texts in slot order, removed slots included (they count in a gram's size, which decides
 * how many postings a search reads), so the table holds what the serving thread's own search
 * would answer. Runs at nice 10 on Linux, as an import's threads do: a look-up never waits for it.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { GramIndex, neighbourTable } from './grams.js';

export interface NeighbourWorkerData {
  /** Every slot's folded text, end to end. */
  folded: string;
  /** The length of each slot's text in `folded`. */
  lengths: Uint32Array;
  removed: Uint32Array;
  max: number;
  maxPostings: number;
  nice: number | undefined;
}

const data = workerData as NeighbourWorkerData;
if (data.nice !== undefined && process.platform === 'linux') {
  try {
    setPriority(data.nice);
  } catch {
    // left at the process's priority
  }
}
const total = data.lengths.reduce((a, b) => a + b, 0);
if (total !== data.folded.length) {
  parentPort!.postMessage({ error: `the folded terms came as ${data.folded.length} characters for ${total}` });
} else {
  const grams = new GramIndex();
  for (let s = 0, at = 0; s < data.lengths.length; at += data.lengths[s++]!) grams.add(data.folded.slice(at, at + data.lengths[s]!));
  for (const s of data.removed) grams.remove(s);
  const table = neighbourTable(grams, data.max, data.maxPostings);
  parentPort!.postMessage({ table }, [table.at.buffer as ArrayBuffer, table.count.buffer as ArrayBuffer, table.data.buffer as ArrayBuffer]);
}
