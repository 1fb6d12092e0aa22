/**
 * A consistent copy of a live database (`glossa backup`, POST /api/backup): SQLite's
 * `VACUUM INTO` reads one snapshot, so a write committed during the copy is either all in it or
 * not at all, and an import still in flight is not in it. The copy runs on a thread of its own
 * with a connection of its own (the driver is synchronous: on the serving thread it would stall
 * every request for as long as the copy takes), into a temporary file beside the target that is
 * renamed into place when whole, so a failed backup leaves no half-written file behind.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';
import { asBusy } from './db.js';
import { BadInput, Conflict, Unsupported } from '../errors.js';

export interface BackupOptions {
  /** Replace an existing file at the target (else Conflict). */
  force?: boolean;
}

export interface BackupResult {
  /** The copy's absolute path. */
  file: string;
  bytes: number;
  milliseconds: number;
}

/**
 * The worker: open the database, VACUUM INTO the temporary path, close. Plain CommonJS (no
 * TypeScript to compile), requiring libsql from beside this module.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const require2 = process.getBuiltinModule('node:module').createRequire(workerData.from);
const Database = require2('libsql');
let db;
try {
  db = new Database(workerData.source);
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  db.prepare('VACUUM INTO ?').run(workerData.target);
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, code: e && e.code, message: String(e && e.message || e) });
} finally {
  if (db) db.close();
}
`;

/** Check the target, then copy the database there. */
export async function backupDb(db: Db, target: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (!db.filePath) throw new Unsupported(`backup copies a local database file; ${db.url} is a libSQL server: use its own snapshots, or glossa export`);
  if (target.trim() === '') throw new BadInput('backup needs a file to write');
  const file = resolve(target);
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BadInput(`no such folder: ${folder}`, { file: target });
  if (resolve(db.filePath) === file || file.startsWith(`${resolve(db.filePath)}-`)) throw new BadInput('is the database itself (or its WAL); give another file', { file: target });
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new BadInput('is a folder; give a file name', { file: target });
    if (!options.force) throw new Conflict(`${target} exists already; remove it or ask to replace it (--force, "force": true)`);
  }
  const temp = join(folder, `.${basename(file)}.${process.pid}.${Date.now()}.partial`);
  const started = Date.now();
  try {
    await copyInto(db.filePath, temp);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return { file, bytes: statSync(file).size, milliseconds: Date.now() - started };
}

function copyInto(source: string, target: string): Promise<void> {
  const from = createRequire(import.meta.url).resolve('libsql');
  return new Promise((resolveCopy, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { source, target, from, busyTimeoutMs: 5000 } });
    let answered = false;
    worker.once('message', (m: { ok: boolean; code?: string; message?: string }) => {
      answered = true;
      if (m.ok) resolveCopy();
      else reject(copyError(m));
    });
    worker.once('error', (e) => {
      answered = true;
      reject(copyError({ message: e.message }));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(copyError({ message: `the backup thread stopped (${code})` }));
    });
  });
}

function copyError(m: { code?: string | undefined; message?: string | undefined }): unknown {
  const e = Object.assign(new Error(m.message ?? 'backup failed'), { code: m.code });
  const mapped = asBusy(e);
  if (mapped !== e) return mapped;
  if (/unable to open|CANTOPEN|readonly|permission/i.test(`${m.code} ${m.message}`)) return new BadInput(`cannot write the backup there (${m.message})`);
  return new Error(`backup failed: ${m.message}`);
}
