/**
 * A database file that is damaged, foreign or not a database at all when the CLI or the server
 * starts: one clear line and exit 2, never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, glossa, tempFolder } from './helpers.js';

beforeAll(() => buildDist());

/**
 * What the CLI says when asked to open `path`, and the server too when `serve` (both open the
 * database the same way, src/store/db.ts; the server's start is the slower one to test).
 */
async function refusals(path: string, serve: boolean): Promise<{ code: number | null; output: string }[]> {
  return Promise.all(
    [['stats'], ...(serve ? [['serve', '--port', '0']] : [])].map(async (args) => {
      const p = glossa(['--db', `file:${path}`, ...args]);
      const exit = await p.exited;
      return { code: exit.code, output: p.output() };
    }),
  );
}

describe('a damaged or foreign database file at start', () => {
  const dir = tempFolder();
  const cases: [string, () => string, RegExp, boolean][] = [
    [
      'random bytes',
      () => {
        const p = join(dir, 'random.db');
        writeFileSync(p, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
        return p;
      },
      /random\.db: is not a database \(file is not a database\); give a Glossa database or a path for a new one/,
      true,
    ],
    [
      'a text file',
      () => {
        const p = join(dir, 'notes.db');
        writeFileSync(p, 'shopping list: milk, eggs\n'.repeat(200));
        return p;
      },
      /notes\.db: is not a database/,
      false,
    ],
    [
      "another application's SQLite database",
      () => {
        const p = join(dir, 'foreign.db');
        const db = new Database(p);
        db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (1)');
        db.close();
        return p;
      },
      /foreign\.db: is not a Glossa database: it holds other tables \(customers\) and no schema_migration/,
      true,
    ],
    [
      'a Glossa database with its schema page overwritten',
      () => {
        // A database as Glossa makes it (the copy is whole, WAL folded in), then garbage over the
        // schema's records at the end of page 1.
        const p = join(dir, 'damaged.db');
        execFileSync(process.execPath, ['dist/cli.js', '--db', `file:${join(dir, 'whole.db')}`, 'backup', p]);
        const fd = openSync(p, 'r+');
        writeSync(fd, Buffer.alloc(2048, 0x5a), 0, 2048, 2048);
        closeSync(fd);
        return p;
      },
      /damaged\.db: is damaged \(.*\); restore it from a backup/,
      true,
    ],
    [
      'a Glossa database of a newer schema',
      () => {
        const p = join(dir, 'newer.db');
        const db = new Database(p);
        db.exec('CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        db.exec("INSERT INTO schema_migration VALUES (999, '999_future.sql', '2030-01-01')");
        db.close();
        return p;
      },
      /newer\.db: was written by a newer Glossa \(schema version 999; this one knows up to \d+\)/,
      false,
    ],
  ];
  for (const [what, make, message, serve] of cases) {
    it(`${what}: ${serve ? 'the CLI and the server refuse' : 'the CLI refuses'} with one line, exit 2`, async () => {
      const path = make();
      for (const r of await refusals(path, serve)) {
        expect(r.code, r.output).toBe(2);
        expect(r.output).toMatch(message);
        expect(r.output.trim().split('\n'), r.output).toHaveLength(1);
      }
    });
  }

  it('a folder where the file should be: the same', async () => {
    const path = join(dir, 'a-folder.db');
    mkdirSync(path);
    for (const r of await refusals(path, false)) {
      expect(r.code, r.output).toBe(2);
      expect(r.output).toMatch(/a-folder\.db: is a folder, not a database file/);
      expect(r.output.trim().split('\n')).toHaveLength(1);
    }
  });
});
