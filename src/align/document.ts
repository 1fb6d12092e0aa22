/** Bilingual document → sentence pairs (filled in below by the alignment work of issue #2). */
import type { TranslationUnit } from '../model.js';

export interface AlignedDocument {
  units: TranslationUnit[];
}

export function alignBilingualText(_text: string, _options: { file: string }): AlignedDocument {
  return { units: [] };
}
