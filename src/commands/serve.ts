/**
 * `glossa serve`: the HTTP API and the page. `npm start` runs it too (src/main.ts), with
 * --ingest-corpus: the first start of an empty TM ingests the files of the corpus folder.
 */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer as createHttpServer, type RequestListener, type ServerOptions } from 'node:http';
import { serve } from '@hono/node-server';
import type { Command } from './types.js';
import { isHost, type Config } from '../config.js';
import type { Db } from '../store/db.js';
import { countTUs } from '../store/tus.js';
import { formatForFile } from '../formats/index.js';
import { ingest } from '../ingest.js';
import { createApp } from '../http/app.js';
import { checkBind } from '../http/bind.js';
import { termsAnswerNow, withTermsFastPath } from '../http/fast-terms.js';
import { TermLookup } from '../match/terms.js';
import { BadInput } from '../errors.js';

/** When the TM is empty, ingest each file of the corpus folder (GLOSSA_CORPUS), in name order. */
export async function ingestCorpusIfEmpty(db: Db, config: Pick<Config, 'corpusDir' | 'extractMaxUnits'>, log: (line: string) => void): Promise<void> {
  if ((await countTUs(db)) > 0) return;
  let files: string[];
  try {
    files = readdirSync(config.corpusDir).filter((f) => !f.startsWith('.')).sort();
  } catch {
    log(`no ${config.corpusDir}/ folder: starting with an empty TM`);
    return;
  }
  for (const f of files) {
    const file = join(config.corpusDir, f);
    const s = await ingest(db, createReadStream(file), { file, format: formatForFile(file), extractMaxUnits: config.extractMaxUnits });
    log(`ingested ${file}: ${s.units.added} units, ${s.extraction?.entries ?? 0} term entries`);
  }
}

/** How long a stop waits for requests cut off mid-way to unwind (their transactions to roll back). */
const STOP_GRACE_MS = 5000;

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--host H] [--ingest-corpus]',
  summary: 'serve the HTTP API and the page (127.0.0.1:8787 unless told; another host needs GLOSSA_TOKEN); --ingest-corpus first ingests GLOSSA_CORPUS into an empty TM',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, 'ingest-corpus': { type: 'boolean', default: false } } });
    const port = values.port === undefined ? ctx.config.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadInput(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
    if (values.host !== undefined && !isHost(values.host)) throw new BadInput(`--host must be an IP address or a host name to listen on (got ${JSON.stringify(values.host)})`);
    const config = { ...ctx.config, port, host: values.host ?? ctx.config.host };
    checkBind(config);
    const db = await ctx.db();
    if (values['ingest-corpus']) await ingestCorpusIfEmpty(db, config, (line) => ctx.out.write(`${line}\n`));
    const lookup = new TermLookup(db);
    const app = createApp({ db, config, lookup });
    const answerNow = termsAnswerNow(lookup, config);
    // Requests being answered: a stop waits for them to end (a cut-off import rolls back).
    let inFlight = 0;
    let drained: (() => void) | undefined;
    const fetch = async (req: Request, env: unknown): Promise<Response> => {
      inFlight++;
      try {
        return await app.fetch(req, env);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    };
    await new Promise<void>((resolve, reject) => {
      // Node's own limit on a whole request is 5 minutes (408 past it), shorter than a large
      // import takes on a busy machine; the headers keep Node's 60 s (or the limit if shorter).
      const requestTimeout = config.requestTimeoutMs;
      const serverOptions = { requestTimeout, headersTimeout: requestTimeout > 0 ? Math.min(60_000, requestTimeout) : 60_000 };
      // Plain term look-ups are answered before hono (src/http/fast-terms.ts).
      const createServer = ((options: ServerOptions, listener: RequestListener) => createHttpServer(options, withTermsFastPath(listener, answerNow))) as typeof createHttpServer;
      const server = serve({ fetch, port: config.port, hostname: config.host, serverOptions, createServer }, (info) => {
        ctx.out.write(`Glossa serving http://${config.host}:${info.port} (database ${db.url})\n`);
      });
      /**
       * SIGINT/SIGTERM: stop listening and cut every connection. A request still running (an
       * import) loses its body, fails, and its write transaction rolls back; once none is left
       * (or after a grace period) the command returns and the database is closed: exit 0.
       */
      const stop = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        // Work done ahead (the terms' neighbours) would hold the event loop for seconds.
        lookup.close();
        const cut = inFlight;
        ctx.err.write(`glossa serve: ${signal}: stopping${cut > 0 ? `; ${cut} request${cut === 1 ? '' : 's'} in flight cut off, ${cut === 1 ? 'its' : 'their'} writes rolled back` : ''}\n`);
        let closed = false;
        let settled = inFlight === 0;
        const finish = (): void => {
          if (closed && settled) resolve();
        };
        drained = () => {
          settled = true;
          finish();
        };
        const grace = setTimeout(() => {
          ctx.err.write(`glossa serve: ${inFlight} request(s) still running after ${STOP_GRACE_MS} ms: closing the database under them (uncommitted writes roll back)\n`);
          settled = true;
          finish();
        }, STOP_GRACE_MS);
        grace.unref();
        server.close(() => {
          closed = true;
          finish();
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Port taken, not ours to bind, or no such address: the user's setting, one line and exit 2.
      server.once('error', (e: NodeJS.ErrnoException) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        const told = e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND';
        reject(told ? new BadInput(`cannot listen on ${config.host}:${config.port}: ${e.message}`) : e);
      });
    });
    return 0;
  },
};
