/**
 * SIGTERM in the middle of an import: the server cuts it off, rolls it back, logs one line and
 * exits 0; a CLI ingest stops with one line and exit 143, the file it was storing not stored.
 * The server's import body is sent slowly, and the CLI's write lock watched, so the signal lands
 * while the import's transaction is surely open (a file over 5000 units takes the bulk path,
 * whose transaction begins once 5000 units are read).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, chunkGate, glossa, inspectDb, kill9, makeTmx, slowBody, startServer, tempFolder, writeLockTaken, type Server } from './helpers.js';

beforeAll(() => buildDist());

const BIG = 8000;
const PIECES = 20;

/** POST an import whose body arrives in PIECES chunks; `onChunk` is told as each is sent. */
function slowImport(server: Server, tag: string, onChunk: (i: number) => void): Promise<Response | Error> {
  return fetch(`${server.url}/api/import?format=tmx&extract=false`, {
    method: 'POST',
    body: slowBody(makeTmx(tag, BIG), PIECES, 100, onChunk),
    duplex: 'half',
  } as RequestInit).catch((e: Error) => e);
}

describe('SIGTERM during an import', () => {
  it('cuts the import off, rolls it back, says so in one line and exits 0', async () => {
    const path = join(tempFolder(), 'glossa.db');
    const server = await startServer(`file:${path}`);
    try {
      const small = await fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body: makeTmx('before', 50) });
      expect(small.status).toBe(201);
      // Past 5000 of 8000 units: the bulk transaction is open.
      const gate = chunkGate(Math.ceil(PIECES * 0.75));
      const answer = slowImport(server, 'cut', gate.onChunk);
      await gate.reached;
      server.child.kill('SIGTERM');
      const exit = await Promise.race([server.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      expect(await answer).toBeInstanceOf(Error);
      expect(server.output()).toMatch(/glossa serve: SIGTERM: stopping; 1 request in flight cut off, its writes rolled back/);
      expect(server.output(), 'no stack trace').not.toMatch(/\n\s+at /);
      expect(server.output()).toMatch(/POST \/api\/import: the request was cut off before its end; nothing of it was stored/);
      const state = inspectDb(path);
      expect(state.integrity).toBe('ok');
      expect(state.byTag.get('before')).toBe(50);
      expect(state.byTag.get('cut') ?? 0).toBe(0);
    } finally {
      await kill9(server);
    }
  });
});

describe('SIGTERM during a CLI ingest', () => {
  it('stops with one line, exit 143, the file cut off not stored and the one before it kept', async () => {
    const dir = tempFolder();
    const path = join(dir, 'glossa.db');
    const before = join(dir, 'before.tmx');
    writeFileSync(before, makeTmx('before', 50));
    const first = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', before]);
    expect((await first.exited).code, first.output()).toBe(0);
    // The bulk path: its one transaction is open while the test sees the write lock taken.
    const big = join(dir, 'big.tmx');
    writeFileSync(big, makeTmx('cut', BIG));
    const p = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', big]);
    try {
      await writeLockTaken(path);
      p.child.kill('SIGTERM');
      const exit = await Promise.race([p.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      expect(exit, p.output()).toEqual({ code: 143, signal: null });
    } finally {
      await kill9(p);
    }
    expect(p.output()).toBe('glossa ingest: SIGTERM: stopped before the end; the database keeps nothing of a write that was under way\n');
    const state = inspectDb(path);
    expect(state.integrity).toBe('ok');
    expect(state.byTag.get('before')).toBe(50);
    expect(state.byTag.get('cut') ?? 0).toBe(0);
    expect(state.unindexed).toBe(0);
  });
});
