/**
 * The translator's workspace: server-rendered pages over the services. GET / is the search box
 * (glossary terms, the TM sentences holding them, fuzzy TM matches) with what the database holds;
 * /glossary, /terms/:id, /check and /import are in their own modules, /login here. Read pages
 * work without JavaScript; writing forms carry the session's CSRF token (src/web/session.ts).
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';
import type { TermHit, TermLookup } from '../match/terms.js';
import { concordance, type ConcordanceHit } from '../match/concordance.js';
import { searchTM, type TmMatch } from '../match/tm.js';
import { GlossaryListing } from '../match/glossary.js';
import { glossaryCounts } from '../store/glossary.js';
import { languagePairs } from '../store/tus.js';
import { BadInput, TooLarge, isGlossaryErrorStatus } from './errors.js';
import { Csrf, ErrorPage, Layout, UnitPairs } from './layout.js';
import { Sessions, type Session, type WebEnv } from './session.js';
import { field, guardWrite, html, localPath, WebError, type WebContext, type WebDeps } from './context.js';
import { glossaryRoutes } from './glossary.js';
import { termRoutes } from './term.js';
import { checkRoutes } from './check.js';
import { importRoutes, IMPORT_SCRIPT } from './import.js';

interface TermWithUses {
  hit: TermHit;
  uses: ConcordanceHit[];
}

interface HomeProps {
  q: string;
  terms: TermWithUses[];
  matches: TmMatch[];
  pairs: { srcLang: string; tgtLang: string; units: number }[];
  stats: Awaited<ReturnType<typeof glossaryCounts>>;
  session: Session;
  signInRequired: boolean;
}

const Home: FC<HomeProps> = ({ q, terms, matches, pairs, stats, session, signInRequired }) => (
  <Layout title={q || 'Glossa'} session={session} path="/" signInRequired={signInRequired}>
    <h1>Glossa</h1>
    <form method="get" action="/" role="search" class="search">
      <input type="search" name="q" value={q} placeholder="a term or a sentence, in Chinese or English" aria-label="Search terms and translations" />
      <button type="submit">Search</button>
    </form>
    {q ? (
      <>
        <section id="terms" aria-labelledby="terms-h">
          <h2 id="terms-h">Terms</h2>
          {terms.length === 0 ? (
            <p>No term matches “{q}”.</p>
          ) : (
            terms.map(({ hit, uses }) => {
              const needles = [hit.source, ...hit.targets.map((t) => t.text)];
              return (
                <article class="term">
                  <h3>
                    <a href={`/terms/${hit.id}`}>
                      <span lang={hit.srcLang}>{hit.source}</span>
                      {hit.target && (
                        <>
                          {' → '}
                          <span lang={hit.tgtLang ?? undefined}>{hit.targets.map((t) => t.text).join(' / ')}</span>
                        </>
                      )}
                    </a>{' '}
                    <span class={`status-${hit.status}`}>{hit.status}</span> <span class="kind">({hit.match} match)</span>
                  </h3>
                  {uses.length > 0 && <UnitPairs units={uses} tableClass="uses" needles={() => needles} />}
                </article>
              );
            })
          )}
        </section>
        <section id="tm" aria-labelledby="tm-h">
          <h2 id="tm-h">Translation memory</h2>
          {matches.length === 0 ? (
            <p>No fuzzy match for “{q}”.</p>
          ) : (
            <div class="scroll">
              <table class="matches">
                <thead>
                  <tr>
                    <th scope="col">%</th>
                    <th scope="col">Match</th>
                    <th scope="col">Translation</th>
                  </tr>
                </thead>
                <tbody>
                  {matches.map((m) => (
                    <tr>
                      <td class="score">{m.score}</td>
                      <td lang={m.srcLang}>{m.source}</td>
                      <td lang={m.tgtLang}>{m.target}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </>
    ) : (
      <div class="grid" id="overview">
        <section class="card" aria-labelledby="tm-held">
          <h2 id="tm-held">Translation memory</h2>
          {pairs.length === 0 ? (
            <p>
              No units yet: <a href="/import">import a file</a>.
            </p>
          ) : (
            <ul>
              {pairs.map((p) => (
                <li>
                  {p.srcLang} → {p.tgtLang}: <strong>{p.units.toLocaleString('en-US')}</strong> units
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="gl-held">
          <h2 id="gl-held">Glossary</h2>
          <p>
            <strong>{stats.concepts.toLocaleString('en-US')}</strong> concepts, {stats.terms.toLocaleString('en-US')} terms; terms by status:
          </p>
          <ul>
            {(['approved', 'candidate', 'forbidden'] as const).map((s) => (
              <li>
                <a href={`/glossary?status=${s}`}>{s}</a>: {stats.byStatus[s].toLocaleString('en-US')}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="work">
          <h2 id="work">Work</h2>
          <ul>
            <li>
              <a href="/glossary">Review the glossary</a>
            </li>
            <li>
              <a href="/check">Check a translation</a>
            </li>
            <li>
              <a href="/import">Import and export files</a>
            </li>
            {signInRequired && !session.signedIn && (
              <li>
                <a href="/login">Sign in</a> to review and import
              </li>
            )}
          </ul>
        </section>
      </div>
    )}
  </Layout>
);

const Login: FC<{ session: Session; signInRequired: boolean; next: string; failed?: boolean }> = ({ session, signInRequired, next, failed }) => (
  <Layout title="Sign in" session={session} path="/login" signInRequired={signInRequired}>
    <h1>Sign in</h1>
    {!signInRequired ? (
      <p class="notice">This server has no token (GLOSSA_TOKEN is not set): it listens on this computer only, and no sign-in is needed.</p>
    ) : session.signedIn ? (
      <p class="notice">You are signed in.</p>
    ) : (
      <>
        {failed && (
          <p class="error" role="alert">
            That token is not right: you are not signed in.
          </p>
        )}
        <p>Reviewing terms and importing files need the server's token (GLOSSA_TOKEN).</p>
        <form method="post" action="/login" class="stack">
          <Csrf session={session} />
          <input type="hidden" name="next" value={next} />
          <label for="token">
            Token
            <input id="token" type="password" name="token" autocomplete="current-password" required />
          </label>
          <div>
            <button type="submit" class="primary">
              Sign in
            </button>
          </div>
        </form>
      </>
    )}
  </Layout>
);

/** Largest form a review page posts (edit, status, sign-in). */
export const MAX_FORM_BYTES = 64 * 1024;

export function pageRoutes(db: Db, lookup: TermLookup, config: Config): Hono {
  const app = new Hono<WebEnv>();
  const sessions = new Sessions(config.token);
  const deps: WebDeps = { db, config, lookup, listing: new GlossaryListing(db), sessions };
  const signInRequired = sessions.signInRequired;
  // The pages' paths (the app also holds the API's: those get neither a session nor these headers).
  const PAGE_PATH = /^\/(?:$|glossary$|terms\/|login$|logout$|check(?:$|\/)|import(?:$|\/))/;
  const session = sessions.middleware();
  app.use('*', async (c, next) => {
    if (!PAGE_PATH.test(new URL(c.req.url).pathname)) return next();
    await session(c, next);
    // No framing (the review buttons must not be clickjacked), scripts from this site only.
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  });
  app.onError((e, c) => {
    const session = c.var.session;
    const path = new URL(c.req.url).pathname;
    if (!session) throw e;
    if (e instanceof WebError || isGlossaryErrorStatus(e)) {
      const status = e instanceof WebError ? e.status : isGlossaryErrorStatus(e)!;
      return html(c, <ErrorPage status={status} message={e.message} session={session} path={path} signInRequired={signInRequired} />, status);
    }
    console.error(e);
    return html(c, <ErrorPage status={500} message="Something went wrong on the server (it is logged)." session={session} path={path} signInRequired={signInRequired} />, 500);
  });

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > MAX_PAGE_QUERY) throw new BadInput(`q is longer than ${MAX_PAGE_QUERY} characters`);
    let terms: TermWithUses[] = [];
    let matches: TmMatch[] = [];
    if (q) {
      const index = await lookup.current();
      const hits = index.lookup(q, { limit: 8 });
      terms = await Promise.all(hits.map(async (hit, i) => ({ hit, uses: i < 3 ? await usesOf(db, hit) : [] })));
      matches = await searchTM(db, q, { min: 60, limit: 5 });
    }
    // Counted by the store, not from the glossary listing: the start page never waits for its build.
    const [pairs, stats] = q ? [[], { concepts: 0, terms: 0, byStatus: { approved: 0, candidate: 0, forbidden: 0 } }] : await Promise.all([languagePairs(db), glossaryCounts(db)]);
    return html(c, <Home q={q} terms={terms} matches={matches} pairs={pairs} stats={stats} session={c.var.session} signInRequired={signInRequired} />);
  });

  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new TooLarge(`a form is at most ${MAX_FORM_BYTES} bytes`);
    },
  });
  app.get('/login', (c) => html(c, <Login session={c.var.session} signInRequired={signInRequired} next={localPath(c.req.query('next'))} />));
  app.post('/login', formLimit, async (c: WebContext) => {
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'), { writer: false });
    const next = localPath(field(form, 'next'));
    if (!signInRequired) return c.redirect(next, 303);
    if (await sessions.signIn(c, field(form, 'token') ?? '')) return c.redirect(next, 303);
    return html(c, <Login session={c.var.session} signInRequired={signInRequired} next={next} failed />, 401);
  });
  app.post('/logout', formLimit, async (c: WebContext) => {
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'), { writer: false });
    await sessions.signOut(c);
    return c.redirect('/', 303);
  });

  app.get('/assets/import.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(IMPORT_SCRIPT);
  });

  glossaryRoutes(app, deps);
  termRoutes(app, deps, formLimit);
  checkRoutes(app, deps);
  importRoutes(app, deps);
  return app as unknown as Hono;
}

const MAX_PAGE_QUERY = 500;

/** TM sentences holding the term or one of its translations. */
async function usesOf(db: Db, hit: TermHit): Promise<ConcordanceHit[]> {
  const found = await concordance(db, hit.source, 8);
  if (found.length < 8 && hit.target) {
    const seen = new Set(found.map((f) => f.id));
    for (const f of await concordance(db, hit.target, 8 - found.length)) if (!seen.has(f.id)) found.push(f);
  }
  return found;
}
