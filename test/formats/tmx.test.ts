import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmxFormat, toTmxDate, fromTmxDate } from '../../src/formats/tmx.js';
import { BadInput } from '../../src/errors.js';
import type { TranslationUnit } from '../../src/model.js';
import { FIXTURES, SCHEMAS, content, readUnits, writeUnits, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));

describe('TMX reader', () => {
  it('reads the schema sample: props, notes, dates, attributes and inline codes kept as codes', async () => {
    const { units, warnings } = await readUnits(tmxFormat, readFileSync(join(SCHEMAS, 'samples/tmx14-valid.tmx')));
    expect(warnings).toEqual([]);
    expect(units).toHaveLength(2);
    const [a, b] = units as [TranslationUnit, TranslationUnit];
    expect(a).toMatchObject({
      srcLang: 'zh-CN', tgtLang: 'en-US', externalId: 'tu-0001',
      source: '点击“保存”按钮 & 输入 <名称>，然后按 "OK"。',
      props: [{ type: 'x-domain', value: 'UI' }],
      notes: [{ text: 'Text with quotes, ampersand and angle brackets.' }],
      createdAt: '2024-01-01T12:00:00.000Z', changedAt: '2024-01-02T08:00:00.000Z',
      attrs: { creationid: 'tester', usagecount: '3' },
    });
    expect(b.source).toBe('这是粗体文本。');
    expect(b.sourceParts).toEqual([
      '这是', { tag: 'bpt', attrs: { i: '1', x: '1' }, content: ['<b>'] }, '粗体',
      { tag: 'ept', attrs: { i: '1' }, content: ['</b>'] }, '文本', { tag: 'ph', attrs: { x: '2' }, content: ['{0}'] }, '。',
    ]);
  });

  it('decodes numeric character references, takes srclang="*all*", keeps extra variants, reads TMX 1.1 lang, reports skipped units', async () => {
    const { units, warnings } = await readUnits(tmxFormat, fixture('features.tmx'), 'features.tmx');
    const byId = new Map(units.map((u) => [u.externalId, u]));
    const ncr = byId.get('ncr')!;
    expect(ncr.source).toBe('中文與𠀀字');
    expect(ncr.srcLang).toBe('zh-TW'); // *all*: the first variant is the source
    expect(ncr.tgtLang).toBe('en-US');
    expect(ncr.variants?.map((v) => [v.lang, v.text])).toEqual([['ja', '中国語'], ['fr', 'chinois']]);
    expect(ncr.variants?.[0]?.notes).toEqual([{ text: 'third variant' }]);
    expect(ncr.sourceMeta).toEqual({ props: [{ type: 'x-reviewed', value: 'yes' }], attrs: { creationid: 'tw-editor' } });
    expect(ncr.props).toEqual([{ type: 'x-domain', value: 'finance', lang: 'en' }, { type: 'x-custom', value: 'kept & written back' }]);
    expect(ncr.notes).toEqual([{ text: 'two notes,' }, { text: 'both kept', lang: 'en' }]);
    expect(byId.get('space')!.source).toBe('  two leading spaces,\na line break\tand a tab  ');
    expect(byId.get('old-lang')).toMatchObject({ srcLang: 'en', tgtLang: 'zh-TW', source: 'TMX 1.1 style lang attribute' });
    const codes = byId.get('codes')!;
    expect(codes.srcLang).toBe('en-US');
    expect(codes.source).toBe('Press Save  now TMX');
    expect(codes.sourceParts?.filter((p) => typeof p !== 'string').map((p) => typeof p !== 'string' && p.tag)).toEqual(['bpt', 'ept', 'ph', 'it', 'hi', 'ut', 'ph']);
    const img = codes.sourceParts!.at(-1)!;
    expect(img).toEqual({ tag: 'ph', attrs: {}, content: ['<img alt="', { tag: 'sub', attrs: {}, content: ['a picture'] }, '"/>'] });
    expect(units).toHaveLength(4);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^4\d: tu "lonely" skipped: .*1 language variant/);
    expect(warnings[1]).toMatch(/^4\d: tu "nolang" skipped: a <tuv> has no xml:lang/);
  });

  it('reads UTF-8 with BOM, UTF-16LE and UTF-16BE with BOM alike, even split into 1-byte chunks', async () => {
    const { units: plain } = await readUnits(tmxFormat, fixture('hostile-text.tmx'));
    expect(plain).toHaveLength(5);
    for (const f of ['utf8-bom.tmx', 'utf16le-bom.tmx', 'utf16be-bom.tmx']) {
      for (const chunk of [1, 3, 4096]) {
        const { units } = await readUnits(tmxFormat, fixture(f), f, chunk);
        expect(units.map(content), `${f} in ${chunk}-byte chunks`).toEqual(plain.map(content));
      }
    }
    expect(plain.find((u) => u.externalId === 'amp')!.source).toBe('字面上的 &amp; 不是 &');
    expect(plain.find((u) => u.externalId === 'ws')!.target).toBe('tab\tthen\nnewline\rcarriage return');
  });
});

describe('TMX writer', () => {
  const unit = (over: Partial<TranslationUnit>): TranslationUnit => ({ srcLang: 'zh-TW', tgtLang: 'en-US', source: '源', target: 'source', ...over });

  it('writes the seven header attributes, a concrete srclang, unique space-free tuids and UTC dates', async () => {
    const xml = await writeUnits(tmxFormat, [
      unit({ id: 1, externalId: 'a b', createdAt: '2024-05-06T07:08:09.123+02:00' }),
      unit({ id: 2, externalId: 'a_b', source: '二' }),
      unit({ id: 3, source: '三', changedAt: '2025-01-02T03:04:05Z' }),
    ], { srcLang: 'zh-TW' });
    const header = /<header([^>]*)\/>/.exec(xml)![1]!;
    for (const a of ['creationtool', 'creationtoolversion', 'segtype="sentence"', 'o-tmf', 'adminlang', 'srclang="zh-TW"', 'datatype']) expect(header).toContain(a);
    // The version is package.json's.
    expect(header).toContain(`creationtoolversion="${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}"`);
    const tuids = [...xml.matchAll(/tuid="([^"]*)"/g)].map((m) => m[1]);
    expect(tuids).toEqual(['a_b', 'a_b-2', 'glossa-3']);
    expect(xml).toContain('creationdate="20240506T050809Z"');
    expect(xml).toContain('changedate="20250102T030405Z"');
    expect(toTmxDate('nonsense')).toBeUndefined();
    expect(fromTmxDate('20240506T050809Z')).toBe('2024-05-06T05:08:09.000Z');
  });

  it('reads each unit its own dates when dates repeat and alternate (the reader reuses the last conversion)', async () => {
    const tu = (id: string, created: string, changed?: string): string =>
      `<tu tuid="${id}" creationdate="${created}"${changed ? ` changedate="${changed}"` : ''}><tuv xml:lang="en"><seg>${id}</seg></tuv><tuv xml:lang="zh"><seg>${id}</seg></tuv></tu>`;
    const xml = `<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>${[
      tu('a', '20240101T000000Z'),
      tu('b', '20240101T000000Z', '20250202T020202Z'),
      tu('c', '20250202T020202Z', '20240101T000000Z'),
      tu('d', '2024-01-01'),
      tu('e', '20240101T000000Z'),
    ].join('')}</body></tmx>`;
    const { units } = await readUnits(tmxFormat, xml);
    expect(units.map((u) => [u.externalId, u.createdAt, u.changedAt])).toEqual([
      ['a', '2024-01-01T00:00:00.000Z', undefined],
      ['b', '2024-01-01T00:00:00.000Z', '2025-02-02T02:02:02.000Z'],
      ['c', '2025-02-02T02:02:02.000Z', '2024-01-01T00:00:00.000Z'],
      // Not a TMX date: kept as an attribute, not as a date.
      ['d', undefined, undefined],
      ['e', '2024-01-01T00:00:00.000Z', undefined],
    ]);
    expect(units[3]!.attrs).toEqual({ creationdate: '2024-01-01' });
  });

  it('escapes text and attributes and writes nothing extra inside seg', async () => {
    const xml = await writeUnits(tmxFormat, [unit({
      source: ' a & b < c > d ]]> \r\n\t ', target: 'x\u0001y',
      props: [{ type: 'x-q', value: 'say "hi" & <go>\tnow\n' }],
      attrs: { creationid: 'a"b', state: 'final' },
    })]);
    expect(xml).toContain('<seg> a &amp; b &lt; c &gt; d ]]&gt; &#13;\n\t </seg>');
    expect(xml).toContain('<seg>xy</seg>'); // U+0001 cannot be written in XML 1.0
    expect(xml).toContain('creationid="a&quot;b"');
    expect(xml).toContain('<prop type="x-glossa-attr:state">final</prop>');
    const { units } = await readUnits(tmxFormat, xml);
    expect(units[0]!.source).toBe(' a & b < c > d ]]> \r\n\t ');
    expect(units[0]!.attrs).toEqual({ creationid: 'a"b', state: 'final' });
    expect(units[0]!.props).toEqual([{ type: 'x-q', value: 'say "hi" & <go>\tnow\n' }]);
  });

  it('writes inline codes of other formats as paired TMX codes, and a lone bpt as it', async () => {
    const xml = await writeUnits(tmxFormat, [unit({
      source: 'bold plain',
      sourceParts: [{ tag: 'g', attrs: { id: '1' }, content: ['bold'] }, ' ', { tag: 'x', attrs: { id: '2' }, content: [] }, { tag: 'bpt', attrs: { i: '1' }, content: ['<i>'] }, 'plain', { tag: 'mrk', attrs: { type: 'term' }, content: ['T'] }],
    })]);
    expect(xml).toContain('<seg><bpt i="2" type="x-g"></bpt>bold<ept i="2"></ept> <ph type="x-x"></ph><it pos="begin">&lt;i&gt;</it>plain<hi type="x-mrk-term">T</hi></seg>');
    if (haveXmllint) expect(xmllint('--dtdvalid', 'tmx14.dtd', xml).status).toBe(0);
  });

  it.skipIf(!haveXmllint)('round-trips the sample, the feature file and the hostile text: valid TMX, same content', async () => {
    for (const [name, data] of [
      ['sample', readFileSync(join(SCHEMAS, 'samples/tmx14-valid.tmx'))],
      ['features', fixture('features.tmx')],
      ['hostile', fixture('hostile-text.tmx')],
      ['utf16', fixture('utf16be-bom.tmx')],
    ] as const) {
      const { units } = await readUnits(tmxFormat, data, name);
      const xml = await writeUnits(tmxFormat, units);
      const lint = xmllint('--dtdvalid', 'tmx14.dtd', xml);
      expect(lint.stderr, name).toBe('');
      expect(lint.status, name).toBe(0);
      const again = await readUnits(tmxFormat, xml, name);
      expect(again.units.map(content), name).toEqual(units.map(content));
      // and once more: the writer is stable
      expect((await writeUnits(tmxFormat, again.units)).replace(/creationdate="\d{8}T\d{6}Z"\/>/, '')).toBe(xml.replace(/creationdate="\d{8}T\d{6}Z"\/>/, ''));
    }
  });
});

describe('TMX hostile and broken input', () => {
  const cases: [string, RegExp][] = [
    ['billion-laughs.tmx', /billion-laughs\.tmx:\d+: .*DOCTYPE declares entities/],
    ['xxe.tmx', /xxe\.tmx:\d+: .*DOCTYPE declares entities/],
    ['undeclared-entity.tmx', /undeclared-entity\.tmx:5: malformed XML: .*undefined entity/i],
    ['malformed.tmx', /malformed\.tmx:6: malformed XML/],
    ['truncated.tmx', /truncated\.tmx:\d+: .*(truncated|unclosed)/i],
    ['unpaired.tmx', /unpaired\.tmx:6: in <seg>: <bpt i="1"> has no matching <ept>/],
    ['big5.tmx', /big5\.tmx:1: declares encoding "Big5"/],
    ['latin-bytes.tmx', /latin-bytes\.tmx:2: not valid UTF-8/],
  ];
  for (const [file, message] of cases) {
    it(`refuses ${file} with a clear BadInput`, async () => {
      const err = await readUnits(tmxFormat, fixture(`hostile/${file}`), file).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(BadInput);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('caps nesting depth (a parser alone accepts a million levels)', async () => {
    const deep = `<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>${'<hi>'.repeat(5000)}x${'</hi>'.repeat(5000)}</seg></tuv></tu></body></tmx>`;
    await expect(readUnits(tmxFormat, deep, 'deep.tmx', 4096)).rejects.toThrow(/deep\.tmx:1: elements nested more than 64 deep/);
  });

  it('checks bpt/ept pairing at each level of a seg: overlapping pairs pass, every unpaired case is named', async () => {
    const tmx = (seg: string): string => `<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>${seg}</seg></tuv><tuv xml:lang="zh"><seg>x</seg></tuv></tu></body></tmx>`;
    const ok = await readUnits(tmxFormat, tmx('<bpt i="1">[b]</bpt>a<bpt i="2">[i]</bpt>b<ept i="1">[/b]</ept>c<ept i="2">[/i]</ept><hi><bpt i="1"/>d<ept i="1"/></hi>'), 'ok.tmx');
    expect(ok.units[0]!.source).toBe('abcd');
    const refused: [string, RegExp][] = [
      ['a<ept i="1"/>', /in <seg>: <ept i="1"> has no <bpt i="1"> before it/],
      ['<bpt i="1"/>a<bpt i="1"/>b<ept i="1"/>', /in <seg>: two <bpt i="1"> open at once/],
      ['<bpt i="1"/>a<ept i="2"/>', /in <seg>: <ept i="2"> has no <bpt i="2"> before it/],
      ['<bpt i="1"/><hi>a<ept i="1"/></hi>', /in <seg>: <ept i="1"> has no <bpt i="1"> before it/],
      ['<bpt i="1"/>a<bpt i="2"/>b<ept i="2"/>', /in <seg>: <bpt i="1"> has no matching <ept>/],
      ['<bpt x="1"/>a', /in <seg>: <bpt> without its i attribute/],
    ];
    for (const [seg, message] of refused) await expect(readUnits(tmxFormat, tmx(seg), 'p.tmx'), seg).rejects.toThrow(message);
  });

  it('refuses a file that is not TMX', async () => {
    await expect(readUnits(tmxFormat, '<?xml version="1.0"?><xliff version="1.2"/>', 'x.tmx')).rejects.toThrow(/x\.tmx:1: not a TMX file: the root element is <xliff>/);
    await expect(readUnits(tmxFormat, 'just text', 'x.tmx')).rejects.toThrow(BadInput);
  });
});
