import type { Config } from '../config.js';
import type { Db } from '../store/db.js';

export interface CliContext {
  config: Config;
  /** Opens (and migrates) the database the first time it is asked for. */
  db(): Promise<Db>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. Throws GlossaError for bad input (exit 2, one line on stderr). */
  run(args: string[], ctx: CliContext): Promise<number>;
}
