/**
 * Renderings the TM shows for candidate terms. A candidate is the extractor's best guess from
 * weak evidence (one unit, a dictionary sense); the TM the glossary came from shows how its
 * translators actually render the term (美國 as America in nearly every unit). A target word is
 * taken as a rendering of a term when it goes with the term: in at least half of the units whose
 * source holds the term (two at least), rarely elsewhere (Dice ≥ 0.5), and not the rendering of
 * another glossary term of the same unit. Only for terms some unit of the check lacks, so the
 * cost is a few concordance look-ups per check, not a pass over the TM.
 */
import type { Db } from '../store/db.js';
import { concordance } from '../match/concordance.js';
import { primaryLanguage } from '../model.js';
import { isStopKey, phraseKey, tokenizeEnglish } from '../text/en-words.js';
import type { SourceTerm } from './glossary.js';
import { AnalysedText } from './text.js';
import { normaliseWordKey, sameFamily } from '../text/en-words.js';
import { echoesTranslation, type TermMatcher } from './terms.js';

/** Most units of the TM read per term, and most terms looked up per check. */
const UNITS_PER_TERM = 200;
const MAX_TERMS = 200;
const MIN_UNITS = 2;
const MIN_SHARE = 0.5;
const MIN_DICE = 0.5;

interface Pair {
  source: string;
  target: string;
}

/** Units of the TM in the check's direction (a reversed pair is read the other way round). */
function inDirection(hit: { source: string; target: string; srcLang: string; tgtLang: string }, src: string, tgt: string): Pair | undefined {
  const s = primaryLanguage(hit.srcLang);
  const t = primaryLanguage(hit.tgtLang);
  if (s === src && t === tgt) return { source: hit.source, target: hit.target };
  if (s === tgt && t === src) return { source: hit.target, target: hit.source };
  return undefined;
}

/**
 * The TM's units holding a term, in the check's direction, each piece of text counted once: a
 * unit whose source and target contain another unit's (a paragraph stored beside its sentences)
 * repeats that unit's evidence, so the shorter one stands for both.
 */
async function termUnits(db: Db, term: SourceTerm, src: string, tgt: string): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const hit of await concordance(db, term.text, UNITS_PER_TERM)) {
    const p = inDirection(hit, src, tgt);
    if (p) pairs.push(p);
  }
  pairs.sort((a, b) => a.source.length - b.source.length);
  const kept: Pair[] = [];
  for (const p of pairs) {
    if (kept.some((k) => k.source.trim().length > 0 && p.source.includes(k.source.trim()) && p.target.includes(k.target.trim()))) continue;
    kept.push(p);
  }
  return kept;
}

/** Content words of a target (word keys), without those inside the given spans. */
function contentWords(target: string, skip: readonly [number, number][]): Set<string> {
  const out = new Set<string>();
  for (const t of tokenizeEnglish(target)) {
    if (skip.some(([s, e]) => t.start < e && s < t.end)) continue;
    for (const part of t.key.split(' ')) {
      const k = normaliseWordKey(part);
      if (/^[a-z][a-z0-9]{2,}$/.test(k) && !isStopKey(k)) out.add(k);
    }
  }
  return out;
}

export async function learnRenderings(db: Db, terms: readonly SourceTerm[], matcher: TermMatcher, srcLang: string, tgtLang: string): Promise<Map<SourceTerm, string[]>> {
  const out = new Map<SourceTerm, string[]>();
  const src = primaryLanguage(srcLang);
  const tgt = primaryLanguage(tgtLang);
  const df = new Map<string, number>();
  for (const term of terms.slice(0, MAX_TERMS)) {
    const pairs = await termUnits(db, term, src, tgt);
    const units: Set<string>[] = [];
    let n = 0;
    for (const p of pairs) {
      const source = new AnalysedText(p.source, srcLang);
      const target = new AnalysedText(p.target, tgtLang);
      const hits = matcher.termsIn(source);
      if (!hits.some((h) => h.term === term)) continue;
      // Units that render the term in a known way say nothing about other renderings.
      if (matcher.renderingIn(term, target)) continue;
      n++;
      // Words that render the other glossary terms of the unit are theirs, not this term's.
      const skip = hits.filter((h) => h.term !== term).flatMap((h) => {
        const r = matcher.renderingIn(h.term, target);
        return r ? [r] : [];
      });
      units.push(contentWords(p.target, skip));
    }
    // A word counts in every unit holding a word of its family (America, American).
    const counts = new Map<string, number>();
    for (const words of units) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [w] of counts) counts.set(w, units.filter((u) => [...u].some((x) => sameFamily(x, w))).length);
    if (n < MIN_UNITS) continue;
    const learned: string[] = [];
    for (const [word, c] of counts) {
      if (c < MIN_UNITS || c < MIN_SHARE * n) continue;
      let d = df.get(word);
      if (d === undefined) {
        d = 0;
        for (const hit of await concordance(db, word, 1000)) {
          const p = inDirection(hit, src, tgt);
          if (p && contentWords(p.target, []).has(word)) d++;
        }
        df.set(word, d);
      }
      if ((2 * c) / (n + Math.max(d, c)) >= MIN_DICE) learned.push(word);
    }
    if (learned.length > 0) out.set(term, learned);
  }
  return out;
}

/**
 * Share of a term's TM units whose target must render it in an accepted way for the term to be a
 * rule: a term its own translators render otherwise in more than a third of its units (a general
 * word, a phrase the translation rephrases, an extraction from one unit) is no rule a check can
 * hold a new translation to.
 */
export const MIN_RULE_SHARE = 2 / 3;

/**
 * Extracted terms the TM shows are no rules. Of the TM units (in the check's direction, target
 * not empty, a paragraph stored beside its sentences counted once) whose source holds the term:
 * - fewer than MIN_RULE_SHARE render it in any way the check accepts (the glossary's
 *   translation, a dictionary sense, a rendering learnt from the TM): the check would cry wolf
 *   on the TM itself;
 * - or, unless CC-CEDICT confirms the glossary's translation (a name, or one of its senses),
 *   fewer than MIN_RULE_SHARE hold the glossary's own translation (not counting a unit whose
 *   source writes that translation in Latin letters elsewhere: the target copies it; nor one
 *   whose source holds another term with the same translation: it is that term's): the
 *   extractor's pair is one rendering among several (相關資料 as "related materials" in two of
 *   six units), no rule.
 * A term the TM does not hold stays a rule. `split` gathers the rules the TM renders otherwise
 * in more than 1 − SPLIT_SHARE of their units.
 */
/**
 * Share of a term's TM units that must render it in an accepted way for a miss of it to be an
 * error: a rule its translators follow in fewer (an unreviewed candidate the TM itself renders
 * otherwise in more than one unit in ten) gives a warning.
 */
export const SPLIT_SHARE = 0.9;

export async function termsNotRules(db: Db, terms: readonly SourceTerm[], matcher: TermMatcher, srcLang: string, tgtLang: string, split: SourceTerm[] = []): Promise<SourceTerm[]> {
  const out: SourceTerm[] = [];
  const src = primaryLanguage(srcLang);
  const tgt = primaryLanguage(tgtLang);
  for (const term of terms.slice(0, MAX_TERMS)) {
    let n = 0;
    let rendered = 0;
    let own = 0;
    for (const p of await termUnits(db, term, src, tgt)) {
      if (p.target.trim().length === 0) continue;
      const sourceHits = matcher.termsIn(new AnalysedText(p.source, srcLang));
      const inSource = sourceHits.find((h) => h.term === term);
      if (!inSource) continue;
      n++;
      const target = new AnalysedText(p.target, tgtLang);
      if (matcher.renderingIn(term, target)) rendered++;
      // A translation the source itself writes in Latin letters elsewhere is copied, and one that
      // another term of the source has as its translation too is that term's (前述 paired with
      // "ombudsman statement" from units that also hold 評議書): neither renders this term.
      const ownKeys = new Set(term.expected.map((e) => phraseKey(e)));
      const claimed = sourceHits.some((h) => h.term !== term && h.term.expected.some((e) => ownKeys.has(phraseKey(e))));
      if (matcher.glossaryRenderingIn(term, target) && !claimed && !term.expected.some((e) => echoesTranslation(p.source, inSource.span, e))) own++;
    }
    if (n === 0) continue;
    if (rendered < MIN_RULE_SHARE * n || (own < MIN_RULE_SHARE * n && !matcher.dictionaryConfirms(term))) out.push(term);
    else if (rendered < SPLIT_SHARE * n) split.push(term);
  }
  return out;
}
