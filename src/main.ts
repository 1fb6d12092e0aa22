/**
 * `npm start`: open (create, migrate) the database, ingest corpus/ when the TM is empty,
 * and serve the API and the page on 127.0.0.1:8787 (PORT, HOST override).
 */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig, type Config } from './config.js';
import { openDb, type Db } from './store/db.js';
import { countTUs } from './store/tus.js';
import { formatForFile } from './formats/index.js';
import { ingest } from './ingest.js';
import { createApp } from './http/app.js';

export async function ingestCorpusIfEmpty(db: Db, config: Config, log: (line: string) => void): Promise<void> {
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
    const s = await ingest(db, createReadStream(file), { file, format: formatForFile(file) });
    log(`ingested ${file}: ${s.units.added} units, ${s.extraction?.entries ?? 0} term entries`);
  }
}

/** Hosts other than loopback need a token: without one Glossa is single-user and local. */
export function checkBind(config: Config): void {
  const loopback = config.host === '127.0.0.1' || config.host === 'localhost' || config.host === '::1';
  if (!loopback && !config.token) {
    throw new Error(`refusing to listen on ${config.host} without GLOSSA_TOKEN: set a token for writes, or listen on 127.0.0.1`);
  }
}

async function start(): Promise<void> {
  const config = loadConfig();
  checkBind(config);
  const db = await openDb(config.dbUrl, { authToken: config.dbAuthToken });
  await ingestCorpusIfEmpty(db, config, (l) => console.log(l));
  const app = createApp({ db, config });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Glossa serving http://${config.host}:${info.port} (database ${config.dbUrl})`);
  });
  const stop = (): void => {
    server.close();
    db.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

start().catch((e: unknown) => {
  console.error(`glossa: ${(e as Error).message}`);
  process.exitCode = 1;
});
