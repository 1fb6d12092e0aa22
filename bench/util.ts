/**
 * What the benchmarks (and the TM search test) share: percentiles, a seeded random source, a
 * free port on 127.0.0.1, and the drop-one-word queries with the comparison that scores them.
 */
import { createServer } from 'node:net';
import { toUnits } from '../src/text/tokens.js';

/** The value at rank floor(p% · n) of the sorted list (NaN for none). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** Deterministic pseudo-random numbers in [0, 1) (xorshift), so two runs ask the same queries. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** A port nobody listens on now on 127.0.0.1 (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const HAN = /\p{Script=Han}/u;

/** Drop the middle word (English) or two middle characters (Chinese) of a segment; undefined when too short. */
export function dropOne(text: string): string | undefined {
  if (HAN.test(text)) {
    const chars = [...text];
    if (chars.length < 8) return undefined;
    const k = Math.floor(chars.length / 2);
    return [...chars.slice(0, k), ...chars.slice(k + 2)].join('');
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  if (words.length < 4) return undefined;
  const k = Math.floor(words.length / 2);
  return [...words.slice(0, k), ...words.slice(k + 1)].join(' ');
}

/** The same matching units (src/text/tokens.ts): the same segment as far as TM search can tell. */
export const sameUnits = (a: string, b: string): boolean => toUnits(a).units.join(' ') === toUnits(b).units.join(' ');
