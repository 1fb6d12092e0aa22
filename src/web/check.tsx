/**
 * /check: a translation checked against the glossary and the TM, from an uploaded bilingual
 * file (XLIFF, TMX, PO, CSV/TSV...) or pasted pairs. POST /check runs the check
 * (src/check/run.ts) and keeps the report for this session a while; its page lists each issue
 * (rule, severity, message, expected term, source and target with the spans marked), filters
 * by rule with plain links, and offers the report as JSON and CSV.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { bodyLimit } from 'hono/body-limit';
import { stringify } from 'csv-stringify/sync';
import { checkAgainstStore, readUnitsToCheck, type UnitsToCheck } from '../check/run.js';
import { reportJson } from '../check/report.js';
import type { CheckReport } from '../check/index.js';
import { formatByName, formatFor } from '../formats/index.js';
import { languagePairs } from '../store/tus.js';
import { BadInput, NotFound, TooLarge } from '../errors.js';
import type { CheckIssue } from '../model.js';
import { Csrf, Layout, Spans } from './layout.js';
import type { Session, WebEnv } from './session.js';
import { field, guardWrite, html, type WebContext, type WebDeps } from './context.js';

interface StoredReport {
  id: string;
  sessionId: string;
  file: string;
  job: UnitsToCheck;
  report: CheckReport;
}

/** The last reports, per server (each visible to the session that made it only). */
const MAX_REPORTS = 50;
const LANG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

const CheckForm: FC<{ session: Session; signInRequired: boolean; srcLang: string; tgtLang: string }> = ({ session, signInRequired, srcLang, tgtLang }) => (
  <Layout title="Check" session={session} path="/check" signInRequired={signInRequired}>
    <h1>Check a translation</h1>
    <p>Upload a bilingual file (XLIFF, TMX, PO, CSV or TSV), or paste pairs, to check the translation against the glossary and the translation memory.</p>
    <form method="post" action="/check" enctype="multipart/form-data" class="stack" id="check-form">
      <Csrf session={session} />
      <label for="c-file">
        File to check
        <input id="c-file" type="file" name="file" accept=".xlf,.xliff,.sdlxliff,.tmx,.po,.csv,.tsv,.txt" />
      </label>
      <label for="c-pairs">
        Or paste pairs: one per line, source and target split by a tab
        <textarea id="c-pairs" name="pairs"></textarea>
      </label>
      <div class="actions">
        <label for="c-src">
          Source language (pasted pairs)
          <input id="c-src" name="src" value={srcLang} size={8} />
        </label>
        <label for="c-tgt">
          Target language (pasted pairs)
          <input id="c-tgt" name="tgt" value={tgtLang} size={8} />
        </label>
      </div>
      <div>
        <button type="submit" class="primary">
          Check
        </button>
      </div>
    </form>
  </Layout>
);

const SIDE_LABEL = { source: 'Source', target: 'Target' } as const;

const ReportPage: FC<{ stored: StoredReport; rule: string | undefined; session: Session; signInRequired: boolean }> = ({ stored, rule, session, signInRequired }) => {
  const { report, job } = stored;
  const units = new Map(job.units.map((u) => [u.id, u]));
  const shown = rule ? report.issues.filter((i) => i.rule === rule) : report.issues;
  const s = report.summary;
  const base = `/check/reports/${stored.id}`;
  return (
    <Layout title="Check report" session={session} path="/check" signInRequired={signInRequired}>
      <h1>Check report</h1>
      <p id="summary" role="status">
        {stored.file}: {s.units} units checked ({s.srcLang} → {s.tgtLang}, {s.glossaryTerms} glossary terms): {s.errors} errors, {s.warnings} warnings.
      </p>
      <p class="actions">
        <a href={`${base}/report.json`} download="check-report.json">
          Download JSON
        </a>
        <a href={`${base}/report.csv`} download="check-report.csv">
          Download CSV
        </a>
        <a href="/check">Check another</a>
      </p>
      {report.issues.length > 0 && (
        <nav aria-label="Filter by rule" class="actions" id="rules">
          <a href={base} aria-current={rule ? undefined : 'page'}>
            all ({report.issues.length})
          </a>
          {Object.entries(s.byRule).map(([r, n]) => (
            <a href={`${base}?rule=${encodeURIComponent(r)}`} aria-current={rule === r ? 'page' : undefined}>
              {r} ({n})
            </a>
          ))}
        </nav>
      )}
      {shown.length === 0 ? (
        <p>{report.issues.length === 0 ? 'No issue found.' : 'No issue of this rule.'}</p>
      ) : (
        <div class="scroll">
          <table id="issues">
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">Message</th>
                <th scope="col">Expected</th>
                <th scope="col">Source and target</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => {
                const u = units.get(i.unitId);
                return (
                  <tr data-rule={i.rule}>
                    <td>{i.unitId}</td>
                    <td>
                      <code>{i.rule}</code>
                    </td>
                    <td class={`severity-${i.severity}`}>{i.severity}</td>
                    <td>{i.message}</td>
                    <td lang={job.tgtLang}>{i.term?.expected.join(', ') ?? ''}</td>
                    <td>
                      {u &&
                        (['source', 'target'] as const).map((side) => (
                          <div>
                            <span class="muted">{SIDE_LABEL[side]}: </span>
                            <span lang={side === 'source' ? job.srcLang : job.tgtLang}>
                              <Spans text={u[side]} spans={spansOf(i, side)} />
                            </span>
                          </div>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
};

function spansOf(issue: CheckIssue, side: 'source' | 'target'): [number, number][] {
  const span = side === 'source' ? issue.sourceSpan : issue.targetSpan;
  return span ? [span] : [];
}

/** The report as CSV: one row per issue, with both sides and the spans. */
export function reportCsv(stored: Pick<StoredReport, 'job' | 'report'>): string {
  const units = new Map(stored.job.units.map((u) => [u.id, u]));
  const rows = stored.report.issues.map((i) => {
    const u = units.get(i.unitId);
    return [i.unitId, i.rule, i.severity, i.message, i.term?.source ?? '', i.term?.expected.join(' | ') ?? '', i.found ?? '', u?.source ?? '', u?.target ?? '', i.sourceSpan?.join('-') ?? '', i.targetSpan?.join('-') ?? ''];
  });
  return stringify([['unit', 'rule', 'severity', 'message', 'term', 'expected', 'found', 'source', 'target', 'source_span', 'target_span'], ...rows]);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export function checkRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const reports = new Map<string, StoredReport>();
  const limit = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    onError: () => {
      throw new TooLarge(`the upload is larger than ${deps.config.maxBodyBytes} bytes (GLOSSA_MAX_BODY)`);
    },
  });
  const find = (c: WebContext): StoredReport => {
    const stored = reports.get(c.req.param('id') ?? '');
    if (!stored || stored.sessionId !== c.var.session.id) throw new NotFound('no such report in this session (reports are kept for the last checks only)');
    return stored;
  };

  app.get('/check', async (c) => {
    const [pair] = await languagePairs(deps.db);
    return html(c, <CheckForm session={c.var.session} signInRequired={deps.sessions.signInRequired} srcLang={pair?.srcLang ?? 'zh-TW'} tgtLang={pair?.tgtLang ?? 'en-US'} />);
  });

  app.post('/check', limit, async (c: WebContext) => {
    const form = await c.req.parseBody();
    guardWrite(c, field(form, '_csrf'), { writer: false });
    const upload = form.file;
    const pasted = field(form, 'pairs')?.trim() ?? '';
    let job: UnitsToCheck;
    let file: string;
    if (upload instanceof File && upload.size > 0) {
      file = upload.name || 'upload';
      const bytes = new Uint8Array(await upload.arrayBuffer());
      job = await readUnitsToCheck(once(bytes), formatFor(bytes, file), file);
    } else if (pasted) {
      file = 'pasted pairs';
      const src = (field(form, 'src') ?? '').trim();
      const tgt = (field(form, 'tgt') ?? '').trim();
      if (!LANG.test(src) || !LANG.test(tgt)) throw new BadInput('give the source and target languages of the pasted pairs as tags such as zh-TW and en-US');
      const text = `source\ttarget\n${pasted.replace(/\r\n?/g, '\n')}\n`;
      const read = await readUnitsToCheck(once(new TextEncoder().encode(text)), formatByName('tsv'), file, { srcLang: src, tgtLang: tgt });
      // Numbered as pasted (the reader counts the header line it was given).
      job = { ...read, units: read.units.map((u, i) => ({ ...u, id: String(i + 1) })) };
    } else {
      throw new BadInput('choose a file to check or paste pairs');
    }
    const report = await checkAgainstStore(deps.db, job);
    const id = randomBytes(12).toString('base64url');
    if (reports.size >= MAX_REPORTS) reports.delete(reports.keys().next().value!);
    reports.set(id, { id, sessionId: c.var.session.id, file, job, report });
    return c.redirect(`/check/reports/${id}`, 303);
  });

  app.get('/check/reports/:id', (c) => {
    const stored = find(c);
    const rule = c.req.query('rule') || undefined;
    return html(c, <ReportPage stored={stored} rule={rule} session={c.var.session} signInRequired={deps.sessions.signInRequired} />);
  });
  app.get('/check/reports/:id/report.json', (c) => {
    const stored = find(c);
    c.header('Content-Disposition', 'attachment; filename="check-report.json"');
    return c.json(reportJson(stored.report));
  });
  app.get('/check/reports/:id/report.csv', (c) => {
    const stored = find(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="check-report.csv"');
    return c.body(reportCsv(stored));
  });
}
