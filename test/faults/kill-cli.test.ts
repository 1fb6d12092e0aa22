/**
 * kill -9 at random points of a CLI ingest, in two rounds of five trials on one database each
 * (test/faults/kill-checks.ts says what must hold after every kill).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { buildDist, faultSeed, glossa, kill9, makeTmx, seeded, tempFolder } from './helpers.js';
import { checkAfterKill, SIZES, summary, TRIALS, type Outcome } from './kill-checks.js';

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
    // Each kill needs a process start: a round takes longer than most tests on a loaded machine.
    it(`round ${round}: ${TRIALS} kills, the database whole, each file all or none`, { timeout: 150_000 }, async () => {
      const seed = faultSeed(1610 + round);
      const random = seeded(seed);
      const dir = tempFolder();
      const path = join(dir, 'glossa.db');
      const trials: Outcome[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const size = SIZES[trial % SIZES.length]!;
        const tag = `C${round}x${trial}`;
        const file = join(dir, `${tag}.tmx`);
        writeFileSync(file, makeTmx(tag, size));
        // From the process's start (loading, opening, migrating) to past the ingest's end.
        const delayMs = Math.round(random() * spans[trial % SIZES.length]! * 1.1);
        trials.push({ tag, size, delayMs, stored: 0 });
        const p = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
        await new Promise((r) => setTimeout(r, delayMs));
        await kill9(p);
        await checkAfterKill(path, trials, seed, random);
      }
      console.log(summary('CLI', seed, trials));
    });
  }
});
