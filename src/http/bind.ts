/** Where the server may listen: a host other than loopback needs a token (single-user mode otherwise). */
import type { Config } from '../config.js';
import { BadInput } from '../errors.js';

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

export function checkBind(config: Pick<Config, 'host' | 'token'>): void {
  if (!LOOPBACK_HOSTS.has(config.host) && !config.token) {
    throw new BadInput(`refusing to listen on ${config.host} without GLOSSA_TOKEN: set a token for writes, or listen on 127.0.0.1`);
  }
}
