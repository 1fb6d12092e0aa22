/**
 * kill -9 at random points of an HTTP import, in two rounds on a database each, side by side
 * (test/faults/kill-checks.ts: what each round does and what must hold after every kill). Each
 * import goes to a fresh server; a kill is timed from the request's start.
 */
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, kill9After, makeTmx, startServer, tempFolder } from './helpers.js';
import { runRound, TRIALS } from './kill-checks.js';

beforeAll(() => buildDist());

describe('kill -9 during an HTTP import', () => {
  for (const round of [1, 2]) {
    // Side by side, each on a database of its own (a trial mostly waits for its process); each
    // kill needs a process start, so a round takes longer than most tests on a loaded machine.
    it.concurrent(`round ${round}: ${TRIALS} kills after whole imports, the database whole, each file all or none`, { timeout: 150_000 }, async ({ expect }) => {
      const path = join(tempFolder(), 'glossa.db');
      const line = await runRound('HTTP', `H${round}x`, expect, path, faultSeed(1600 + round), async (tag, size, delayMs) => {
        const body = makeTmx(tag, size);
        const server = await startServer(`file:${path}`);
        const started = Date.now();
        const answer = fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body }).catch(() => undefined);
        const first = await kill9After(server, delayMs, answer);
        const ms = Date.now() - started;
        await answer;
        return { doneFirst: first === 'done first', ms };
      });
      console.log(line);
    });
  }
});
