import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDbUrl } from '../helpers/cli.js';
import { openDb } from '../../src/store/db.js';
import { ingest } from '../../src/ingest.js';
import { formatByName } from '../../src/formats/index.js';

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

  // In this file, not beside the bulk tests: builds of dist/ must not run at once (a process
  // loading dist/ while another build rewrites it reads half-written modules).
  it('imports through the bulk worker from dist/ on plain node (the compiled worker next to bulk.js)', async () => {
    const root = join(import.meta.dirname, '..', '..');
    expect(spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { encoding: 'utf8' }).status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'glossa-dist-'));
    const file = join(root, 'test', 'fixtures', 'match', 'wget.zh_TW.po');
    const dist = pathToFileURL(join(root, 'dist')).href;
    writeFileSync(
      join(dir, 'import.mjs'),
      `import { createReadStream } from 'node:fs';
      const { openDb } = await import('${dist}/store/db.js');
      const { ingest } = await import('${dist}/ingest.js');
      const { formatByName } = await import('${dist}/formats/index.js');
      const db = await openDb('file:${join(dir, 'bulk.db')}');
      const r = await ingest(db, createReadStream(${JSON.stringify(file)}), { file: 'wget.po', format: formatByName('po'), extract: false, bulkThreshold: 20 });
      db.close();
      process.stdout.write(JSON.stringify(r.units));`,
    );
    const run = spawnSync(process.execPath, [join(dir, 'import.mjs')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const client = await openDb(`file:${join(dir, 'client.db')}`);
    const expected = await ingest(client, createReadStream(file), { file: 'wget.po', format: formatByName('po'), extract: false, bulkThreshold: 1_000_000 });
    client.close();
    expect(expected.units.added).toBeGreaterThan(500);
    expect(JSON.parse(run.stdout)).toEqual(expected.units);
    const bulk = await openDb(`file:${join(dir, 'bulk.db')}`);
    expect(Number((await bulk.client.execute('SELECT count(*) AS n FROM tu')).rows[0]!.n)).toBe(expected.units.added);
    bulk.close();
  });
});
