/**
 * Every reader of src/formats, fed inputs made by fast-check: valid files of its format mutated
 * where their structure is (tags, entities, quotes, separators, encodings), and random bytes.
 * Whatever comes in, a reader gives units, entries or a document, or throws BadInput naming the
 * place (the file at least) - never another exception and never a hang. The run is bounded
 * (numRuns) and seeded: a failure prints its seed and the shrunk input; GLOSSA_PROPS_SEED
 * replays a run.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownFormats, type FormatModule } from '../../src/formats/index.js';
import { BadInput } from '../../src/errors.js';

const SEED = process.env.GLOSSA_PROPS_SEED ? Number(process.env.GLOSSA_PROPS_SEED) : undefined;
const RUNS = process.env.GLOSSA_PROPS_RUNS ? Number(process.env.GLOSSA_PROPS_RUNS) : 150;
/** A reader that has not finished one small input in this time is taken to hang. */
const HANG_MS = 3000;

const fixture = (p: string): string => readFileSync(`test/fixtures/${p}`, 'utf8');

/** Valid files of each format, the starting points of the mutations. */
const SEEDS: Record<string, string[]> = {
  tmx: [fixture('formats/features.tmx'), fixture('schemas/samples/tmx14-valid.tmx')],
  xliff12: [fixture('schemas/samples/xliff12-valid.xlf')],
  xliff20: [fixture('schemas/samples/xliff20-valid.xlf')],
  tbx: [fixture('schemas/samples/tbx-basic-v2-valid.tbx')],
  tbx3: [fixture('schemas/samples/tbx-basic-v3-valid.tbx')],
  csv: [fixture('formats/hostile-glossary.csv'), fixture('check/pairs.csv')],
  tsv: [fixture('formats/glossary.tsv')],
  po: [fixture('formats/contract/po.po')],
  txt: [fixture('formats/contract/txt.txt')],
};

/** Pieces that have broken XML, CSV and PO readers elsewhere: markup, entities, quotes, odd characters. */
const NASTY = [
  '<', '>', '&', '&amp;', '&lt;', '&#0;', '&#xD800;', '&#x110000;', '&#65;', '&unknown;', '&#', '<!--', '-->', '<![CDATA[', ']]>',
  '<?xml version="1.0"?>', '<?pi x?>', '<!DOCTYPE tmx [<!ENTITY e "x">]>', '<!ENTITY a SYSTEM "file:///etc/passwd">', '&a;',
  '<tu>', '</tu>', '<tuv xml:lang="">', '<tuv>', '<seg>', '</seg>', '<bpt i="1">', '<ph/>', '<trans-unit id="">', '<source>', '</target>',
  '<unit id="u">', '<segment>', '<termEntry>', '<langSet xml:lang="x">', '<term>', '<conceptEntry id="c">', '<langSec xml:lang="en">',
  '<xliff version="9">', 'xml:lang="', 'version="2.0"', ' id="', '"', "'", '=', '\u0000', '\u0001', '\u000B', '\r', '\n', '\r\n', '\t',
  ',', ';', '""', '"a,b"', 'msgid ""', 'msgstr ""', 'msgctxt "', 'msgid_plural "x"', 'msgstr[0] "', 'msgstr[99999999999] "', '#, fuzzy', '#| msgid "',
  '\\', '\\"', '\\u', '\uFEFF', '\uFFFE', '\uD800', '\uDC00', '𠀀', '中文', '，', '。', '\u2028', '\u200B', 'zh-TW', 'en-US', 'source', 'target',
];

/** A structure-aware mutation of a text: insert, delete, duplicate or replace a piece. */
function mutated(seeds: string[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 8 })) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc
    .record({ seed: fc.constantFrom(...seeds), edits: fc.array(edit, { maxLength: 4 }), encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8-bom', 'utf16le-bom', 'utf16be-bom', 'latin1') })
    .map(({ seed, edits, encoding }) => {
      let text = seed;
      for (const e of edits) {
        const at = text.length === 0 ? 0 : e.at % (text.length + 1);
        if (e.kind === 'insert') text = text.slice(0, at) + e.piece + text.slice(at);
        else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
        else if (e.kind === 'duplicate') text = text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
        else text = text.slice(0, at);
      }
      return encode(text, encoding);
    });
}

function encode(text: string, encoding: string): Uint8Array {
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf16be-bom') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  return Buffer.from(text, 'utf8');
}

/** Random bytes, and random text, whole or cut into chunks at random places. */
const noise: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  // A few bytes only: what a sniffer reads first (BOMs, UTF-16 zero bytes, cut characters).
  fc.array(fc.constantFrom(0x00, 0x3c, 0xef, 0xbb, 0xbf, 0xfe, 0xff, 0x0a, 0x22, 0x2c, 0x09, 0xe4, 0xb8), { maxLength: 7 }).map((a) => Uint8Array.from(a)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
  fc.array(fc.constantFrom(...NASTY), { maxLength: 40 }).map((a) => Buffer.from(a.join(''), 'utf8')),
);

/** The input as a byte stream, cut into chunks at the given places (a reader must not care where). */
async function* chunks(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const c of at) {
    if (c > from) yield bytes.subarray(from, c);
    from = Math.max(from, c);
  }
  yield bytes.subarray(from);
}

type Reading = 'readUnits' | 'readEntries' | 'readPairs' | 'readDocument';

/** Read the whole input with one reading of the module; resolves with how it ended. */
async function readAllOf(format: FormatModule, reading: Reading, bytes: Uint8Array, cuts: number[]): Promise<'ok' | BadInput> {
  const ctx = { file: 'input.x', warn: () => undefined };
  const input = chunks(bytes, cuts);
  try {
    if (reading === 'readDocument') {
      const doc = await format.readDocument!(input, ctx);
      expect(typeof doc.text).toBe('string');
    } else {
      for await (const item of format[reading]!(input, ctx) as AsyncIterable<unknown>) expect(item).toBeTypeOf('object');
    }
    return 'ok';
  } catch (e) {
    if (e instanceof BadInput) return e;
    throw e;
  }
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no end after ${HANG_MS} ms`)), HANG_MS)));
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

const READINGS: Reading[] = ['readUnits', 'readEntries', 'readPairs', 'readDocument'];

describe('every reader, fed mutated files and noise', () => {
  for (const format of knownFormats()) {
    const readings = READINGS.filter((r) => typeof format[r] === 'function');
    if (readings.length === 0) continue;
    const seeds = SEEDS[format.name];
    it(`${format.name} (${readings.join(', ')}): a result or BadInput naming the place`, async () => {
      expect(seeds, `seed files for ${format.name}`).toBeDefined();
      const input = fc.oneof({ weight: 3, arbitrary: mutated(seeds!) }, { weight: 1, arbitrary: noise });
      const tally = { ok: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(input, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom(...readings), async (bytes, cuts, reading) => {
          const result = await withTimeout(readAllOf(format, reading, bytes, cuts), `${format.name}.${reading}`);
          tally[result === 'ok' ? 'ok' : 'refused']++;
          if (result !== 'ok') {
            expect(result.place?.file, `BadInput without a place: ${result.message}`).toBe('input.x');
            expect(result.message.length).toBeLessThan(2000);
          }
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), interruptAfterTimeLimit: 20_000 },
      );
      // The inputs reach both ends: read through, and refused.
      expect(tally.ok, JSON.stringify(tally)).toBeGreaterThan(0);
      expect(tally.refused, JSON.stringify(tally)).toBeGreaterThan(0);
    });
  }
});
