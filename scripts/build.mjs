// `node scripts/build.mjs [--force]`: compile src/ to dist/ (same tree, one .js per .ts/.tsx,
// other files copied as they are) so the server and the CLI run on plain Node, with no
// TypeScript loader at run time: tsx on Node 20 runs its hooks in a second V8 isolate, which costs
// resident memory in every process (figures in docs/decisions.md).
// Runs before `npm start`, and inside `npm run glossa`'s own process (scripts/glossa.mjs imports
// ensureBuilt); does nothing when dist/ is newer than every file of src/. Type checking stays
// with `npm run typecheck`: esbuild only strips types and compiles JSX.
import { cpSync, existsSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Compile src/ to dist/ unless dist/ is up to date (or `force`). */
export async function ensureBuilt(force = false) {
  const files = walk(src);
  const stamp = join(out, '.built');
  // The stamp holds the newest source mtime and the file count (a deleted file changes the count).
  const state = `${Math.max(...files.map((f) => statSync(f).mtimeMs))} ${files.length}`;
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === state) return;
  const code = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  const { build } = await import('esbuild');
  await build({
    entryPoints: code,
    outdir: out,
    outbase: src,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const f of files) {
    if (/\.tsx?$/.test(f)) continue;
    cpSync(f, join(out, relative(src, f)));
  }
  // Written in place (a second build running at once writes the same bytes); then what no longer
  // has a source goes.
  const made = new Set([stamp, ...files.map((f) => join(out, relative(src, f)).replace(/\.tsx?$/, '.js'))]);
  for (const f of [...made]) if (f.endsWith('.js')) made.add(`${f}.map`);
  for (const f of walk(out)) if (!made.has(f)) rmSync(f);
  writeFileSync(stamp, state);
}

// Run as a script (`node scripts/build.mjs [--force]`), not imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await ensureBuilt(process.argv.includes('--force'));
