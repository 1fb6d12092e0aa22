/**
 * The disk filling up during an import: a 1 MB tmpfs, mounted when the tests run as root
 * (skipped, loudly, where mounting is not allowed). A clear error, the database unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
