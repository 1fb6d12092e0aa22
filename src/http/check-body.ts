/**
 * The body of POST /api/check, read as it streams in: XLIFF/TMX/PO through the format's reader
 * (the streaming TMX reader reads it chunk by chunk), JSON pairs through a streaming JSON parser
 * (one pair at a time, never the whole text nor a tree of it), CSV/TSV rows through the table
 * reader. Only the units to check are kept. The route's own body limit (GLOSSA_MAX_CHECK_BODY,
 * limitBody in middleware.ts) bounds what any reader holds, since a check keeps every unit.
 */
import type { Context } from 'hono';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { z } from 'zod';
import { formatByName, formatFor, type ByteSource } from '../formats/index.js';
import { BadInput, GlossaError, TooLarge, Unsupported } from '../errors.js';
import { canonicalLang } from '../model.js';
import { readUnitsToCheck, type UnitsToCheck } from '../check/run.js';
import type { CheckUnit } from '../check/types.js';

export const LANG = z.string().trim().regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'a BCP 47 language tag such as zh-TW or en');
const Pair = z.strictObject({ id: z.union([z.string(), z.number()]).optional(), source: z.string(), target: z.string() });
const TOP_LEVEL = new Set(['srcLang', 'tgtLang', 'pairs']);
const FILE = { file: 'request body' };

/**
 * Most units one check request may hold. Short units pack many to a megabyte, and the check's
 * memory grows with the number of units more than with their bytes: the count is bounded too.
 */
export const MAX_HTTP_CHECK_UNITS = 50_000;
const tooMany = (): TooLarge => new TooLarge(`the request body holds more than ${MAX_HTTP_CHECK_UNITS} units to check; split it`);

/** Bytes the format sniffer looks at (src/formats/index.ts reads the first 8 KB). */
const HEAD_BYTES = 8192;

/**
 * The first bytes of a stream (at least HEAD_BYTES, unless it ends sooner), and a source that
 * yields the whole stream again from its start.
 */
async function peek(input: ByteSource): Promise<{ head: Uint8Array; source: ByteSource }> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      if (head.byteLength > 0) yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // A reader that stops early (a bad file) lets the rest of the body go.
      if (!ended) await iterator.return?.();
    }
  }
  return { head, source: source() };
}

/** A request body of JSON pairs `{srcLang, tgtLang, pairs: [{id?, source, target}]}`, parsed as it streams. */
export async function streamPairs(input: ByteSource): Promise<UnitsToCheck> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ['$.srcLang', '$.tgtLang', '$.pairs.*'], keepStack: false });
  const langs: { srcLang?: string; tgtLang?: string } = {};
  const units: CheckUnit[] = [];
  const used = new Set<string>();
  let failure: unknown;
  const fail = (message: string): never => {
    throw new BadInput(message, FILE);
  };
  // The tokens are watched on their way to the parser for what it does not check: the top level
  // is an object of known fields, and `pairs` is an array.
  let depth = 0;
  let keyExpected = false;
  let key: string | undefined;
  let valueOf: string | undefined;
  tokenizer.onToken = (info) => {
    const { token, value } = info;
    if (depth === 0 && token !== TokenType.LEFT_BRACE) fail('not a JSON object of srcLang, tgtLang and pairs');
    if (depth === 1) {
      if (valueOf === 'pairs' && token !== TokenType.LEFT_BRACKET) fail('pairs: expected an array of {id, source, target}');
      valueOf = undefined;
      if (keyExpected && token === TokenType.STRING) {
        key = String(value);
        if (!TOP_LEVEL.has(key)) fail(`body: unknown field "${key}"`);
      } else if (token === TokenType.COLON) valueOf = key;
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth++;
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    keyExpected = depth === 1 && (token === TokenType.LEFT_BRACE || token === TokenType.COMMA);
    parser.write(info);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onEnd = () => {
    if (!tokenizer.isEnded) tokenizer.end();
  };
  tokenizer.onError = (e) => {
    failure ??= e;
  };
  parser.onError = (e) => {
    failure ??= e;
  };
  parser.onValue = ({ value, key: field, stack }) => {
    if (stack.length === 1) {
      const lang = LANG.safeParse(value);
      if (!lang.success) fail(`${String(field)}: ${lang.error.issues[0]?.message ?? 'not a language tag'}`);
      langs[field as 'srcLang' | 'tgtLang'] = canonicalLang(lang.data!);
      return;
    }
    const pair = Pair.safeParse(value);
    if (!pair.success) {
      const first = pair.error.issues[0]!;
      fail(`pairs.${units.length}${first.path.length ? `.${first.path.join('.')}` : ''}: ${first.message}`);
    }
    const p = pair.data!;
    let id = p.id === undefined ? String(units.length + 1) : String(p.id);
    if (used.has(id)) id = `${id}#${units.length + 1}`;
    used.add(id);
    units.push({ id, source: p.source, target: p.target });
    if (units.length > MAX_HTTP_CHECK_UNITS) throw tooMany();
  };
  let first = true;
  const step = (run: () => void): void => {
    try {
      run();
    } catch (e) {
      failure ??= e;
    }
  };
  for await (let chunk of input) {
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    first = false;
    step(() => tokenizer.write(chunk));
    if (failure) break;
  }
  if (!failure && !tokenizer.isEnded) step(() => tokenizer.end());
  if (failure) {
    if (failure instanceof GlossaError) throw failure;
    throw new BadInput(`not valid JSON: ${(failure as Error).message}`, FILE);
  }
  if (!langs.srcLang || !langs.tgtLang) fail(`${langs.srcLang ? 'tgtLang' : 'srcLang'}: required`);
  if (units.length === 0) fail('pairs: pairs is empty');
  return { srcLang: langs.srcLang!, tgtLang: langs.tgtLang!, units };
}

/**
 * The units a check request sends: JSON pairs, a table (`text/csv`, `text/tab-separated-values`
 * or `?format=`), or a document whose format is told by its content (XLIFF, TMX).
 */
export async function readCheckBody(c: Context, langParams: { srcLang?: string; tgtLang?: string }): Promise<UnitsToCheck> {
  const body = c.req.raw.body;
  if (!body || c.req.header('content-length') === '0') throw new BadInput('is empty', FILE);
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const name = c.req.query('format');
  const tabular = type === 'text/csv' ? 'csv' : type === 'text/tab-separated-values' ? 'tsv' : undefined;
  const json = type === 'application/json' || type.endsWith('+json');
  const xml = type === '' || type.endsWith('/xml') || type.endsWith('+xml');
  if (!name && !tabular && !json && !xml) {
    throw new Unsupported(`cannot check a body of type ${type}: send application/json pairs, an XLIFF or TMX document, a text/csv of pairs (or name the format with ?format=)`);
  }
  const { head, source } = await peek(body);
  if (head.byteLength === 0) throw new BadInput('is empty', FILE);
  let job: UnitsToCheck;
  if (name || tabular) job = await readUnitsToCheck(source, formatByName(name ?? tabular!), `request body (${name ?? tabular})`, langParams);
  else if (json) job = await streamPairs(source);
  else job = await readUnitsToCheck(source, formatFor(head, 'request body'), 'request body');
  // Units are small beside what the check makes of them: counted once read.
  if (job.units.length > MAX_HTTP_CHECK_UNITS) throw tooMany();
  return job;
}
