/**
 * The workspace's flows in Debian's chromium over the bench's 100,000-concept glossary (run by
 * `npm run bench:web` after the timings; `--no-browser` leaves it out): browse, filter by text
 * and status, sort, page, open a term, sign in, approve, forbid (the API agrees and a check of
 * pasted pairs reports the forbidden term), import a TMX and read the report; a forged write
 * (no session, wrong CSRF token, wrong token at sign-in) refused; axe-core on each page. Each
 * step throws when the page does not show what it should, and its time in the browser (request
 * to page loaded) is printed.
 */
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/store/db.js';
import { getEntry } from '../src/store/terms.js';
import { launchChromium, seriousViolations, serveApp } from '../test/helpers/browser.js';

const TOKEN = 'bench token';

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`browser flow at scale: ${what}`);
}

export interface BrowserStep {
  step: string;
  ms: number;
}

/** The flows; `sample` is a concept the bench stored (id, its Chinese and English terms). */
export async function browserFlows(db: Db, n: number, sample: { id: number; zh: string; en: string }, other: { id: number; zh: string; en: string }): Promise<BrowserStep[]> {
  const served = await serveApp(createApp({ db, config: loadConfig({ GLOSSA_TOKEN: TOKEN }) }).fetch);
  const url = (p: string): string => served.base + p;
  let browser: Browser | undefined;
  const steps: BrowserStep[] = [];
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await run();
    steps.push({ step, ms: performance.now() - t });
    return out;
  };
  const axe = async (page: Page, name: string): Promise<void> => {
    const v = await seriousViolations(page);
    must(v.length === 0, `axe on ${name}: ${JSON.stringify(v)}`);
  };
  const apiStatus = async (q: string): Promise<string | undefined> => {
    const body = (await (await fetch(url(`/api/terms?q=${encodeURIComponent(q)}`))).json()) as { terms: { source: string; status: string }[] };
    return body.terms.find((t) => t.source === q)?.status;
  };
  /**
   * The API's answer once it agrees, polled: while the term index's first load of a large
   * glossary goes on in slices, look-ups answer from the part loaded so far (src/match/terms.ts).
   */
  const apiAgrees = async (q: string, status: string, step: string): Promise<void> => {
    const t = performance.now();
    while ((await apiStatus(q)) !== status) {
      must(performance.now() - t < 600_000, `the API says ${q} is ${status} within 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    steps.push({ step, ms: performance.now() - t });
  };
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();

    await timed('glossary, first page', () => page.goto(url('/glossary')));
    must((await page.locator('#glossary tbody tr').count()) === 50, 'the first page has 50 rows');
    must((await page.locator('#count').innerText()).includes(`of ${n.toLocaleString('en-US')}`), 'the count names every concept');
    await axe(page, 'glossary');

    const word = sample.en.split(' ')[0]!;
    await page.fill('#f-q', word.toUpperCase());
    await timed('glossary, text filter (upper case)', () => Promise.all([page.waitForURL(/q=/), page.click('button:text("Filter")')]));
    const hits = await page.locator('#glossary tbody td:nth-child(2)').allInnerTexts();
    must(hits.length > 0 && hits.every((t) => t.toLowerCase().includes(word)), `every row of the text filter holds "${word}"`);

    await page.goto(url('/glossary'));
    await page.selectOption('#f-status', 'forbidden');
    await timed('glossary, status filter', () => Promise.all([page.waitForURL(/status=forbidden/), page.click('button:text("Filter")')]));
    const badges = await page.locator('#glossary tbody tr td:nth-child(3)').allInnerTexts();
    must(badges.length === 50 && badges.every((b) => b.includes('forbidden')), 'the status filter shows forbidden concepts only');

    await page.selectOption('#f-status', '');
    await page.selectOption('#f-sort', 'text');
    await page.selectOption('#f-lang', 'en');
    await timed('glossary, sorted by English text', () => Promise.all([page.waitForURL(/sort=text/), page.click('button:text("Filter")')]));
    const sorted = (await page.locator('#glossary tbody td.term').allInnerTexts()).map((t) => t.toLowerCase());
    must(sorted.length === 50 && sorted.every((t, i) => i === 0 || sorted[i - 1]! <= t), 'the text sort is in order');
    await timed('glossary, a deep page', () => page.goto(url(`/glossary?page=${Math.floor(n / 100)}`)));
    must((await page.locator('#glossary tbody tr').count()) === 50, 'a deep page has 50 rows');

    await page.goto(url(`/glossary?q=${encodeURIComponent(sample.zh)}`));
    await timed('term page from the glossary', () => Promise.all([page.waitForURL(new RegExp(`/terms/${sample.id}$`)), page.click(`#glossary a[href="/terms/${sample.id}"]`)]));
    must((await page.locator('h1').innerText()).includes(sample.zh), 'the term page is the concept’s');
    must((await page.locator('button:text("Approve")').count()) === 0, 'no review controls without a session');
    await axe(page, 'term page');

    // Forged writes: none changes anything.
    // The store itself is asked: the API's index may still be loading.
    const statuses = async (): Promise<string> => (await getEntry(db, sample.id)).terms.map((t) => t.status).join();
    const before = await statuses();
    const noSession = await fetch(url(`/terms/${sample.id}/status`), { method: 'POST', body: new URLSearchParams({ status: 'approved', _csrf: 'made-up' }), redirect: 'manual' });
    must(noSession.status === 401, `a POST without a session is refused (${noSession.status})`);
    await page.goto(url('/login'));
    await page.fill('input[name=token]', 'not the token');
    await page.click('button:text("Sign in")');
    await page.locator('[role=alert]').waitFor();
    await axe(page, 'sign-in');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const wrongToken = await page.request.post(url(`/terms/${sample.id}/status`), { form: { status: 'approved', _csrf: csrf }, maxRedirects: 0 });
    must(wrongToken.status() === 401, `a session with a wrong token cannot write (${wrongToken.status()})`);

    await page.fill('input[name=token]', TOKEN);
    await timed('sign in', () => Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button:text("Sign in")')]));
    const wrongCsrf = await page.request.post(url(`/terms/${sample.id}/status`), { form: { status: 'approved', _csrf: 'x'.repeat(24) }, maxRedirects: 0 });
    must(wrongCsrf.status() === 403, `a wrong CSRF token is refused when signed in (${wrongCsrf.status()})`);
    must((await statuses()) === before, 'the forged writes changed nothing');

    await page.goto(url(`/terms/${sample.id}`));
    await axe(page, 'term page, signed in');
    await timed('approve', () => Promise.all([page.waitForURL(/done=approved/), page.click('button:text("Approve")')]));
    await apiAgrees(sample.en, 'approved', 'then the API agrees: approved');

    await page.goto(url(`/terms/${other.id}`));
    await timed('forbid', () => Promise.all([page.waitForURL(/done=forbidden/), page.click('button:text("Forbid")')]));
    await apiAgrees(other.en, 'forbidden', 'then the API agrees: forbidden');

    await page.goto(url('/check'));
    await axe(page, 'check');
    await page.fill('#c-pairs', `${other.zh}。\t${other.en}.`);
    await page.fill('#c-src', 'zh-TW');
    await page.fill('#c-tgt', 'en-US');
    // A check reads the whole glossary from the store (src/check/run.ts): at this size it takes far longer than a page.
    await timed('check pasted pairs', () => Promise.all([page.waitForURL(/\/check\/reports\//, { timeout: 600_000 }), page.click('button:text("Check")', { noWaitAfter: true })]));
    must((await page.locator('#issues tr[data-rule="term-forbidden"]').count()) === 1, 'the check reports the forbidden term');
    await axe(page, 'check report');

    await page.goto(url('/import'));
    await axe(page, 'import');
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-TW" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="bench" creationtool="bench" creationtoolversion="1"/><body>\n${Array.from({ length: 1000 }, (_, i) => `<tu><tuv xml:lang="zh-TW"><seg>第${i}句。</seg></tuv><tuv xml:lang="en-US"><seg>Sentence ${i}.</seg></tuv></tu>`).join('\n')}\n</body></tmx>\n`;
    await page.setInputFiles('#i-file', { name: 'bench.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(tmx) });
    await page.uncheck('#i-extract');
    await timed('import a 1,000-unit TMX', () => Promise.all([page.waitForURL(/\/import\/jobs\/[\w-]+$/, { timeout: 60_000 }), page.click('button:text("Import")')]));
    must((await page.locator('#added').innerText()) === '1,000', 'the import report counts the units added');
    await axe(page, 'import report');
    await page.goto(url('/'));
    must((await page.locator('#overview').innerText()).includes(n.toLocaleString('en-US')), 'the start page counts the glossary');
    await axe(page, 'home');
    return steps;
  } finally {
    await browser?.close();
    await served.close();
  }
}
