/**
 * `npm run eval:check`: how often the check cries wolf on real translations. For every
 * development document in test/fixtures/devtext/ and for the essay: the text is ingested into a
 * temporary database (alignment, then extraction as `glossa extract` runs it), and the
 * document's own professional translation is checked against the glossary extracted from it.
 * Prints the share of units with errors and with warnings, the rules that fire most, and a
 * sample of the remaining errors. Then the planted-error sets against the essay's glossary:
 * dev-check (test/fixtures/eval/dev-check.*) and held-check (test/fixtures/check/): planted
 * errors caught, and false alarms (an error on a clean unit, or an error other than the planted
 * one), with the term-variant warnings counted apart.
 *
 *   npm run eval:check -- [--only NAME] [--sample N] [--all]
 *
 * --only: one document (`essay` or a devtext name); --sample: errors shown per document
 * (default 12); --all: every error.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../src/store/db.js';
import { ingest } from '../src/ingest.js';
import { formatForFile } from '../src/formats/index.js';
import { iterateTUs } from '../src/store/tus.js';
import { checkAgainstStore, readUnitsToCheck } from '../src/check/run.js';
import type { CheckReport } from '../src/check/index.js';
import type { CheckIssue } from '../src/model.js';
import { phraseKey } from '../src/text/en-words.js';
import { devDocuments } from './eval.js';

const ROOT = join(import.meta.dirname, '..');
const ESSAY = join(ROOT, 'corpus', 'fortune-chokepoint-2025.zh-en.txt');
const DEVTEXT = join(ROOT, 'test', 'fixtures', 'devtext');
const DEV_CHECK = join(ROOT, 'test', 'fixtures', 'eval', 'dev-check');
const HELD_CHECK = join(ROOT, 'test', 'fixtures', 'check', 'held-check.tsv');
const HELD_FORBIDDEN = join(ROOT, 'test', 'fixtures', 'check', 'held-forbidden.csv');

/** A temporary database holding the given files, ingested (and extracted) as the CLI does. */
async function withDatabase<T>(files: readonly string[], fn: (db: Db) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-evalcheck-'));
  const db = await openDb(`file:${join(dir, 'glossa.db')}`);
  try {
    for (const file of files) await ingest(db, createReadStream(file), { file, format: formatForFile(file) });
    return await fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SelfCheck {
  name: string;
  units: number;
  /** Units with at least one error / warning. */
  unitsWithErrors: number;
  unitsWithWarnings: number;
  errorShare: number;
  warningShare: number;
  byRule: Record<string, number>;
  glossaryTerms: number;
  /** Every error, with its unit's text. */
  errors: { issue: CheckIssue; source: string; target: string }[];
  warnings: { issue: CheckIssue; source: string; target: string }[];
}

/** Check a database's TM (the document's own translation) against its own glossary. */
async function checkOwnTranslation(db: Db, name: string): Promise<SelfCheck> {
  const units: { id: string; source: string; target: string }[] = [];
  let srcLang = 'zh-TW';
  let tgtLang = 'en-US';
  for await (const tu of iterateTUs(db)) {
    srcLang = tu.srcLang;
    tgtLang = tu.tgtLang;
    units.push({ id: String(tu.id), source: tu.source, target: tu.target });
  }
  const report: CheckReport = await checkAgainstStore(db, { srcLang, tgtLang, units });
  const byId = new Map(units.map((u) => [u.id, u]));
  const withText = (issue: CheckIssue): { issue: CheckIssue; source: string; target: string } => ({ issue, source: byId.get(issue.unitId)!.source, target: byId.get(issue.unitId)!.target });
  const errors = report.issues.filter((i) => i.severity === 'error').map(withText);
  const warnings = report.issues.filter((i) => i.severity === 'warning').map(withText);
  const unitsWithErrors = new Set(errors.map((e) => e.issue.unitId)).size;
  const unitsWithWarnings = new Set(warnings.map((e) => e.issue.unitId)).size;
  return {
    name, units: units.length, unitsWithErrors, unitsWithWarnings,
    errorShare: unitsWithErrors / Math.max(1, units.length),
    warningShare: unitsWithWarnings / Math.max(1, units.length),
    byRule: report.summary.byRule, glossaryTerms: report.summary.glossaryTerms, errors, warnings,
  };
}

/** A development document (or the essay) checked against the glossary extracted from it. */
export function checkDocument(name: string): Promise<SelfCheck> {
  const file = name === 'essay' ? ESSAY : join(DEVTEXT, `${name}.txt`);
  return withDatabase([file], (db) => checkOwnTranslation(db, name));
}

export interface PlantedResult {
  name: string;
  units: number;
  planted: number;
  caught: number;
  /** Errors on clean units, and errors other than the planted one on planted units. */
  falseAlarms: { issue: CheckIssue; source: string; target: string }[];
  /** term-variant warnings (planted or not). */
  variantWarnings: { issue: CheckIssue; source: string; target: string }[];
  missed: string[];
}

interface PlantedCase {
  id: string;
  source: string;
  target: string;
  expected: { rule: string; term?: string }[];
}

/** dev-check.tsv: `id, zh, en, ok | the en term that must be reported missing`. */
function devCheckCases(): PlantedCase[] {
  return tsvRows(`${DEV_CHECK}.tsv`).map(([id, source, target, want]) => ({ id: id!, source: source!, target: target!, expected: want!.trim() === 'ok' ? [] : [{ rule: 'term-missing', term: want!.trim() }] }));
}

/** held-check.tsv: `id, zh, en, ok | rule:term;rule:term`. */
function heldCheckCases(): PlantedCase[] {
  return tsvRows(HELD_CHECK).map(([id, source, target, want]) => ({
    id: id!, source: source!, target: target!,
    expected: want!.trim() === 'ok' ? [] : want!.trim().split(';').map((w) => {
      const [rule, term] = w.split(':') as [string, string | undefined];
      return term ? { rule, term } : { rule };
    }),
  }));
}

function tsvRows(file: string): string[][] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
}

/** Whether an issue is the planted one: its rule, and the term it names (an expected translation, the forbidden text or the name). */
export function isPlanted(issue: CheckIssue, want: { rule: string; term?: string }): boolean {
  if (issue.rule !== want.rule) return false;
  if (!want.term) return true;
  const t = want.term.toLowerCase();
  return (issue.term?.expected ?? []).some((e) => phraseKey(e) === phraseKey(t)) || (issue.found ?? '').toLowerCase().startsWith(t);
}

async function plantedSet(db: Db, name: string, file: string | undefined, cases: readonly PlantedCase[]): Promise<PlantedResult> {
  // dev-check is read as the XLIFF a CAT tool sends; held-check is a table with expectations.
  const job = file ? await readUnitsToCheck(createReadStream(file), formatForFile(file), file) : { srcLang: 'zh-TW', tgtLang: 'en-US', units: cases.map(({ id, source, target }) => ({ id, source, target })) };
  const report = await checkAgainstStore(db, job);
  const byId = new Map(job.units.map((u) => [u.id, u]));
  const withText = (issue: CheckIssue): { issue: CheckIssue; source: string; target: string } => ({ issue, source: byId.get(issue.unitId)!.source, target: byId.get(issue.unitId)!.target });
  const result: PlantedResult = { name, units: job.units.length, planted: 0, caught: 0, falseAlarms: [], variantWarnings: [], missed: [] };
  for (const c of cases) {
    const issues = report.issues.filter((i) => i.unitId === c.id);
    for (const want of c.expected) {
      result.planted++;
      if (issues.some((i) => isPlanted(i, want))) result.caught++;
      else result.missed.push(`${c.id} ${want.rule}:${want.term ?? ''}`);
    }
    for (const i of issues) {
      if (i.rule === 'term-variant') result.variantWarnings.push(withText(i));
      if (i.severity === 'error' && !c.expected.some((w) => isPlanted(i, w))) result.falseAlarms.push(withText(i));
    }
  }
  return result;
}

/** dev-check and held-check against the glossary extracted from the essay (held-check with its two forbidden terms). */
export function checkPlantedSets(): Promise<PlantedResult[]> {
  return withDatabase([ESSAY, HELD_FORBIDDEN], async (db) => [
    await plantedSet(db, 'dev-check', `${DEV_CHECK}.xlf`, devCheckCases()),
    await plantedSet(db, 'held-check', undefined, heldCheckCases()),
  ]);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function showIssue(e: { issue: CheckIssue; source: string; target: string }): string {
  return `  [${e.issue.unitId}] ${e.issue.rule}: ${e.issue.message}\n      zh: ${e.source}\n      en: ${e.target}\n`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const sample = argv.includes('--all') ? Infinity : argv.includes('--sample') ? Number(argv[argv.indexOf('--sample') + 1]) : 12;
  const out = process.stdout;
  const rows: string[] = [];
  for (const name of [...devDocuments(DEVTEXT), 'essay']) {
    if (only && only !== name) continue;
    const r = await checkDocument(name);
    const rules = Object.entries(r.byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    out.write(`\n== ${name}: ${r.units} units, ${r.glossaryTerms} glossary terms\n`);
    out.write(`units with errors: ${r.unitsWithErrors} (${pct(r.errorShare)}); with warnings: ${r.unitsWithWarnings} (${pct(r.warningShare)})\n`);
    out.write(`issues by rule: ${rules || 'none'}\n`);
    const shown = r.errors.slice(0, sample);
    if (shown.length > 0) out.write(`errors (${shown.length} of ${r.errors.length}):\n${shown.map(showIssue).join('')}`);
    const variants = r.warnings.filter((w) => w.issue.rule === 'term-variant');
    if (variants.length > 0) out.write(`term-variant warnings (${Math.min(sample, variants.length)} of ${variants.length}):\n${variants.slice(0, sample).map(showIssue).join('')}`);
    rows.push(`| ${name} | ${r.units} | ${r.unitsWithErrors} (${pct(r.errorShare)}) | ${r.unitsWithWarnings} (${pct(r.warningShare)}) | ${r.byRule['term-variant'] ?? 0} |`);
  }
  out.write(`\n| document | units | units with errors | units with warnings | term-variant warnings |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
  if (!only || only === 'planted') {
    for (const p of await checkPlantedSets()) {
      out.write(`\n== ${p.name} (essay glossary): ${p.units} units; planted errors caught ${p.caught}/${p.planted}; false alarms ${p.falseAlarms.length}; term-variant warnings ${p.variantWarnings.length}\n`);
      for (const m of p.missed) out.write(`  MISSED ${m}\n`);
      for (const f of p.falseAlarms) out.write(`  FALSE ALARM${showIssue(f).slice(1)}`);
      for (const v of p.variantWarnings) out.write(`  variant${showIssue(v).slice(1)}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
