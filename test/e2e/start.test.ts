import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDbUrl } from '../helpers/cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const children: ChildProcess[] = [];
/** `npm start` as a user runs it (prestart compiles src/ to dist/, then plain node serves), in its own process group. */
function npmStart(env: Record<string, string>): ChildProcess {
  const child = spawn('npm', ['start', '--silent'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  return child;
}
function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}
afterAll(() => {
  for (const c of children) stop(c);
});

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${logs()}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`no answer from ${url}: ${logs()}`);
}

describe('npm start', () => {
  it('creates the database, ingests corpus/ on first start and answers /api/health on 127.0.0.1', async () => {
    const port = await freePort();
    const db = tempDbUrl();
    const child = npmStart({ PORT: String(port), GLOSSA_DB: db, GLOSSA_TOKEN: '' });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const res = await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output);
    expect(res.status).toBe(200);
    expect(output).toMatch(/ingested corpus\/fortune-chokepoint-2025\.zh-en\.txt: 35 units/);
    stop(child);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const child = npmStart({ HOST: '0.0.0.0', GLOSSA_TOKEN: '', GLOSSA_DB: tempDbUrl() });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).not.toBe(0);
    expect(err).toMatch(/refusing to listen on 0\.0\.0\.0 without GLOSSA_TOKEN/);
  });

  it('refuses to start on a bad setting with one line naming the variable, exit 2', async () => {
    const child = npmStart({ PORT: '80a', GLOSSA_DB: tempDbUrl() });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/^glossa: PORT must be a port number from 0 to 65535, got "80a"\n/);
  });
});
