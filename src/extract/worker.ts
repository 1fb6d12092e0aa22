/**
 * The extraction thread (extractOnThread in src/extract/index.ts starts it): opens the database
 * file, reads the TM's Chinese–English units and builds the glossary, the part of an extraction
 * that takes seconds of CPU, and answers the entries. The serving thread stores them in one
 * write transaction (storeExtraction) and goes on answering requests meanwhile. It keeps the
 * process's priority (an import's threads take nice 10): the import's answer waits for it, and
 * at nice 10 a busy machine leaves it a small share of a core.
 */
import { parentPort as maybeParentPort, workerData as rawWorkerData } from 'node:worker_threads';
import { openDb } from '../store/db.js';
import { extractEntries, type ExtractWorkerData, type FromExtractWorker } from './index.js';

if (!maybeParentPort) throw new Error('extract/worker runs on a worker thread (src/extract/index.ts starts it)');
const port = maybeParentPort;
const data = rawWorkerData as ExtractWorkerData;

let answer: FromExtractWorker;
try {
  const db = await openDb(`file:${data.path}`);
  try {
    answer = { type: 'done', extraction: await extractEntries(db, data.options) };
  } finally {
    db.close();
  }
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  answer = { type: 'error', message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
}
port.postMessage(answer);
