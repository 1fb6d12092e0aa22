/** The language pair a glossary file is written in, shared by the glossary writers (TBX, CSV/TSV). */
import type { LangTag, TermEntry } from '../model.js';

/** The language pair most entries hold, for the file's xml:lang and the CSV header. */
export function dominantPair(entries: readonly TermEntry[]): [LangTag, LangTag] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const langs = [...new Set(e.terms.map((t) => t.lang))];
    for (let i = 0; i < langs.length; i++) for (let j = 0; j < langs.length; j++) if (i !== j) {
      const k = `${langs[i]}\u0000${langs[j]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1 + (i < j ? 0.5 : 0));
    }
  }
  let best: string | undefined;
  for (const [k, n] of counts) if (best === undefined || n > counts.get(best)!) best = k;
  if (!best) {
    const one = entries[0]?.terms[0]?.lang ?? 'en';
    return [one, one];
  }
  const [a, b] = best.split('\u0000') as [string, string];
  return [a, b];
}
