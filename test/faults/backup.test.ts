/**
 * Backups of a live database: POST /api/backup and `glossa backup` taken while an import is in
 * flight (its body sent slowly and its last piece held until both copies are taken) hold what was
 * committed before and nothing of the import; an existing file, a bad path and the database
 * itself as target are refused clearly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, chunkGate, glossa, inspectDb, kill9, makeTmx, slowBody, startServer, tempFolder } from './helpers.js';

beforeAll(() => buildDist());

const BIG = 8000;
const PIECES = 20;

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
