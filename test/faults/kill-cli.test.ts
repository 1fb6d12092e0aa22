/**
 * kill -9 at random points of a CLI ingest, in two rounds of five trials on one database each
 * (test/faults/kill-checks.ts says what must hold after every kill).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, glossa, kill9After, makeTmx, seeded, tempFolder } from './helpers.js';
import { checkAfterKill, LANDED, SIZES, SPAN_FACTOR, summary, TRIALS, WHOLE_MS, type Outcome } from './kill-checks.js';

/** How long a whole ingest of each size takes here, process start included: kills are drawn over that span. */
const spans: number[] = [];
beforeAll(async () => {
  buildDist();
  const dir = tempFolder();
  for (const size of SIZES) {
    const file = join(dir, `calibrate-${size}.tmx`);
    writeFileSync(file, makeTmx(`K${size}`, size));
    const started = Date.now();
    await glossa(['--db', `file:${join(dir, 'calibrate.db')}`, 'ingest', '--no-extract', file]).exited;
    spans.push(Date.now() - started);
  }
});

describe('kill -9 during a CLI ingest', () => {
  for (const round of [1, 2]) {
    // The two rounds run side by side, each on a database of its own (a trial mostly waits for
    // its process); each kill needs a process start, so a round takes longer than most tests on a
    // loaded machine.
    it.concurrent(`round ${round}: ${TRIALS} kills after a whole import, the database whole, each file all or none`, { timeout: 150_000 }, async ({ expect }) => {
      const seed = faultSeed(1610 + round);
      const random = seeded(seed);
      // Which units to search for: a generator of its own, so kill points replay by the seed alone.
      const picks = seeded(seed + 1);
      const dir = tempFolder();
      const path = join(dir, 'glossa.db');
      const trials: Outcome[] = [];
      for (let trial = LANDED; trial < TRIALS; trial++) {
        const size = SIZES[Math.max(trial, 0) % SIZES.length]!;
        const tag = `C${round}x${trial < 0 ? 'w' : trial}`;
        const file = join(dir, `${tag}.tmx`);
        writeFileSync(file, makeTmx(tag, size));
        // From the process's start (loading, opening, migrating) to past the ingest's end.
        const delayMs = trial === LANDED ? WHOLE_MS : Math.round(random() * spans[trial % SIZES.length]! * SPAN_FACTOR);
        const outcome: Outcome = { tag, size, delayMs, stored: 0, doneFirst: false, whole: trial === LANDED };
        trials.push(outcome);
        const p = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
        outcome.doneFirst = (await kill9After(p, delayMs, p.exited)) === 'done first';
        await checkAfterKill(expect, path, trials, seed, picks);
        if (outcome.whole) expect(outcome.stored, `${tag}: the import before the drawn kills landed whole`).toBe(size);
      }
      console.log(summary('CLI', seed, trials));
    });
  }
});
