/** Export: pick the format's writer and feed it the store's units or terms, streamed. */
import type { Db } from './store/db.js';
import { iterateTUs, languagePairs } from './store/tus.js';
import { listEntries } from './store/terms.js';
import { formatByName, type WriteOptions } from './formats/index.js';
import { Unsupported } from './errors.js';
import type { TermEntry } from './model.js';

/** The format's output as a stream of strings. Terms marked forbidden are left out of glossaries. */
export async function exportStream(db: Db, formatName: string, options: WriteOptions = {}): Promise<AsyncIterable<string>> {
  const format = formatByName(formatName);
  const opts: WriteOptions = { ...options };
  if (format.writeUnits) {
    if (!opts.srcLang || !opts.tgtLang) {
      const [top] = await languagePairs(db);
      opts.srcLang ??= top?.srcLang;
      opts.tgtLang ??= top?.tgtLang;
    }
    return format.writeUnits(iterateTUs(db), opts);
  }
  if (format.writeEntries) {
    const entries = await listEntries(db);
    return format.writeEntries(allowed(entries), opts);
  }
  throw new Unsupported(`the ${format.name} format cannot be exported`);
}

async function* allowed(entries: TermEntry[]): AsyncGenerator<TermEntry> {
  for (const e of entries) {
    const terms = e.terms.filter((t) => t.status !== 'forbidden');
    if (terms.length > 0) yield { ...e, terms };
  }
}
