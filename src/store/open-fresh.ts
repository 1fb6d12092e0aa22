/**
 * An import into a database file that does not exist yet, built as a temporary file beside it
 * and published whole: nothing else can see or hold the file while it fills, so the bulk path
 * writes it without a journal and without fsyncs (src/store/bulk-worker.ts), and no WAL is
 * copied into the file at the end. The file is fsynced and then linked to its name, which
 * succeeds only while that name is free: a kill before the link leaves only the temporary file
 * (removed by the next import into the same path, ignored by everything else) and no database;
 * after it, the whole database. A database that exists, even empty, is imported into by one
 * write transaction as before (src/ingest.ts).
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'libsql';
import { openDb, type Db, type OpenOptions } from './db.js';
import { BadInput, Busy } from '../errors.js';

/** A new database being filled under a temporary name. */
export interface FreshDatabase {
  /** The database to import into (its file is `temp`). */
  db: Db;
  /** The name it will be published under. */
  path: string;
  temp: string;
  /**
   * Close it, switch it to WAL, fsync it and give it its name. Busy when a database appeared
   * under that name meanwhile (another process): then nothing of this import is stored.
   */
  publish(): void;
  /** Close it and remove it: the import failed. */
  discard(): void;
}

/** Suffixes of the files SQLite keeps beside a database. */
const SIDE_FILES = ['', '-journal', '-wal', '-shm'];
const TEMP_PATTERN = /\.import-(\d+)\.tmp(?:-journal|-wal|-shm)?$/;

/** The local file of a `file:` URL with no query (others take the transactional path). */
function plainFilePath(url: string): string | undefined {
  if (!url.startsWith('file:') || url.includes('?')) return undefined;
  const path = url.slice('file:'.length);
  return path.length > 0 && path !== ':memory:' ? path : undefined;
}

/** Whether process `pid` is alive (a temporary file of a live import is left alone). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the temporary files of killed imports into `path`. */
export function removeStaleTemps(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.import-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = TEMP_PATTERN.exec(name);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * For a `file:` URL whose file (and its journal or WAL) does not exist: a new database under a
 * temporary name beside it, migrated, to be published after the import. Undefined otherwise.
 */
export async function openFresh(url: string, options: OpenOptions = {}): Promise<FreshDatabase | undefined> {
  const path = plainFilePath(url);
  if (!path) return undefined;
  removeStaleTemps(path);
  if (SIDE_FILES.some((s) => existsSync(`${path}${s}`))) return undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new BadInput(`cannot create the database's folder: ${(e as Error).message}`, { file: path });
  }
  const temp = `${path}.import-${process.pid}.tmp`;
  const removeTemp = (): void => {
    for (const s of SIDE_FILES) rmSync(`${temp}${s}`, { force: true });
  };
  removeTemp();
  // A signal's exit (src/cli.ts) or an uncaught error takes the unpublished file with it.
  process.on('exit', removeTemp);
  let db: Db;
  try {
    db = await openDb(`file:${temp}`, { ...options, bulkLoad: true });
  } catch (e) {
    removeTemp();
    process.off('exit', removeTemp);
    throw e;
  }
  let done = false;
  return {
    db,
    path,
    temp,
    publish() {
      if (done) return;
      done = true;
      try {
        db.close();
        const conn = new Database(temp);
        try {
          // The migrations' mode, set now that nothing else has the file open.
          conn.pragma('journal_mode = WAL');
        } finally {
          conn.close();
        }
        syncFile(temp, 'r+');
        const taken = (): Busy => new Busy(`another process created the database ${path} while this import ran; nothing of this import was stored; run it again`);
        try {
          linkSync(temp, path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
          // A file system without hard links: a rename, which replaces, once the name is seen free.
          if (existsSync(path)) throw taken();
          renameSync(temp, path);
        }
        syncFile(dirname(path), 'r');
      } finally {
        removeTemp();
        process.off('exit', removeTemp);
      }
    },
    discard() {
      if (done) return;
      done = true;
      try {
        db.close();
      } finally {
        removeTemp();
        process.off('exit', removeTemp);
      }
    },
  };
}

/** fsync a file or folder. */
function syncFile(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
