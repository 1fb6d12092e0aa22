/**
 * GET /api/terms answered before hono, on Node's request and response: every look-up of a CAT
 * tool comes this way, and through hono and @hono/node-server it cost nearly as much as the
 * look-up itself (a Request, a Context, the middleware chain and its promises, a Response). Only a
 * plain look-up is answered here, and only when the term index answers at once; the answer is
 * the one the route gives (src/http/routes/terms.ts): same status, headers and body. Anything
 * else (another route or method, a query the route would refuse or that needs zod to word its
 * error, percent-escapes that do not decode, an index that must first read the change log)
 * goes on to hono as before. test/http/fast-terms.test.ts holds the two to the same answers.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { TermLookup } from '../match/terms.js';
import { plainTermsQuery } from './routes/terms.js';
import { MAYBE_CONTROL, maxQueryUrl } from './middleware.js';

const PREFIX = '/api/terms?';
/**
 * A request target that @hono/node-server would give hono unchanged (as `http://HOST` + it):
 * printable ASCII without the characters a URL parser escapes or cuts at (space, `"`, `#`, `<`,
 * `>`, `'`, backslash).
 */
const PLAIN_TARGET = /^[!$%&(-;=?-[\]-~]*$/;
/** A Host that @hono/node-server takes as it is (its own test). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/** A query value or name as hono decodes it (`+` is a space), or undefined where hono would keep a broken escape. */
function decode(s: string): string | undefined {
  if (s.indexOf('+') !== -1) s = s.replace(/\+/g, ' ');
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The query string's parameters as `c.req.queries()` gives them; undefined: leave it to hono. */
function queriesOf(query: string): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  let at = 0;
  while (at <= query.length) {
    let end = query.indexOf('&', at);
    if (end === -1) end = query.length;
    const eq = query.indexOf('=', at);
    const hasValue = eq !== -1 && eq < end;
    const name = decode(query.slice(at, hasValue ? eq : end));
    const value = hasValue ? decode(query.slice(eq + 1, end)) : '';
    at = end + 1;
    if (name === undefined || value === undefined) return undefined;
    if (name === '') continue;
    (out[name] ??= []).push(value);
  }
  return out;
}

/**
 * The body of GET /api/terms's 200 answer to the request target `target` (path and query, as
 * Node reads it) sent to `host`, when it can be given at once; undefined: ask hono.
 */
export function termsAnswerNow(lookup: TermLookup, config: Pick<Config, 'maxQueryChars'>): (host: string | undefined, target: string) => Buffer | undefined {
  const maxUrl = maxQueryUrl(config);
  return (host, target) => {
    if (!target.startsWith(PREFIX) || host === undefined || !PLAIN_HOST.test(host) || !PLAIN_TARGET.test(target)) return undefined;
    // limitQuery's quick pass: a URL within its limit, a short query string, no control character.
    if (7 + host.length + target.length > maxUrl || target.length - PREFIX.length > config.maxQueryChars || MAYBE_CONTROL.test(target)) return undefined;
    const queries = queriesOf(target.slice(PREFIX.length));
    const plain = queries && plainTermsQuery(queries);
    if (!plain) return undefined;
    return lookup.lookupBodyNow(plain.q, { limit: plain.limit, ...(plain.lang ? { lang: plain.lang } : {}), ...(plain.tgt ? { tgt: plain.tgt } : {}) });
  };
}

/** `listener` (@hono/node-server's) with GET /api/terms answered first when `answer` can. */
export function withTermsFastPath(listener: RequestListener, answer: (host: string | undefined, target: string) => Buffer | undefined): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url !== undefined) {
      let body: Buffer | undefined;
      try {
        body = answer(req.headers.host, req.url);
      } catch {
        // A defect: hono's route meets it again and answers 500 with its log line.
        body = undefined;
      }
      if (body !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.end(body);
        return;
      }
    }
    void listener(req, res);
  };
}
