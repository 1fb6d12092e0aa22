import { describe, expect, it } from 'vitest';
import { readUnitsOf } from '../../src/ingest.js';
import { textFormat } from '../../src/formats/text.js';
import { tsvFormat } from '../../src/formats/csv.js';
import type { FormatModule } from '../../src/formats/index.js';
import type { TranslationUnit } from '../../src/model.js';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

async function unitsOf(text: string, format: FormatModule = textFormat): Promise<TranslationUnit[]> {
  const out: TranslationUnit[] = [];
  for await (const u of readUnitsOf(format, bytes(text), { file: 'doc.txt' })!) out.push(u);
  return out;
}

describe('importing a bilingual text', () => {
  it('gives the sentence pairs, then the units of the CAT tool\'s segments over two lines, marked', async () => {
    const units = await unitsOf(['安裝步驟如下：', '下載映像檔。', '重新開機。', '', 'The steps are as follows:', 'Download the image.', 'Reboot.'].join('\n'));
    expect(units.map((u) => [u.source, u.target, u.props?.[0]?.value])).toEqual([
      ['安裝步驟如下：', 'The steps are as follows:', undefined],
      ['下載映像檔。', 'Download the image.', undefined],
      ['重新開機。', 'Reboot.', undefined],
      ['安裝步驟如下：\n下載映像檔。', 'The steps are as follows:\nDownload the image.', 'cat-segment'],
    ]);
  });
});

describe('importing a table of aligned pairs (zh-TW<TAB>en-US header)', () => {
  const TABLE = [
    'zh-TW\ten-US',
    '東京今年的遊客超過三千萬人。酒店價格因此上漲了百分之二十。\tTokyo welcomed more than thirty million visitors this year. Hotel prices rose by 20% as a result.',
    '市政府計劃推出新的住宿稅。稅率為百分之五。\tThe city government plans a new lodging tax of 5%.',
    '區塊鏈\tblockchain',
  ].join('\n');
  const SPLIT = [
    ['東京今年的遊客超過三千萬人。', 'Tokyo welcomed more than thirty million visitors this year.'],
    ['酒店價格因此上漲了百分之二十。', 'Hotel prices rose by 20% as a result.'],
    ['市政府計劃推出新的住宿稅。稅率為百分之五。', 'The city government plans a new lodging tax of 5%.'],
  ];

  it('cuts a .tsv row into sentence pairs where its sentences correspond, keeps it whole where they do not', async () => {
    const units = await unitsOf(TABLE, tsvFormat);
    expect(units.map((u) => [u.source, u.target])).toEqual(SPLIT);
    expect(units.map((u) => [u.srcLang, u.tgtLang, u.origin?.position])).toEqual([['zh-TW', 'en-US', 1], ['zh-TW', 'en-US', 2], ['zh-TW', 'en-US', undefined]]);
  });

  it('reads a plain-text file holding such a table as its rows, not as paragraphs', async () => {
    const units = await unitsOf(TABLE);
    expect(units.map((u) => [u.source, u.target])).toEqual([...SPLIT, ['區塊鏈', 'blockchain']]);
    expect(units[0]!.srcLang).toBe('zh-TW');
    // English first in the header: English is the source.
    const reversed = TABLE.split('\n').map((l) => l.split('\t').reverse().join('\t')).join('\n');
    expect((await unitsOf(reversed)).map((u) => [u.srcLang, u.target, u.source])).toEqual([...SPLIT, ['區塊鏈', 'blockchain']].map(([zh, en]) => ['en-US', zh, en]));
  });

  it('reads a text whose first line only looks like a header as a document', async () => {
    const units = await unitsOf(['zh\ten', '這是一段文字。', '', 'This is some text.'].join('\n'));
    expect(units.flatMap((u) => [u.source, u.target])).toContain('這是一段文字。');
    expect(units.every((u) => !u.source.includes('\t'))).toBe(true);
  });
});
