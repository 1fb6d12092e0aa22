/**
 * English noun and verb lemmas exactly as `wink-lemmatizer` gives them (WordNet's Morphy over
 * `wink-lexicon`), loaded from a compact copy of the tables it needs. wink-lemmatizer itself
 * requires every WordNet word with its senses as JavaScript, which takes longer to load than
 * the rest of a CLI start; the compact file (nouns, verbs, exceptions as plain lines) loads
 * quickly (docs/decisions.md). It is rebuilt from the packages on first
 * use into node_modules/.cache/glossa/ (GLOSSA_CACHE_DIR moves it; the system temporary folder
 * when node_modules is read-only), like the CC-CEDICT cache. test/text/lemmatizer.test.ts
 * checks that both give the same lemma for every word of the lexicon.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { cacheDir } from '../config.js';

export interface Lemmatizer {
  noun(word: string): string;
  verb(word: string): string;
  /** Whether WordNet lists the word (a lemma) as a noun / as a verb. */
  isNoun(lemma: string): boolean;
  isVerb(lemma: string): boolean;
  /** Whether WordNet lists the word only as an adjective or adverb (ordinary, remarkable). */
  isModifierOnly(word: string): boolean;
}

const VERSION = 2;

export function lexiconCacheFile(): string {
  const dir = cacheDir();
  return join(dir, `lemma-v${VERSION}.txt`);
}

/** Sections of the compact file, in order, separated by a form feed line. */
interface Tables {
  nouns: Set<string>;
  verbs: Set<string>;
  nounExceptions: Map<string, string>;
  verbExceptions: Map<string, string>;
  /** Words with adjective or adverb senses and no noun or verb sense. */
  modifiers: Set<string>;
}

/** Write the compact tables from wink-lexicon (the data wink-lemmatizer reads). */
export function buildLexiconCache(target = lexiconCacheFile()): string {
  const require = createRequire(import.meta.url);
  const base = dirname(require.resolve('wink-lexicon/src/wn-words.js'));
  const words = require(join(base, 'wn-words.js')) as Record<string, number>;
  const senses = require(join(base, 'wn-word-senses.js')) as number[][];
  const nounExc = require(join(base, 'wn-noun-exceptions.js')) as Record<string, string>;
  const verbExc = require(join(base, 'wn-verb-exceptions.js')) as Record<string, string>;
  const nouns: string[] = [];
  const verbs: string[] = [];
  const modifiers: string[] = [];
  for (const w in words) {
    const s = senses[words[w]!] ?? [];
    // wink-lemmatizer's isNoun (sense 3..28) and isVerb (sense 29..43); WordNet's adjective
    // and adverb files are 0..2 and 44.
    const noun = s.some((k) => k > 2 && k < 29);
    const verb = s.some((k) => k > 28 && k < 44);
    if (noun) nouns.push(w);
    if (verb) verbs.push(w);
    if (!noun && !verb && s.some((k) => k <= 2 || k === 44)) modifiers.push(w);
  }
  const pairs = (o: Record<string, string>): string[] => Object.keys(o).filter((k) => o[k]).map((k) => `${k}\t${o[k]}`);
  const text = [nouns.join('\n'), verbs.join('\n'), pairs(nounExc).join('\n'), pairs(verbExc).join('\n'), modifiers.join('\n')].join('\n\f\n') + '\n';
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  return target;
}

function parse(text: string): Tables {
  const [n = '', v = '', ne = '', ve = '', m = ''] = text.split('\n\f\n');
  const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);
  const map = (s: string): Map<string, string> => new Map(lines(s).map((l) => {
    const tab = l.indexOf('\t');
    return [l.slice(0, tab), l.slice(tab + 1)] as [string, string];
  }));
  return { nouns: new Set(lines(n)), verbs: new Set(lines(v)), nounExceptions: map(ne), verbExceptions: map(ve), modifiers: new Set(lines(m)) };
}

function loadTables(): Tables {
  let file = lexiconCacheFile();
  if (!existsSync(file)) {
    try {
      buildLexiconCache(file);
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && ['EACCES', 'EROFS', 'EPERM'].includes(String(e.code)))) throw e;
      file = join(tmpdir(), 'glossa-cache', basename(file));
      if (!existsSync(file)) buildLexiconCache(file);
    }
  }
  return parse(readFileSync(file, 'utf8'));
}

const NOUN_RULES: [RegExp, string][] = [
  [/s$/, ''], [/ses$/, 's'], [/xes$/, 'x'], [/zes$/, 's'], [/ves$/, 'f'],
  [/ches$/, 'ch'], [/shes$/, 'sh'], [/men$/, 'man'], [/ies$/, 'y'],
];

/** The lemmatizer over the compact tables (same steps as wink-lemmatizer's noun() and verb()). */
export function compactLemmatizer(tables: Tables = loadTables()): Lemmatizer {
  return {
    isNoun: (w) => tables.nouns.has(w),
    isVerb: (w) => tables.verbs.has(w),
    isModifierOnly: (w) => tables.modifiers.has(w),
    noun(noun) {
      const exc = tables.nounExceptions.get(noun);
      if (exc) return exc;
      for (const [re, by] of NOUN_RULES) {
        const lemma = noun.replace(re, by);
        if (lemma.length !== noun.length && tables.nouns.has(lemma)) return lemma;
      }
      return noun;
    },
    verb(verb) {
      const exc = tables.verbExceptions.get(verb);
      if (exc) return exc;
      let lemma = verb.replace(/s$/, '');
      if (lemma.length !== verb.length && tables.verbs.has(lemma)) return lemma;
      lemma = verb.replace(/ies$/, 'y');
      if (lemma.length !== verb.length && tables.verbs.has(lemma)) return lemma;
      lemma = verb.replace(/es$|ed$|ing$/, '');
      if (lemma.length !== verb.length) {
        if (tables.verbs.has(lemma)) return lemma;
        lemma += 'e';
        if (tables.verbs.has(lemma)) return lemma;
      }
      return verb;
    },
  };
}
