/**
 * The translator's first page: GET / shows a search box; GET /?q=TEXT renders on the server the
 * matching glossary terms, the TM sentences that contain them, and fuzzy TM matches for TEXT.
 * Plain HTML and a GET form: it works without JavaScript.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Db } from '../store/db.js';
import type { TermHit, TermLookup } from '../match/terms.js';
import { concordance, type ConcordanceHit } from '../match/concordance.js';
import { searchTM, type TmMatch } from '../match/tm.js';
import { BadInput } from '../errors.js';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
form{display:flex;gap:.5rem;margin:1rem 0}input[type=search]{flex:1;font-size:1.1rem;padding:.4rem}
button{font-size:1rem;padding:.4rem 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
mark{background:#fe8}.status-approved{color:#060}.status-forbidden{color:#b00;text-decoration:line-through}
.kind{font-size:.8rem;color:#666}.score{font-variant-numeric:tabular-nums;text-align:right}`;

/** Text with every occurrence of the given needles (case-insensitive) marked. */
const Marked: FC<{ text: string; needles: string[] }> = ({ text, needles }) => {
  const wanted = needles.filter((n) => n.trim().length > 0);
  if (wanted.length === 0) return <>{text}</>;
  const re = new RegExp(wanted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  const out: (string | ReturnType<FC>)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    out.push(text.slice(last, m.index));
    out.push(<mark>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return <>{out}</>;
};

interface TermWithUses {
  hit: TermHit;
  uses: ConcordanceHit[];
}

const Page: FC<{ q: string; terms: TermWithUses[]; matches: TmMatch[] }> = ({ q, terms, matches }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{q ? `${q} · Glossa` : 'Glossa'}</title>
      <style>{STYLE}</style>
    </head>
    <body>
      <h1>Glossa</h1>
      <form method="get" action="/" role="search">
        <input type="search" name="q" value={q} placeholder="a term or a sentence, in Chinese or English" aria-label="search" autofocus />
        <button type="submit">Search</button>
      </form>
      {q && (
        <main>
          <section id="terms">
            <h2>Terms</h2>
            {terms.length === 0 ? (
              <p>No term matches “{q}”.</p>
            ) : (
              terms.map(({ hit, uses }) => {
                const needles = [hit.source, ...hit.targets.map((t) => t.text)];
                return (
                  <article class="term">
                    <h3>
                      <span lang={hit.srcLang}>{hit.source}</span>
                      {hit.target && (
                        <>
                          {' → '}
                          <span lang={hit.tgtLang ?? undefined}>{hit.targets.map((t) => t.text).join(' / ')}</span>
                        </>
                      )}{' '}
                      <span class={`status-${hit.status}`}>{hit.status}</span> <span class="kind">({hit.match} match)</span>
                    </h3>
                    {uses.length > 0 && (
                      <table class="uses">
                        <tbody>
                          {uses.map((u) => (
                            <tr>
                              <td lang={u.srcLang}>
                                <Marked text={u.source} needles={needles} />
                              </td>
                              <td lang={u.tgtLang}>
                                <Marked text={u.target} needles={needles} />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </article>
                );
              })
            )}
          </section>
          <section id="tm">
            <h2>Translation memory</h2>
            {matches.length === 0 ? (
              <p>No fuzzy match for “{q}”.</p>
            ) : (
              <table class="matches">
                <thead>
                  <tr>
                    <th>%</th>
                    <th>Match</th>
                    <th>Translation</th>
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
            )}
          </section>
        </main>
      )}
    </body>
  </html>
);

const MAX_PAGE_QUERY = 500;

export function pageRoutes(db: Db, lookup: TermLookup): Hono {
  const app = new Hono();
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
    return c.html('<!doctype html>' + String(<Page q={q} terms={terms} matches={matches} />));
  });
  return app;
}

/** TM sentences holding the term or one of its translations. */
async function usesOf(db: Db, hit: TermHit): Promise<ConcordanceHit[]> {
  const found = await concordance(db, hit.source, 8);
  if (found.length < 8 && hit.target) {
    const seen = new Set(found.map((f) => f.id));
    for (const f of await concordance(db, hit.target, 8 - found.length)) if (!seen.has(f.id)) found.push(f);
  }
  return found;
}
