/**
 * GET /glossary?q=&status=&method=&lang=&sort=&page=: the concepts as a table, filtered and
 * sorted on the server one page at a time (src/match/glossary.ts), each row linking to its
 * term page. A GET form: filtering and paging work without JavaScript.
 */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { TERM_STATUSES, type TermStatus } from '../model.js';
import { GLOSSARY_SORTS, type GlossaryPage, type GlossaryQuery, type GlossaryStats } from '../match/glossary.js';
import { BadInput } from '../errors.js';
import { Layout, StatusBadge } from './layout.js';
import type { Session, WebEnv } from './session.js';
import { html, type WebDeps } from './context.js';

const Query = z.object({
  q: z.string().max(500, 'at most 500 characters').optional(),
  status: z.enum(['', ...TERM_STATUSES]).optional(),
  method: z.string().max(100).optional(),
  lang: z
    .string()
    .regex(/^(?:[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)?$/, 'a language tag such as zh or en')
    .optional(),
  sort: z.enum(GLOSSARY_SORTS).optional(),
  page: z
    .string()
    .regex(/^\d{1,7}$/, 'a page number')
    .transform(Number)
    .pipe(z.number().min(1, 'a page number from 1'))
    .optional(),
});

const SORT_LABELS: Record<(typeof GLOSSARY_SORTS)[number], string> = { score: 'score', frequency: 'frequency', text: 'text', newest: 'newest first' };

function pageLink(query: GlossaryQuery, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, page })) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) p.set(k, String(v));
  const s = p.toString();
  return s ? `/glossary?${s}` : '/glossary';
}

const GlossaryTable: FC<{ result: GlossaryPage; query: GlossaryQuery; stats: GlossaryStats; session: Session; signInRequired: boolean; deleted?: string }> = ({ result, query, stats, session, signInRequired, deleted }) => {
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, first + result.rows.length - 1);
  return (
    <Layout title="Glossary" session={session} path="/glossary" signInRequired={signInRequired}>
      <h1>Glossary</h1>
      {deleted && (
        <p class="notice" role="status">
          Concept {deleted} deleted.
        </p>
      )}
      <form method="get" action="/glossary" class="filters" role="search" aria-label="Filter the glossary">
        <label for="f-q">
          Text
          <input id="f-q" type="search" name="q" value={query.q ?? ''} placeholder="any script, any case" />
        </label>
        <label for="f-status">
          Status
          <select id="f-status" name="status">
            <option value="">any</option>
            {TERM_STATUSES.map((s) => (
              <option value={s} selected={query.status === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label for="f-method">
          Method
          <select id="f-method" name="method">
            <option value="">any</option>
            {stats.methods.map((m) => (
              <option value={m} selected={query.method === m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label for="f-lang">
          Term language
          <select id="f-lang" name="lang">
            <option value="">default ({result.lang})</option>
            {stats.languages.map((l) => (
              <option value={l} selected={query.lang === l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label for="f-sort">
          Sort by
          <select id="f-sort" name="sort">
            {GLOSSARY_SORTS.map((s) => (
              <option value={s} selected={(query.sort ?? 'score') === s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <p id="count" role="status">
        {result.total === 0 ? 'No concept matches.' : `Concepts ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')}`}
      </p>
      {result.rows.length > 0 && (
        <div class="scroll">
          <table id="glossary">
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col">Translations</th>
                <th scope="col">Status</th>
                <th scope="col">Method</th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col" class="num">
                  Frequency
                </th>
                <th scope="col" class="num">
                  Evidence
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr>
                  <td class="term">
                    <a href={`/terms/${r.id}`} lang={r.term.lang}>
                      {r.term.text}
                    </a>
                  </td>
                  <td>
                    {r.translations.map((t, i) => (
                      <>
                        {i > 0 && ', '}
                        <span lang={t.lang} class={`status-${t.status}`}>
                          {t.text}
                        </span>
                      </>
                    ))}
                  </td>
                  <td>
                    {r.statuses.map((s: TermStatus) => (
                      <>
                        <StatusBadge status={s} />{' '}
                      </>
                    ))}
                  </td>
                  <td>{r.method ?? ''}</td>
                  <td class="num">{r.score === null ? '' : r.score.toFixed(2)}</td>
                  <td class="num">{r.frequency ?? ''}</td>
                  <td class="num">{r.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.pages > 1 && (
        <nav class="pager" aria-label="Pages of the glossary">
          {result.page > 1 ? <a href={pageLink(query, result.page - 1)} rel="prev">← Previous</a> : <span class="muted">← Previous</span>}
          <span>
            Page {result.page} of {result.pages.toLocaleString('en-US')}
          </span>
          {result.page < result.pages ? <a href={pageLink(query, result.page + 1)} rel="next">Next →</a> : <span class="muted">Next →</span>}
        </nav>
      )}
    </Layout>
  );
};

export function glossaryRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/glossary', async (c) => {
    const parsed = Query.safeParse(c.req.query());
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new BadInput(`query parameter ${first.path.join('.')}: ${first.message}`);
    }
    const p = parsed.data;
    const query: GlossaryQuery = {
      ...(p.q?.trim() ? { q: p.q.trim() } : {}),
      ...(p.status ? { status: p.status } : {}),
      ...(p.method ? { method: p.method } : {}),
      ...(p.lang ? { lang: p.lang } : {}),
      ...(p.sort ? { sort: p.sort } : {}),
    };
    const view = await deps.listing.current();
    const result = view.page({ ...query, ...(p.page ? { page: p.page } : {}) });
    if (result.page > result.pages && result.total > 0) throw new BadInput(`page ${result.page} is past the last page (${result.pages})`);
    const deleted = c.req.query('deleted');
    return html(c, <GlossaryTable result={result} query={query} stats={view.stats} session={c.var.session} signInRequired={deps.sessions.signInRequired} {...(deleted && /^\d+$/.test(deleted) ? { deleted } : {})} />);
  });
}
