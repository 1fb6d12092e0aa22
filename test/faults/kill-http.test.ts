/**
 * kill -9 at random points of an HTTP import, in two rounds of five trials on one database each
 * (test/faults/kill-checks.ts says what must hold after every kill).
 */
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, kill9, kill9After, makeTmx, seeded, startServer, tempFolder } from './helpers.js';
import { checkAfterKill, LANDED, SIZES, SPAN_FACTOR, summary, TRIALS, WHOLE_MS, type Outcome } from './kill-checks.js';

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
    // The two rounds run side by side, each on a database of its own (a trial mostly waits for
    // its process); each kill needs a process start, so a round takes longer than most tests on a
    // loaded machine.
    it.concurrent(`round ${round}: ${TRIALS} kills after a whole import, the database whole, each file all or none`, { timeout: 150_000 }, async ({ expect }) => {
      const seed = faultSeed(1600 + round);
      const random = seeded(seed);
      // Which units to search for: a generator of its own, so kill points replay by the seed alone.
      const picks = seeded(seed + 1);
      const path = join(tempFolder(), 'glossa.db');
      const trials: Outcome[] = [];
      for (let trial = LANDED; trial < TRIALS; trial++) {
        const size = SIZES[Math.max(trial, 0) % SIZES.length]!;
        const tag = `H${round}x${trial < 0 ? 'w' : trial}`;
        const body = makeTmx(tag, size);
        const server = await startServer(`file:${path}`);
        // From the request's start to past the end of a whole import.
        const delayMs = trial === LANDED ? WHOLE_MS : Math.round(random() * spans[trial % SIZES.length]! * SPAN_FACTOR);
        const outcome: Outcome = { tag, size, delayMs, stored: 0, doneFirst: false, whole: trial === LANDED };
        trials.push(outcome);
        const answer = fetch(`${server.url}/api/import?format=tmx&extract=false`, { method: 'POST', body }).catch(() => undefined);
        outcome.doneFirst = (await kill9After(server, delayMs, answer)) === 'done first';
        await answer;
        await checkAfterKill(expect, path, trials, seed, picks);
        if (outcome.whole) expect(outcome.stored, `${tag}: the import before the drawn kills landed whole`).toBe(size);
      }
      console.log(summary('HTTP', seed, trials));
    });
  }
});
