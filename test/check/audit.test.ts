/**
 * The TM-wide term audit (glossa audit, GET /api/audit) on a TM built by hand to hold known
 * splits and disagreements, then on the essay's own TM and glossary.
 */
import { createReadStream } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { addTUs, getTUs } from '../../src/store/tus.js';
import { insertEntries, listEntries } from '../../src/store/terms.js';
import { ingest } from '../../src/ingest.js';
import { formatForFile } from '../../src/formats/index.js';
import { MAX_TERM_UNITS, auditTm, type TermAudit } from '../../src/check/audit.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { toUnits } from '../../src/text/tokens.js';
import type { TermEntry, TermStatus, TranslationUnit } from '../../src/model.js';
import { runCli, tempDbUrl } from '../helpers/cli.js';

const ESSAY = 'corpus/fortune-chokepoint-2025.zh-en.txt';

const unit = (source: string, target: string, srcLang = 'zh-TW', tgtLang = 'en-US'): TranslationUnit => ({ srcLang, tgtLang, source, target });
const entry = (zh: string, ...en: [string, TermStatus][]): TermEntry => ({ terms: [{ lang: 'zh-TW', text: zh, status: 'approved' }, ...en.map(([text, status]) => ({ lang: 'en-US', text, status }))], method: 'user', origin: 'user' });

/** The hand-made TM: each unit numbered so that all are distinct. */
const UNITS: TranslationUnit[] = [
  // 區塊鏈: blockchain 5 (one plural, one from a Simplified source), "block chain" 3: a split.
  ...['這家公司使用區塊鏈。', '區塊鏈改變了金融。', '他們研究區塊鏈。', '区块链正在成長。', '許多區塊鏈都是公開的。'].map((s, i) =>
    unit(`${s}（${i + 1}）`, `${['The company uses blockchain.', 'Blockchain changed finance.', 'They study blockchain.', 'The blockchain is growing.', 'Many blockchains are public.'][i]} (${i + 1})`),
  ),
  ...['區塊鏈很安全。', '我們信任區塊鏈。', '區塊鏈需要電力。'].map((s, i) => unit(`${s}（${i + 6}）`, `${['The block chain is safe.', 'We trust the block chain.', 'The block chain needs power.'][i]} (${i + 6})`)),
  // 合理使用: the glossary says "fair use" (approved); the TM mostly says "reasonable use": a disagreement.
  unit('這是合理使用。（9）', 'This is fair use. (9)'),
  ...['合理使用有限制。', '法院討論合理使用。', '合理使用保護評論。', '教師依賴合理使用。'].map((s, i) =>
    unit(`${s}（${i + 10}）`, `${['Reasonable use has limits, the company says.', 'The court discussed reasonable use by the company.', 'Reasonable use protects the company commentary.', 'Teachers rely on reasonable use, a company survey found.'][i]} (${i + 10})`),
  ),
  // 作業系統: consistent (one unit says OS: unrendered, too few to be a rendering).
  ...['作業系統更新了。', '新的作業系統。', '作業系統很慢。'].map((s, i) => unit(`${s}（${i + 14}）`, `${['The operating system was updated.', 'A new operating system.', 'The operating system is slow.'][i]} (${i + 14})`)),
  unit('作業系統當機了。（17）', 'The OS crashed. (17)'),
  // 風險資本 holds 風險: the longer term wins, so these units do not count for 風險.
  unit('風險資本湧入。（18）', 'Venture capital poured in. (18)'),
  unit('風險資本退出了。（19）', 'Venture capital pulled out. (19)'),
  unit('投資有風險。（20）', 'Investing has risk. (20)'),
  // 算力: the TM mostly uses the forbidden "hashrate".
  unit('算力很貴。（21）', 'Computing power is expensive. (21)'),
  ...['算力增加了。', '礦工需要算力。', '算力下降。'].map((s, i) => unit(`${s}（${i + 22}）`, `${['The hashrate increased.', 'Miners need hashrate.', 'The hashrate fell.'][i]} (${i + 22})`)),
  // 資料: "information" in three units; "company" in those three too, but also all over the TM (not the term's).
  unit('資料外洩。（25）', 'The company information leaked. (25)'),
  unit('資料被刪除。（26）', 'The company information was deleted. (26)'),
  unit('資料很重要。（27）', 'Company information matters. (27)'),
  ...Array.from({ length: 20 }, (_, i) => unit(`這家公司很大。（${i + 28}）`, `The company is big. (${i + 28})`)),
  // A unit of the reversed pair (en → zh) and one of another pair: the first counts for 區塊鏈, the second not at all.
  unit('The block chain grows. (50)', '區塊鏈成長了。（50）', 'en-US', 'zh-TW'),
  unit('区块链。（51）', 'ブロックチェーン。(51)', 'zh-TW', 'ja-JP'),
];

const GLOSSARY: TermEntry[] = [
  entry('區塊鏈', ['blockchain', 'approved']),
  entry('合理使用', ['fair use', 'approved']),
  entry('作業系統', ['operating system', 'approved']),
  entry('風險資本', ['venture capital', 'approved']),
  entry('風險', ['risk', 'approved']),
  entry('算力', ['computing power', 'approved'], ['hashrate', 'forbidden']),
  entry('資料', ['data', 'approved']),
  entry('量子', ['quantum', 'approved']),
];

let db: Db;
let dbUrl: string;
let ids: Map<string, number>;

beforeAll(async () => {
  dbUrl = tempDbUrl();
  db = await openDb(dbUrl);
  await addTUs(db, UNITS);
  await db.write((tx) => insertEntries(tx, GLOSSARY));
  ids = new Map((await getTUs(db, Array.from({ length: UNITS.length }, (_, i) => i + 1))).map((u) => [/（(\d+)）|\((\d+)\)/.exec(u.source)!.slice(1).find(Boolean)!, u.id!]));
});

const idsOf = (...ns: number[]): number[] => ns.map((n) => ids.get(String(n))!);
const rendering = (t: TermAudit, text: string) => t.renderings.find((r) => r.text.toLowerCase() === text.toLowerCase());

describe('audit of a TM with known splits', () => {
  it('finds each term\'s renderings, their counts and example units, and the verdicts', async () => {
    const report = await auditTm(db, { srcLang: 'zh-TW', tgtLang: 'en-US' });
    const by = new Map(report.terms.map((t) => [t.term, t]));
    expect(report.units).toBe(UNITS.length - 1);

    const chain = by.get('區塊鏈')!;
    expect(chain).toMatchObject({ units: 9, verdict: 'split', unrendered: { count: 4, examples: idsOf(6, 7, 8, 50) } });
    expect(rendering(chain, 'blockchain')).toEqual({ text: 'blockchain', kind: 'accepted', count: 5, examples: idsOf(1, 2, 3, 4, 5) });
    expect(rendering(chain, 'block chain')).toMatchObject({ kind: 'tm', count: 4, examples: idsOf(6, 7, 8, 50) });

    const fair = by.get('合理使用')!;
    expect(fair).toMatchObject({ units: 5, verdict: 'disagrees', unrendered: { count: 4 } });
    expect(fair.note).toBe('the glossary says "fair use" (approved); the TM mostly says "reasonable use" (4 of 5 units)');
    expect(rendering(fair, 'reasonable use')).toMatchObject({ kind: 'tm', count: 4, examples: idsOf(10, 11, 12, 13) });
    expect(rendering(fair, 'fair use')).toMatchObject({ kind: 'accepted', count: 1, examples: idsOf(9) });

    const os = by.get('作業系統')!;
    expect(os).toMatchObject({ units: 4, verdict: 'consistent', unrendered: { count: 1, examples: idsOf(17) } });
    expect(os.renderings.map((r) => [r.text, r.count])).toEqual([['operating system', 3]]);

    expect(by.get('風險資本')).toMatchObject({ units: 2, verdict: 'consistent' });
    expect(by.get('風險')).toMatchObject({ units: 1, verdict: 'consistent', renderings: [{ text: 'risk', count: 1, examples: idsOf(20) }] });

    const power = by.get('算力')!;
    expect(power).toMatchObject({ verdict: 'disagrees', units: 4 });
    expect(rendering(power, 'hashrate')).toMatchObject({ kind: 'forbidden', count: 3, examples: idsOf(22, 23, 24) });
    expect(power.note).toMatch(/the TM mostly says "hashrate" \(forbidden\)/);

    // "company" is in every unrendered unit of 資料, but all over the TM too: the rendering is "information".
    const data = by.get('資料')!;
    expect(data.renderings.filter((r) => r.kind === 'tm').map((r) => [r.text.toLowerCase(), r.count])).toEqual([['information', 3]]);
    expect(data.verdict).toBe('disagrees');

    expect(by.get('量子')).toMatchObject({ units: 0, verdict: 'unused', renderings: [{ text: 'quantum', count: 0 }] });
    expect(report.summary).toEqual({ terms: 8, used: 7, consistent: 3, split: 1, disagrees: 3 });
    // Disagreements first, then splits.
    expect(report.terms.map((t) => t.verdict).slice(0, 4)).toEqual(['disagrees', 'disagrees', 'disagrees', 'split']);
  });

  it('one term through the TM index gives what the whole audit gives for it', async () => {
    const whole = await auditTm(db, { srcLang: 'zh-TW', tgtLang: 'en-US' });
    for (const term of ['區塊鏈', '合理使用', '算力', '風險', '量子']) {
      const one = await auditTm(db, { term, srcLang: 'zh-TW', tgtLang: 'en-US' });
      expect(one.terms, term).toEqual(whole.terms.filter((t) => t.term === term));
    }
    // The Simplified form names the same term.
    expect((await auditTm(db, { term: '区块链' })).terms[0]).toMatchObject({ term: '區塊鏈', units: 9 });
  });

  it('a text outside the glossary: its renderings in the TM, no verdict against a glossary', async () => {
    const r = await auditTm(db, { term: '法院' });
    expect(r.terms).toEqual([expect.objectContaining({ term: '法院', inGlossary: false, expected: [], units: 1, verdict: 'consistent' })]);
  });

  it('a near miss: a second rendering in a single unit is no split', async () => {
    const nearDb = await openDb(tempDbUrl());
    await addTUs(nearDb, [
      ...Array.from({ length: 6 }, (_, i) => unit(`區塊鏈第${i + 1}號。`, `Blockchain number ${i + 1}.`)),
      unit('區塊鏈第七號。', 'Block chain number seven.'),
    ]);
    const r = await auditTm(nearDb, { entries: [entry('區塊鏈', ['blockchain', 'approved'])] });
    expect(r.terms[0]).toMatchObject({ units: 7, verdict: 'consistent', unrendered: { count: 1 } });
    expect(r.terms[0]!.renderings.map((x) => x.kind)).toEqual(['accepted']);
    nearDb.close();
  });
});

describe('a term in more units than one term\'s audit reads', () => {
  it('is audited on an even spread of its units, the counts extrapolated and marked; the whole audit counts them all', async () => {
    const bigDb = await openDb(tempDbUrl());
    const n = MAX_TERM_UNITS + 400;
    await addTUs(bigDb, Array.from({ length: n }, (_, i) => (i % 4 === 3 ? unit(`區塊鏈第${i}號。`, `Block chain number ${i}.`) : unit(`區塊鏈第${i}號。`, `Blockchain number ${i}.`))));
    const entries = [entry('區塊鏈', ['blockchain', 'approved'])];
    const whole = (await auditTm(bigDb, { entries })).terms[0]!;
    expect(whole).toMatchObject({ units: n, verdict: 'split', unrendered: { count: n / 4 } });
    expect(whole.estimated).toBeUndefined();
    expect(rendering(whole, 'blockchain')).toMatchObject({ count: (3 * n) / 4 });
    const one = (await auditTm(bigDb, { entries, term: '區塊鏈' })).terms[0]!;
    expect(one).toMatchObject({ units: n, estimated: true, verdict: 'split' });
    expect(Math.abs(rendering(one, 'blockchain')!.count - (3 * n) / 4)).toBeLessThanOrEqual(n / 100);
    expect(rendering(one, 'blockchain')!.estimated).toBe(true);
    expect(Math.abs(one.unrendered.count - n / 4)).toBeLessThanOrEqual(n / 100);
    bigDb.close();
  }, 60_000);
});

describe('glossa audit and GET /api/audit', () => {
  it('CLI: the disagreeing and split terms, then the totals; --json the report; --term one term', async () => {
    const text = await runCli(['--db', dbUrl, 'audit']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^合理使用 → fair use \(approved\): 5 units, DISAGREES: the glossary says "fair use" \(approved\); the TM mostly says "reasonable use"/im);
    expect(text.stdout).toMatch(/^區塊鏈 → blockchain \(approved\): 9 units, SPLIT/m);
    expect(text.stdout).not.toMatch(/^作業系統/m);
    expect(text.stdout.trim().split('\n').at(-1)).toBe('48 units read (zh-TW → en-US); 8 terms, 7 used in the TM: 3 disagree with the glossary, 1 split, 3 consistent');
    const json = JSON.parse((await runCli(['--db', dbUrl, 'audit', '--json', '--term', '作業系統'])).stdout) as { terms: TermAudit[] };
    expect(json.terms).toHaveLength(1);
    expect(json.terms[0]).toMatchObject({ term: '作業系統', verdict: 'consistent', units: 4 });
    const one = await runCli(['--db', dbUrl, 'audit', '--term', '作業系統']);
    expect(one.stdout).toMatch(/^作業系統 → operating system \(approved\): 4 units, CONSISTENT$/m);
    const bad = await runCli(['--db', dbUrl, 'audit', '--src', 'zh-TW']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('give both --src and --tgt')]);
  });

  it('HTTP: the same report; a bad query is a 400', async () => {
    const app = createApp({ db, config: loadConfig({}) });
    const res = await app.request('/api/audit?term=%E5%90%88%E7%90%86%E4%BD%BF%E7%94%A8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(await auditTm(db, { term: '合理使用' }))));
    const all = (await (await app.request('/api/audit')).json()) as { summary: unknown };
    expect(all.summary).toEqual({ terms: 8, used: 7, consistent: 3, split: 1, disagrees: 3 });
    expect((await app.request('/api/audit?src=zh-TW')).status).toBe(400);
    expect((await app.request('/api/audit?term=')).status).toBe(400);
  });
});

describe('audit of the essay against its own glossary', () => {
  it('counts every term\'s units, and each unit it names holds the term (and, if unrendered, no accepted rendering)', async () => {
    const essayDb = await openDb(tempDbUrl());
    await ingest(essayDb, createReadStream(ESSAY), { file: ESSAY, format: formatForFile(ESSAY) });
    const report = await auditTm(essayDb);
    expect(report.srcLang).toBe('zh-TW');
    const sources = new Set((await listEntries(essayDb)).flatMap((e) => e.terms.filter((t) => t.lang === 'zh-TW' && t.status !== 'forbidden').map((t) => toUnits(t.text).units.join(' '))));
    expect(report.summary.terms).toBe(report.terms.length);
    expect(report.terms.length).toBeGreaterThan(sources.size * 0.8);
    expect(report.terms.length).toBeLessThanOrEqual(sources.size);
    expect(report.summary.used).toBeGreaterThan(report.summary.terms / 2);
    const byId = new Map((await getTUs(essayDb, Array.from({ length: report.units }, (_, i) => i + 1))).map((u) => [u.id!, u]));
    const has = (text: string, needle: string): boolean => {
      const hay = toUnits(text).units;
      const n = toUnits(needle).units;
      return hay.some((_, i) => n.every((u, k) => hay[i + k] === u));
    };
    for (const t of report.terms) {
      for (const r of t.renderings) {
        expect(r.count).toBeLessThanOrEqual(t.units);
        for (const id of r.examples) expect(has(byId.get(id)!.source, t.term) && has(byId.get(id)!.target, r.text), `${t.term} / ${r.text} in unit ${id}`).toBe(true);
      }
      for (const id of t.unrendered.examples) {
        expect(has(byId.get(id)!.source, t.term)).toBe(true);
        for (const e of t.expected) expect(has(byId.get(id)!.target, e), `${t.term}: unit ${id} lacks ${e}`).toBe(false);
      }
    }
    essayDb.close();
  });
});
