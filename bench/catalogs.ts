/**
 * A TMX of the system's message catalogs for one locale (msgunfmt + po2tmx, real peers), built
 * once into `work` and reused: the large real memory the extraction and word-alignment benches
 * read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The TMX's path, or undefined when the system has no catalogs for `locale`. */
export function catalogTmx(locale: string, work: string): string | undefined {
  const src = `/usr/share/locale/${locale}/LC_MESSAGES`;
  const out = join(work, `${locale}.tmx`);
  if (existsSync(out)) return out;
  if (!existsSync(src)) return undefined;
  const poDir = join(work, `po-${locale}`);
  mkdirSync(poDir, { recursive: true });
  for (const f of readdirSync(src).filter((f) => f.endsWith('.mo'))) {
    try {
      execFileSync('msgunfmt', [join(src, f), '-o', join(poDir, `${basename(f, '.mo')}.po`)], { stdio: 'ignore' });
    } catch {
      // A catalog msgunfmt cannot read is left out.
    }
  }
  execFileSync('po2tmx', ['-l', locale.replace('_', '-'), poDir, out], { stdio: 'ignore' });
  return out;
}
