/** What every consistency rule sees: one unit, and the context of the whole check. */
import type { CheckIssue, Severity } from '../model.js';
import type { AnalysedText } from './text.js';
import type { CheckGlossary } from './glossary.js';
import type { Dictionary } from '../dict/cedict.js';

/** A unit to check: plain text of both sides (inline codes removed). */
export interface CheckUnit {
  id: string;
  source: string;
  target: string;
  /** Where the unit starts in the checked file (1-based line, and column in UTF-16 code units), when the reader knows. */
  line?: number;
  column?: number;
}

/** A unit with both sides analysed once for all rules. */
export interface AnalysedUnit extends CheckUnit {
  src: AnalysedText;
  tgt: AnalysedText;
}

/** An earlier translation of the same source in the TM. */
export interface TmTranslation {
  id?: number;
  source: string;
  target: string;
}

export interface CheckContext {
  srcLang: string;
  tgtLang: string;
  glossary: CheckGlossary;
  /** CC-CEDICT, when loaded: its senses also count for a candidate term nobody approved yet. */
  dictionary?: Dictionary;
  /** Every unit of the file, for rules that compare units (inconsistent translations). */
  units: readonly AnalysedUnit[];
  /** Earlier translations in the TM of each unit's source, by folded source. */
  tm: ReadonlyMap<string, readonly TmTranslation[]>;
}

export interface CheckRule {
  id: string;
  severity: Severity;
  /** One line for the rule table (docs/checks.md): what the rule finds. */
  description: string;
  check(unit: AnalysedUnit, context: CheckContext): CheckIssue[];
}
