/** Decoding of input bytes: UTF-8 (BOM or not) and UTF-16 with a BOM; anything else is refused by name. */
import { BadInput } from '../errors.js';
import type { ByteSource } from './types.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Tell the encoding from a BOM (or UTF-16 without BOM from an XML declaration's zero bytes). */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Decode a whole buffer strictly: invalid UTF-8 is an error naming the byte offset and line. */
export function decodeText(bytes: Uint8Array, file: string): string {
  const { encoding, bomLength } = sniffEncoding(bytes);
  const body = bytes.subarray(bomLength);
  if (encoding !== 'utf-8' && body.length % 2 === 1) {
    throw new BadInput(`not valid ${encoding.toUpperCase()}: an odd number of bytes (the last character is cut); save the file as UTF-8`, { file });
  }
  if (encoding === 'utf-16be') {
    const swapped = Buffer.from(body);
    swapped.swap16();
    return decodeStrict(swapped, 'utf-16le', file);
  }
  return decodeStrict(body, encoding, file);
}

function decodeStrict(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le', file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = at >= 0 ? countLines(bytes, at) : undefined;
    throw new BadInput(
      `not valid ${encoding.toUpperCase()}${at >= 0 ? ` (byte ${at})` : ''}; save the file as UTF-8 (a legacy encoding such as Big5, GBK or Latin-1 is not accepted)`,
      { file, line },
    );
  }
}

function countLines(bytes: Uint8Array, end: number): number {
  let n = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}


/** Collect a byte source into one buffer, refusing more than `limit` bytes. */
export async function readAll(input: ByteSource, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    size += c.byteLength;
    if (size > limit) throw new BadInput(`input larger than ${limit} bytes`);
    chunks.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  }
  return Buffer.concat(chunks);
}
