/** Every CLI command, one module each; adding a command is one file and one line here. */
import type { Command } from './types.js';
import { ingestCommand } from './ingest.js';
import { exportCommand } from './export.js';
import { extractCommand } from './extract.js';
import { statsCommand } from './stats.js';
import { checkCommand } from './check.js';
import { lookupCommand } from './lookup.js';
import { tmCommand } from './tm.js';
import { serveCommand } from './serve.js';

export const COMMANDS: Command[] = [ingestCommand, extractCommand, exportCommand, statsCommand, checkCommand, lookupCommand, tmCommand, serveCommand];
