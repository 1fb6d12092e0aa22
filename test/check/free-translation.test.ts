/**
 * New sentences written the way dev-check is (test/fixtures/check/held-check.tsv), checked against
 * the glossary the extractor builds from the essay, plus two forbidden translations
 * (held-forbidden.csv): right translations that inflect, capitalise, hyphenate, paraphrase
 * lightly, use the other Chinese script, an abbreviation or its expansion, a dictionary sense or
 * the rendering the essay's translator uses (美國 / America) raise nothing; every planted error
 * (wrong term, missing number, forbidden term, missing name, misspelt name) is reported, and
 * nothing else.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { formatForFile } from '../../src/formats/index.js';
import { checkAgainstStore } from '../../src/check/run.js';
import { iterateTUs } from '../../src/store/tus.js';
import type { CheckIssue } from '../../src/model.js';
import { tempDbUrl } from '../helpers/cli.js';
import { phraseKey } from '../../src/text/en-words.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';
const FORBIDDEN = 'test/fixtures/check/held-forbidden.csv';
const CASES = 'test/fixtures/check/held-check.tsv';

let db: Db;

beforeAll(async () => {
  db = await openDb(tempDbUrl());
  await ingest(db, createReadStream(ESSAY), { file: ESSAY, format: formatForFile(ESSAY) });
  await ingest(db, createReadStream(FORBIDDEN), { file: FORBIDDEN, format: formatForFile(FORBIDDEN) });
});

interface Case {
  id: string;
  source: string;
  target: string;
  expected: { rule: string; term?: string }[];
}

function cases(): Case[] {
  return readFileSync(CASES, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [id, source, target, want] = l.split('\t') as [string, string, string, string];
      const expected = want.trim() === 'ok' ? [] : want.trim().split(';').map((w) => {
        const [rule, term] = w.split(':') as [string, string | undefined];
        return term ? { rule, term } : { rule };
      });
      return { id, source, target, expected };
    });
}

/** Whether an issue is the planted error: its rule, and the term it names (expected translation, forbidden text or name). */
function isPlanted(issue: CheckIssue, want: { rule: string; term?: string }): boolean {
  if (issue.rule !== want.rule) return false;
  if (!want.term) return true;
  const t = want.term.toLowerCase();
  // The glossary shows a term as the essay writes it (developers): compare folded.
  return (issue.term?.expected ?? []).some((e) => phraseKey(e) === phraseKey(t)) || (issue.found ?? '').toLowerCase().startsWith(t);
}

describe('free but right translations against the essay glossary', () => {
  it('reports every planted error and nothing on the right translations', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(40);
    const report = await checkAgainstStore(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units: all.map(({ id, source, target }) => ({ id, source, target })) });
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    for (const c of all) {
      const issues = report.issues.filter((i) => i.unitId === c.id);
      for (const want of c.expected) if (!issues.some((i) => isPlanted(i, want))) missed.push(`${c.id} ${want.rule}:${want.term ?? ''}`);
      for (const i of issues) if (!c.expected.some((want) => isPlanted(i, want))) falseAlarms.push(`${c.id} ${i.rule}: ${i.message}`);
    }
    expect(missed).toEqual([]);
    expect(falseAlarms).toEqual([]);
    expect(all.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(20);
  });

  it("takes the essay translator's rendering of a weak candidate (美國 / America), not any word of its units", async () => {
    const units = [
      { id: 'a', source: '美國正在失去優勢。', target: 'America is losing its edge.' },
      { id: 'b', source: '美國正在失去優勢。', target: 'Canada is losing its edge.' },
      { id: 'c', source: '美國正在失去優勢。', target: 'The decade is losing its edge.' },
    ];
    const report = await checkAgainstStore(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units });
    expect(report.issues.filter((i) => i.rule === 'term-missing').map((i) => i.unitId)).toEqual(['b', 'c']);
  });

  it("raises fewer term-missing alarms on the essay's own free translation than its glossary alone would", async () => {
    const units: { id: string; source: string; target: string }[] = [];
    for await (const tu of iterateTUs(db, { srcLang: 'zh-TW', tgtLang: 'en-US' })) units.push({ id: String(tu.id), source: tu.source, target: tu.target });
    const report = await checkAgainstStore(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units });
    const missing = report.issues.filter((i) => i.rule === 'term-missing');
    // Every 美國 the translator wrote as America (or American, U.S.) is accepted.
    for (const i of missing.filter((x) => x.term?.source === '美國')) {
      expect(units.find((u) => u.id === i.unitId)!.target).not.toMatch(/\bAmerica|\bU\.S\./);
    }
    // Words of one family too (technological for technology).
    for (const i of missing.filter((x) => x.term?.expected.includes('technology'))) {
      expect(units.find((u) => u.id === i.unitId)!.target).not.toMatch(/technolog/i);
    }
    expect(missing.length).toBeLessThan(units.length);
  });
});
