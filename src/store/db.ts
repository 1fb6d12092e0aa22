/**
 * The database handle: a libSQL client, numbered migrations, and one write queue per process
 * (overlapping write transactions in one process deadlock on SQLITE_BUSY; docs/architecture.md, Concurrency).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type InArgs, type InValue, type Transaction } from '@libsql/client';
import Database from 'libsql';
import { Busy } from '../errors.js';

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
  /** Listeners told after each committed write (indexes in memory refresh on it). */
  onChange(listener: () => void): () => void;
  close(): void;
}

export interface OpenOptions {
  authToken?: string | undefined;
}

export async function openDb(url: string, options: OpenOptions = {}): Promise<Db> {
  let filePath: string | undefined;
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0]!;
    if (path !== ':memory:' && path.length > 0 && !url.includes('mode=memory')) {
      mkdirSync(dirname(path), { recursive: true });
      filePath = path;
    }
  }
  const client = createClient({ url, authToken: options.authToken, intMode: 'number' });
  await client.execute('PRAGMA foreign_keys = ON');
  await client.execute('PRAGMA busy_timeout = 5000');
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<() => void>();
  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const db: Db = {
    client,
    url,
    filePath,
    write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        let tx: Transaction;
        try {
          tx = await client.transaction('write');
        } catch (e) {
          throw asBusy(e);
        }
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
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read: undefined,
    close() {
      native?.close();
      client.close();
    },
  };
  let native: Database.Database | undefined;
  await migrate(db);
  if (filePath) {
    // Opened after the migrations, so the file, its WAL and schema exist.
    const reader = new Database(filePath, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    native = reader;
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

function asBusy(e: unknown): unknown {
  const code = (e as { code?: string } | null)?.code ?? '';
  if (/BUSY|LOCKED/.test(code) || /database is locked/.test(String(e))) {
    return new Busy('the database is busy with another writer; try again', { cause: e });
  }
  return e;
}

/** Apply the numbered migrations in src/store/migrations that this database has not seen. */
export async function migrate(db: Db): Promise<void> {
  await db.client.execute('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((await db.client.execute('SELECT version FROM schema_migration')).rows.map((r) => Number(r.version)));
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (done.has(version)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    // journal_mode cannot change inside a transaction: run PRAGMAs first, the rest as one batch.
    const statements = splitSql(sql);
    const pragmas = statements.filter((s) => /^PRAGMA/i.test(s));
    for (const p of pragmas) await db.client.execute(p);
    await db.client.batch(
      [
        ...statements.filter((s) => !/^PRAGMA/i.test(s)),
        { sql: 'INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)', args: [version, file, new Date().toISOString()] as InArgs },
      ],
      'write',
    );
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
