/**
 * Middleware of the API: validation that answers 400 in our error shape, the bearer token on
 * writes, the body limit of write routes (413), and the query length limit (400).
 * Compose at the app (src/http/app.ts); routes stay a few lines each.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { BadInput, TooLarge, Unsupported } from '../errors.js';

/** The first problem zod found, as one line naming the field. */
export function describeIssues(error: z.ZodError, where: string): string {
  const first = error.issues[0];
  if (!first) return `${where} is not valid`;
  const field = first.path.length > 0 ? first.path.join('.') : where;
  if (first.code === 'unrecognized_keys') return `${where}: unknown field ${first.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where === 'query' ? 'query parameter ' : ''}${field}: ${first.message}`;
}

/** zod validation of a request part; failures are BadInput (400), never zod's whole error. */
export function validate<T extends z.ZodType, W extends 'query' | 'param'>(where: W, schema: T) {
  return zValidator(where, schema, (result) => {
    if (!result.success) throw new BadInput(describeIssues(result.error as unknown as z.ZodError, where === 'param' ? 'path' : 'query'));
  });
}

/** Parse and validate a JSON body (after the limit and auth middleware). */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new Unsupported(`send the body as JSON with Content-Type: application/json (got ${type || 'none'})`);
  const text = await c.req.text();
  if (text.trim().length === 0) throw new BadInput('the request body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BadInput(`the request body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadInput(describeIssues(parsed.error, 'body'));
  return parsed.data;
}

/** Writes need `Authorization: Bearer $GLOSSA_TOKEN` when a token is configured. */
export function requireToken(config: Config): MiddlewareHandler {
  if (!config.token) return async (_c, next) => next();
  return bearerAuth({ token: config.token });
}

/** Largest JSON body of the term routes (GLOSSA_MAX_BODY still applies when smaller). */
export const MAX_JSON_BODY = 1024 * 1024;

/**
 * The body limit of a write route (413 past `maxBytes`), with hono's bodyLimit: a body with a
 * Content-Length is judged by the header (Node's parser reads no more than it declares), a body
 * of unknown length is read into memory and counted. A `streaming` route (an import, which
 * streams a file of any size in flat memory) gets a body of unknown length counted as the route
 * reads it instead, failing the read past the limit. `setting` names the variable behind the limit.
 */
export function limitBody(maxBytes: number, options: { streaming?: boolean; setting?: string } = {}): MiddlewareHandler {
  const named = options.setting ? ` (${options.setting})` : '';
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const declared = c.req.header('content-length');
      throw new TooLarge(declared ? `request body of ${declared} bytes is larger than ${maxBytes}${named}` : `request body larger than ${maxBytes} bytes${named}`);
    },
  });
  if (!options.streaming) return limit;
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body || (raw.headers.has('content-length') && !raw.headers.has('transfer-encoding'))) return limit(c, next);
    let size = 0;
    const counted = raw.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > maxBytes) controller.error(new TooLarge(`request body larger than ${maxBytes} bytes${named}`));
          else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
  };
}

/** What limitQuery looks at more closely: a control character, encoded or not. */
export const MAYBE_CONTROL = /%[01]|[\u0000-\u001F]/;

/** The longest request URL limitQuery lets through, for GLOSSA_MAX_QUERY characters per value. */
export function maxQueryUrl(config: Pick<Config, 'maxQueryChars'>): number {
  return config.maxQueryChars * 4 + 1024;
}

/** Refuse query strings longer than the configured limit (GLOSSA_MAX_QUERY characters per value). */
export function limitQuery(config: Config): MiddlewareHandler {
  const maxUrl = maxQueryUrl(config);
  return async (c, next) => {
    const url = c.req.url;
    const at = url.indexOf('?');
    if (at >= 0) {
      if (url.length > maxUrl) throw new BadInput(`the query string is longer than ${maxUrl} characters`);
      // Decoding never lengthens a value, and a control character comes encoded (%00–%1F): a
      // short query string without either needs no look at its values (every look-up passes here).
      if (url.length - at - 1 <= config.maxQueryChars && !MAYBE_CONTROL.test(url)) return next();
      let params: URLSearchParams;
      try {
        params = new URLSearchParams(url.slice(at + 1));
      } catch {
        throw new BadInput('the query string is not valid');
      }
      for (const [k, v] of params) {
        if (v.length > config.maxQueryChars) throw new BadInput(`query parameter ${k} is longer than ${config.maxQueryChars} characters (GLOSSA_MAX_QUERY)`);
        if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(v)) throw new BadInput(`query parameter ${k} holds control characters`);
      }
    }
    await next();
  };
}
