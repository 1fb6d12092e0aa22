/**
 * The storage under the database failing: the disk filling up during an import (a 1 MB tmpfs,
 * mounted when the tests run as root; skipped, loudly, where mounting is not allowed), and a
 * database file that is damaged, foreign or not a database at all when the CLI or the server
 * starts: one clear line and an exit code, never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, glossa, inspectDb, kill9, makeTmx, startServer, tempFolder } from './helpers.js';

beforeAll(() => buildDist());

/** A small tmpfs at a fresh folder, or why there cannot be one. */
function mountSmallDisk(): { dir: string } | { skip: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { skip: 'not root on Linux: cannot mount a tmpfs' };
  const dir = join(tempFolder(), 'disk');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (e) {
    return { skip: `mount -t tmpfs refused: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}` };
  }
}

const disk = mountSmallDisk();
afterAll(() => {
  if ('dir' in disk) execFileSync('umount', ['-l', disk.dir]);
});
if ('skip' in disk) console.warn(`SKIPPED the disk-full tests: ${disk.skip}`);

describe.skipIf('skip' in disk)('the disk filling up during an import', () => {
  it('gives a clear error (CLI exit 74, HTTP 507) and leaves the database as it was', async () => {
    const dir = (disk as { dir: string }).dir;
    const path = join(dir, 'glossa.db');
    const work = tempFolder();
    const small = join(work, 'small.tmx');
    writeFileSync(small, makeTmx('small', 100));
    const first = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', small]);
    expect((await first.exited).code, first.output()).toBe(0);
    const before = inspectDb(path);
    expect(before.byTag.get('small')).toBe(100);

    // The bulk path (over 5000 units, a worker's connection), through the CLI.
    const big = join(work, 'big.tmx');
    writeFileSync(big, makeTmx('big', 6000));
    const cli = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', big]);
    expect((await cli.exited).code, cli.output()).toBe(74);
    expect(cli.output()).toMatch(/^glossa ingest: the database cannot grow: the disk is full; nothing of this write was stored\n$/);

    // The client path (one transaction on the serving thread), through HTTP.
    const server = await startServer(`file:${path}`);
    try {
      const res = await fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body: makeTmx('mid', 3000) });
      expect(res.status).toBe(507);
      expect(await res.json()).toMatchObject({ error: { code: 'storage', message: expect.stringMatching(/disk is full/) } });
      // Reads still work on a full disk.
      expect((await fetch(`${server.url}/api/stats`)).status).toBe(200);
    } finally {
      await kill9(server);
    }
    expect(server.output()).not.toMatch(/\n\s+at /);
    const after = inspectDb(path);
    expect(after).toEqual(before);
  });
});

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
