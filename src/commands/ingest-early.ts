/**
 * What `glossa ingest` starts before its own modules load (src/cli.ts calls it first): the bulk
 * path's database thread, for a first file of 1 MB or more into a local database file, so that
 * the thread loads its modules while this one loads the readers and opens the store. The
 * command decides by the file's format whether it is used (a glossary is not stored by the bulk
 * path: the command lets the thread go, src/commands/ingest.ts).
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Files from this size on start the bulk path's thread early (a TMX this large holds more units than the bulk threshold). */
export const PRESTART_BYTES = 1 << 20;

/** The first FILE of `ingest` arguments when it is a file of PRESTART_BYTES or more, else undefined. */
export function largeFirstFile(args: string[]): string | undefined {
  let first: string | undefined;
  try {
    first = parseArgs({ args, allowPositionals: true, strict: false, options: { format: { type: 'string' }, 'no-extract': { type: 'boolean' } } }).positionals[0];
  } catch {
    return undefined;
  }
  if (first === undefined) return undefined;
  const stat = statSync(first, { throwIfNoEntry: false });
  return stat?.isFile() && stat.size >= PRESTART_BYTES ? first : undefined;
}

/** Start the bulk path's thread when `ingest ARGS` into `dbUrl` will likely use it. */
export async function prestartIngest(args: string[], dbUrl: string): Promise<void> {
  if (!dbUrl.startsWith('file:') || largeFirstFile(args) === undefined) return;
  (await import('../store/bulk.js')).prestartBulkWorker();
}
