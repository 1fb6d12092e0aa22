/**
 * The database handle: a libSQL client, numbered migrations, and one write queue per process
 * (overlapping write transactions in one process deadlock on SQLITE_BUSY; docs/architecture.md, Concurrency).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, InArgs, InValue, Transaction } from '@libsql/client';
import Database from 'libsql';
import { BadInput, Busy, GlossaError, StorageFailure } from '../errors.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Db {
  client: Client;
  url: string;
  /** Path of the database file when it is a local file (bulk imports open it natively), else undefined. */
  filePath: string | undefined;
  /** Run `fn` inside one write transaction, queued behind other writes of this process. */
  write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Run `fn` in the write queue's turn without opening a transaction: for a writer with a
   * connection of its own (src/store/bulk.ts). Change listeners are told when it succeeds.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Synchronous reads through a native read-only connection of its own, rows as arrays; for a
   * local database file only (else undefined: use the client). The TM search's three queries go
   * here: the client's promise and row objects were a large share of a search (docs/decisions.md).
   */
  read: ((sql: string, args: readonly InValue[]) => unknown[][]) | undefined;
  /**
   * Whether a write of this process is queued or under way, or an import is reading its file
   * (hold): work done ahead on the serving thread waits meanwhile (src/match/terms.ts).
   */
  writing(): boolean;
  /** Run `fn` (an import, from its first byte) as a write to come: `writing()` is true meanwhile. */
  hold<T>(fn: () => Promise<T>): Promise<T>;
  /** Listeners told after each committed write (indexes in memory refresh on it). */
  onChange(listener: () => void): () => void;
  /**
   * A new database in a temporary file that is published whole after one import
   * (src/store/open-fresh.ts): it stays in rollback-journal mode until then, so a bulk import
   * may write it without a journal (src/store/bulk-worker.ts).
   */
  bulkLoad?: true;
  close(): void;
}

export interface OpenOptions {
  authToken?: string | undefined;
  /** How long a write waits for another process's write lock before it fails as busy (ms). */
  busyTimeoutMs?: number | undefined;
  /**
   * The file is a new database to be published by a rename once filled (src/store/open-fresh.ts):
   * its migrations leave the journal mode as it is (WAL is set when it is published).
   */
  bulkLoad?: boolean;
}

/** Default of GLOSSA_BUSY_TIMEOUT. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/**
 * Each connection's own SQLite busy timeout. The driver is synchronous: SQLite's busy wait
 * blocks the thread that serves requests, so a connection waits only briefly and a write that
 * finds the lock taken tries again after an asynchronous pause, up to the busy timeout.
 */
const CONNECTION_BUSY_MS = 10;

export async function openDb(url: string, options: OpenOptions = {}): Promise<Db> {
  let filePath: string | undefined;
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0]!;
    if (path !== ':memory:' && path.length > 0 && !url.includes('mode=memory')) {
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (e) {
        throw new BadInput(`cannot create the database's folder: ${(e as Error).message}`, { file: path });
      }
      if (existsSync(path) && statSync(path).isDirectory()) throw new BadInput('is a folder, not a database file', { file: path });
      filePath = path;
    }
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const where = filePath ?? url;
  let client: Client;
  try {
    // A local file needs only the client's SQLite part: its full entry also loads the remote
    // protocols (WebSockets, HTTP), a good part of every CLI start.
    const { createClient } = /^file:/i.test(url) || url === ':memory:' ? await import('@libsql/client/sqlite3') : await import('@libsql/client');
    client = createClient({ url, authToken: options.authToken, intMode: 'number', timeout: CONNECTION_BUSY_MS });
    await client.execute('PRAGMA foreign_keys = ON');
    if (options.bulkLoad) {
      // A file published only once whole (src/store/open-fresh.ts), and fsynced then: its
      // transactions need no journal on disk and no fsyncs of their own (the client's pool
      // reuses this one connection while it is used one call at a time).
      await client.execute('PRAGMA journal_mode = MEMORY');
      await client.execute('PRAGMA synchronous = OFF');
    }
  } catch (e) {
    throw openError(e, where);
  }
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<() => void>();
  let pending = 0;
  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    pending++;
    const next = queue.then(run, run).finally(() => pending--);
    queue = next.catch(() => undefined);
    return next;
  };
  const db: Db = {
    client,
    url,
    filePath,
    write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        const tx = await beginWrite(client, busyTimeoutMs, lockProbe);
        try {
          await tx.execute('PRAGMA foreign_keys = ON');
          const result = await fn(tx);
          await tx.commit();
          for (const l of listeners) l();
          return result;
        } catch (e) {
          if (!tx.closed) await tx.rollback().catch(() => undefined);
          throw asBusy(e);
        } finally {
          tx.close();
        }
      };
      return enqueue(run);
    },
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      return enqueue(async () => {
        const result = await fn();
        for (const l of listeners) l();
        return result;
      });
    },
    writing: () => pending > 0,
    async hold<T>(fn: () => Promise<T>): Promise<T> {
      pending++;
      try {
        return await fn();
      } finally {
        pending--;
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read: undefined,
    ...(options.bulkLoad ? { bulkLoad: true as const } : {}),
    close() {
      native?.close();
      lockProbe?.close();
      client.close();
    },
  };
  let native: Database.Database | undefined;
  let lockProbe: Database.Database | undefined;
  // Another process may hold the file briefly as this one opens it (recovering the WAL of a
  // killed writer, checkpointing as its last connection closes): the open waits for it as a
  // write waits for the lock, up to the busy timeout, rather than failing at once.
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      await migrate(db, { keepJournalMode: options.bulkLoad === true });
      break;
    } catch (e) {
      if (isBusy(e) && Date.now() < deadline) {
        // A statement that failed as busy can leave the connection unable to write (see
        // beginWrite): the next try starts on a fresh one.
        await client.reconnect();
        await client.execute('PRAGMA foreign_keys = ON');
        await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(1, deadline - Date.now()))));
        continue;
      }
      client.close();
      throw openError(e, where);
    }
  }
  if (filePath) {
    // Opened after the migrations, so the file, its WAL and schema exist. Reads of a WAL
    // database do not wait for writers; the timeout covers a checkpoint's brief lock.
    const reader = new Database(filePath, { readonly: true });
    reader.pragma(`busy_timeout = ${CONNECTION_BUSY_MS * 10}`);
    native = reader;
    // No busy wait of its own: it only asks whether the write lock is free (beginWrite).
    lockProbe = new Database(filePath);
    const statements = new Map<string, Database.Statement>();
    db.read = (sql, args) => {
      let st = statements.get(sql);
      if (!st) {
        // Statements differ by the length of their IN lists: a few hundred at most.
        if (statements.size >= 500) statements.clear();
        st = reader.prepare(sql).raw(true);
        statements.set(sql, st);
      }
      // The array is only read (libsql binds it as given): no copy per query.
      return st.all(args as InValue[]) as unknown[][];
    };
  }
  return db;
}

const isBusy = (e: unknown): boolean => /BUSY|LOCKED/.test((e as { code?: string } | null)?.code ?? '') || /database is locked/.test(String(e));

/**
 * BEGIN IMMEDIATE, tried again after a pause while another process holds the write lock, until
 * `timeoutMs` has passed: then Busy (HTTP 503 with Retry-After, CLI exit 3).
 *
 * A client transaction whose BEGIN fails as busy leaves its pooled connection with a statement
 * in progress, and the next transaction on that connection cannot commit ("SQL statements in
 * progress"). So for a local file a connection of our own first takes and drops the lock
 * (`exec` leaves no statement behind); only when the lock looked free does the client begin, and
 * should another process win the lock in between, the client's connections are reopened.
 */
async function beginWrite(client: Client, timeoutMs: number, probe: Database.Database | undefined): Promise<Transaction> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    let failure: unknown;
    if (probe) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch (e) {
        if (probe.inTransaction) probe.exec('ROLLBACK');
        if (!isBusy(e)) throw asBusy(e);
        failure = e;
      }
    }
    if (!failure) {
      try {
        return await client.transaction('write');
      } catch (e) {
        if (!isBusy(e)) throw asBusy(e);
        failure = e;
        await client.reconnect();
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Busy(`the database is busy with another writer (waited ${timeoutMs} ms, GLOSSA_BUSY_TIMEOUT); try again`, { cause: failure });
    await new Promise((r) => setTimeout(r, Math.min(pause, left)));
  }
}

/** A storage error as one of ours: busy, or the disk full; else as it was. */
export function asBusy(e: unknown): unknown {
  if (e instanceof GlossaError) return e;
  if (isBusy(e)) return new Busy('the database is busy with another writer; try again', { cause: e });
  if (isFull(e)) return new StorageFailure(`the database cannot grow: ${diskMessage(e)}; nothing of this write was stored`, { cause: e });
  return e;
}

const isFull = (e: unknown): boolean => /SQLITE_FULL|SQLITE_IOERR|ENOSPC|disk is full|disk I\/O error/.test(`${(e as { code?: string } | null)?.code ?? ''} ${String((e as Error)?.message ?? e)}`);
const diskMessage = (e: unknown): string => (/FULL|ENOSPC|full/.test(String((e as Error)?.message ?? e)) ? 'the disk is full' : 'a disk write failed');

/**
 * Why a database cannot be opened, in one line naming it: not a database, damaged, another
 * application's, made by a newer Glossa, unreachable. Never a stack trace.
 */
function openError(e: unknown, where: string): unknown {
  if (e instanceof GlossaError) return e;
  const code = (e as { code?: string } | null)?.code ?? '';
  const detail = String((e as Error)?.message ?? e).replace(/^SQLITE_\w+: /, '');
  const file = { file: where };
  if (code.startsWith('SQLITE_NOTADB')) return new BadInput(`is not a database (${detail}); give a Glossa database or a path for a new one`, file);
  if (code.startsWith('SQLITE_CORRUPT')) return new BadInput(`is damaged (${detail}); restore it from a backup (docs/operations.md)`, file);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_READONLY') || /Unable to open connection/.test(detail)) return new BadInput(`cannot be opened for writing (${detail})`, file);
  if (isBusy(e) || isFull(e)) return asBusy(e);
  if (code === 'URL_INVALID' || code === 'URL_SCHEME_NOT_SUPPORTED') return new BadInput(`GLOSSA_DB is not a database URL this client can open (${detail})`);
  return new GlossaError('internal', `${where}: cannot open the database: ${detail}`, { cause: e });
}

/**
 * Apply the numbered migrations in src/store/migrations that this database has not seen;
 * `keepJournalMode` skips their journal_mode pragmas (a file set to WAL later).
 */
export async function migrate(db: Db, { keepJournalMode = false } = {}): Promise<void> {
  const tables = (await db.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")).rows.map((r) => String(r.name));
  if (!tables.includes('schema_migration')) {
    // Glossa's tables are never added to another application's database.
    if (tables.length > 0) {
      const some = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
      throw new BadInput(`is not a Glossa database: it holds other tables (${some}) and no schema_migration; give a Glossa database or a path for a new one`, { file: db.filePath ?? db.url });
    }
    await db.client.execute('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  }
  const done = new Set((await db.client.execute('SELECT version FROM schema_migration')).rows.map((r) => Number(r.version)));
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  const known = Math.max(0, ...files.map((f) => Number.parseInt(f, 10)));
  const newest = Math.max(0, ...done);
  if (newest > known) throw new BadInput(`was written by a newer Glossa (schema version ${newest}; this one knows up to ${known}); upgrade Glossa or use a backup`, { file: db.filePath ?? db.url });
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (done.has(version)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    // journal_mode cannot change inside a transaction: run PRAGMAs first, the rest as one batch.
    const statements = splitSql(sql);
    const pragmas = statements.filter((s) => /^PRAGMA/i.test(s) && !(keepJournalMode && /^PRAGMA\s+journal_mode/i.test(s)));
    for (const p of pragmas) await db.client.execute(p);
    await db.client.batch(
      [
        ...statements.filter((s) => !/^PRAGMA/i.test(s)),
        { sql: 'INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)', args: [version, file, new Date().toISOString()] as InArgs },
      ],
      'write',
    );
  }
  await runDataMigrations(db);
}

/** The data migrations the SQL ones left pending (src/store/refold.ts), each one transaction. */
async function runDataMigrations(db: Db): Promise<void> {
  const pending = (await db.client.execute('SELECT name FROM data_migration ORDER BY name')).rows.map((r) => String(r.name));
  if (pending.length === 0) return;
  // Loaded only when a step is pending: it brings the index's and the folding's code along.
  const { DATA_MIGRATIONS } = await import('./refold.js');
  for (const name of pending) {
    const step = DATA_MIGRATIONS[name];
    if (!step) throw new BadInput(`needs a data migration this Glossa does not know (${name}); upgrade Glossa or use a backup`, { file: db.filePath ?? db.url });
    const tx = await db.client.transaction('write');
    try {
      await step(tx);
      await tx.execute({ sql: 'DELETE FROM data_migration WHERE name = ?', args: [name] });
      await tx.commit();
    } finally {
      tx.close();
    }
  }
}

/** Split a migration file into statements (no semicolons inside strings in our migrations, except triggers). */
function splitSql(sql: string): string[] {
  const withoutComments = sql.replace(/--[^\n]*\n/g, '\n');
  const out: string[] = [];
  let buf = '';
  let inTrigger = false;
  for (const line of withoutComments.split('\n')) {
    buf += line + '\n';
    if (/CREATE\s+TRIGGER/i.test(line)) inTrigger = true;
    if (inTrigger ? /^\s*END;\s*$/i.test(line) : /;\s*$/.test(line)) {
      out.push(buf.trim());
      buf = '';
      inTrigger = false;
    }
  }
  if (buf.trim()) out.push(buf.trim());
  return out.map((s) => s.replace(/;\s*$/, '')).filter((s) => s.length > 0);
}
