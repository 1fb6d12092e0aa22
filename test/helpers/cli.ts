import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process, as `glossa ARGS...`, capturing its output. */
export async function runCli(args: string[]): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

/** A fresh database URL in a temporary folder. */
export function tempDbUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'glossa-')), 'glossa.db')}`;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'glossa-'));
}
