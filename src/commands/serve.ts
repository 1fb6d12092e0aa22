import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { Command } from './types.js';
import { createApp } from '../http/app.js';
import { checkBind } from '../http/bind.js';
import { BadInput } from '../errors.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--host H]',
  summary: 'serve the HTTP API and the page (127.0.0.1:8787 unless told; another host needs GLOSSA_TOKEN)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
    const port = values.port === undefined ? ctx.config.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadInput(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
    const config = { ...ctx.config, port, host: values.host ?? ctx.config.host };
    checkBind(config);
    const db = await ctx.db();
    const app = createApp({ db, config });
    await new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
        ctx.out.write(`Glossa serving http://${config.host}:${info.port} (database ${db.url})\n`);
      });
      server.once('error', reject);
      const stop = (): void => {
        server.close(() => resolve());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
