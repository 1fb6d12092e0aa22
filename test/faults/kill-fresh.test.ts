/**
 * kill -9 during a CLI ingest into a database file that does not exist yet: the import fills a
 * temporary file beside it and publishes it whole (src/store/open-fresh.ts). After each kill
 * the database is absent or holds the whole file (integrity checked, its TM index complete),
 * and the next import into the same path removes what the killed one left.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, faultSeed, glossa, inspectDb, kill9After, makeTmx, seeded, tempFolder } from './helpers.js';

beforeAll(() => buildDist());

/** Files beside the database other than the TMX files (the database, its WAL, temporary files). */
const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => !n.endsWith('.tmx'));

describe('kill -9 during a CLI ingest into a new database file', () => {
  it('leaves no database or the whole one, and the next import removes the temporary file', { timeout: 120_000 }, async () => {
    const dir = tempFolder();
    const path = join(dir, 'new.db');
    const size = 5100;
    const file = join(dir, 'f.tmx');
    writeFileSync(file, makeTmx('N', size));
    // One whole import, timed, to draw the kills over (and the path it takes: no database
    // under its name until the end).
    const started = Date.now();
    const whole = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
    let seenTemp = false;
    let seenTarget = false;
    const poll = setInterval(() => {
      if (leftovers(dir).some((n) => n.includes('.import-'))) seenTemp = true;
      if (!seenTemp && existsSync(path)) seenTarget = true;
    }, 5);
    const end = await whole.exited;
    clearInterval(poll);
    expect(end.code, whole.output()).toBe(0);
    const span = Date.now() - started;
    expect(seenTemp, 'a temporary file was seen while the import ran').toBe(true);
    expect(seenTarget, 'the database appeared before the import had filled it').toBe(false);
    expect(inspectDb(path).units).toBe(size);
    expect(leftovers(dir).filter((n) => n.includes('.import-'))).toEqual([]);

    const seed = faultSeed(1650);
    const random = seeded(seed);
    const outcomes: string[] = [];
    for (let trial = 0; trial < 4; trial++) {
      for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true });
      const delayMs = Math.round(random() * span);
      const p = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
      const first = await kill9After(p, delayMs, p.exited);
      const where = `seed ${seed}, trial ${trial}, killed after ${delayMs} ms (${first})`;
      if (existsSync(path)) {
        const state = inspectDb(path);
        expect(state.integrity, where).toBe('ok');
        expect(state.units, where).toBe(size);
        expect(state.indexedUpto, where).toBe(state.maxId);
        expect(state.unindexed, where).toBe(0);
        outcomes.push(`${delayMs}ms: whole`);
      } else outcomes.push(`${delayMs}ms: absent, ${leftovers(dir).length} file(s) left`);
    }
    // The next import into the path: whole, and nothing of the killed ones left beside it.
    for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true });
    const last = glossa(['--db', `file:${path}`, 'ingest', '--no-extract', file]);
    expect((await last.exited).code, last.output()).toBe(0);
    expect(inspectDb(path).units).toBe(size);
    expect(leftovers(dir).filter((n) => n.includes('.import-'))).toEqual([]);
    console.log(`fresh-file kill -9 (seed ${seed}): ${outcomes.join('; ')}`);
  });
});
