/** What the page routes share: the stores and services, sessions, and the guard of writing requests. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';
import type { TermLookup } from '../match/terms.js';
import type { GlossaryListing } from '../match/glossary.js';
import { csrfValid, type Sessions, type WebEnv } from './session.js';

export interface WebDeps {
  db: Db;
  config: Config;
  lookup: TermLookup;
  listing: GlossaryListing;
  sessions: Sessions;
}

export type WebContext = Context<WebEnv>;

/** An answer other than a GlossaError's (401 sign in, 403 refused), shown as the error page. */
export class WebError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'WebError';
  }
}

/** A page: the doctype and the rendered element. */
export function html(c: WebContext, page: Child, status: 200 | 201 | 400 | 401 | 403 | 404 | 413 | 415 | 500 | 503 | 507 = 200): Response {
  return c.html('<!doctype html>' + String(page), status);
}

/**
 * Refuse a write unless the session may write (signed in when a token is configured) and the
 * request carries the session's CSRF token. Throws WebError; changes nothing.
 */
export function guardWrite(c: WebContext, csrf: string | undefined, options: { writer?: boolean } = {}): void {
  const s = c.var.session;
  if ((options.writer ?? true) && !s.writer) throw new WebError(401, 'Sign in with the server\u2019s token first: this change was refused and nothing was changed.');
  if (!csrfValid(s, csrf)) throw new WebError(403, 'The form\u2019s security token (CSRF) is missing or does not match this session, so the request was refused and nothing was changed. Reload the page and try again.');
}

/** A form field as a string (undefined when absent or a file). */
export function field(form: Record<string, unknown>, name: string): string | undefined {
  const v = form[name];
  return typeof v === 'string' ? v : undefined;
}

/** A path on this site to go back to after signing in (anything else becomes /). */
export function localPath(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
