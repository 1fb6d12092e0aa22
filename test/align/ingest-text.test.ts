import { describe, expect, it } from 'vitest';
import { readUnitsOf } from '../../src/ingest.js';
import { textFormat } from '../../src/formats/text.js';
import type { TranslationUnit } from '../../src/model.js';

async function unitsOf(text: string): Promise<TranslationUnit[]> {
  const out: TranslationUnit[] = [];
  for await (const u of readUnitsOf(textFormat, [new TextEncoder().encode(text)], { file: 'doc.txt' })!) out.push(u);
  return out;
}

describe('importing a bilingual text', () => {
  it('gives the sentence pairs, then the units of the CAT tool\'s segments over two lines, marked', async () => {
    const units = await unitsOf(['安裝步驟如下：', '下載映像檔。', '重新開機。', '', 'The steps are as follows:', 'Download the image.', 'Reboot.'].join('\n'));
    expect(units.map((u) => [u.source, u.target, u.props?.[0]?.value])).toEqual([
      ['安裝步驟如下：', 'The steps are as follows:', undefined],
      ['下載映像檔。', 'Download the image.', undefined],
      ['重新開機。', 'Reboot.', undefined],
      ['安裝步驟如下：\n下載映像檔。', 'The steps are as follows: Download the image.', 'cat-segment'],
    ]);
  });
});
