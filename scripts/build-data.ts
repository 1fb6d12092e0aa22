/**
 * `npm run build:data`: the essay's TM and glossary as files, generated from corpus/ by the same
 * code paths as the CLI (ingest → extract → export). test/e2e/data-files.test.ts fails when the
 * committed files differ from what this produces.
 */
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../src/store/db.js';
import { formatForFile, knownFormats } from '../src/formats/index.js';
import { ingest } from '../src/ingest.js';
import { exportStream } from '../src/export.js';

/** The data files carry this creation date, so that a rebuild of the same corpus is byte-identical. */
export const DATA_DATE = '2026-11-25T00:00:00.000Z';

/** Output path → format name. Formats not registered (yet) are skipped. */
const OUTPUTS: [string, string][] = [
  ['tmx/chokepoint.zh-en.tmx', 'tmx'],
  ['glossary/chokepoint.zh-en.tbx', 'tbx'],
  ['glossary/chokepoint.zh-en.csv', 'csv'],
];

export async function buildData(corpusDir = 'corpus'): Promise<Map<string, string>> {
  const db = await openDb(`file:${join(mkdtempSync(join(tmpdir(), 'glossa-build-')), 'build.db')}`);
  try {
    for (const f of readdirSync(corpusDir).filter((n) => !n.startsWith('.')).sort()) {
      const file = join(corpusDir, f);
      await ingest(db, createReadStream(file), { file, format: formatForFile(file) });
    }
    // Fixed dates: the stored creation time would make every rebuild differ.
    await db.client.execute({ sql: 'UPDATE tu SET created_at = ?', args: [DATA_DATE] });
    await db.client.execute({ sql: 'UPDATE concept SET created_at = ?', args: [DATA_DATE] });
    const files = new Map<string, string>();
    const known = new Set(knownFormats().map((f) => f.name));
    for (const [path, format] of OUTPUTS) {
      if (!known.has(format)) continue;
      let text = '';
      for await (const chunk of await exportStream(db, format, { date: DATA_DATE })) text += chunk;
      files.set(path, text);
    }
    return files;
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await buildData();
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path} (${Buffer.byteLength(text)} bytes)`);
  }
}
