/**
 * A Glossa server in this process on a free 127.0.0.1 port (no token), for tests that talk to it
 * over HTTP while they watch this process's event loop.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { tempDb } from '../match/helpers.js';

export interface TestServer {
  base: string;
  close(): Promise<void>;
}

export async function startServer(db: Db): Promise<TestServer> {
  const app = createApp({ db, config: { ...loadConfig({}), token: undefined } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A server in this process over a new temporary database, started before the file's tests and
 * closed after them; `db` and `base` are read once it is up.
 */
export function serverOnTempDb(): { readonly db: Db; readonly base: string } {
  let db: Db | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    db = await tempDb();
    server = await startServer(db);
  });
  afterAll(async () => {
    await server?.close();
    db?.close();
  });
  return {
    get db(): Db {
      return db!;
    },
    get base(): string {
      return server!.base;
    },
  };
}

const DIGITS = '零一二三四五六七八九';
/** A number written digit by digit in Chinese numerals (12 → 一二), to make distinct Chinese text. */
export const zhNumber = (n: number): string => [...String(n)].map((d) => DIGITS[Number(d)]).join('');
