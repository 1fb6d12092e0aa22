/**
 * kill -9 at random points of an HTTP import, in two rounds of five trials on one database each
 * (test/faults/kill-checks.ts says what must hold after every kill).
 */
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, kill9, makeTmx, seeded, startServer, tempFolder } from './helpers.js';
import { checkAfterKill, SIZES, summary, TRIALS, type Outcome } from './kill-checks.js';

/** How long a whole import of each size takes here: kills are drawn over that span. */
const spans: number[] = [];
beforeAll(async () => {
  buildDist();
  const calibration = await startServer(`file:${join(tempFolder(), 'calibrate.db')}`);
  for (const size of SIZES) {
    const started = Date.now();
    await fetch(`${calibration.url}/api/import?format=tmx&extract=false`, { method: 'POST', body: makeTmx(`K${size}`, size) });
    spans.push(Date.now() - started);
  }
  await kill9(calibration);
});

describe('kill -9 during an HTTP import', () => {
  for (const round of [1, 2]) {
    // Each kill needs a process start: a round takes longer than most tests on a loaded machine.
    it(`round ${round}: ${TRIALS} kills, the database whole, each file all or none`, { timeout: 150_000 }, async () => {
      const seed = faultSeed(1600 + round);
      const random = seeded(seed);
      const path = join(tempFolder(), 'glossa.db');
      const trials: Outcome[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const size = SIZES[trial % SIZES.length]!;
        const tag = `H${round}x${trial}`;
        const body = makeTmx(tag, size);
        const server = await startServer(`file:${path}`);
        // From the request's start to past the end of a whole import.
        const delayMs = Math.round(random() * spans[trial % SIZES.length]! * 1.2);
        trials.push({ tag, size, delayMs, stored: 0 });
        const answer = fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, delayMs));
        await kill9(server);
        await answer;
        await checkAfterKill(path, trials, seed, random);
      }
      console.log(summary('HTTP', seed, trials));
    });
  }
});
