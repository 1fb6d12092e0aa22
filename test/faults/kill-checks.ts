/**
 * kill -9 at random points of an import, through HTTP and through the CLI: after each kill the
 * database opens, passes `PRAGMA integrity_check`, holds all or none of the killed file's units
 * (and every file of the earlier trials), its TM index covers every stored unit, and a TM search
 * finds stored units of the file. The kill points are drawn from a seeded generator
 * (GLOSSA_FAULT_SEED replays a run); files alternate between the one-transaction client path
 * and the bulk path (over 5000 units).
 */
import { expect } from 'vitest';
import { inspectDb, unitSource, type DbState } from './helpers.js';
import { openDb } from '../../src/store/db.js';
import { searchTM } from '../../src/match/tm.js';

/** Trials per test (two rounds each of HTTP and CLI: 20 kills). */
export const TRIALS = 5;
/** File sizes in turn: the client path, then the bulk path (over 5000 units). */
export const SIZES = [300, 5100];

export interface Outcome {
  tag: string;
  size: number;
  delayMs: number;
  stored: number;
}

/** Everything that must hold after a kill, given the files each trial tried to import. */
export async function checkAfterKill(path: string, trials: Outcome[], seed: number, random: () => number): Promise<DbState> {
  const where = `seed ${seed}, trial ${trials.length}`;
  // The next process opens it (a kill before the first migration committed leaves it empty).
  const db = await openDb(`file:${path}`);
  const state = inspectDb(path);
  expect(state.integrity, where).toBe('ok');
  for (const t of trials) {
    const n = state.byTag.get(t.tag) ?? 0;
    expect([0, t.size], `${where}: units of ${t.tag} (${t.size}-unit file killed after ${t.delayMs} ms)`).toContain(n);
  }
  const last = trials[trials.length - 1]!;
  last.stored = state.byTag.get(last.tag) ?? 0;
  // The index has covered every unit since its commit, with no repair on open.
  expect(state.indexedUpto, `${where}: TM index behind the units`).toBeGreaterThanOrEqual(state.maxId);
  // Stored units are found by the TM search (a sample of each stored file).
  try {
    for (const t of trials.filter((x) => x.stored > 0)) {
      for (let k = 0; k < 3; k++) {
        const i = Math.floor(random() * t.size);
        const hits = await searchTM(db, unitSource(t.tag, i), { min: 100, limit: 1 });
        expect(hits.map((h) => h.source), `${where}: TM search for unit ${i} of ${t.tag}`).toEqual([unitSource(t.tag, i)]);
      }
    }
  } finally {
    db.close();
  }
  return state;
}

export function summary(kind: string, seed: number, trials: Outcome[]): string {
  const whole = trials.filter((t) => t.stored > 0).length;
  return `${kind} kill -9 (seed ${seed}): ${trials.length} trials, ${whole} landed whole, ${trials.length - whole} left nothing; kills at ${trials.map((t) => `${t.delayMs}ms/${t.size}`).join(' ')}`;
}

