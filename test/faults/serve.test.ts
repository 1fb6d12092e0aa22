/**
 * A live server under an operator's hands: SIGTERM in the middle of an import, and backups
 * (POST /api/backup, `glossa backup`) taken while an import is in flight. The import's body is
 * sent slowly, so the signal and the backups land while its transaction is surely open (a file
 * over 5000 units takes the bulk path, whose transaction begins once 5000 units are read).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, glossa, inspectDb, kill9, makeTmx, slowBody, startServer, tempFolder, type Server } from './helpers.js';

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

/** Resolves when the chunk numbered `n` has gone out. */
function chunkGate(n: number): { onChunk: (i: number) => void; reached: Promise<void> } {
  let open!: () => void;
  const reached = new Promise<void>((r) => (open = r));
  return { onChunk: (i) => i >= n && open(), reached };
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

describe('backups while serving', () => {
  it('POST /api/backup and glossa backup copy a consistent snapshot while an import is in flight', async () => {
    const dir = tempFolder();
    const path = join(dir, 'glossa.db');
    const server = await startServer(`file:${path}`, { GLOSSA_TOKEN: 'secret-token', HOST: '127.0.0.1' });
    const auth = { authorization: 'Bearer secret-token', 'content-type': 'application/json' };
    const backup = (body: unknown, headers: Record<string, string> = auth): Promise<Response> => fetch(`${server.url}/api/backup`, { method: 'POST', headers, body: JSON.stringify(body) });
    try {
      const first = await fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', headers: { authorization: auth.authorization }, body: makeTmx('kept', 120) });
      expect(first.status).toBe(201);
      // The token guards it as any write.
      expect((await backup({ file: join(dir, 'x.db') }, { 'content-type': 'application/json' })).status).toBe(401);

      const gate = chunkGate(Math.ceil(PIECES * 0.75));
      // The last piece of the import waits until both copies are taken.
      let copiesTaken!: () => void;
      const hold = new Promise<void>((r) => (copiesTaken = r));
      const bigImport = fetch(`${server.url}/api/import?format=tmx&extract=false`, {
        method: 'POST',
        headers: { authorization: auth.authorization },
        body: slowBody(makeTmx('flight', BIG), PIECES, 100, gate.onChunk, hold),
        duplex: 'half',
      } as RequestInit);
      await gate.reached;
      const during = join(dir, 'during.db');
      const res = await backup({ file: during });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await res.json()).toMatchObject({ file: during, bytes: expect.any(Number) });
      // The CLI beside the server, on the same live file.
      const cliCopy = join(dir, 'cli-during.db');
      const cli = glossa(['--db', `file:${path}`, 'backup', cliCopy]);
      expect((await cli.exited).code, cli.output()).toBe(0);
      copiesTaken();
      expect((await bigImport).status).toBe(201);
      for (const copy of [during, cliCopy]) {
        const state = inspectDb(copy);
        expect(state.integrity).toBe('ok');
        expect(state.byTag.get('kept')).toBe(120);
        // The import in flight when the copy was taken: none of it.
        expect(state.byTag.get('flight') ?? 0).toBe(0);
      }

      // An existing file is kept unless the caller asks to replace it.
      const again = await backup({ file: during });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringMatching(/exists already/) } });
      expect(inspectDb(during).byTag.get('flight') ?? 0).toBe(0);
      expect((await backup({ file: during, force: true })).status).toBe(201);
      expect(inspectDb(during).byTag.get('flight')).toBe(BIG);
      const cliAgain = glossa(['--db', `file:${path}`, 'backup', cliCopy]);
      expect((await cliAgain.exited).code).toBe(2);
      expect(cliAgain.output()).toMatch(/exists already.*--force/);

      // A path that cannot be written: a clear 400, nothing left behind.
      const bad = await backup({ file: join(dir, 'no-such-folder', 'x.db') });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'bad_input', message: expect.stringMatching(/no such folder/) } });
      expect((await backup({ file: path, force: true })).status).toBe(400);
      expect((await backup({ file: dir, force: true })).status).toBe(400);
      expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
      expect(inspectDb(path).integrity).toBe('ok');
    } finally {
      await kill9(server);
    }
  });
});
