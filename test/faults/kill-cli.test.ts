/**
 * kill -9 at random points of a CLI ingest, in two rounds on a database each, side by side
 * (test/faults/kill-checks.ts: what each round does and what must hold after every kill). A
 * kill is timed from the process's start: loading, opening and migrating are points too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, glossa, kill9After, makeTmx, tempFolder } from './helpers.js';
import { runRound, TRIALS } from './kill-checks.js';

beforeAll(() => buildDist());

describe('kill -9 during a CLI ingest', () => {
  for (const round of [1, 2]) {
    // Side by side, each on a database of its own (a trial mostly waits for its process); each
    // kill needs a process start, so a round takes longer than most tests on a loaded machine.
    it.concurrent(`round ${round}: ${TRIALS} kills after whole imports, the database whole, each file all or none`, { timeout: 150_000 }, async ({ expect }) => {
      const dir = tempFolder();
      const path = join(dir, 'glossa.db');
      const line = await runRound('CLI', `C${round}x`, expect, path, faultSeed(1610 + round), async (tag, size, delayMs) => {
        const file = join(dir, `${tag}.tmx`);
        writeFileSync(file, makeTmx(tag, size));
        const started = Date.now();
        const p = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
        const first = await kill9After(p, delayMs, p.exited);
        return { doneFirst: first === 'done first', ms: Date.now() - started };
      });
      console.log(line);
    });
  }
});
