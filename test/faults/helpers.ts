/**
 * Fault tests run the built CLI and server as real processes (`node dist/cli.js`, as `npm start`
 * does), so a kill, a signal or a full disk hits what an operator runs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';

/** Compile src/ to dist/ (a no-op when dist/ is current). */
export function buildDist(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'glossa-fault-'));
}

/** A seeded generator of numbers in [0, 1) (mulberry32): a failing trial is replayed by its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: GLOSSA_FAULT_SEED when set, else a fixed one. */
export function faultSeed(fallback: number): number {
  const env = process.env.GLOSSA_FAULT_SEED;
  return env ? Number.parseInt(env, 10) : fallback;
}

/** The source of unit `i` of file `tag` (each unit unique, findable by its tag). */
export const unitSource = (tag: string, i: number): string => `Fault ${tag} unit ${i}: the inspector checks valve ${i * 7} of pump ${tag}.`;

/** A TMX of `n` zh-TW/en-US units whose English sides name `tag`. */
export function makeTmx(tag: string, n: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="fault" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/><body>\n'];
  for (let i = 0; i < n; i++) {
    parts.push(`<tu><tuv xml:lang="en-US"><seg>${unitSource(tag, i)}</seg></tuv><tuv xml:lang="zh-TW"><seg>故障${tag}第${i}單元：檢查員檢查${tag}號泵的第${i * 7}號閥門。</seg></tuv></tu>\n`);
  }
  parts.push('</body></tmx>\n');
  return parts.join('');
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node dist/cli.js ARGS` with extra environment. */
export function glossa(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--max-semi-space-size=8', 'dist/cli.js', ...args], { env: { ...process.env, GLOSSA_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

export interface Server extends Proc {
  url: string;
}

/** `glossa serve --port 0` on a database: resolves once it says where it listens. */
export async function startServer(dbUrl: string, env: Record<string, string> = {}): Promise<Server> {
  const p = glossa(['--db', dbUrl, 'serve', '--port', '0'], env);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /Glossa serving (http:\/\/[\d.]+:\d+)/.exec(p.output());
    if (m) return { ...p, url: m[1]! };
    if (p.child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** SIGKILL, and wait for the process to be gone. */
export async function kill9(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

export interface DbState {
  integrity: string;
  units: number;
  /** Units per tag (from their English side). */
  byTag: Map<string, number>;
  /** Highest unit id, and how far the TM index says it has indexed. */
  maxId: number;
  indexedUpto: number;
}

/** Open the file natively (as a new process would after a crash) and look at it. */
export function inspectDb(path: string): DbState {
  const db = new Database(path);
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').raw(true).all() as unknown[][]).map((r) => String(r[0])).join('; ');
    const byTag = new Map<string, number>();
    for (const row of db.prepare("SELECT substr(source, 7, instr(substr(source, 7), ' ') - 1) AS tag, count(*) FROM tu WHERE source LIKE 'Fault %' GROUP BY tag").raw(true).all() as [string, number][]) byTag.set(row[0], Number(row[1]));
    const units = Number((db.prepare('SELECT count(*) FROM tu').raw(true).get() as unknown[])[0]);
    const maxId = Number((db.prepare('SELECT coalesce(max(id), 0) FROM tu').raw(true).get() as unknown[])[0]);
    const state = db.prepare('SELECT indexed_upto FROM tm_index_state WHERE id = 1').raw(true).get() as unknown[] | undefined;
    return { integrity, units, byTag, maxId, indexedUpto: Number(state?.[0] ?? 0) };
  } finally {
    db.close();
  }
}

/**
 * A body that yields `text` in `pieces` chunks, `pauseMs` apart (an upload in progress); the
 * last chunk waits for `hold` when given.
 */
export function slowBody(text: string, pieces: number, pauseMs: number, onChunk?: (i: number) => void, hold?: Promise<unknown>): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / pieces);
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i * size >= bytes.length) {
        controller.close();
        return;
      }
      if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
      if (hold && (i + 1) * size >= bytes.length) await hold;
      controller.enqueue(bytes.subarray(i * size, (i + 1) * size));
      onChunk?.(i);
      i++;
    },
  });
}
