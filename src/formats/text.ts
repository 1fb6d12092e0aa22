/**
 * Bilingual plain text (such as the essay): the decoded document, paragraphs of both languages.
 * The reader does not align: ingest hands the document to the aligner (src/align/document.ts).
 */
import type { FormatModule } from './types.js';
import { decodeText, readAll } from './encoding.js';
import { BadInput } from '../errors.js';

export const textFormat: FormatModule = {
  name: 'txt',
  extensions: ['.txt'],
  mediaType: 'text/plain; charset=utf-8',
  async readDocument(input, ctx) {
    const text = decodeText(await readAll(input), ctx.file);
    if (text.trim() === '') throw new BadInput('is empty', { file: ctx.file });
    return { file: ctx.file, text };
  },
};
