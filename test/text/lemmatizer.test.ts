import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { buildLexiconCache, compactLemmatizer, lexiconCacheFile } from '../../src/text/lemmatizer.js';
import { lemma } from '../../src/text/fold.js';

const require = createRequire(import.meta.url);

describe('compact lemmatizer', () => {
  test('gives wink-lemmatizer\'s noun and verb lemma for every WordNet word and its inflected forms', () => {
    lemma('warm'); // builds the cache file if missing
    const wink = require('wink-lemmatizer') as { noun(w: string): string; verb(w: string): string };
    const words = Object.keys(require('wink-lexicon/src/wn-words.js') as Record<string, number>);
    const ours = compactLemmatizer();
    const forms = words.filter((w) => /^[a-z]+$/.test(w)).flatMap((w) => [w, `${w}s`, `${w}es`, `${w}ed`, `${w}ing`, w.replace(/y$/, 'ies'), w.replace(/man$/, 'men'), w.replace(/f$/, 'ves')]);
    // Also the irregular forms the exceptions list (mice, went).
    forms.push('mice', 'went', 'children', 'geese', 'was', 'blockchains', 'analyses', 'data');
    const diffs: string[] = [];
    for (const f of forms) {
      if (wink.noun(f) !== ours.noun(f)) diffs.push(`noun ${f}: ${wink.noun(f)} / ${ours.noun(f)}`);
      if (wink.verb(f) !== ours.verb(f)) diffs.push(`verb ${f}: ${wink.verb(f)} / ${ours.verb(f)}`);
    }
    expect(forms.length).toBeGreaterThan(500_000);
    expect(diffs.slice(0, 10)).toEqual([]);
    expect(ours.noun('mice')).toBe('mouse');
    expect(ours.verb('regulated')).toBe('regulate');
  });

  test('the cache is rebuilt into GLOSSA_CACHE_DIR with five sections', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossa-lex-'));
    const before = process.env.GLOSSA_CACHE_DIR;
    try {
      process.env.GLOSSA_CACHE_DIR = dir;
      const file = buildLexiconCache(lexiconCacheFile());
      expect(file.startsWith(dir)).toBe(true);
      const sections = readFileSync(file, 'utf8').split('\n\f\n');
      expect(sections).toHaveLength(5);
      expect(sections[2]).toContain('mice\tmouse');
      // Adjectives and adverbs that are neither noun nor verb: remarkable, not ordinary (a noun too).
      const modifiers = new Set(sections[4]!.split('\n'));
      expect(modifiers.has('remarkable')).toBe(true);
      expect(modifiers.has('ordinary')).toBe(false);
    } finally {
      if (before === undefined) delete process.env.GLOSSA_CACHE_DIR;
      else process.env.GLOSSA_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
