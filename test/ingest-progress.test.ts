/** An import read on the import thread reports its units as they are read (the page's progress bar). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, serverImportOptions } from '../src/ingest.js';
import { formatByName } from '../src/formats/index.js';
import { openDb } from '../src/store/db.js';
import { zhNumber } from './helpers/server.js';

function tmx(units: number): Buffer {
  const tus = Array.from({ length: units }, (_, i) => `<tu><tuv xml:lang="en-US"><seg>Record ${i} of the archive was written to the backup volume.</seg></tuv><tuv xml:lang="zh-TW"><seg>封存檔的第${zhNumber(i)}筆記錄已寫入備份磁碟區。</seg></tuv></tu>`);
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/><body>\n${tus.join('\n')}\n</body></tmx>\n`);
}

/** The body in 64 KB chunks: copies of their own, or views of the one Buffer (as Node's pool gives them). */
async function* chunks(bytes: Buffer, views = false): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 65536) yield views ? bytes.subarray(at, at + 65536) : new Uint8Array(bytes.subarray(at, at + 65536));
}

describe('progress of an import read off the serving thread', () => {
  it('counts the units as they come, not once at the end', async () => {
    const db = await openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-progress-')), 'g.db')}`);
    const body = tmx(12_000);
    const seen: number[] = [];
    const summary = await ingest(db, chunks(body), { file: 'p.tmx', format: formatByName('tmx'), extract: false, ...serverImportOptions(body.length, undefined), onProgress: (n) => seen.push(n) });
    expect(summary.units.added).toBe(12_000);
    expect(seen).toEqual([5000, 10_000, 12_000]);
    db.close();
  }, 60_000);

  it('reads a body whose chunks are views of one buffer', async () => {
    const db = await openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-progress-')), 'g.db')}`);
    const body = tmx(3000);
    const summary = await ingest(db, chunks(body, true), { file: 'v.tmx', format: formatByName('tmx'), extract: false, ...serverImportOptions(body.length, undefined) });
    expect(summary.units.added).toBe(3000);
    db.close();
  }, 60_000);
});
