// The database side of a bulk import, on a worker thread (src/store/bulk.ts drives it): one
// native libSQL connection, one write transaction, prepared statements. The main thread parses
// the file, computes keys and index postings meanwhile, so the two cores work at once.
// Plain JavaScript on purpose: it imports no project module, so it runs the same under tsx,
// vitest and plain node.
import { parentPort, workerData } from 'node:worker_threads';
import { Buffer } from 'node:buffer';
import Database from 'libsql';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma(`cache_size = -${workerData.cacheKb ?? 32768}`);

const COLUMNS = 13; // id + the 12 columns of src/store/tus.ts
let insertUnit = null;
let insertPosting = null;
/** Ids given to units that turned out to be duplicates (they are left out of the index). */
const duplicates = new Set();
let added = 0;
let inTransaction = false;

const handlers = {
  begin() {
    db.exec('BEGIN IMMEDIATE');
    inTransaction = true;
    insertUnit = db.prepare(
      'INSERT INTO tu (id, src_lang, tgt_lang, source, target, dedup, extra, external_id, origin_file, origin_paragraph, origin_position, created_at, changed_at) ' +
        'VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (dedup) DO NOTHING',
    );
    insertPosting = db.prepare('INSERT INTO tm_posting (token, df, docs) VALUES (?, ?, ?)');
    const row = db.prepare('SELECT coalesce(max(id), 0) AS top FROM tu').get();
    return { maxId: Number(row.top) };
  },
  /** rows: flat array, COLUMNS values per unit, id first. */
  rows({ rows }) {
    for (let i = 0; i < rows.length; i += COLUMNS) {
      const r = insertUnit.run(rows.slice(i, i + COLUMNS));
      if (r.changes === 0) duplicates.add(rows[i]);
      else added++;
    }
    return null;
  },
  /** One segment per token: docs[offsets[k]..offsets[k+1]) are token k's documents, ascending. */
  postings({ tokens, offsets, docs }) {
    for (let k = 0; k < tokens.length; k++) {
      let list = docs.subarray(offsets[k], offsets[k + 1]);
      if (duplicates.size > 0) list = list.filter((d) => !duplicates.has(Math.floor(d / 2)));
      if (list.length === 0) continue;
      insertPosting.run(tokens[k], list.length, Buffer.from(list.buffer, list.byteOffset, list.byteLength));
    }
    return null;
  },
  commit({ file, format, indexedUpto, at }) {
    db.prepare('INSERT INTO ingest (file, format, added, duplicates, at) VALUES (?, ?, ?, ?, ?)').run(file, format, added, duplicates.size, at);
    db.prepare('UPDATE tm_index_state SET indexed_upto = max(indexed_upto, ?) WHERE id = 1').run(indexedUpto);
    db.exec('COMMIT');
    inTransaction = false;
    return { added, duplicates: [...duplicates] };
  },
  rollback() {
    if (inTransaction) db.exec('ROLLBACK');
    inTransaction = false;
    return null;
  },
};

parentPort.on('message', (message) => {
  const { seq, type, payload } = message;
  try {
    const result = handlers[type](payload ?? {});
    parentPort.postMessage({ seq, ok: true, result });
  } catch (e) {
    parentPort.postMessage({ seq, ok: false, error: { message: String(e?.message ?? e), code: e?.code ?? null } });
  }
});
