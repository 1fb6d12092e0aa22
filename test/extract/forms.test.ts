import { describe, expect, test } from 'vitest';
import { englishForm, wordsWrittenLower, type EnOccurrence } from '../../src/extract/glossary.js';
import { phraseKey } from '../../src/text/en-words.js';

const inside = (text: string): EnOccurrence => ({ text, initial: false });
const first = (text: string): EnOccurrence => ({ text, initial: true });
const formOf = (occ: EnOccurrence[], lower: Set<string> = new Set()): string => englishForm(occ, phraseKey(occ[0]!.text), lower);

describe('the English form a glossary shows is one the text writes', () => {
  test('only a plural written: the plural stays (no invented singular)', () => {
    expect(formOf([inside('drug traffickers'), inside('drug traffickers')])).toBe('drug traffickers');
  });

  test('singular and plural both written: the singular, even when rarer', () => {
    expect(formOf([inside('financial consumers'), inside('financial consumers'), inside('financial consumer')])).toBe('financial consumer');
  });

  test('a plurale tantum is not singularised although the fold merges it', () => {
    expect(phraseKey('securities enterprises')).toBe(phraseKey('security enterprises'));
    expect(formOf([inside('securities enterprises'), inside('securities enterprises')])).toBe('securities enterprises');
    // Near miss: where the text does write the singular, that is what it shows.
    expect(formOf([inside('securities enterprises'), inside('security enterprise')])).toBe('security enterprise');
  });

  test('the case a phrase has inside a sentence wins over a sentence-initial capital', () => {
    expect(formOf([first('Executive orders'), inside('executive orders')])).toBe('executive orders');
    expect(formOf([first('Licensor'), inside('Licensor')])).toBe('Licensor');
  });

  test('a capital seen only at a sentence start is undone for a common word, kept for a name', () => {
    const lower = wordsWrittenLower(['Banking enterprises shall comply.', 'The rules for banking apply in Taiwan.', 'Taiwan has laws.', 'See /etc/debian_version.', 'Debian is free.', 'The democratic process.']);
    expect(lower.has(phraseKey('banking'))).toBe(true);
    expect(lower.has(phraseKey('taiwan'))).toBe(false);
    expect(lower.has(phraseKey('debian'))).toBe(false);
    expect(formOf([first('Banking enterprises')], lower)).toBe('banking enterprises');
    expect(formOf([first('Taiwan')], lower)).toBe('Taiwan');
    expect(formOf([first('Debian Linux')], lower)).toBe('Debian Linux');
    // Another capital in the phrase makes it a name, though its first word is common.
    expect(formOf([first('Democratic Party')], lower)).toBe('Democratic Party');
  });

  test('a lower-case form the dictionary confirmed is used for a sentence-initial capital', () => {
    expect(formOf([{ text: 'Regulators', initial: true, form: 'regulators' }])).toBe('regulators');
    expect(formOf([{ text: 'Regulators', initial: true }])).toBe('Regulators');
  });
});
