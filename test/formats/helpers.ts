/** Shared helpers for the format tests: run a reader over bytes, a writer to a string, xmllint. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormatModule } from '../../src/formats/index.js';
import type { InputPlace } from '../../src/errors.js';
import type { TermEntry, TranslationUnit } from '../../src/model.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/formats');
export const SCHEMAS = join(import.meta.dirname, '../fixtures/schemas');

export async function* bytes(data: string | Uint8Array, chunkSize = 7): AsyncGenerator<Uint8Array> {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Small chunks on purpose: multi-byte characters and BOMs get split across chunk borders.
  for (let i = 0; i < b.length; i += chunkSize) yield b.subarray(i, i + chunkSize);
}

export async function readUnits(format: FormatModule, data: string | Uint8Array, file = 'input', chunkSize?: number): Promise<{ units: TranslationUnit[]; warnings: string[] }> {
  const warnings: string[] = [];
  const units: TranslationUnit[] = [];
  const warn = (m: string, p?: InputPlace): void => void warnings.push(`${p?.line ?? ''}: ${m}`);
  for await (const u of format.readUnits!(bytes(data, chunkSize), { file, warn })) units.push(u);
  return { units, warnings };
}

export async function readEntries(format: FormatModule, data: string | Uint8Array, file = 'input'): Promise<TermEntry[]> {
  const out: TermEntry[] = [];
  for await (const e of format.readEntries!(bytes(data), { file })) out.push(e);
  return out;
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

export async function writeUnits(format: FormatModule, units: readonly TranslationUnit[], opts = {}): Promise<string> {
  let s = '';
  for await (const c of format.writeUnits!(from(units), opts)) s += c;
  return s;
}

export async function writeEntries(format: FormatModule, entries: readonly TermEntry[], opts = {}): Promise<string> {
  let s = '';
  for await (const c of format.writeEntries!(from(entries), opts)) s += c;
  return s;
}

export function tmpFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-formats-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** xmllint with a schema flag (`--dtdvalid`, `--schema`, `--relaxng`) and a schema file in test/fixtures/schemas. */
export function xmllint(flag: string, schema: string, content: string): { status: number | null; stderr: string } {
  const path = tmpFile('out.xml', content);
  const r = spawnSync('xmllint', ['--noout', '--nonet', flag, join(SCHEMAS, schema), path], { encoding: 'utf8' });
  // --relaxng reports success on stderr ("FILE validates"): keep only real complaints.
  return { status: r.status, stderr: r.stderr.split('\n').filter((l) => l !== '' && !/ validates$/.test(l)).join('\n') };
}

/** The content a unit must keep through a round trip (ids, origin and store dates aside). */
export function content(u: TranslationUnit): unknown {
  const { id: _id, origin: _o, ...rest } = u;
  return JSON.parse(JSON.stringify(rest));
}
