/** Bilingual plain text (such as the essay): paragraphs → languages → alignment → sentence pairs. */
import type { FormatModule } from './index.js';
import { decodeText, readAll } from './encoding.js';
import { alignBilingualText } from '../align/document.js';

export const textFormat: FormatModule = {
  name: 'txt',
  extensions: ['.txt'],
  mediaType: 'text/plain; charset=utf-8',
  async *readUnits(input, ctx) {
    const text = decodeText(await readAll(input), ctx.file);
    yield* alignBilingualText(text, { file: ctx.file }).units;
  },
};
