/**
 * Consistency checks of a new translation against the glossary and the TM, as a CAT tool's QA
 * step reports them. The rules are a list (one file each under rules/), run over every unit with
 * a shared context; adding a rule is one file and one line in RULES.
 */
import type { CheckIssue, Severity, TermEntry } from '../model.js';
import type { AnalysedUnit, CheckContext, CheckRule, CheckUnit, TmTranslation } from './types.js';
import { AnalysedText } from './text.js';
import { buildCheckGlossary, type CheckGlossary, type SourceTerm } from './glossary.js';
import { TermMatcher } from './terms.js';
import { refreshRenderings, setMatcher, termHits } from './context.js';
import { sameTextKey } from '../text/fold.js';
import type { Dictionary } from '../dict/cedict.js';
import { untranslated } from './rules/untranslated.js';
import { termMissing } from './rules/term-missing.js';
import { termVariant } from './rules/term-variant.js';
import { termForbidden } from './rules/term-forbidden.js';
import { numberMismatch } from './rules/number-mismatch.js';
import { nameMissing } from './rules/name-missing.js';
import { inconsistentTranslation } from './rules/inconsistent-translation.js';

export type { CheckUnit, CheckRule, CheckContext, TmTranslation } from './types.js';

export const RULES: readonly CheckRule[] = [untranslated, termMissing, termVariant, termForbidden, numberMismatch, nameMissing, inconsistentTranslation];

export interface CheckSummary {
  units: number;
  /** Units with at least one issue. */
  unitsWithIssues: number;
  errors: number;
  warnings: number;
  byRule: Record<string, number>;
  /** Glossary source terms the check used for this language pair. */
  glossaryTerms: number;
  srcLang: string;
  tgtLang: string;
}

export interface CheckReport {
  issues: CheckIssue[];
  summary: CheckSummary;
}

export interface CheckOptions {
  srcLang: string;
  tgtLang: string;
  entries: readonly TermEntry[];
  /** CC-CEDICT: its senses also count for a candidate term nobody approved yet. */
  dictionary?: Dictionary;
  /** Earlier translations in the TM of the given sources, keyed by sameTextKey (see tmTranslations). */
  tm?: ReadonlyMap<string, readonly TmTranslation[]>;
  rules?: readonly CheckRule[];
}

/** A check with its units analysed, before the rules run: the caller may teach the matcher first. */
export interface PreparedCheck {
  matcher: TermMatcher;
  /** Candidate (unapproved) terms that some unit's source holds and its target renders in no known way, and the terms inside them. */
  unrenderedCandidates(): SourceTerm[];
  /** Add renderings of terms (from the TM) and look again at the units that lacked them. */
  addRenderings(renderings: ReadonlyMap<SourceTerm, readonly string[]>): void;
  /** Extracted terms that some unit's target renders in no accepted way, even after addRenderings: the TM may show they are no rule. */
  unrenderedExtracted(): SourceTerm[];
  /** Terms the TM shows are no rule: no longer reported missing. */
  markNotRules(terms: Iterable<SourceTerm>): void;
  run(): CheckReport;
}

/**
 * The check glossary and term matcher of a list of entries, per language pair and dictionary,
 * kept while the list lives: the store hands out the same list until the glossary changes
 * (src/check/run.ts), so a check after another builds neither again.
 */
const prepared = new WeakMap<readonly TermEntry[], Map<string, { glossary: CheckGlossary; matcher: TermMatcher }>>();

function checkBase(entries: readonly TermEntry[], srcLang: string, tgtLang: string, dictionary: Dictionary | undefined): { glossary: CheckGlossary; matcher: TermMatcher } {
  let byPair = prepared.get(entries);
  if (!byPair) prepared.set(entries, (byPair = new Map()));
  const key = `${srcLang}\u0000${tgtLang}\u0000${dictionary ? 1 : 0}`;
  let base = byPair.get(key);
  if (!base) {
    const glossary = buildCheckGlossary(entries, srcLang, tgtLang);
    base = { glossary, matcher: new TermMatcher(glossary, dictionary) };
    byPair.set(key, base);
  }
  return base;
}

export function prepareCheck(units: readonly CheckUnit[], options: CheckOptions): PreparedCheck {
  const { srcLang, tgtLang } = options;
  const base = checkBase(options.entries, srcLang, tgtLang, options.dictionary);
  const glossary = base.glossary;
  const analysed: AnalysedUnit[] = units.map((u) => ({ ...u, src: new AnalysedText(u.source, srcLang), tgt: new AnalysedText(u.target, tgtLang) }));
  const ctx: CheckContext = { srcLang, tgtLang, glossary, units: analysed, tm: options.tm ?? new Map(), ...(options.dictionary ? { dictionary: options.dictionary } : {}) };
  const matcher = base.matcher.fork();
  setMatcher(ctx, matcher);
  return {
    matcher,
    unrenderedCandidates() {
      const out = new Set<SourceTerm>();
      for (const unit of analysed) {
        if (unit.target.trim().length === 0) continue;
        for (const h of termHits(unit, ctx)) if (!h.rendering && !h.term.approved && matcher.isRule(h.term)) out.add(h.term);
      }
      // The terms inside them too: a compound may be rendered part by part (美國 in 美國競爭對手).
      for (const t of [...out]) for (const inner of matcher.termsInside(t)) if (!inner.approved) out.add(inner);
      return [...out];
    },
    addRenderings(renderings) {
      if (renderings.size === 0) return;
      for (const [term, phrases] of renderings) matcher.addRenderings(term, phrases);
      for (const unit of analysed) refreshRenderings(unit, ctx);
    },
    unrenderedExtracted() {
      const out = new Set<SourceTerm>();
      for (const unit of analysed) {
        if (unit.target.trim().length === 0) continue;
        for (const h of termHits(unit, ctx)) if (!h.rendering && matcher.isRule(h.term)) out.add(h.term);
      }
      return [...out].filter((t) => t.extracted);
    },
    markNotRules: (terms) => matcher.markNotRules(terms),
    run: () => runRules(analysed, ctx, options.rules ?? RULES),
  };
}

/** Check units against the glossary and the TM; issues in unit order, then rule order. */
export function checkUnits(units: readonly CheckUnit[], options: CheckOptions): CheckReport {
  return prepareCheck(units, options).run();
}

function runRules(analysed: readonly AnalysedUnit[], ctx: CheckContext, rules: readonly CheckRule[]): CheckReport {
  const issues: CheckIssue[] = [];
  const unitsWithIssues = new Set<string>();
  for (const unit of analysed) {
    for (const rule of rules) {
      for (const issue of rule.check(unit, ctx)) {
        issues.push(issue);
        unitsWithIssues.add(unit.id);
      }
    }
  }
  const byRule: Record<string, number> = {};
  for (const i of issues) byRule[i.rule] = (byRule[i.rule] ?? 0) + 1;
  return {
    issues,
    summary: {
      units: analysed.length,
      unitsWithIssues: unitsWithIssues.size,
      errors: count(issues, 'error'),
      warnings: count(issues, 'warning'),
      byRule,
      glossaryTerms: ctx.glossary.sources.length,
      srcLang: ctx.srcLang,
      tgtLang: ctx.tgtLang,
    },
  };
}

function count(issues: readonly CheckIssue[], severity: Severity): number {
  return issues.filter((i) => i.severity === severity).length;
}

/** Index TM translations by the key the inconsistency rule compares sources with. */
export function indexTm(tus: Iterable<{ id?: number; source: string; target: string }>, wanted?: ReadonlySet<string>): Map<string, TmTranslation[]> {
  const map = new Map<string, TmTranslation[]>();
  for (const tu of tus) {
    const key = sameTextKey(tu.source);
    if (wanted && !wanted.has(key)) continue;
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push({ ...(tu.id !== undefined ? { id: tu.id } : {}), source: tu.source, target: tu.target });
  }
  return map;
}
