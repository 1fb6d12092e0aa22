/**
 * The contract every registered format passes, as Translate Toolkit's test_base.py is for its
 * stores: the suite runs over knownFormats(), so a new format gets all of it by registering.
 *
 * Each format's small valid file is written by its own writer (a few units of the hostile-text
 * fixture, or the hostile glossary's entries); a format that only reads brings a sample in
 * test/fixtures/formats/contract/<name>.<extension>. On that file, every reader of the module
 * (units, entries, pairs to check, document):
 * - refuses empty input with a BadInput naming the file;
 * - reads the same whatever the chunk borders (the file split at every byte, and byte by byte),
 *   and with a UTF-8 byte order mark;
 * - on the file cut at every byte, reads a prefix or refuses with a BadInput naming the file (a
 *   markup format refuses, naming the line, unless only white space after the root was cut);
 *   nothing else is thrown;
 * - refuses a byte that is not UTF-8 with a BadInput naming the file and its line;
 * - is found again by formatFor(bytes) from the content alone, and by the extension.
 * A format that both reads and writes keeps the hostile-text fixture (units) or the hostile
 * glossary (entries) through write → read, and a second round changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFor, formatForFile, knownFormats, type FormatModule } from '../../src/formats/index.js';
import { BadInput } from '../../src/errors.js';
import type { TermEntry, TranslationUnit } from '../../src/model.js';
import { FIXTURES, content, readEntries, readUnits, writeEntries, writeUnits } from './helpers.js';

const WRITE = { date: '2026-01-02T03:04:05Z' };
const hostileUnits = async (): Promise<TranslationUnit[]> => (await readUnits(formatForFile('x.tmx'), readFileSync(join(FIXTURES, 'hostile-text.tmx')))).units;
const hostileEntries = async (): Promise<TermEntry[]> => readEntries(formatForFile('x.csv'), readFileSync(join(FIXTURES, 'hostile-glossary.csv')), 'hostile-glossary.csv');
/** Entries as the content they must keep (store ids, provenance and dates aside). */
const strip = (es: TermEntry[]): unknown => JSON.parse(JSON.stringify(es.map(({ id: _i, origin: _o, createdAt: _c, ...e }) => ({ ...e, terms: e.terms.map(({ id: _t, ...t }) => t) }))));

interface Read {
  units?: unknown[];
  entries?: unknown[];
  pairs?: unknown[];
  document?: unknown;
}

/** Every reader of the module over the same bytes, each from a fresh byte source. */
async function readWith(format: FormatModule, source: () => AsyncIterable<Uint8Array>, file: string): Promise<Read> {
  const out: Read = {};
  if (format.readUnits) {
    out.units = [];
    for await (const u of format.readUnits(source(), { file })) out.units.push(content(u));
  }
  if (format.readEntries) {
    out.entries = [];
    for await (const e of format.readEntries(source(), { file })) out.entries.push(e);
    out.entries = strip(out.entries as TermEntry[]) as unknown[];
  }
  if (format.readPairs) {
    out.pairs = [];
    for await (const u of format.readPairs(source(), { file })) out.pairs.push(content(u));
  }
  if (format.readDocument) out.document = await format.readDocument(source(), { file });
  return out;
}

async function* chunks(bytes: Uint8Array, ...borders: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const b of [...borders, bytes.length]) {
    yield bytes.subarray(from, b);
    from = b;
  }
}

async function* byteByByte(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The module's small valid file: written by its own writer, or its sample fixture. */
async function sampleOf(format: FormatModule): Promise<{ bytes: Buffer; file: string } | undefined> {
  const file = `sample${format.extensions[0] ?? `.${format.name}`}`;
  if (format.writeUnits) return { bytes: Buffer.from(await writeUnits(format, (await hostileUnits()).slice(0, 3), WRITE)), file };
  if (format.writeEntries) return { bytes: Buffer.from(await writeEntries(format, (await hostileEntries()).slice(0, 3), WRITE)), file };
  const fixture = join(FIXTURES, 'contract', `${format.name}${format.extensions[0] ?? ''}`);
  return existsSync(fixture) ? { bytes: readFileSync(fixture), file: `${format.name}${format.extensions[0] ?? ''}` } : undefined;
}

const readers = (f: FormatModule): boolean => Boolean(f.readUnits || f.readEntries || f.readPairs || f.readDocument);

describe.each(knownFormats().map((f) => [f.name, f] as const))('format contract: %s', (_name, format) => {
  it('registers a name, a media type and at least one reader or writer; a reader brings a small valid file', async () => {
    expect(format.name).toMatch(/^[a-z0-9]+$/);
    expect(format.mediaType).toMatch(/^[a-z]+\/[\w.+-]+/);
    expect(format.extensions.every((e) => /^\.[a-z0-9]+$/.test(e))).toBe(true);
    expect(readers(format) || Boolean(format.writeUnits || format.writeEntries)).toBe(true);
    if (readers(format)) expect(await sampleOf(format), `${format.name}: a writer, or a sample in test/fixtures/formats/contract/`).toBeDefined();
  });

  it.runIf(readers(format))('refuses empty input with a BadInput naming the file', async () => {
    for (const empty of ['', '\n  \r\n\t\n']) {
      const err = await readWith(format, () => chunks(Buffer.from(empty)), 'empty.in').then(() => undefined, (e: unknown) => e);
      expect(err, JSON.stringify(empty)).toBeInstanceOf(BadInput);
      expect((err as Error).message, JSON.stringify(empty)).toMatch(/^empty\.in: /);
    }
  });

  it.runIf(readers(format))('reads the same whatever the chunk borders: split at every byte, and byte by byte', async () => {
    const { bytes, file } = (await sampleOf(format))!;
    const whole = await readWith(format, () => chunks(bytes), file);
    expect(whole.units?.length || whole.entries?.length || whole.document, 'the sample holds something').toBeTruthy();
    for (let at = 1; at < bytes.length; at++) {
      const split = await readWith(format, () => chunks(bytes, at), file);
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `split at byte ${at}`).toEqual(whole);
    }
    expect(await readWith(format, () => byteByByte(bytes), file)).toEqual(whole);
  });

  it.runIf(readers(format))('reads the file with a UTF-8 byte order mark as without, the mark split or not', async () => {
    const { bytes, file } = (await sampleOf(format))!;
    const whole = await readWith(format, () => chunks(bytes), file);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(await readWith(format, () => chunks(withBom), file)).toEqual(whole);
    expect(await readWith(format, () => chunks(withBom, 1, 2), file)).toEqual(whole);
  });

  it.runIf(readers(format))('reads a file cut at any byte as a prefix or refuses it with a BadInput naming the file (markup: and the line)', async () => {
    const { bytes, file } = (await sampleOf(format))!;
    const whole = await readWith(format, () => chunks(bytes), file);
    const markup = bytes.toString('utf8').trimStart().startsWith('<');
    for (let at = 1; at < bytes.length; at++) {
      const cut = bytes.subarray(0, at);
      const r = await readWith(format, () => chunks(cut), file).then((read) => read, (e: unknown) => e);
      if (r instanceof Error) {
        expect(r, `cut at byte ${at}: ${r.message}`).toBeInstanceOf(BadInput);
        expect(r.message, `cut at byte ${at}`).toMatch(new RegExp(`^${escape(file)}${markup ? ':\\d+' : ''}`));
        continue;
      }
      const read = r as Read;
      // Markup is read only when the cut left the root element whole (white space after it aside).
      if (markup) expect(bytes.subarray(at).toString('utf8').trim(), `cut at byte ${at} was read`).toBe('');
      expect((read.units?.length ?? 0) <= (whole.units?.length ?? 0), `cut at byte ${at}: units`).toBe(true);
      expect((read.entries?.length ?? 0) <= (whole.entries?.length ?? 0), `cut at byte ${at}: entries`).toBe(true);
      expect((read.pairs?.length ?? 0) <= (whole.pairs?.length ?? 0), `cut at byte ${at}: pairs`).toBe(true);
      if (read.document) expect((whole.document as { text: string }).text.startsWith((read.document as { text: string }).text), `cut at byte ${at}`).toBe(true);
    }
  });

  it.runIf(readers(format))('refuses a byte that is not UTF-8 with a BadInput naming the file and the line', async () => {
    const { bytes, file } = (await sampleOf(format))!;
    const lines = bytes.toString('utf8').split('\n');
    // The first line with an ASCII letter at or after the middle of the file.
    let line = Math.floor(lines.length / 2);
    while (!/[A-Za-z]/.test(lines[line] ?? 'x')) line++;
    const start = Buffer.byteLength(lines.slice(0, line).map((l) => `${l}\n`).join(''));
    const at = start + Buffer.byteLength(lines[line]!.slice(0, lines[line]!.search(/[A-Za-z]/)));
    const broken = Buffer.from(bytes);
    broken[at] = 0xff;
    const err = await readWith(format, () => chunks(broken), file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BadInput);
    expect((err as Error).message).toMatch(new RegExp(`^${escape(file)}:${line + 1}\\b`));
  });

  it.runIf(readers(format))('is found again by formatFor from the content alone, and with its extension', async () => {
    const { bytes, file } = (await sampleOf(format))!;
    const whole = await readWith(format, () => chunks(bytes), file);
    for (const name of ['', `upload${format.extensions[0] ?? ''}`]) {
      const found = formatFor(bytes, name);
      expect(await readWith(found, () => chunks(bytes), file), `formatFor(sample, "${name}") = ${found.name}`).toEqual(whole);
    }
  });

  it.runIf(Boolean(format.readUnits && format.writeUnits))('keeps the hostile-text fixture through write and read; a second round changes nothing', async () => {
    const hostile = await hostileUnits();
    const first = (await readUnits(format, await writeUnits(format, hostile, WRITE), 'round.1')).units;
    const text = (u: TranslationUnit): unknown[] => [u.externalId, u.srcLang, u.tgtLang, u.source, u.target, u.sourceParts, u.targetParts];
    expect(first.map(text)).toEqual(hostile.map(text));
    const second = (await readUnits(format, await writeUnits(format, first, WRITE), 'round.2')).units;
    expect(second.map(content)).toEqual(first.map(content));
  });

  it.runIf(Boolean(format.readEntries && format.writeEntries))('keeps the hostile glossary through write and read; a second round changes nothing', async () => {
    const hostile = await hostileEntries();
    const first = await readEntries(format, await writeEntries(format, hostile, WRITE), 'round.1');
    expect(strip(first)).toEqual(strip(hostile));
    const second = await readEntries(format, await writeEntries(format, first, WRITE), 'round.2');
    expect(strip(second)).toEqual(strip(first));
  });

  it.runIf(Boolean(format.writeUnits || format.writeEntries))('writes an empty store as a file its own reader takes', async () => {
    const out = format.writeUnits ? await writeUnits(format, [], WRITE) : await writeEntries(format, [], WRITE);
    expect(out.length).toBeGreaterThan(0);
    if (readers(format)) await readWith(format, () => chunks(Buffer.from(out)), 'empty-store');
  });
});
