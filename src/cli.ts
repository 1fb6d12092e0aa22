/**
 * The command line: `glossa [--db URL] <command> ...` (npm run glossa -- ...).
 * Exit codes: 0 done, 1 check found errors, 2 bad input or usage (src/errors.ts EXIT_CODES has
 * the rest); 130/143 stopped by SIGINT/SIGTERM.
 */
import { constants } from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { openDb, type Db } from './store/db.js';
import { allCommands, loadCommand } from './commands/index.js';
import type { CliContext } from './commands/types.js';
import { EXIT_CODES, isGlossaError } from './errors.js';

async function usage(): Promise<string> {
  const lines = ['usage: glossa [--db URL] <command> [options]', '', 'commands:'];
  for (const c of await allCommands()) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'The database is --db, else GLOSSA_DB, else file:data/glossa.db.');
  return lines.join('\n') + '\n';
}

/**
 * SIGINT/SIGTERM while a command runs (serve stops on its own terms): one line, and exit 128 +
 * the signal's number, as a shell reports it. A write under way is never committed, so the next
 * open finds the database as it was before it. Returns the function that stops listening.
 */
function stopOnSignal(name: string, err: NodeJS.WritableStream): () => void {
  const stop = (signal: NodeJS.Signals): void => {
    err.write(`glossa ${name}: ${signal}: stopped before the end; the database keeps nothing of a write that was under way\n`);
    process.exit(128 + constants.signals[signal]);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = [...argv];
  // Settings given as options, over the environment's (src/config.ts reads it).
  const overrides: Record<string, string> = {};
  while (args[0]?.startsWith('--')) {
    const flag = args.shift()!;
    if (flag === '--db') {
      const url = args.shift();
      if (!url) {
        err.write('glossa: --db needs a URL\n');
        return 2;
      }
      overrides.GLOSSA_DB = url;
    } else if (flag.startsWith('--db=')) overrides.GLOSSA_DB = flag.slice(5);
    else if (flag === '--help') {
      out.write(await usage());
      return 0;
    } else {
      err.write(`glossa: unknown option ${flag}\n${await usage()}`);
      return 2;
    }
  }
  const name = args.shift();
  if (!name || name === 'help') {
    (name ? out : err).write(await usage());
    return name ? 0 : 2;
  }
  // An import's database thread starts before the command's modules load (and its settings are
  // read again, errors reported, below).
  if (name === 'ingest') {
    let dbUrl: string | undefined;
    try {
      dbUrl = loadConfig(undefined, overrides).dbUrl;
    } catch {
      // reported below
    }
    if (dbUrl) await (await import('./commands/ingest-early.js')).prestartIngest(args, dbUrl);
  }
  const command = await loadCommand(name);
  if (!command) {
    err.write(`glossa: unknown command "${name}"\n${await usage()}`);
    return 2;
  }
  let db: Db | undefined;
  let config;
  try {
    config = loadConfig(undefined, overrides);
  } catch (e) {
    err.write(`glossa: ${(e as Error).message}\n`);
    return 2;
  }
  const ctx: CliContext = {
    config,
    out,
    err,
    async db() {
      db ??= await openDb(config.dbUrl, { authToken: config.dbAuthToken, busyTimeoutMs: config.busyTimeoutMs });
      return db;
    },
  };
  const listening = name === 'serve' ? undefined : stopOnSignal(name, err);
  try {
    return await command.run(args, ctx);
  } catch (e) {
    if (isGlossaError(e)) {
      err.write(`glossa ${name}: ${e.message}\n`);
      return EXIT_CODES[e.code];
    }
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      err.write(`glossa ${name}: ${(e as Error).message}\nusage: glossa ${command.usage}\n`);
      return 2;
    }
    err.write(`glossa ${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  } finally {
    listening?.();
    db?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
