/** Every CLI command, one module each; adding a command is one file and one line here. */
import type { Command } from './types.js';
import { ingestCommand } from './ingest.js';
import { exportCommand } from './export.js';
import { extractCommand } from './extract.js';
import { statsCommand } from './stats.js';
import { checkCommand } from './check.js';

export const COMMANDS: Command[] = [ingestCommand, extractCommand, exportCommand, statsCommand, checkCommand];
