/**
 * A glossary posted to /api/import (a CSV of term rows and sentence rows, a TBX) is read,
 * folded and stored on the import thread: while it is stored, the serving thread's event loop
 * is mostly idle (its utilisation, which is near 1 while that thread parses and inserts, however
 * often it yields). What the import thread stores is what the serving thread stored before: the
 * same units, entries, summary and errors, in one transaction.
 */
import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { OFF_THREAD_MIN_BYTES } from '../../src/ingest.js';
import { ingest } from '../../src/ingest.js';
import { formatByName } from '../../src/formats/index.js';
import { countTUs, iterateTUs } from '../../src/store/tus.js';
import { countEntries, listEntries } from '../../src/store/terms.js';
import type { Db } from '../../src/store/db.js';
import type { TermEntry } from '../../src/model.js';
import { serverOnTempDb, zhNumber } from '../helpers/server.js';
import { tempDb } from '../match/helpers.js';

const server = serverOnTempDb();
const STATUSES = ['approved', 'candidate', 'forbidden'] as const;

/** A glossary table: `terms` term rows (with notes, parts of speech, subjects, a one-sided row), a few sentence rows, a blank row. */
function glossaryCsv(terms: number, tag: string, badStatusAt?: number): string {
  const rows = ['zh-TW,en-US,status,note,pos,subject'];
  for (let i = 0; i < terms; i++) {
    const status = i === badStatusAt ? 'settled' : STATUSES[i % 3]!;
    const zh = `${tag}第${zhNumber(i)}號閥門`;
    const en = i % 997 === 5 ? '' : `${tag} valve number ${i}`;
    rows.push(`${zh},${en},${status},${i % 4 === 0 ? `"note ${i}, with a comma"` : ''},${i % 5 === 0 ? 'noun' : ''},${i % 7 === 0 ? 'plumbing' : ''}`);
    if (i % 2500 === 1) rows.push(`${tag}封存檔的第${zhNumber(i)}筆記錄已寫入備份磁碟區。,Record ${i} of the ${tag} archive was written to the backup volume.,approved,,,`);
    if (i === 3) rows.push(',,,,,');
  }
  return rows.join('\n') + '\n';
}

/** What an entry holds, without what the database gives it (ids, times). */
function shape(e: TermEntry): unknown {
  return { terms: e.terms.map((t) => ({ lang: t.lang, text: t.text, status: t.status, pos: t.partOfSpeech ?? null, note: t.note ?? null })), method: e.method, note: e.note ?? null, subject: e.subject ?? null, origin: e.origin, score: e.score ?? null };
}
async function contents(d: Db): Promise<{ entries: unknown[]; units: unknown[] }> {
  const entries = (await listEntries(d)).map(shape);
  const units: unknown[] = [];
  for await (const u of iterateTUs(d)) units.push({ src: u.srcLang, tgt: u.tgtLang, source: u.source, target: u.target, notes: u.notes ?? [] });
  return { entries, units };
}

/**
 * The first hit of a look-up once the index holds the import (a large batch is taken in slices
 * while look-ups answer from what is in already): asked again until it is, for at most 30 s.
 */
async function firstHit(q: string, want: string): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { terms } = (await (await fetch(`${server.base}/api/terms?q=${encodeURIComponent(q)}`)).json()) as { terms: Record<string, unknown>[] };
    if (terms[0]?.source === want || Date.now() > deadline) return terms[0];
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function postImport(body: string, query: string): Promise<{ status: number; json: Record<string, unknown>; took: number; utilisation: number }> {
  const before = performance.eventLoopUtilization();
  const started = performance.now();
  const res = await fetch(`${server.base}/api/import?${query}`, { method: 'POST', body });
  const json = (await res.json()) as Record<string, unknown>;
  const utilisation = performance.eventLoopUtilization(performance.eventLoopUtilization(), before).utilization;
  return { status: res.status, json, took: performance.now() - started, utilisation };
}

describe('a glossary through POST /api/import', () => {
  it('is read and stored off the serving thread, and stores what the serving thread would', async () => {
    const csv = glossaryCsv(12_000, 'alpha');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    await (await fetch(`${server.base}/api/stats`)).text();
    const r = await postImport(csv, 'format=csv&file=alpha.csv&extract=false');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    // On the serving thread the utilisation was 0.9 and more over the whole import.
    expect(r.utilisation, `event loop utilisation ${r.utilisation.toFixed(2)} over an import of ${r.took.toFixed(0)} ms`).toBeLessThan(0.5);

    // The same file through ingest on this thread, into a database of its own.
    const here = await tempDb();
    try {
      const summary = await ingest(here, (async function* () { yield new TextEncoder().encode(csv); })(), { file: 'alpha.csv', format: formatByName('csv'), extract: false });
      expect(r.json).toEqual(JSON.parse(JSON.stringify(summary)));
      expect(summary.entries.added).toBe(12_000);
      expect(summary.units.added).toBe(5);
      expect(summary.warningCount).toBe(1);
      expect(await contents(server.db)).toEqual(await contents(here));
    } finally {
      here.close();
    }

    // The term index takes the new entries: a look-up finds them.
    expect(await firstHit('alpha valve number 11999', 'alpha valve number 11999')).toMatchObject({ source: 'alpha valve number 11999', target: 'alpha第一一九九九號閥門', match: 'exact' });
  }, 60_000);

  it('answers a bad row as the serving thread did, naming it, and stores nothing of the file', async () => {
    const before = { entries: await countEntries(server.db), units: await countTUs(server.db) };
    const csv = glossaryCsv(3000, 'beta', 2900);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    const r = await postImport(csv, 'format=csv&file=beta.csv');
    expect(r.status).toBe(400);
    // Row 2,900 of the terms: the header, a blank row and two sentence rows come before it.
    expect(r.json).toEqual({ error: { code: 'bad_input', message: 'beta.csv:2905: unknown status "settled" (expected candidate, approved, forbidden)' } });
    expect({ entries: await countEntries(server.db), units: await countTUs(server.db) }).toEqual(before);
  }, 60_000);

  it('stores a TBX there too', async () => {
    const entries: TermEntry[] = Array.from({ length: 2000 }, (_, i) => ({
      terms: [
        { lang: 'zh-TW', text: `gamma第${zhNumber(i)}號閥門`, status: STATUSES[i % 3]! },
        { lang: 'en-US', text: `gamma valve number ${i}`, status: STATUSES[i % 3]!, ...(i % 5 === 0 ? { partOfSpeech: 'noun' } : {}) },
      ],
      ...(i % 4 === 0 ? { note: `note ${i}` } : {}),
    }));
    let tbx = '';
    for await (const chunk of formatByName('tbx').writeEntries!((async function* () { yield* entries; })(), { srcLang: 'zh-TW', tgtLang: 'en-US' })) tbx += chunk;
    expect(Buffer.byteLength(tbx)).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    const before = await countEntries(server.db);
    const r = await postImport(tbx, 'format=tbx&file=gamma.tbx');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.utilisation, `event loop utilisation ${r.utilisation.toFixed(2)} over an import of ${r.took.toFixed(0)} ms`).toBeLessThan(0.5);
    expect(r.json).toMatchObject({ file: 'gamma.tbx', format: 'tbx', units: { added: 0, duplicates: 0 }, entries: { added: 2000 } });
    expect((await countEntries(server.db)).concepts).toBe(before.concepts + 2000);
    expect(await firstHit('gamma valve number 1234', 'gamma valve number 1234')).toMatchObject({ source: 'gamma valve number 1234', target: 'gamma第一二三四號閥門' });
  }, 60_000);
});
