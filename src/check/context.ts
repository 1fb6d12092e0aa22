/**
 * Work shared between rules, done once per unit or per file and cached: the glossary terms of
 * each unit (term-missing, name-missing) and the groups of units by source and by target
 * (inconsistent-translation).
 */
import type { AnalysedUnit, CheckContext } from './types.js';
import type { TermHit, TermMatcher } from './terms.js';
import { sameTextKey } from '../text/fold.js';
import type { AnalysedText } from './text.js';
import type { SourceTerm } from './glossary.js';

export interface UnitTermHit extends TermHit {
  /** Where the target renders the term, if it does. */
  rendering?: [number, number];
}

const matchers = new WeakMap<CheckContext, TermMatcher>();
const hitsCache = new WeakMap<AnalysedUnit, UnitTermHit[]>();

export function setMatcher(ctx: CheckContext, matcher: TermMatcher): void {
  matchers.set(ctx, matcher);
}

export function termHits(unit: AnalysedUnit, ctx: CheckContext): UnitTermHit[] {
  let hits = hitsCache.get(unit);
  if (!hits) {
    const matcher = matchers.get(ctx);
    hits = [];
    if (matcher) {
      for (const h of matcher.termsIn(unit.src)) {
        const rendering = matcher.renderingIn(h.term, unit.tgt);
        hits.push(rendering ? { ...h, rendering } : h);
      }
    }
    hitsCache.set(unit, hits);
  }
  return hits;
}

/** Whether a term the target does not render is reported (see TermMatcher.isRule); true without a matcher. */
export function isRule(term: SourceTerm, ctx: CheckContext): boolean {
  return matchers.get(ctx)?.isRule(term) ?? true;
}

/** Look again for the renderings a unit lacked, after the matcher learnt more of them (TM renderings). */
export function refreshRenderings(unit: AnalysedUnit, ctx: CheckContext): void {
  const matcher = matchers.get(ctx);
  const hits = hitsCache.get(unit);
  if (!matcher || !hits) return;
  for (const h of hits) {
    if (h.rendering) continue;
    const rendering = matcher.renderingIn(h.term, unit.tgt);
    if (rendering) h.rendering = rendering;
  }
}

/** sameTextKey of an analysed text, from its character fold (script, width and case are folded already). */
function analysedKey(text: AnalysedText): string {
  return sameTextKey(text.foldedText().text, true);
}

export interface UnitGroups {
  bySource: Map<string, AnalysedUnit[]>;
  byTarget: Map<string, AnalysedUnit[]>;
  sourceKey: Map<AnalysedUnit, string>;
  targetKey: Map<AnalysedUnit, string>;
}

const groupsCache = new WeakMap<readonly AnalysedUnit[], UnitGroups>();

export function unitGroups(units: readonly AnalysedUnit[]): UnitGroups {
  let g = groupsCache.get(units);
  if (!g) {
    g = { bySource: new Map(), byTarget: new Map(), sourceKey: new Map(), targetKey: new Map() };
    for (const u of units) {
      if (u.target.trim().length === 0 || u.source.trim().length === 0) continue;
      const s = analysedKey(u.src);
      const t = analysedKey(u.tgt);
      if (s.length === 0 || t.length === 0) continue;
      g.sourceKey.set(u, s);
      g.targetKey.set(u, t);
      if (!g.bySource.has(s)) g.bySource.set(s, []);
      g.bySource.get(s)!.push(u);
      if (!g.byTarget.has(t)) g.byTarget.set(t, []);
      g.byTarget.get(t)!.push(u);
    }
    groupsCache.set(units, g);
  }
  return g;
}
