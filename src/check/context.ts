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
  /** The rendering is word by word (a calque): accepted, and reported as a variant. */
  calque?: true;
  /** The rendering is word by word with its words far apart: accepted, but no span of the term's own. */
  loose?: true;
}

/** A variant of the glossary's translation where a unit's target renders a term (see TermMatcher.variantIn). */
export interface TermVariant {
  span: [number, number];
  kind: 'calque' | 'partial';
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
        const r = matcher.renderingOf(h.term, unit.tgt);
        hits.push(r ? { ...h, rendering: r.span, ...(r.calque ? { calque: true as const } : {}), ...(r.loose ? { loose: true as const } : {}) } : h);
      }
    }
    hitsCache.set(unit, hits);
  }
  return hits;
}

/** Whether a rule's own TM renders it otherwise in more than one unit in ten (TermMatcher.isSplit). */
export function isSplit(term: SourceTerm, ctx: CheckContext): boolean {
  return matchers.get(ctx)?.isSplit(term) ?? false;
}

/** Whether a term the target does not render is reported (see TermMatcher.isRule); true without a matcher. */
export function isRule(term: SourceTerm, ctx: CheckContext): boolean {
  return matchers.get(ctx)?.isRule(term) ?? true;
}

/** Whether a term is a single dictionary word (see TermMatcher.isDictionaryWord); false without a matcher. */
export function isDictionaryWord(term: SourceTerm, ctx: CheckContext): boolean {
  return matchers.get(ctx)?.isDictionaryWord(term) ?? false;
}

/** Look again for the renderings a unit lacked, after the matcher learnt more of them (TM renderings). */
export function refreshRenderings(unit: AnalysedUnit, ctx: CheckContext): void {
  const matcher = matchers.get(ctx);
  const hits = hitsCache.get(unit);
  if (!matcher || !hits) return;
  for (const h of hits) {
    if (h.rendering && !h.calque && !h.loose) continue;
    const r = matcher.renderingOf(h.term, unit.tgt);
    if (!r) continue;
    h.rendering = r.span;
    if (r.calque) h.calque = true;
    else delete h.calque;
    if (r.loose) h.loose = true;
    else delete h.loose;
  }
}

const variantsCache = new WeakMap<AnalysedUnit, Map<UnitTermHit, TermVariant>>();

/**
 * The variants of a unit's term hits, once every rendering is known (the rules run last): a
 * calque accepted as a rendering, or for a term the target does not render (and that is a
 * rule), a variant found outside the renderings of the unit's other terms.
 */
export function termVariants(unit: AnalysedUnit, ctx: CheckContext): Map<UnitTermHit, TermVariant> {
  let out = variantsCache.get(unit);
  if (!out) {
    out = new Map();
    const matcher = matchers.get(ctx);
    const hits = termHits(unit, ctx);
    for (const h of hits) {
      if (!matcher || !matcher.isRule(h.term) || !(h.calque || !h.rendering)) continue;
      // Words that render the unit's other terms are theirs, not a variant of this one.
      const skip = hits.filter((o) => o !== h && o.rendering && !o.calque && !o.loose).map((o) => o.rendering!);
      const v = matcher.variantIn(h.term, unit.tgt, skip);
      if (v && (v.kind === 'calque' || !h.rendering)) out.set(h, v);
    }
    variantsCache.set(unit, out);
  }
  return out;
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

/** Quotes and brackets that may stand between a name and the word that classifies it. */
const WRAP = `\\s"'“”‘’「」『』()（）`;
const NAME_BEFORE = new RegExp(`([!-~]*[A-Za-z][!-~]*)[${WRAP}]*$`, 'u');
const NAME_AFTER = new RegExp(`^[${WRAP}]*([!-~]*[A-Za-z][!-~]*)`, 'u');

/**
 * The Latin-script name (a path, a command, a package, an option) written right before or after
 * a source span, that the target holds too: "/etc/resolv.conf" 檔案 ~ "/etc/resolv.conf",
 * mount(8) 指令 ~ mount(8), 選項 "-t unstable" ~ "-t unstable". The word beside it says what kind
 * of thing the name is; a translation may leave it to the name.
 */
export function nameBeside(unit: AnalysedUnit, span: [number, number]): string | undefined {
  const target = unit.target.toLowerCase();
  const before = NAME_BEFORE.exec(unit.source.slice(Math.max(0, span[0] - 80), span[0]))?.[1];
  const after = NAME_AFTER.exec(unit.source.slice(span[1], span[1] + 80))?.[1];
  for (const raw of [before, after]) {
    const name = raw?.replace(/^[^A-Za-z0-9/~.-]+|[^A-Za-z0-9)]+$/g, '');
    if (name && name.length >= 2 && target.includes(name.toLowerCase())) return name;
  }
  return undefined;
}
