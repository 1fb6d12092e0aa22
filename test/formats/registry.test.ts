/** The registry's detection: formatFor(bytes, name) by content, with the name's extension as a hint. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFor } from '../../src/formats/index.js';
import { BadInput } from '../../src/errors.js';
import { FIXTURES, SCHEMAS } from './helpers.js';

const name = (bytes: string | Uint8Array, file?: string): string => formatFor(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, file).name;

describe('formatFor', () => {
  it('tells XML formats by their root element, XLIFF 2 by its version, whatever the name says', () => {
    expect(name(readFileSync(join(FIXTURES, 'features.tmx')))).toBe('tmx');
    expect(name(readFileSync(join(SCHEMAS, 'samples/xliff12-valid.xlf')), 'upload.bin')).toBe('xliff12');
    expect(name(readFileSync(join(SCHEMAS, 'samples/xliff20-valid.xlf')))).toBe('xliff20');
    expect(name('<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE martif>\n<martif type="TBX"/>', 'g.xml')).toBe('tbx');
    expect(name('<tbx xmlns="urn:iso:std:iso:30042:ed-2"/>')).toBe('tbx');
    expect(name('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"/>')).toBe('xliff20');
    // A TMX saved as .xlf is still read as TMX; an .xlf of either version stays with its module.
    expect(name('<tmx version="1.4"/>', 'wrong.xlf')).toBe('tmx');
    expect(name('<xliff version="2.0"/>', 'a.xlf')).toBe('xliff12');
  });

  it('reads UTF-16 heads (BOM or not) and a UTF-8 BOM', () => {
    expect(name(readFileSync(join(FIXTURES, 'utf16le-bom.tmx')))).toBe('tmx');
    expect(name(readFileSync(join(FIXTURES, 'utf16be-bom.tmx')))).toBe('tmx');
    expect(name(readFileSync(join(FIXTURES, 'bom.csv')))).toBe('csv');
  });

  it('tells PO by its msgid/msgstr lines, tables by a header of language tags, the rest is plain text', () => {
    expect(name('# comment\nmsgid "a"\nmsgstr "b"\n')).toBe('po');
    expect(name('zh-TW\ten-US\n區塊鏈\tblockchain\n')).toBe('tsv');
    expect(name('"zh-TW","en-US",status\n區塊鏈,blockchain,approved\n')).toBe('csv');
    expect(name('source,target,id\na,b,1\n')).toBe('csv');
    expect(name('證券交易委員會發表了聲明。\n\nThe SEC issued a statement.\n')).toBe('txt');
  });

  it('takes the extension for text that names no format, and for XML its root does not name', () => {
    expect(name('a\tb\n', 'pairs.tsv')).toBe('tsv');
    expect(name('zh-TW\ten-US\n', 'pairs.csv')).toBe('csv');
    expect(name('zh-TW,en-US\n', 'essay.txt')).toBe('txt');
    expect(name('<html/>', 'x.tmx')).toBe('tmx');
    expect(name('', 'x.po')).toBe('po');
  });

  it('refuses XML of another kind and empty input without a name', () => {
    expect(() => formatFor(Buffer.from('<html/>'), 'request body')).toThrow(/request body: cannot tell the format: the XML root element <html>/);
    expect(() => formatFor(Buffer.from(' \n'))).toThrow(BadInput);
  });
});
