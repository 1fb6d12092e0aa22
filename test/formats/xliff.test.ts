import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import xliffPkg from 'xliff';
import { xliff12Format, xliff20Format } from '../../src/formats/xliff.js';
import { tmxFormat } from '../../src/formats/tmx.js';
import { BadInput } from '../../src/errors.js';
import { FIXTURES, SCHEMAS, content, readUnits, writeUnits, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));
const sample = (name: string): Buffer => readFileSync(join(SCHEMAS, 'samples', name));
type Js = { resources: Record<string, Record<string, { source: unknown; target?: unknown; note?: unknown }>> };
const pkg = xliffPkg as unknown as {
  jsToXliff12(js: unknown): Promise<string>;
  xliff12ToJs(x: string): Promise<Js>;
  js2xliff(js: unknown): Promise<string>;
};

/**
 * The defects of the `xliff` npm package that made us replace its path (README "Formats"). Each
 * test pins the defect and shows our path keeps the data. If one starts failing, the package was
 * fixed: reconsider using it.
 */
describe('the xliff package defects, and our path', () => {
  const js = (source: string, id = 'u1', file = 'f'): unknown => ({ sourceLanguage: 'en-US', targetLanguage: 'zh-TW', resources: { [file]: { [id]: { source, target: 'x' } } } });
  const ours = async (source: string, externalId = 'u1'): Promise<string> =>
    (await readUnits(xliff12Format, await writeUnits(xliff12Format, [{ srcLang: 'en-US', tgtLang: 'zh-TW', source, target: 'x', externalId }]))).units[0]!.source;

  it('a literal &amp; in text comes back as & through the package; ours keeps it', async () => {
    const back = await pkg.xliff12ToJs(await pkg.jsToXliff12(js('literal &amp; here')));
    expect(back.resources.f!.u1!.source).toBe('literal & here');
    expect(await ours('literal &amp; here')).toBe('literal &amp; here');
  });

  it('< and quotes in attribute values: the package writes `<` raw (not well-formed XML); ours escapes', async () => {
    const out = await pkg.jsToXliff12(js('a', 'u1', 'file<"1"'));
    expect(out).toContain('original="file<');
    if (haveXmllint) expect(xmllint('--schema', 'xliff-core-1.2-transitional.xsd', out).status).not.toBe(0);
    const mine = await writeUnits(xliff12Format, [{ srcLang: 'en', tgtLang: 'de', source: 'a', target: 'b', externalId: 'id<"&>' }]);
    expect(mine).toContain('id="id&lt;&quot;&amp;&gt;"');
    expect((await readUnits(xliff12Format, mine)).units[0]!.externalId).toBe('id<"&>');
  });

  it('pretty-printing puts white space into text around inline tags, and trailing newlines are stripped', async () => {
    const out = await pkg.jsToXliff12({ sourceLanguage: 'en', targetLanguage: 'de', resources: { f: { u: { source: ['Press ', { GenericSpan: { id: '1', contents: 'Save' } }, ' now'], target: 'x' } } } });
    expect(out).toMatch(/<source>Press \n\s+<g/);
    const back = await pkg.xliff12ToJs(await pkg.jsToXliff12(js('two lines\n\n')));
    expect(back.resources.f!.u1!.source).toBe('two lines\n');
    expect(await ours('two lines\n\n')).toBe('two lines\n\n');
  });

  it('state and note attributes are dropped on read by the package; ours keeps them, and <mrk> with its text', async () => {
    const x = '<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" source-language="en" target-language="de" datatype="plaintext"><body><trans-unit id="1"><source>A <mrk mtype="term">term</mrk> here</source><target state="final">B</target><note from="reviewer" priority="2">keep</note></trans-unit></body></file></xliff>';
    const back = await pkg.xliff12ToJs(x);
    expect(JSON.stringify(back)).not.toContain('final');
    expect(JSON.stringify(back)).not.toContain('reviewer');
    const { units } = await readUnits(xliff12Format, x);
    expect(units[0]).toMatchObject({ source: 'A term here', target: 'B', notes: [{ text: 'keep' }], attrs: { state: 'final', 'x-note-0-from': 'reviewer', 'x-note-0-priority': '2' } });
    const again = await writeUnits(xliff12Format, units);
    expect(again).toContain('<target state="final">B</target>');
    expect(again).toContain('<note from="reviewer" priority="2">keep</note>');
    expect(again).toContain('<source>A <mrk mtype="term">term</mrk> here</source>');
  });
});

describe('XLIFF import', () => {
  it('reads the 1.2 sample: two files, a group, g/x/ph codes, notes and state', async () => {
    const { units } = await readUnits(xliff12Format, sample('xliff12-valid.xlf'), 'x.xlf');
    expect(units.length).toBeGreaterThanOrEqual(2);
    expect(units.every((u) => u.srcLang === 'zh-CN' && u.tgtLang === 'en-US')).toBe(true);
    expect(units.some((u) => u.sourceParts?.some((p) => typeof p !== 'string' && p.tag === 'g'))).toBe(true);
    expect(units.some((u) => u.notes?.length)).toBe(true);
    expect(units.some((u) => u.attrs?.state)).toBe(true);
  });

  it('reads the 2.0 sample (sniffed from the version): pc/ph codes, originalData, mrk kept with its text', async () => {
    const { units } = await readUnits(xliff12Format, sample('xliff20-valid.xlf'), 'x.xlf');
    expect(units.length).toBeGreaterThanOrEqual(1);
    expect(units[0]!.srcLang).toBe('zh-CN');
    const tags = units.flatMap((u) => (u.sourceParts ?? []).filter((p) => typeof p !== 'string').map((p) => typeof p !== 'string' && p.tag));
    expect(tags).toEqual(expect.arrayContaining(['mrk']));
    expect(units.some((u) => u.props?.some((p) => p.type.startsWith('x-xliff-data:')))).toBe(true);
  });

  it('refuses a file that is not XLIFF, an unknown version, entity declarations, a unit without source', async () => {
    const bad: [string, RegExp][] = [
      ['<tmx version="1.4"/>', /x\.xlf:1: not an XLIFF file/],
      ['<xliff version="3.0"/>', /unsupported XLIFF version "3.0"/],
      ['<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]><xliff version="1.2"/>', /DOCTYPE declares entities/],
      ['<xliff version="1.2"><file source-language="en" target-language="de">\n<body><trans-unit id="a"><target>b</target></trans-unit></body></file></xliff>', /x\.xlf:2: <trans-unit id="a"> without <source>/],
      ['<xliff version="1.2"><file source-language="en"', /x\.xlf:1: .*malformed XML/],
    ];
    for (const [xml, message] of bad) {
      const err = await readUnits(xliff12Format, xml, 'x.xlf').then(() => undefined, (e: unknown) => e);
      expect(err, xml).toBeInstanceOf(BadInput);
      expect((err as Error).message, xml).toMatch(message);
    }
  });
});

describe('XLIFF export', () => {
  it.skipIf(!haveXmllint)('writes the TM from TMX (hostile text, codes, variants) as schema-valid XLIFF 1.2 and 2.0', async () => {
    const { units } = await readUnits(tmxFormat, readFileSync(join(FIXTURES, 'features.tmx')));
    const { units: hostile } = await readUnits(tmxFormat, readFileSync(join(FIXTURES, 'hostile-text.tmx')));
    const all = [...hostile, ...units, { srcLang: 'zh-TW', tgtLang: 'en-US', source: 'ctrl\u0001char', target: 'x' }];
    const x12 = await writeUnits(xliff12Format, all);
    for (const schema of ['xliff-core-1.2-strict.xsd', 'xliff-core-1.2-transitional.xsd']) {
      const r = xmllint('--schema', schema, x12);
      expect(r.stderr, schema).toBe('');
    }
    const x20 = await writeUnits(xliff20Format, all, { srcLang: 'zh-TW', tgtLang: 'en-US' });
    const r = xmllint('--schema', 'xliff_core_2.0+glossary.xsd', x20);
    expect(r.stderr).toBe('');
    expect(x20).toContain('<cp hex="0001"/>');
    expect(x20).toMatch(/units of other language pairs left out/);
  });

  it('round-trips XLIFF → Glossa → XLIFF for the samples and the hostile text, both versions', async () => {
    const { units: hostile } = await readUnits(tmxFormat, readFileSync(join(FIXTURES, 'hostile-text.tmx')));
    for (const [format, data] of [
      [xliff12Format, sample('xliff12-valid.xlf')],
      [xliff20Format, sample('xliff20-valid.xlf')],
      [xliff12Format, await writeUnits(xliff12Format, hostile)],
      [xliff20Format, await writeUnits(xliff20Format, hostile)],
    ] as const) {
      const first = (await readUnits(format, data)).units;
      const out = await writeUnits(format, first);
      const second = (await readUnits(format, out)).units;
      expect(second.map(content), format.name).toEqual(first.map(content));
    }
    const back = (await readUnits(xliff20Format, await writeUnits(xliff20Format, hostile))).units;
    expect(back.map((u) => [u.source, u.target])).toEqual(hostile.map((u) => [u.source, u.target]));
  });
});
