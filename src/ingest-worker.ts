/**
 * The import thread (src/ingest.ts readOffThread starts it): reads a file of units from the
 * chunks the serving thread forwards, and stores a large one through the bulk path
 * (src/store/bulk.ts: this thread parses, hashes and tokenises, the bulk path's own database
 * thread writes). The serving thread only passes bytes along and keeps answering requests.
 * A small file's units go back to the serving thread, which stores them in one transaction
 * of its client, as an import read there would.
 *
 * A glossary (TBX, or a CSV/TSV table whose rows are term entries and sentence pairs) is read
 * and stored here whole: the same ingest as on the serving thread, on a connection of this
 * thread's own, its one write transaction begun once the serving thread has given this
 * process's write turn. Parsing, folding and the inserts are most of such an import's time.
 */
import { parentPort as maybeParentPort, workerData as rawWorkerData } from 'node:worker_threads';
import { formatByName } from './formats/index.js';
import { formatPlace, type InputPlace } from './errors.js';
import { bulkInsertFile, lowerThreadPriority } from './store/bulk.js';
import { openDb, type Db } from './store/db.js';
import { concat, counted, ingest, readHead, readUnitsOf, threadError, type FromIngestWorker, type IngestWorkerData, type ToIngestWorker } from './ingest.js';

if (!maybeParentPort) throw new Error('ingest-worker runs on a worker thread (src/ingest.ts starts it)');
const port = maybeParentPort;
const data = rawWorkerData as IngestWorkerData;
// Requests first: this thread and its database thread take what the serving thread leaves.
lowerThreadPriority();

const queue: (Uint8Array | null)[] = [];
let aborted = false;
let wake: (() => void) | undefined;
let go: (() => void) | undefined;
port.on('message', (m: ToIngestWorker) => {
  if (m.type === 'chunk') queue.push(m.bytes);
  else if (m.type === 'end') queue.push(null);
  else if (m.type === 'abort') aborted = true;
  else if (m.type === 'go') go?.();
  wake?.();
});

/** The forwarded chunks as a byte source; each one taken is acknowledged (the sender's window). */
async function* bytes(): AsyncGenerator<Uint8Array> {
  for (;;) {
    while (queue.length === 0 && !aborted) await new Promise<void>((r) => (wake = r));
    if (aborted) throw new Error('the request body could not be read to its end');
    const chunk = queue.shift()!;
    if (chunk === null) return;
    send({ type: 'consumed' });
    yield chunk;
  }
}

const send = (m: FromIngestWorker): void => port.postMessage(m);
const progress = (units: number): void => send({ type: 'progress', units });

const MAX_WARNINGS = 100;
const warnings: string[] = [];
let warningCount = 0;
const ctx = {
  file: data.file,
  warn(message: string, place?: InputPlace): void {
    if (warnings.length < MAX_WARNINGS) warnings.push(place ? `${formatPlace({ file: data.file, ...place })}: ${message}` : `${data.file}: ${message}`);
    warningCount++;
  },
};

/** The process's write turn: the serving thread takes it (Db.exclusive) and answers 'go'. */
function writeTurn(): Promise<void> {
  return new Promise<void>((r) => {
    go = r;
    send({ type: 'bulk' });
  });
}

async function main(): Promise<FromIngestWorker> {
  const format = formatByName(data.format);
  if (data.mode === 'entries') return storeGlossary();
  // Units counted as they are read, so a page's progress bar moves before the import answers.
  const reader = counted(readUnitsOf(format, bytes(), ctx)!, progress)[Symbol.asyncIterator]();
  const { head, ended } = await readHead(reader, data.bulkThreshold);
  if (ended) return { type: 'small', units: head, warnings, warningCount };
  await writeTurn();
  const result = await bulkInsertFile(data.path, concat(head, reader), { file: data.file, format: format.name, lateIndex: data.lateIndex, background: true });
  return { type: 'done', result, warnings, warningCount };
}

/**
 * A glossary through ingest on this thread's own connection. Its one write asks for the
 * process's turn first; extraction is the caller's business (it runs after this answer).
 */
async function storeGlossary(): Promise<FromIngestWorker> {
  const own = await openDb(`file:${data.path}`, data.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: data.busyTimeoutMs });
  const db: Db = {
    ...own,
    write: async (fn) => {
      await writeTurn();
      return own.write(fn);
    },
  };
  try {
    const summary = await ingest(db, bytes(), { file: data.file, format: formatByName(data.format), extract: false, onProgress: progress });
    return { type: 'stored', stored: { units: summary.units, entries: summary.entries }, warnings: summary.warnings, warningCount: summary.warningCount };
  } finally {
    own.close();
  }
}

main()
  .catch((e: unknown): FromIngestWorker => ({ type: 'failed', error: threadError(e), warnings, warningCount }))
  .then((m) => {
    send(m);
    port.close();
  });
