/**
 * A Glossa server in this process on a free 127.0.0.1 port (no token), for tests that talk to it
 * over HTTP while they watch this process's event loop.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';

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
