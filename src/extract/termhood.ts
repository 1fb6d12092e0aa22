/**
 * Termhood of Chinese multiword candidates by C-value (Frantzi, Ananiadou & Mima 2000): a run of
 * words scores by its length and its frequency, less the frequency it owes to longer candidates
 * that contain it. 證券交易委員會 keeps its score; 交易委員 (only ever inside it) scores nothing.
 */
import type { AnalysedUnit } from './types.js';

/** C-value of every Chinese candidate (keys: Simplified text), over all units. */
export function cValues(units: readonly Pick<AnalysedUnit, 'zhTokens' | 'zhCandidates'>[]): Map<string, number> {
  const freq = new Map<string, number>();
  const words = new Map<string, string[]>();
  for (const u of units) {
    for (const c of u.zhCandidates) {
      freq.set(c.key, (freq.get(c.key) ?? 0) + 1);
      if (!words.has(c.key) && c.tokens > 1) {
        words.set(c.key, u.zhTokens.filter((t) => t.start >= c.start && t.end <= c.end).map((t) => t.key));
      }
    }
  }
  // For each candidate: the total frequency and the number of longer candidates containing it.
  const nestedFreq = new Map<string, number>();
  const nestedTypes = new Map<string, number>();
  for (const [key, parts] of words) {
    const f = freq.get(key)!;
    const subs = new Set<string>();
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j <= parts.length; j++) {
        if (i === 0 && j === parts.length) continue;
        subs.add(parts.slice(i, j).join(''));
      }
    }
    for (const s of subs) {
      if (!freq.has(s)) continue;
      nestedFreq.set(s, (nestedFreq.get(s) ?? 0) + f);
      nestedTypes.set(s, (nestedTypes.get(s) ?? 0) + 1);
    }
  }
  const out = new Map<string, number>();
  for (const [key, f] of freq) {
    const n = words.get(key)?.length ?? 1;
    const types = nestedTypes.get(key) ?? 0;
    const owed = types > 0 ? nestedFreq.get(key)! / types : 0;
    out.set(key, Math.log2(n + 1) * (f - owed));
  }
  return out;
}
