/**
 * Sessions of the web pages: a signed, HttpOnly, SameSite=Strict cookie naming a session held in
 * memory, and a CSRF token per session that every writing form carries (a hidden field, or the
 * X-CSRF-Token header of a script's request). With GLOSSA_TOKEN set a session writes only after
 * signing in with the token; without it (loopback, one user) every session may write, and the
 * CSRF token still keeps other sites' pages from posting forms here. Sessions live in this
 * process: a restart signs everyone out.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';

export interface Session {
  id: string;
  /** May write: signed in with the token, or no token is configured. */
  writer: boolean;
  /** Signed in with the token (shown as "signed in"; false when no token is configured). */
  signedIn: boolean;
  csrf: string;
  lastSeen: number;
}

export type WebEnv = { Variables: { session: Session } };

export const SESSION_COOKIE = 'glossa_session';
const MAX_SESSIONS = 10_000;
const IDLE_MS = 12 * 60 * 60 * 1000;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Two secrets compared in constant time (through their digests, so lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export class Sessions {
  private readonly secret = randomBytes(32).toString('hex');
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly token: string | undefined) {}

  /** Whether writes need signing in (a token is configured). */
  get signInRequired(): boolean {
    return Boolean(this.token);
  }

  private create(signedIn: boolean): Session {
    const s: Session = { id: randomBytes(18).toString('base64url'), writer: signedIn || !this.token, signedIn, csrf: randomBytes(18).toString('base64url'), lastSeen: Date.now() };
    if (this.sessions.size >= MAX_SESSIONS) {
      // Map order is insertion order, refreshed on use below: the first is the least recently seen.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(s.id, s);
    return s;
  }

  private async setCookie(c: Context, s: Session): Promise<void> {
    await setSignedCookie(c, SESSION_COOKIE, s.id, this.secret, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
  }

  /** Middleware: the request's session (a new one, with its cookie, when it has none). */
  middleware(): MiddlewareHandler<WebEnv> {
    return async (c, next) => {
      const id = await getSignedCookie(c, this.secret, SESSION_COOKIE);
      let s = id ? this.sessions.get(id) : undefined;
      if (s && Date.now() - s.lastSeen > IDLE_MS) {
        this.sessions.delete(s.id);
        s = undefined;
      }
      if (s) {
        s.lastSeen = Date.now();
        this.sessions.delete(s.id);
        this.sessions.set(s.id, s);
      } else {
        s = this.create(false);
        await this.setCookie(c, s);
      }
      c.set('session', s);
      await next();
    };
  }

  /** Check a token given at sign-in; on success the session is replaced by a signed-in one (new id, new CSRF token). */
  async signIn(c: Context<WebEnv>, token: string): Promise<boolean> {
    if (!this.token || !sameSecret(token, this.token)) return false;
    this.sessions.delete(c.var.session.id);
    const s = this.create(true);
    await this.setCookie(c, s);
    c.set('session', s);
    return true;
  }

  async signOut(c: Context<WebEnv>): Promise<void> {
    this.sessions.delete(c.var.session.id);
    const s = this.create(false);
    await this.setCookie(c, s);
    c.set('session', s);
  }
}

/** The CSRF token a writing request carries (form field `_csrf` or the X-CSRF-Token header) matches its session's. */
export function csrfValid(session: Session, given: string | undefined): boolean {
  return typeof given === 'string' && given.length > 0 && sameSecret(given, session.csrf);
}
