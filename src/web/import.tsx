/**
 * /import: upload a TMX, XLIFF, TBX, CSV/TSV, PO or text file and see the import's report
 * (units added, duplicates, entries, every skipped unit and why: src/ingest.ts), with export
 * links for every format that writes. Without JavaScript the form posts the file and the report
 * follows; with it (/assets/import.js) the file is sent as the request body of POST
 * /import/upload?job=ID, which the server reads as a stream into the import, recording the
 * bytes and units read under the job, and the page polls GET /import/jobs/ID/progress to move a
 * progress bar until the report is ready at /import/jobs/ID.
 */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { bodyLimit } from 'hono/body-limit';
import { ingest, serverImportOptions, type IngestSummary } from '../ingest.js';
import { formatByName, formatForFile, knownFormats, type FormatModule } from '../formats/index.js';
import { BadInput, NotFound, TooLarge, isGlossaError } from '../errors.js';
import { Csrf, Layout } from './layout.js';
import type { Session, WebEnv } from './session.js';
import { field, guardWrite, html, type WebContext, type WebDeps } from './context.js';
import { isGlossaryErrorStatus } from './errors.js';

export interface ImportJob {
  id: string;
  sessionId: string;
  file: string;
  format: string;
  state: 'reading' | 'done' | 'failed';
  bytesRead: number;
  /** The body's declared length (0 when unknown). */
  totalBytes: number;
  units: number;
  summary?: IngestSummary;
  error?: string;
  startedAt: number;
  finishedAt?: number;
}

const MAX_JOBS = 50;
const JOB_ID = /^[A-Za-z0-9_-]{8,64}$/;

const FORMAT_LABELS: Record<string, string> = {
  tmx: 'TMX',
  xliff12: 'XLIFF 1.2',
  xliff20: 'XLIFF 2.0',
  tbx: 'TBX (2008)',
  tbx3: 'TBX v3',
  csv: 'CSV',
  tsv: 'TSV',
  po: 'PO',
  txt: 'plain text',
};
const label = (f: FormatModule): string => FORMAT_LABELS[f.name] ?? f.name;

const importable = (): FormatModule[] => knownFormats().filter((f) => f.readUnits || f.readDocument || f.readEntries);
const exportable = (): FormatModule[] => knownFormats().filter((f) => f.writeUnits || f.writeEntries);

const ImportPage: FC<{ session: Session; signInRequired: boolean }> = ({ session, signInRequired }) => (
  <Layout title="Import and export" session={session} path="/import" signInRequired={signInRequired} scripts={session.writer ? ['/assets/import.js'] : []}>
    <h1>Import and export</h1>
    <section aria-labelledby="import-h">
      <h2 id="import-h">Import a file</h2>
      {session.writer ? (
        <form method="post" action="/import" enctype="multipart/form-data" class="stack" id="import-form">
          <Csrf session={session} />
          <label for="i-file">
            File to import
            <input id="i-file" type="file" name="file" required accept={importable().flatMap((f) => f.extensions).join(',')} />
          </label>
          <label for="i-format">
            Format
            <select id="i-format" name="format">
              <option value="auto">from the file name</option>
              {importable().map((f) => (
                <option value={f.name}>{label(f)}</option>
              ))}
            </select>
          </label>
          <label for="i-extract" style="flex-direction:row;gap:.5rem;align-items:center">
            <input id="i-extract" type="checkbox" name="extract" value="1" checked />
            Extract terms from the new units afterwards
          </label>
          <div>
            <button type="submit" class="primary">
              Import
            </button>
          </div>
          <progress id="import-progress" max="1" value="0" hidden aria-label="Import progress"></progress>
          <p id="import-status" role="status" aria-live="polite"></p>
        </form>
      ) : (
        <p class="notice">
          <a href="/login?next=%2Fimport">Sign in</a> to import files.
        </p>
      )}
    </section>
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <ul id="exports">
        {exportable().map((f) => (
          <li>
            <a href={`/api/export/${f.name}`} download>
              {label(f)}
            </a>{' '}
            <span class="muted">{f.writeUnits ? 'the translation memory' : 'the glossary (forbidden terms left out)'}</span>
          </li>
        ))}
      </ul>
    </section>
  </Layout>
);

const ReportPage: FC<{ job: ImportJob; session: Session; signInRequired: boolean }> = ({ job, session, signInRequired }) => {
  const s = job.summary;
  return (
    <Layout title="Import report" session={session} path="/import" signInRequired={signInRequired}>
      <h1>Import report</h1>
      {job.state === 'reading' && (
        <p role="status">
          Still reading {job.file}: {job.units.toLocaleString('en-US')} units so far. Reload this page to see the report.
        </p>
      )}
      {job.state === 'failed' && (
        <p class="error" role="alert">
          {job.file} was not imported, and the database is as it was: {job.error}
        </p>
      )}
      {s && (
        <>
          <dl id="import-report" class="card">
            <dt>File</dt>
            <dd>
              {s.file} ({s.format})
            </dd>
            <dt>Units added</dt>
            <dd id="added">{s.units.added.toLocaleString('en-US')}</dd>
            <dt>Duplicates skipped</dt>
            <dd id="duplicates">{s.units.duplicates.toLocaleString('en-US')}</dd>
            <dt>Glossary entries added</dt>
            <dd id="entries">{s.entries.added.toLocaleString('en-US')}</dd>
            {s.extraction && (
              <>
                <dt>Term extraction</dt>
                <dd>{extractionLine(s)}</dd>
              </>
            )}
            <dt>Skipped or repaired</dt>
            <dd id="warning-count">{s.warningCount.toLocaleString('en-US')}</dd>
          </dl>
          {s.warnings.length > 0 && (
            <section aria-labelledby="warnings-h">
              <h2 id="warnings-h">What was skipped, and why</h2>
              <ol id="warnings">
                {s.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ol>
              {s.warningCount > s.warnings.length && <p>… and {(s.warningCount - s.warnings.length).toLocaleString('en-US')} more.</p>}
            </section>
          )}
        </>
      )}
      <p class="actions">
        <a href="/import">Import another file</a>
        <a href="/glossary">Review the glossary</a>
      </p>
    </Layout>
  );
};

function extractionLine(s: IngestSummary): string {
  const e = s.extraction as unknown as Record<string, unknown>;
  const parts = Object.entries(e)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.join(', ');
}

function formatOf(name: string | undefined, file: string): FormatModule {
  if (!name || name === 'auto') return formatForFile(file);
  return formatByName(name);
}

/** The file name a browser sent, without any folder. */
function baseName(name: string | undefined): string {
  const n = (name ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  if (n.length === 0) throw new BadInput('the upload has no file name');
  if (n.length > 255) throw new BadInput('the file name is longer than 255 characters');
  return n;
}

export function importRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const jobs = new Map<string, ImportJob>();
  const max = deps.config.maxBodyBytes;
  const addJob = (job: ImportJob): void => {
    if (jobs.has(job.id)) throw new BadInput(`import job ${job.id} exists already`);
    if (jobs.size >= MAX_JOBS) {
      for (const [id, j] of jobs) {
        if (j.state !== 'reading') {
          jobs.delete(id);
          break;
        }
      }
    }
    jobs.set(job.id, job);
  };
  const find = (c: WebContext): ImportJob => {
    const job = jobs.get(c.req.param('id') ?? '');
    if (!job || job.sessionId !== c.var.session.id) throw new NotFound('no such import in this session');
    return job;
  };
  const run = async (job: ImportJob, body: AsyncIterable<Uint8Array>, format: FormatModule, extract: boolean, size: number): Promise<IngestSummary> => {
    try {
      // As through the API: a file of 64 KB or more is read and stored off the serving thread.
      const summary = await ingest(deps.db, body, {
        file: job.file,
        format,
        extract,
        extractMaxUnits: deps.config.extractMaxUnits,
        ...serverImportOptions(size, deps.config.busyTimeoutMs),
        onProgress: (n) => {
          job.units = n;
        },
      });
      job.summary = summary;
      // A file stored as a glossary counts its sentence rows only; the summary has every unit.
      job.units = Math.max(job.units, summary.units.added + summary.units.duplicates);
      job.state = 'done';
      return summary;
    } catch (e) {
      job.state = 'failed';
      job.error = isGlossaError(e) ? e.message : 'internal error (logged)';
      throw e;
    } finally {
      job.finishedAt = Date.now();
    }
  };

  app.get('/import', (c) => html(c, <ImportPage session={c.var.session} signInRequired={deps.sessions.signInRequired} />));

  // Without JavaScript: a multipart form, read whole (GLOSSA_MAX_BODY), then the report.
  app.post(
    '/import',
    bodyLimit({
      maxSize: max,
      onError: () => {
        throw new TooLarge(`the upload is larger than ${max} bytes (GLOSSA_MAX_BODY)`);
      },
    }),
    async (c: WebContext) => {
      const form = await c.req.parseBody();
      guardWrite(c, field(form, '_csrf'));
      const upload = form.file;
      if (!(upload instanceof File) || upload.size === 0) throw new BadInput('choose a file to import');
      const file = baseName(upload.name);
      const format = formatOf(field(form, 'format'), file);
      const job: ImportJob = { id: crypto.randomUUID(), sessionId: c.var.session.id, file, format: format.name, state: 'reading', bytesRead: 0, totalBytes: upload.size, units: 0, startedAt: Date.now() };
      addJob(job);
      await run(job, upload.stream() as unknown as AsyncIterable<Uint8Array>, format, field(form, 'extract') === '1', upload.size).catch(() => undefined);
      job.bytesRead = upload.size;
      return html(c, <ReportPage job={job} session={c.var.session} signInRequired={deps.sessions.signInRequired} />, job.state === 'failed' ? 400 : 201);
    },
  );

  // With JavaScript: the file as the body, read as a stream while the page polls the job.
  app.post('/import/upload', async (c: WebContext) => {
    try {
      guardWrite(c, c.req.header('x-csrf-token'));
      const id = c.req.query('job') ?? '';
      if (!JOB_ID.test(id)) throw new BadInput('job: 8 to 64 letters, digits, _ or -');
      const file = baseName(c.req.query('file'));
      const format = formatOf(c.req.query('format'), file);
      const extract = c.req.query('extract') !== '0';
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > max) throw new TooLarge(`request body of ${declared} bytes is larger than ${max} (GLOSSA_MAX_BODY)`);
      const raw = c.req.raw.body;
      if (!raw || declared === 0) throw new BadInput('is empty', { file });
      const job: ImportJob = { id, sessionId: c.var.session.id, file, format: format.name, state: 'reading', bytesRead: 0, totalBytes: declared, units: 0, startedAt: Date.now() };
      addJob(job);
      const counted = raw.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            job.bytesRead += chunk.byteLength;
            if (job.bytesRead > max) controller.error(new TooLarge(`request body larger than ${max} bytes (GLOSSA_MAX_BODY)`));
            else controller.enqueue(chunk);
          },
        }),
      );
      const summary = await run(job, counted as unknown as AsyncIterable<Uint8Array>, format, extract, declared);
      return c.json({ job: id, report: `/import/jobs/${id}`, summary }, 201);
    } catch (e) {
      const status = e instanceof Error && 'status' in e && typeof e.status === 'number' ? (e.status as 401 | 403) : (isGlossaryErrorStatus(e) ?? 500);
      if (status === 500) console.error(e);
      const message = status === 500 ? 'internal error (logged)' : (e as Error).message;
      return c.json({ error: { code: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : isGlossaError(e) ? e.code : 'internal', message } }, status);
    }
  });

  app.get('/import/jobs/:id/progress', (c) => {
    const job = find(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ state: job.state, file: job.file, bytesRead: job.bytesRead, totalBytes: job.totalBytes, units: job.units, ...(job.error ? { error: job.error } : {}) });
  });
  app.get('/import/jobs/:id', (c) => html(c, <ReportPage job={find(c)} session={c.var.session} signInRequired={deps.sessions.signInRequired} />));
}

/** Progressive enhancement of the import form: upload as a stream, poll the job, move the bar. */
export const IMPORT_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('import-form');
  if (!form || !window.fetch || !window.XMLHttpRequest) return;
  var bar = document.getElementById('import-progress');
  var status = document.getElementById('import-status');
  function size(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : n >= 1024 ? (n / 1024).toFixed(0) + ' KB' : n + ' bytes'; }
  form.addEventListener('submit', function (ev) {
    var input = form.querySelector('input[type=file]');
    var file = input.files && input.files[0];
    if (!file) return;
    ev.preventDefault();
    var id = (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2)).replace(/[^A-Za-z0-9_-]/g, '');
    var params = new URLSearchParams({ job: id, file: file.name, format: form.elements.format.value, extract: form.elements.extract.checked ? '1' : '0' });
    var done = false;
    bar.hidden = false;
    bar.max = file.size || 1;
    bar.value = 0;
    status.textContent = 'Sending ' + file.name + '…';
    form.querySelector('button[type=submit]').disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/import/upload?' + params.toString());
    xhr.setRequestHeader('X-CSRF-Token', form.elements._csrf.value);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    function poll() {
      if (done) return;
      fetch('/import/jobs/' + id + '/progress', { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (p && !done) {
            bar.value = p.bytesRead;
            status.textContent = 'Read ' + size(p.bytesRead) + ' of ' + size(p.totalBytes || file.size) + ': ' + p.units.toLocaleString() + ' units';
          }
          setTimeout(poll, 250);
        }, function () { setTimeout(poll, 500); });
    }
    xhr.onload = function () {
      done = true;
      if (xhr.status === 201) {
        bar.value = bar.max;
        status.textContent = 'Imported. Opening the report…';
        location.assign('/import/jobs/' + id);
        return;
      }
      var message = xhr.statusText;
      try { message = JSON.parse(xhr.responseText).error.message; } catch (e) { /* not JSON */ }
      status.textContent = 'Not imported: ' + message;
      bar.hidden = true;
      form.querySelector('button[type=submit]').disabled = false;
    };
    xhr.onerror = function () {
      done = true;
      status.textContent = 'The upload was cut off; nothing was imported.';
      form.querySelector('button[type=submit]').disabled = false;
    };
    xhr.send(file);
    setTimeout(poll, 150);
  });
})();
`;
