/**
 * Every CLI command, one module each; adding a command is one file and one line here. Modules
 * load on demand: `glossa ingest` does not load the HTTP server, zod or the check rules (each would
 * lengthen every start; docs/decisions.md).
 */
import type { Command } from './types.js';

const LOADERS: Record<string, () => Promise<Command>> = {
  ingest: async () => (await import('./ingest.js')).ingestCommand,
  extract: async () => (await import('./extract.js')).extractCommand,
  export: async () => (await import('./export.js')).exportCommand,
  stats: async () => (await import('./stats.js')).statsCommand,
  check: async () => (await import('./check.js')).checkCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  lookup: async () => (await import('./lookup.js')).lookupCommand,
  tm: async () => (await import('./tm.js')).tmCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  backup: async () => (await import('./backup.js')).backupCommand,
};

/** The command of this name, loaded; undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}

/** Every command, loaded, in the order of the usage text. */
export async function allCommands(): Promise<Command[]> {
  return Promise.all(Object.values(LOADERS).map((load) => load()));
}
