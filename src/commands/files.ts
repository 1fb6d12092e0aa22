/** Input files of the commands: refused with a clear BadInput before any reader opens them. */
import { statSync } from 'node:fs';
import { BadInput } from '../errors.js';

/** Throws BadInput naming the file when it is missing, unreadable, not a file, or empty. */
export function requireInputFile(file: string): void {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new BadInput('not a file', { file });
    size = st.size;
  } catch (e) {
    if (e instanceof BadInput) throw e;
    throw new BadInput('cannot be read (no such file or no permission)', { file });
  }
  if (size === 0) throw new BadInput('is empty', { file });
}
