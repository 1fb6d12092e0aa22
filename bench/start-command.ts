/**
 * The node arguments of `npm start` (package.json `scripts.start`, such as the young-generation
 * size the server runs with), so that benchmarks and measurements start the server exactly as a
 * user does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function startArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start is not "node …": ${start}`);
  return words.slice(1).map((w) => (w.endsWith('.js') ? join(root, w) : w));
}
