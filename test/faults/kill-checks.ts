/**
 * kill -9 at random points of an import, through HTTP and through the CLI: after each kill the
 * database opens, passes `PRAGMA integrity_check`, holds all or none of the killed file's units
 * (and every file of the earlier trials), its TM index covers every stored unit, and a TM search
 * finds stored units of the file. The kill points are drawn from a seeded generator
 * (GLOSSA_FAULT_SEED replays a run); files alternate between the one-transaction client path
 * and the bulk path (over 5000 units).
 */
import type { ExpectStatic } from 'vitest';
import { inspectDb, seeded, unitSource, type DbState } from './helpers.js';
import { openDb } from '../../src/store/db.js';
import { searchTM } from '../../src/match/tm.js';

/** Drawn kills per round (two rounds each of HTTP and CLI: 20 kills). */
export const TRIALS = 5;
/** File sizes in turn: the client path, then the bulk path (over 5000 units). */
export const SIZES = [300, 5100];
/**
 * Kills are drawn over this many times the length of a whole import of the same size measured
 * in the same round (a kill drawn past the end costs nothing: it lands as the import ends).
 */
export const SPAN_FACTOR = 2;
/** The kill's delay in a whole import: past any import's end (the kill lands as it ends). */
const WHOLE_MS = 100_000;

export interface Outcome {
  tag: string;
  size: number;
  delayMs: number;
  stored: number;
  /** The import ended (the process exited, the answer came) before the kill was due. */
  doneFirst: boolean;
  /** One of the imports before the drawn kills, killed only once it ended. */
  whole?: boolean;
}

/** Everything that must hold after a kill, given the files each trial tried to import (`expect`: the test's own, as the rounds run concurrently). */
export async function checkAfterKill(expect: ExpectStatic, path: string, trials: Outcome[], seed: number, random: () => number): Promise<DbState> {
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
  expect(state.unindexed, `${where}: sides of stored units in no list of the TM index`).toBe(0);
  // Stored units are found by the TM search: every unit of the last file when it is small, a
  // sample of a bulk file (every side of which the check above finds in the index), and one of
  // each earlier file.
  try {
    for (const t of trials.filter((x) => x.stored > 0)) {
      const picks = t !== last ? [Math.floor(random() * t.size)] : t.size <= 300 ? [...Array(t.size).keys()] : Array.from({ length: 25 }, () => Math.floor(random() * t.size));
      for (const i of picks) {
        const hits = await searchTM(db, unitSource(t.tag, i), { min: 100, limit: 1 });
        expect(hits.map((h) => h.source), `${where}: TM search for unit ${i} of ${t.tag}`).toEqual([unitSource(t.tag, i)]);
      }
    }
  } finally {
    db.close();
  }
  return state;
}

/**
 * Start an import of `size` units tagged `tag` (a process), and kill it after `delayMs` or as soon
 * as it ends: says whether it ended first, and how long from the point the delay counts from.
 */
export type Attempt = (tag: string, size: number, delayMs: number) => Promise<{ doneFirst: boolean; ms: number }>;

/**
 * One round on a fresh database: first an import of each size that lands whole (killed only as it
 * ends), timed; the drawn kills after them must leave those files whole. Then TRIALS imports,
 * each killed at a point drawn over SPAN_FACTOR times the timed length of its size. After every
 * kill, checkAfterKill. Returns the summary line.
 */
export async function runRound(kind: string, prefix: string, expect: ExpectStatic, path: string, seed: number, attempt: Attempt): Promise<string> {
  const random = seeded(seed);
  // Which units to search for: a generator of its own, so kill points replay by the seed alone.
  const picks = seeded(seed + 1);
  const trials: Outcome[] = [];
  const spans: number[] = [];
  // Largest first: the first import also creates and migrates the database, which would
  // lengthen a small file's span several times over.
  for (const k of [...SIZES.keys()].reverse()) {
    const size = SIZES[k]!;
    const tag = `${prefix}w${k}`;
    const outcome: Outcome = { tag, size, delayMs: WHOLE_MS, stored: 0, doneFirst: false, whole: true };
    trials.push(outcome);
    const { doneFirst, ms } = await attempt(tag, size, WHOLE_MS);
    outcome.doneFirst = doneFirst;
    spans[k] = ms;
    await checkAfterKill(expect, path, trials, seed, picks);
    expect(outcome.stored, `${tag}: the import before the drawn kills landed whole`).toBe(size);
  }
  for (let trial = 0; trial < TRIALS; trial++) {
    const size = SIZES[trial % SIZES.length]!;
    const outcome: Outcome = { tag: `${prefix}${trial}`, size, delayMs: Math.round(random() * spans[trial % SIZES.length]! * SPAN_FACTOR), stored: 0, doneFirst: false };
    trials.push(outcome);
    outcome.doneFirst = (await attempt(outcome.tag, size, outcome.delayMs)).doneFirst;
    await checkAfterKill(expect, path, trials, seed, picks);
  }
  return summary(kind, seed, trials);
}

function summary(kind: string, seed: number, all: Outcome[]): string {
  const trials = all.filter((t) => !t.whole);
  const cut = trials.filter((t) => !t.doneFirst);
  const whole = cut.filter((t) => t.stored > 0).length;
  const list = trials.map((t) => `${t.doneFirst ? 'after end' : `${t.delayMs}ms`}/${t.size}`).join(' ');
  return `${kind} kill -9 (seed ${seed}): ${trials.length} drawn kills after whole imports of each size; ${cut.length} in flight (${whole} of them had committed, ${cut.length - whole} left nothing), ${trials.length - cut.length} after the end; kills at ${list}`;
}
