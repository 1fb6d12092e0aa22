import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import xliffPkg from 'xliff';
import { SaxesParser } from 'saxes';
import { xliff12Format, xliff20Format } from '../../src/formats/xliff.js';
import { tmxFormat } from '../../src/formats/tmx.js';
import { BadInput } from '../../src/errors.js';
import { FIXTURES, SCHEMAS, content, readUnits, writeUnits, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));
const sample = (name: string): Buffer => readFileSync(join(SCHEMAS, 'samples', name));
/** The JS shape of the `xliff` package: resources by file, units by key; inline codes as objects. */
type JsSegment = string | (string | Record<string, { id?: string; ctype?: string; contents?: string }>)[];
interface JsUnit {
  source: JsSegment;
  target: JsSegment;
  note?: string;
}
interface JsDocument {
  sourceLanguage: string;
  targetLanguage: string;
  resources: Record<string, Record<string, JsUnit>>;
}
const pkg = xliffPkg as unknown as {
  jsToXliff12(js: JsDocument, options?: { indent?: string }): Promise<string>;
  js2xliff(js: JsDocument, options?: { indent?: string }): Promise<string>;
};

/** The package's inline elements and the XLIFF element each becomes, by version. */
const PKG_TAGS: Record<string, Record<'1.2' | '2.0', string>> = {
  GenericSpan: { '1.2': 'g', '2.0': 'pc' },
  Standalone: { '1.2': 'x', '2.0': 'ph' },
};

/** A segment of the JS shape as Glossa holds it: its text, and its parts when it has codes. */
function expected(seg: JsSegment, version: '1.2' | '2.0'): { text: string; parts?: unknown[] } {
  if (typeof seg === 'string') return { text: seg };
  const parts = seg.map((p) => {
    if (typeof p === 'string') return p;
    const [kind, { contents, ...attrs }] = Object.entries(p)[0]!;
    return { tag: PKG_TAGS[kind]![version], attrs, content: contents === undefined ? [] : [contents] };
  });
  return { text: seg.map((p) => (typeof p === 'string' ? p : (Object.values(p)[0]!.contents ?? ''))).join(''), parts };
}

/** What a conformant XML parser (saxes) reads as the text of each <source>/<target>, by unit id. */
function saxesTexts(xml: string): Map<string, [string, string]> {
  const parser = new SaxesParser({ xmlns: false });
  const out = new Map<string, [string, string]>();
  let id = '';
  let side: 0 | 1 | undefined;
  parser.on('opentag', (t) => {
    if (t.name === 'trans-unit' || t.name === 'unit') {
      id = String(t.attributes.id);
      out.set(id, ['', '']);
    } else if (t.name === 'source') side = 0;
    else if (t.name === 'target') side = 1;
  });
  parser.on('closetag', (t) => {
    if (t.name === 'source' || t.name === 'target') side = undefined;
  });
  parser.on('text', (text) => {
    if (side !== undefined) out.get(id)![side] += text;
  });
  parser.write(xml).close();
  return out;
}

/**
 * XLIFF that other JavaScript tools write with the `xliff` npm package (jsToXliff12 for 1.2,
 * js2xliff for 2.0) imports through Glossa with its text, inline codes, notes, ids and languages.
 * Glossa does not use the package itself (it loses data on its own read path); this is what the
 * package is worth to users: files written with it must come in right. Where the package's own
 * output says other text than its input (it writes an `&amp;` in the input as it is, so the file
 * says `&`, and a CR raw, which XML reads as LF), Glossa reads what the file says, as saxes does.
 */
describe('XLIFF written with the xliff package imports through Glossa', () => {
  const plain: Record<string, JsUnit> = {
    sec: { source: '證券交易委員會 & <b> "引號"', target: 'SEC & <b> "quotes"', note: 'a note' },
    astral: { source: '表情 😀 與擴展B 𠀀𪚥', target: 'emoji 😀 and extension B 𠀀𪚥' },
    tab: { source: '製表符\t之後\n換行', target: 'tab\tthen\nnewline' },
  };
  const coded: Record<string, JsUnit> = {
    bold: { source: ['按 ', { GenericSpan: { id: '1', ctype: 'x-bold', contents: '儲存' } }, ' 鍵'], target: ['Press ', { GenericSpan: { id: '1', ctype: 'x-bold', contents: 'Save' } }, ' now'] },
    image: { source: ['圖', { Standalone: { id: '2', ctype: 'image' } }, '在此'], target: ['Image', { Standalone: { id: '2', ctype: 'image' } }, ' here'] },
  };
  const hostile = async (): Promise<Record<string, JsUnit>> => {
    const { units } = await readUnits(tmxFormat, readFileSync(join(FIXTURES, 'hostile-text.tmx')));
    return Object.fromEntries(units.map((u) => [u.externalId!, { source: u.source, target: u.target }]));
  };

  for (const [version, write, format] of [['1.2', pkg.jsToXliff12, xliff12Format], ['2.0', pkg.js2xliff, xliff20Format]] as const) {
    it(`XLIFF ${version}: text, hostile text, notes, ids and two files of units`, async () => {
      const resources = { plain, hostile: await hostile() };
      const xml = await write({ sourceLanguage: 'zh-TW', targetLanguage: 'en-US', resources });
      const { units, warnings } = await readUnits(format, xml, `package-${version}.xlf`);
      expect(warnings).toEqual([]);
      const all = Object.entries(resources).flatMap(([, r]) => Object.entries(r));
      expect(units.map((u) => u.externalId)).toEqual(all.map(([id]) => id));
      const read = saxesTexts(xml);
      for (const [k, [id, js]] of all.entries()) {
        const u = units[k]!;
        expect(u, id).toMatchObject({ srcLang: 'zh-TW', tgtLang: 'en-US' });
        // The input, unless the package's file itself says otherwise; then what the file says.
        const [source, target] = read.get(id)!;
        expect([u.source, u.target], id).toEqual([source, target]);
        if (typeof js.source === 'string' && !/&\w+;|\r/.test(js.source + js.target)) expect([u.source, u.target], id).toEqual([js.source, js.target]);
        expect(u.notes?.map((n) => n.text), id).toEqual(js.note === undefined ? undefined : [js.note]);
      }
    });

    it(`XLIFF ${version}: inline codes come in as codes around their text`, async () => {
      // The package pretty-prints by default, which puts white space into text next to inline
      // tags; a tool that writes codes turns that off with its `indent` option.
      const xml = await write({ sourceLanguage: 'en-US', targetLanguage: 'zh-TW', resources: { f: Object.fromEntries(Object.entries(coded).map(([k, u]) => [k, { source: u.target, target: u.source }])) } }, { indent: '' });
      const { units } = await readUnits(format, xml);
      expect(units).toHaveLength(2);
      for (const u of units) {
        const js = coded[u.externalId!]!;
        const src = expected(js.target, version);
        const tgt = expected(js.source, version);
        expect(u, u.externalId).toMatchObject({ srcLang: 'en-US', tgtLang: 'zh-TW', source: src.text, target: tgt.text, sourceParts: src.parts, targetParts: tgt.parts });
      }
    });
  }
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

  // The hostile text's round trip through both versions is in the contract suite.
  it('round-trips XLIFF → Glossa → XLIFF for the schema samples, both versions', async () => {
    for (const [format, data] of [
      [xliff12Format, sample('xliff12-valid.xlf')],
      [xliff20Format, sample('xliff20-valid.xlf')],
    ] as const) {
      const first = (await readUnits(format, data)).units;
      const out = await writeUnits(format, first);
      const second = (await readUnits(format, out)).units;
      expect(second.map(content), format.name).toEqual(first.map(content));
    }
  });
});
