/**
 * untranslated: an empty target, or a target that repeats the source although the source holds
 * words of its language (a name, a number or a code copied over is a right translation).
 */
import type { CheckRule } from '../types.js';

export const untranslated: CheckRule = {
  id: 'untranslated',
  severity: 'error',
  description: 'the target is empty, or the same as a source that needs translating',
  check(unit, ctx) {
    if (unit.source.trim().length === 0) return [];
    if (unit.target.trim().length === 0) {
      return [{ unitId: unit.id, rule: this.id, severity: this.severity, message: 'the target is empty', sourceSpan: [0, unit.source.length] }];
    }
    if (unit.target.normalize('NFKC').trim() !== unit.source.normalize('NFKC').trim()) return [];
    if (!needsTranslation(unit.source, ctx.tgtLang)) return [];
    return [{ unitId: unit.id, rule: this.id, severity: this.severity, message: 'the target is a copy of the source', sourceSpan: [0, unit.source.length], targetSpan: [0, unit.target.length], found: unit.target }];
  },
};

/**
 * Whether a copied source is a missed translation: a Chinese source needs one as soon as it
 * holds Han characters; a Latin-script source into another Latin-script language only when it
 * reads as a sentence (several lower-case words), not a name, code, URL or number.
 */
function needsTranslation(source: string, tgtLang: string): boolean {
  const srcHan = /\p{Script=Han}/u.test(source);
  if (srcHan) return !/^(?:zh|ja)\b/i.test(tgtLang);
  if (!/\p{L}/u.test(source)) return false;
  if (/^\s*(?:https?:\/\/|www\.)\S+\s*$/i.test(source)) return false;
  const lowerWords = source.match(/(?<![\p{L}\p{N}])\p{Ll}{2,}(?![\p{L}\p{N}])/gu) ?? [];
  return lowerWords.length >= 2 || /^(?:zh|ja|ko)\b/i.test(tgtLang);
}
