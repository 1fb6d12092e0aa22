/**
 * Each reader keeps the line and column (1-based, UTF-16 code units) where a unit starts in its
 * file: the unit's element (XLIFF trans-unit/unit, TMX tu), the PO msgid, the table row, the
 * first sentence of a plain-text unit. The check's SARIF report points there.
 */
import { describe, expect, it } from 'vitest';
import { formatByName } from '../../src/formats/index.js';
import { readUnitsToCheck } from '../../src/check/run.js';
import type { TranslationUnit } from '../../src/model.js';

async function* chunks(text: string, size = 1 << 20): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(format: string, text: string, size?: number): Promise<TranslationUnit[]> {
  const out: TranslationUnit[] = [];
  for await (const u of formatByName(format).readUnits!(chunks(text, size), { file: 'f' })) out.push(u);
  return out;
}

/** Line and column of the n-th occurrence of `needle` in `text`, counted as the readers count. */
function placeOf(text: string, needle: string, n = 0): [number, number] {
  let at = -1;
  for (let k = 0; k <= n; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return [line, at - (before.lastIndexOf('\n') + 1) + 1];
}

const places = (units: TranslationUnit[]): [number | undefined, number | undefined][] => units.map((u) => [u.origin?.line, u.origin?.column]);

const TMX = (tus: string, sep: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${sep}<tmx version="1.4">${sep}<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-TW" datatype="plaintext"/>${sep}<body>${sep}${tus}${sep}</body></tmx>`;
const TU = (i: number, zh: string): string => `<tu tuid="t${i}"><tuv xml:lang="zh-TW"><seg>${zh}</seg></tuv><tuv xml:lang="en-US"><seg>Unit ${i} 😀</seg></tuv></tu>`;

describe('unit positions as read', () => {
  it('TMX: the line and column of each <tu>, after wide characters and astral ones (two code units)', async () => {
    const text = TMX(['  ' + TU(1, '區塊鏈'), `\t${TU(2, '𠀀漢字')}  ${TU(3, 'abc')}`].join('\n'), '\n');
    const units = await read('tmx', text);
    expect(places(units)).toEqual([placeOf(text, '<tu tuid="t1"'), placeOf(text, '<tu tuid="t2"'), placeOf(text, '<tu tuid="t3"')]);
    // The third tu stands after a tab, the second tu (an astral 𠀀 and an emoji: two UTF-16 code units each) and two spaces.
    expect(units[2]!.origin!.column).toBe(1 + 1 + TU(2, '𠀀漢字').length + 2);
  });

  it('TMX on one line, read in small chunks: columns carry over the chunk borders', async () => {
    const tus = Array.from({ length: 40 }, (_, i) => TU(i + 1, '區塊鏈'.repeat((i % 5) + 1))).join('');
    const text = TMX(tus, '');
    const units = await read('tmx', text, 7);
    expect(units).toHaveLength(40);
    expect(places(units)).toEqual(units.map((_, i) => placeOf(text, `<tu tuid="t${i + 1}"`)));
    expect(units.every((u) => u.origin!.line === 1)).toBe(true);
  });

  it('XLIFF 1.2: each trans-unit; XLIFF 2.0: each unit, or each segment of a unit of several', async () => {
    const x12 = `<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh-TW" target-language="en-US" datatype="plaintext" original="a">\n<body>\n    <trans-unit id="a"><source>甲</source><target>A</target></trans-unit>\n  <group><trans-unit id="b"><source>乙</source><target>B</target></trans-unit></group>\n</body></file></xliff>`;
    expect(places(await read('xliff12', x12))).toEqual([placeOf(x12, '<trans-unit id="a"'), placeOf(x12, '<trans-unit id="b"')]);
    const x20 = `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh-TW" trgLang="en-US"><file id="f">\n  <unit id="u1"><segment><source>甲</source><target>A</target></segment></unit>\n  <unit id="u2">\n    <segment><source>乙</source><target>B</target></segment>\n    <segment><source>丙</source><target>C</target></segment>\n  </unit>\n</file></xliff>`;
    const units = await read('xliff20', x20);
    expect(units.map((u) => u.externalId)).toEqual(['u1', 'u2#1', 'u2#2']);
    expect(places(units)).toEqual([placeOf(x20, '<unit id="u1"'), placeOf(x20, '<segment>', 1), placeOf(x20, '<segment>', 2)]);
  });

  it('PO: the msgid line of each entry, the msgid_plural line of a plural form', async () => {
    const po = `msgid ""\nmsgstr ""\n"Language: zh_TW\\n"\n\n#: a.c:1\nmsgid "Open"\nmsgstr "開啟"\n\n# comment\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "%d 個檔案"\nmsgstr[1] "%d 個檔案"\n`;
    const units = await read('po', po);
    expect(places(units)).toEqual([placeOf(po, 'msgid "Open"'), placeOf(po, 'msgid "One file"'), placeOf(po, 'msgid_plural')]);
  });

  it('CSV pairs (as check reads them): the line of each row, a quoted newline counted', async () => {
    const csv = 'id,zh-TW,en-US\nd1,甲。,"A,\nstill A."\nd2,乙。,B.\n';
    const units: TranslationUnit[] = [];
    for await (const u of formatByName('csv').readPairs!(chunks(csv), { file: 'f' })) units.push(u);
    expect(units.map((u) => [u.externalId, u.origin?.line, u.origin?.column])).toEqual([['d1', 2, 1], ['d2', 4, 1]]);
  });

  it('plain text checked: the line of the unit\'s first source paragraph, the column of its sentence', async () => {
    const text = '第一段。第二句話在這裡。\n\n  另一段文字。\n\nThe first paragraph. The second sentence is here.\n\nAnother paragraph.\n';
    const job = await readUnitsToCheck(chunks(text), formatByName('txt'), 'f');
    expect(job.units.map((u) => [u.source, u.line, u.column])).toEqual([
      ['第一段。', 1, 1],
      ['第二句話在這裡。', 1, 5],
      ['另一段文字。', 3, 3],
    ]);
  });
});
