/**
 * Errors as HTTP answers, in one place: every GlossaError kind has its status here, and every
 * error leaves the server as `{"error": {"code", "message"}}`. Anything else is a 500 with no
 * detail (logged), which the tests treat as a defect for any input.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Busy, isGlossaError, type ErrorCode } from '../errors.js';

export const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  busy: 503,
  storage: 507,
  internal: 500,
};

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = { 400: 'bad_input', 401: 'unauthorized', 404: 'not_found', 409: 'conflict', 413: 'too_large', 415: 'unsupported', 503: 'busy' };

export function errorBody(code: ErrorCode | string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** The JSON answer for an error thrown anywhere under the app (hono's onError). */
export function errorResponse(e: unknown, c: Context): Response {
  if (isGlossaError(e)) {
    // A busy database is worth trying again soon: say when.
    if (e instanceof Busy) c.header('Retry-After', String(e.retryAfterSeconds));
    return c.json(errorBody(e.code, e.message), HTTP_STATUS[e.code]);
  }
  if (e instanceof HTTPException) {
    // hono's own middleware (bearerAuth, bodyLimit): keep its status and headers, answer JSON.
    const res = e.getResponse();
    const code = CODE_OF_STATUS[res.status] ?? (res.status < 500 ? 'bad_input' : 'internal');
    const message = res.status === 401 ? 'this request needs Authorization: Bearer <GLOSSA_TOKEN>' : e.message || res.statusText || code;
    const headers = new Headers(res.headers);
    headers.set('content-type', 'application/json; charset=UTF-8');
    return new Response(JSON.stringify(errorBody(code, message)), { status: res.status, headers });
  }
  // The connection closed under a request still reading its body (a client gone, a server
  // stopping): the route failed, and its write with it. One line, no stack.
  if ((e as { code?: string }).code === 'ECONNRESET' || (e instanceof Error && e.message === 'aborted')) {
    console.error(`${c.req.method} ${new URL(c.req.url).pathname}: the request was cut off before its end; nothing of it was stored`);
    return c.json(errorBody('bad_input', 'the request was cut off before its end'), 400);
  }
  // Malformed JSON and the like raised by the runtime are still the client's input.
  if (e instanceof SyntaxError) return c.json(errorBody('bad_input', `not valid JSON: ${e.message}`), 400);
  console.error(e);
  return c.json(errorBody('internal', 'internal error'), 500);
}
