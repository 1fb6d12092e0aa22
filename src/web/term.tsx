/**
 * GET /terms/:id: a concept's terms with their status and notes, its evidence units as a
 * concordance (the terms marked on both sides), the other renderings the TM uses for the same
 * source, and, for a session that may write, the review controls: Approve, Forbid, Candidate,
 * an edit form and delete. Each control is a POST form with the session's CSRF token.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { FC } from 'hono/jsx';
import { deleteEntry, getEntry, updateEntry } from '../store/terms.js';
import { getTUs, languagePairs } from '../store/tus.js';
import { concordance } from '../match/concordance.js';
import { renderingsOf, type Renderings } from '../match/glossary.js';
import { BadInput, NotFound } from '../errors.js';
import { canonicalLang, primaryLanguage, TERM_STATUSES, type Term, type TermEntry, type TermStatus } from '../model.js';
import { Csrf, Layout, Marked, StatusBadge, UnitPairs } from './layout.js';
import type { Session, WebEnv } from './session.js';
import { field, guardWrite, html, type WebContext, type WebDeps } from './context.js';

interface Unit {
  id?: number | undefined;
  source: string;
  target: string;
  srcLang: string;
  tgtLang: string;
}

/** The concept's terms of a language (primary subtag). */
const termsIn = (entry: TermEntry, lang: string): Term[] => entry.terms.filter((t) => primaryLanguage(t.lang) === primaryLanguage(lang));

const Concordance: FC<{ units: Unit[]; entry: TermEntry }> = ({ units, entry }) => (
  <UnitPairs units={units} tableClass="concordance" needles={(lang) => termsIn(entry, lang).map((t) => t.text)} />
);

const REVIEW_ORDER: TermStatus[] = ['approved', 'forbidden', 'candidate'];
const BUTTONS: Record<TermStatus, string> = { approved: 'Approve', forbidden: 'Forbid', candidate: 'Candidate' };

interface TermPageProps {
  entry: TermEntry;
  head: Term;
  evidence: Unit[];
  fromConcordance: boolean;
  renderings: Renderings;
  session: Session;
  signInRequired: boolean;
  tgtLang: string;
  done?: string | undefined;
}

const TermPage: FC<TermPageProps> = ({ entry, head, evidence, fromConcordance, renderings, session, signInRequired, tgtLang, done }) => {
  const targets = entry.terms.filter((t) => primaryLanguage(t.lang) !== primaryLanguage(head.lang));
  const main = targets[0];
  const statuses = [...new Set(entry.terms.map((t) => t.status))];
  return (
    <Layout title={head.text} session={session} path={`/terms/${entry.id}`} signInRequired={signInRequired}>
      <h1>
        <span lang={head.lang}>{head.text}</span>
        {main && (
          <>
            {' → '}
            <span lang={main.lang}>{main.text}</span>
          </>
        )}
      </h1>
      {done && (
        <p class="notice" role="status" id="done">
          {done}
        </p>
      )}
      <p class="muted">
        Concept {entry.id} · {statuses.map((s) => <StatusBadge status={s} />)} · method {entry.method ?? 'none'}
        {entry.score !== undefined && <> · score {entry.score.toFixed(2)}</>}
        {entry.frequency !== undefined && <> · frequency {entry.frequency}</>} · from {entry.origin ?? 'user'}
      </p>
      {entry.note && <p>Note: {entry.note}</p>}
      <section aria-labelledby="terms-h">
        <h2 id="terms-h">Terms</h2>
        <div class="scroll">
          <table id="terms">
            <thead>
              <tr>
                <th scope="col">Language</th>
                <th scope="col">Term</th>
                <th scope="col">Status</th>
                <th scope="col">Part of speech</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {entry.terms.map((t) => (
                <tr>
                  <td>{t.lang}</td>
                  <td lang={t.lang} class={`status-${t.status}`}>
                    {t.text}
                  </td>
                  <td>
                    <StatusBadge status={t.status} />
                  </td>
                  <td>{t.partOfSpeech ?? ''}</td>
                  <td>{t.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="review-h">
        <h2 id="review-h">Review</h2>
        {session.writer ? (
          <>
            <div class="actions" id="status-actions">
              {REVIEW_ORDER.map((s) => (
                <form method="post" action={`/terms/${entry.id}/status`}>
                  <Csrf session={session} />
                  <input type="hidden" name="status" value={s} />
                  <button type="submit" class={s === 'approved' ? 'primary' : s === 'forbidden' ? 'danger' : ''} aria-pressed={statuses.length === 1 && statuses[0] === s ? 'true' : 'false'}>
                    {BUTTONS[s]}
                  </button>
                </form>
              ))}
            </div>
            <details class="card">
              <summary>Edit</summary>
              <form method="post" action={`/terms/${entry.id}/edit`} class="stack" id="edit">
                <Csrf session={session} />
                <input type="hidden" name="tgtLang" value={main?.lang ?? tgtLang} />
                <label for="e-translation">
                  Translation
                  <input id="e-translation" name="translation" value={main?.text ?? ''} lang={main?.lang ?? tgtLang} required />
                </label>
                <label for="e-synonyms">
                  Synonyms (one per line)
                  <textarea id="e-synonyms" name="synonyms" lang={main?.lang ?? tgtLang}>
                    {targets.slice(1).map((t) => t.text).join('\n')}
                  </textarea>
                </label>
                <label for="e-note">
                  Note
                  <input id="e-note" name="note" value={entry.note ?? ''} />
                </label>
                <label for="e-pos">
                  Part of speech
                  <input id="e-pos" name="partOfSpeech" value={head.partOfSpeech ?? ''} list="pos-list" />
                  <datalist id="pos-list">
                    <option value="noun" />
                    <option value="verb" />
                    <option value="adjective" />
                    <option value="adverb" />
                    <option value="properNoun" />
                  </datalist>
                </label>
                <div>
                  <button type="submit" class="primary">
                    Save
                  </button>
                </div>
              </form>
            </details>
            <details id="delete">
              <summary>Delete this concept…</summary>
              <form method="post" action={`/terms/${entry.id}/delete`} class="actions">
                <Csrf session={session} />
                <label>
                  <input type="checkbox" name="confirm" value="yes" required />
                  Yes, delete <span lang={head.lang}>{head.text}</span> and its {entry.terms.length} terms; this cannot be undone
                </label>
                <button type="submit" class="danger">
                  Delete this concept
                </button>
              </form>
            </details>
          </>
        ) : (
          <p class="notice">
            <a href={`/login?next=${encodeURIComponent(`/terms/${entry.id}`)}`}>Sign in</a> to approve, forbid or edit this term.
          </p>
        )}
      </section>
      <section aria-labelledby="evidence-h">
        <h2 id="evidence-h">{fromConcordance ? 'In the translation memory' : 'Evidence'}</h2>
        {evidence.length === 0 ? <p>No unit of the translation memory holds this term.</p> : <Concordance units={evidence} entry={entry} />}
      </section>
      <section aria-labelledby="renderings-h">
        <h2 id="renderings-h">How the translation memory renders “{head.text}”</h2>
        {renderings.units === 0 ? (
          <p>No unit of the translation memory holds the term.</p>
        ) : (
          <>
            <p>
              {renderings.units} unit{renderings.units === 1 ? '' : 's'} of the translation memory hold{renderings.units === 1 ? 's' : ''} the term.
            </p>
            <ul id="renderings">
              {renderings.renderings.map((r) => (
                <li>
                  <span lang={r.lang} class={`status-${r.status}`}>
                    {r.text}
                  </span>{' '}
                  <StatusBadge status={r.status} />: {r.units} unit{r.units === 1 ? '' : 's'}
                  {r.conceptId !== entry.id && (
                    <>
                      {' '}
                      (<a href={`/terms/${r.conceptId}`}>concept {r.conceptId}</a>)
                    </>
                  )}
                  {r.examples.length > 0 && <Examples units={r.examples} needles={[head.text, r.text]} />}
                </li>
              ))}
              {renderings.other > 0 && (
                <li>
                  none of these: {renderings.other} unit{renderings.other === 1 ? '' : 's'}
                  <Examples units={renderings.otherExamples} needles={[head.text]} />
                </li>
              )}
            </ul>
          </>
        )}
      </section>
    </Layout>
  );
};

const Examples: FC<{ units: Unit[]; needles: string[] }> = ({ units, needles }) => (
  <ul class="muted">
    {units.map((u) => (
      <li>
        <span lang={u.srcLang}>
          <Marked text={u.source} needles={needles} />
        </span>{' '}
        ‖{' '}
        <span lang={u.tgtLang}>
          <Marked text={u.target} needles={needles} />
        </span>
      </li>
    ))}
  </ul>
);

function conceptId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new NotFound(`no term entry with id ${raw}`);
  return Number(raw);
}

/** The term the page is about: the first term in the language most concepts start with, else the first. */
function headTerm(entry: TermEntry): Term {
  const t = entry.terms[0];
  if (!t) throw new NotFound(`term entry ${entry.id} has no terms`);
  return t;
}

const DONE: Record<string, string> = { approved: 'Approved.', forbidden: 'Forbidden.', candidate: 'Back to candidate.', saved: 'Saved.' };

/** The lines of a text area, trimmed, without empty or repeated ones. */
function lines(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\r\n;]+/).map((s) => s.trim()).filter((s) => s.length > 0))];
}

export function termRoutes(app: Hono<WebEnv>, deps: WebDeps, formLimit: MiddlewareHandler): void {
  const { db } = deps;
  app.get('/terms/:id', async (c) => {
    const entry = await getEntry(db, conceptId(c.req.param('id')));
    const head = headTerm(entry);
    let evidence: Unit[] = (await getTUs(db, (entry.evidence ?? []).slice(0, 20))).map((u) => ({ id: u.id, source: u.source, target: u.target, srcLang: u.srcLang, tgtLang: u.tgtLang }));
    const fromConcordance = evidence.length === 0;
    if (fromConcordance) evidence = await concordance(db, head.text, 10);
    const renderings = await renderingsOf(db, await deps.lookup.current(), head, entry.id!);
    const [pair] = await languagePairs(db);
    const done = DONE[c.req.query('done') ?? ''];
    return html(c, <TermPage entry={entry} head={head} evidence={evidence} fromConcordance={fromConcordance} renderings={renderings} session={c.var.session} signInRequired={deps.sessions.signInRequired} tgtLang={pair?.tgtLang ?? 'en'} done={done} />);
  });

  app.post('/terms/:id/status', formLimit, async (c: WebContext) => {
    const id = conceptId(c.req.param('id')!);
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'));
    const status = field(form, 'status') as TermStatus | undefined;
    if (!status || !TERM_STATUSES.includes(status)) throw new BadInput(`status must be one of ${TERM_STATUSES.join(', ')}`);
    await db.write(async (tx) => {
      const current = await getEntry(db, id);
      await updateEntry(tx, id, { terms: current.terms.map(({ id: _id, ...t }) => ({ ...t, status })) });
    });
    return c.redirect(`/terms/${id}?done=${status}`, 303);
  });

  app.post('/terms/:id/edit', formLimit, async (c: WebContext) => {
    const id = conceptId(c.req.param('id')!);
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'));
    const translation = (field(form, 'translation') ?? '').trim();
    if (!translation) throw new BadInput('the translation is empty');
    const synonyms = lines(field(form, 'synonyms')).filter((s) => s !== translation);
    const note = (field(form, 'note') ?? '').trim();
    const pos = (field(form, 'partOfSpeech') ?? '').trim();
    const rawLang = field(form, 'tgtLang') ?? '';
    if (!/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/.test(rawLang)) throw new BadInput('tgtLang: a language tag such as en-US');
    const tgtLang = canonicalLang(rawLang);
    await db.write(async (tx) => {
      const current = await getEntry(db, id);
      const head = headTerm(current);
      const sources = current.terms.filter((t) => primaryLanguage(t.lang) === primaryLanguage(head.lang));
      const oldTargets = current.terms.filter((t) => primaryLanguage(t.lang) !== primaryLanguage(head.lang));
      const statusOf = (text: string, fallback: TermStatus): TermStatus => oldTargets.find((t) => t.text === text)?.status ?? fallback;
      const mainStatus = oldTargets[0]?.status ?? head.status;
      const withPos = (t: Term): Term => {
        const { id: _id, partOfSpeech: _pos, ...rest } = t;
        return pos ? { ...rest, partOfSpeech: pos } : rest;
      };
      const terms: Term[] = [
        ...sources.map(withPos),
        withPos({ lang: oldTargets[0]?.lang ?? tgtLang, text: translation, status: statusOf(translation, mainStatus) }),
        ...synonyms.map((s) => withPos({ lang: oldTargets.find((t) => t.text === s)?.lang ?? oldTargets[0]?.lang ?? tgtLang, text: s, status: statusOf(s, 'candidate') })),
      ];
      await updateEntry(tx, id, { terms, note });
    });
    return c.redirect(`/terms/${id}?done=saved`, 303);
  });

  app.post('/terms/:id/delete', formLimit, async (c: WebContext) => {
    const id = conceptId(c.req.param('id')!);
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'));
    // The page asks first (a box to tick); a request without it deletes nothing.
    if (field(form, 'confirm') !== 'yes') throw new BadInput('confirm: tick the box to delete the concept; nothing was deleted');
    await db.write((tx) => deleteEntry(tx, id));
    return c.redirect(`/glossary?deleted=${id}`, 303);
  });
}
