/**
 * The node arguments of `npm start` (package.json `scripts.start`, such as the young-generation
 * size the server runs with), so that benchmarks and measurements start the server exactly as a
 * user does, and the server started that way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './util.js';

export function startArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start is not "node …": ${start}`);
  return words.slice(1).map((w) => (w.endsWith('.js') ? join(root, w) : w));
}

export interface Server {
  url: string;
  proc: ChildProcess;
  /** The last part of what the server printed (for an error message). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Build `src/` and start the server as `npm start` runs it, on a free loopback port over
 * `dbFile`, without a token; `env` adds to or overrides its environment. Resolves once
 * `/api/health` answers (60 s at most).
 */
export async function startServer(root: string, dbFile: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('scripts/build.mjs failed');
  const proc = spawn(process.execPath, startArgs(root), {
    cwd: root,
    env: { ...process.env, GLOSSA_DB: `file:${dbFile}`, PORT: String(port), HOST: '127.0.0.1', GLOSSA_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${output}`);
    if ((await fetch(`${url}/api/health`).catch(() => undefined))?.ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start in 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    output: () => output.slice(-2000),
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}
