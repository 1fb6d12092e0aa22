/**
 * The translator's workspace in Debian's chromium, on the essay's TM and a small glossary, with
 * a token configured: browse, filter, open a term, sign in, approve, forbid (then the API and a
 * check agree), check an uploaded XLIFF, import a TMX with the progress bar; forged writes
 * refused; axe-core on every page; screenshots at desktop and phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { addGlossary, realTmDb } from '../match/helpers.js';
import { haveChromium, launchChromium, screenshot, seriousViolations, serveApp, sidewaysOverflow, type Served } from '../helpers/browser.js';

const TOKEN = 'correct horse battery staple';
const PHONE = { width: 375, height: 740 };

const XLIFF = `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="memo.txt" source-language="zh-TW" target-language="en-US" datatype="plaintext">
    <body>
      <trans-unit id="t1"><source>美國政府今天回應了市場。</source><target>The government of America answered the market today.</target></trans-unit>
      <trans-unit id="t2"><source>區塊鏈的發展很快。</source><target>The chain grows fast.</target></trans-unit>
    </body>
  </file>
</xliff>
`;

/** A TMX of n units and one broken unit (a single variant) that the import skips and reports. */
function tmx(n: number): string {
  const units = Array.from({ length: n }, (_, i) => `<tu tuid="u${i}"><tuv xml:lang="zh-TW"><seg>第${i}號測試句子，講的是詞彙表。</seg></tuv><tuv xml:lang="en-US"><seg>Test sentence number ${i} is about the glossary.</seg></tuv></tu>`);
  units.splice(3, 0, '<tu tuid="lonely"><tuv xml:lang="zh-TW"><seg>只有一邊</seg></tuv></tu>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-TW" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="test" creationtool="test" creationtoolversion="1"/><body>\n${units.join('\n')}\n</body></tmx>\n`;
}

/** The rules of the issues the report page shows, row by row. */
async function rulesShown(page: Page): Promise<string[]> {
  return Promise.all((await page.locator('#issues tbody tr').all()).map(async (tr) => (await tr.getAttribute('data-rule')) ?? ''));
}

describe.runIf(haveChromium())('the workspace in chromium', () => {
  let db: Db;
  let served: Served;
  let browser: Browser;
  let anonymous: BrowserContext;
  let reviewer: BrowserContext;
  let ids: number[];
  const [deepseek, america, crypto, chain, order] = [1, 2, 3, 4, 6];

  beforeAll(async () => {
    db = await realTmDb();
    ids = await addGlossary(db);
    const app = createApp({ db, config: loadConfig({ GLOSSA_TOKEN: TOKEN }) });
    served = await serveApp(app.fetch);
    browser = await launchChromium();
    // bypassCSP: axe-core is injected into the page, which the pages' policy would refuse.
    anonymous = await browser.newContext({ bypassCSP: true });
    reviewer = await browser.newContext({ bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    db?.close();
  });

  const url = (path: string): string => served.base + path;
  const apiStatus = async (q: string): Promise<string | undefined> => {
    const r = await fetch(url(`/api/terms?q=${encodeURIComponent(q)}`));
    const body = (await r.json()) as { terms: { source: string; status: string }[] };
    return body.terms.find((t) => t.source === q)?.status;
  };
  /** axe, a screenshot, and the phone-width check of the page as it stands. */
  const audit = async (page: Page, name: string): Promise<void> => {
    expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    await screenshot(page, name);
    const wide = page.viewportSize();
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page), `${name} at phone width`).toBeLessThanOrEqual(1);
    await screenshot(page, `${name}-phone`);
    if (wide) await page.setViewportSize(wide);
  };

  it('browses: the start page, the glossary filtered by folded text and by status, a term page', async () => {
    const page = await anonymous.newPage();
    await page.goto(url('/'));
    expect(await page.locator('#overview').innerText()).toMatch(/zh-TW → en-US: [\d,]+ units/);
    expect(await page.locator('#overview').innerText()).toMatch(/candidate: 2/);
    await audit(page, 'home');
    // Keyboard: the first Tab lands on the skip link, and the focus is drawn.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');

    await page.goto(url('/?q=DeepSeek'));
    expect(await page.locator('#terms mark').allInnerTexts()).toContain('深度求索');
    await audit(page, 'search');
    await page.goto(url('/terms/999999'));
    expect(await page.locator('[role=alert]').innerText()).toMatch(/no term entry with id 999999/);
    await audit(page, 'error');

    await page.click('text=Glossary');
    await page.waitForURL(/\/glossary$/);
    expect(await page.locator('#glossary tbody tr').count()).toBe(ids.length);
    await audit(page, 'glossary');
    // Simplified script finds the Traditional term.
    await page.fill('#f-q', '区块链');
    await Promise.all([page.waitForURL(/q=/), page.click('button:text("Filter")')]);
    const rows = page.locator('#glossary tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/區塊鏈\s+blockchain/);
    await page.goto(url('/glossary'));
    await page.selectOption('#f-status', 'candidate');
    await Promise.all([page.waitForURL(/status=candidate/), page.click('button:text("Filter")')]);
    expect(await page.locator('#glossary tbody td:first-child').allInnerTexts()).toEqual(['鏈']);

    await page.goto(url('/glossary?q=deepseek'));
    await Promise.all([page.waitForURL(/\/terms\/\d+$/), page.click('#glossary tbody a')]);
    expect(await page.locator('h1').innerText()).toBe('深度求索 → DeepSeek');
    // The concordance marks the term on both sides.
    const zh = await page.locator('.concordance td[lang="zh-TW"] mark').allInnerTexts();
    const en = await page.locator('.concordance td[lang="en-US"] mark').allInnerTexts();
    expect(zh.length).toBeGreaterThan(0);
    expect(new Set(zh)).toEqual(new Set(['深度求索']));
    expect(en).toContain('DeepSeek');
    expect(await page.locator('#renderings').innerText()).toMatch(/DeepSeek\s+approved: \d+ units?/);
    // Without a session the review controls are not shown.
    expect(await page.locator('button:text("Approve")').count()).toBe(0);
    expect(await page.locator('text=Sign in to approve').count()).toBe(1);
    await audit(page, 'term-anonymous');
    await page.close();
  });

  it('reads without JavaScript: search, glossary filter and sort, a term page', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await plain.newPage();
      await page.goto(url('/'));
      await page.fill('input[name=q]', 'DeepSeek');
      await Promise.all([page.waitForURL(/\?q=DeepSeek/), page.press('input[name=q]', 'Enter')]);
      expect(await page.locator('#terms h3').first().innerText()).toMatch(/DeepSeek → 深度求索/);
      expect(await page.title()).toBe('DeepSeek · Glossa');
      await page.goto(url('/glossary'));
      await page.selectOption('#f-sort', 'text');
      await page.selectOption('#f-lang', 'en');
      await Promise.all([page.waitForURL(/sort=text/), page.click('button:text("Filter")')]);
      expect(await page.locator('#glossary tbody td.term').allInnerTexts()).toEqual(['America', 'blockchain', 'chain', 'cryptocurrency', 'DeepSeek', 'executive order', 'SEC']);
      await Promise.all([page.waitForURL(/\/terms\/\d+$/), page.click('#glossary a:text("SEC")')]);
      expect(await page.locator('h1').innerText()).toBe('證券交易委員會 → SEC');
    } finally {
      await plain.close();
    }
  });

  it('refuses a write without a session and changes nothing', async () => {
    const before = await apiStatus('America');
    // A POST from outside any session (no cookie), with a made-up CSRF token.
    const r = await fetch(url(`/terms/${ids[america]}/status`), { method: 'POST', body: new URLSearchParams({ status: 'forbidden', _csrf: 'made-up' }), redirect: 'manual' });
    expect(r.status).toBe(401);
    // The anonymous session's own CSRF token does not make it a reviewer.
    const page = await anonymous.newPage();
    await page.goto(url('/check'));
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const r2 = await page.request.post(url(`/terms/${ids[america]}/status`), { form: { status: 'forbidden', _csrf: csrf }, maxRedirects: 0 });
    expect(r2.status()).toBe(401);
    expect(await apiStatus('America')).toBe(before);
    expect(before).toBe('approved');
    await page.close();
  });

  it('refuses a wrong token at sign-in, and that session still cannot write', async () => {
    const page = await anonymous.newPage();
    await page.goto(url('/login'));
    await page.fill('input[name=token]', 'not the token');
    await page.click('button:text("Sign in")');
    await expect.poll(() => page.locator('[role=alert]').innerText()).toMatch(/not right/);
    await audit(page, 'login');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const r = await page.request.post(url(`/terms/${ids[america]}/delete`), { form: { _csrf: csrf, confirm: 'yes' }, maxRedirects: 0 });
    expect(r.status()).toBe(401);
    expect(await apiStatus('America')).toBe('approved');
    await page.close();
  });

  it('signs in with the keyboard and approves a term', async () => {
    const page = await reviewer.newPage();
    await page.goto(url(`/terms/${ids[chain]}`));
    await page.click('main a:text("Sign in")');
    await page.waitForURL(/\/login\?next=/);
    await page.focus('input[name=token]');
    await page.keyboard.type(TOKEN);
    await Promise.all([page.waitForURL(new RegExp(`/terms/${ids[chain]}$`)), page.keyboard.press('Enter')]);
    expect(await page.locator('button:text("Approve")').count()).toBe(1);
    await audit(page, 'term-reviewer');
    expect(await apiStatus('鏈')).toBe('candidate');
    await Promise.all([page.waitForURL(/done=approved/), page.click('button:text("Approve")')]);
    expect(await page.locator('#done').innerText()).toBe('Approved.');
    expect(await apiStatus('鏈')).toBe('approved');
    expect(await apiStatus('chain')).toBe('approved');
    await page.close();
  });

  it('refuses a write with a wrong CSRF token even when signed in', async () => {
    const page = await reviewer.newPage();
    await page.goto(url(`/terms/${ids[deepseek]}`));
    const r = await page.request.post(url(`/terms/${ids[deepseek]}/status`), { form: { status: 'forbidden', _csrf: 'x'.repeat(24) }, maxRedirects: 0 });
    expect(r.status()).toBe(403);
    const r2 = await page.request.post(url(`/terms/${ids[deepseek]}/status`), { form: { status: 'forbidden' }, maxRedirects: 0 });
    expect(r2.status()).toBe(403);
    expect(await apiStatus('DeepSeek')).toBe('approved');
    await page.close();
  });

  it('forbids a term: the API agrees and a check of an uploaded XLIFF now reports it', async () => {
    const page = await reviewer.newPage();
    const checkXliff = async (): Promise<string[]> => {
      await page.goto(url('/check'));
      await page.setInputFiles('#c-file', { name: 'memo.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(XLIFF) });
      await Promise.all([page.waitForURL(/\/check\/reports\//), page.click('button:text("Check")')]);
      return rulesShown(page);
    };
    const before = await checkXliff();
    expect(before).not.toContain('term-forbidden');
    expect(before).toContain('term-missing');

    await page.goto(url(`/terms/${ids[america]}`));
    await Promise.all([page.waitForURL(/done=forbidden/), page.click('button:text("Forbid")')]);
    expect(await apiStatus('America')).toBe('forbidden');

    const after = await checkXliff();
    expect(after).toContain('term-forbidden');
    const forbiddenRow = page.locator('#issues tr[data-rule="term-forbidden"]');
    expect(await forbiddenRow.locator('mark').allInnerTexts()).toEqual(['America']);
    await audit(page, 'check-report');
    // On a phone each issue is a block of its own: the target, marked, is on the screen, not off to the right.
    const wide = page.viewportSize()!;
    await page.setViewportSize(PHONE);
    const box = (await forbiddenRow.locator('span[lang="en-US"]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(wide);
    // Filter by rule, with a plain link.
    await page.click('#rules a:text-matches("term-missing")');
    await page.waitForURL(/rule=term-missing/);
    expect(new Set(await rulesShown(page))).toEqual(new Set(['term-missing']));
    const row = page.locator('#issues tbody tr').first();
    expect(await row.locator('td').nth(4).innerText()).toBe('blockchain');
    // The report downloads as JSON and CSV.
    const json = (await (await page.request.get(url((await page.locator('a:text("Download JSON")').getAttribute('href'))!))).json()) as { issues: { rule: string }[] };
    expect(json.issues.map((i) => i.rule).sort()).toEqual([...after].sort());
    const csv = await (await page.request.get(url((await page.locator('a:text("Download CSV")').getAttribute('href'))!))).text();
    expect(csv.split('\n')[0]).toBe('unit,rule,severity,message,term,expected,found,source,target,source_span,target_span');
    expect(csv).toMatch(/term-forbidden/);
    await page.goto(url('/check'));
    await audit(page, 'check');
    await page.close();
  });

  it('sets a term back to candidate, edits it, deletes another, and checks pasted pairs', async () => {
    const page = await reviewer.newPage();
    await page.goto(url(`/terms/${ids[order]}`));
    await Promise.all([page.waitForURL(/done=candidate/), page.click('button:text("Candidate")')]);
    expect(await apiStatus('executive order')).toBe('candidate');
    expect(await page.locator('button:text("Candidate")').getAttribute('aria-pressed')).toBe('true');

    await page.click('summary:text("Edit")');
    await page.fill('#e-translation', 'executive order');
    await page.fill('#e-synonyms', 'presidential order');
    await page.fill('#e-note', 'signed by the president');
    await page.fill('#e-pos', 'noun');
    await audit(page, 'term-edit');
    await Promise.all([page.waitForURL(/done=saved/), page.click('#edit button:text("Save")')]);
    expect(await page.locator('#terms tbody td[lang="en-US"]').allInnerTexts()).toEqual(['executive order', 'presidential order']);
    expect(await page.locator('main').innerText()).toMatch(/Note: signed by the president/);
    expect(await apiStatus('presidential order')).toBe('candidate');

    await page.goto(url(`/terms/${ids[crypto]}`));
    await page.click('#delete summary');
    await page.check('#delete input[name=confirm]');
    await Promise.all([page.waitForURL(/\/glossary\?deleted=\d+$/), page.click('button:text("Delete this concept")')]);
    expect(await page.locator('p.notice[role=status]').innerText()).toBe(`Concept ${ids[crypto]} deleted.`);
    expect(await page.locator('#glossary tbody td.term').allInnerTexts()).not.toContain('加密貨幣');
    expect(await apiStatus('cryptocurrency')).toBeUndefined();

    // Pasted pairs, tab-separated, as copied from a spreadsheet.
    await page.goto(url('/check'));
    await page.fill('#c-pairs', '深度求索發布了新模型。\tA new model came out.\n證券交易委員會今天開會。\tThe SEC met today.');
    await page.fill('#c-src', 'zh-TW');
    await page.fill('#c-tgt', 'en-US');
    await Promise.all([page.waitForURL(/\/check\/reports\//), page.click('button:text("Check")')]);
    const missing = page.locator('#issues tr[data-rule="term-missing"]');
    expect(await missing.count()).toBe(1);
    expect(await missing.locator('td').first().innerText()).toBe('1');
    expect(await missing.locator('mark').allInnerTexts()).toEqual(['深度求索']);
    await audit(page, 'check-pasted');

    // Every export link downloads a file in its format.
    await page.goto(url('/import'));
    const hrefs = await page.locator('#exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    for (const href of hrefs) {
      const r = await page.request.get(url(href));
      expect(r.status(), href).toBe(200);
      const body = await r.text();
      expect(body, href).toMatch(href.endsWith('csv') || href.endsWith('tsv') ? /executive order/ : /<\?xml/);
    }
    await page.close();
  });

  it('imports a TMX with the progress bar moving, then shows the report', async () => {
    const page = await reviewer.newPage();
    await page.goto(url('/import'));
    await audit(page, 'import');
    expect(await page.locator('#exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(expect.arrayContaining(['/api/export/tmx', '/api/export/tbx', '/api/export/csv', '/api/export/xliff12']));
    const text = tmx(10_000);
    const size = Buffer.byteLength(text);
    await page.setInputFiles('#i-file', { name: 'big.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(text) });
    await page.uncheck('#i-extract');
    // Uploads at 512 KB/s (chromium's network emulation), so the server reads for about four seconds
    // and the page polls it several times even on a loaded machine.
    const cdp = await reviewer.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    const seen = new Set<number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // The bar's value is what the server says it has read; the page is gone once the report opens.
        seen.add(await page.evaluate<number>("document.getElementById('import-progress')?.value ?? -1").catch(() => -1));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await page.click('button:text("Import")');
    await page.waitForURL(/\/import\/jobs\/[\w-]+$/, { timeout: 30_000 });
    sampling = false;
    await sampler;
    // The bar stood at several places between empty and full while the server read.
    expect([...seen].filter((v) => v > 0 && v < size).length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#added').innerText()).toBe('10,000');
    expect(await page.locator('#warnings').innerText()).toMatch(/lonely.*skipped: it has 1 language variant/);
    await audit(page, 'import-report');
    const progress = (await (await page.request.get(page.url() + '/progress')).json()) as { state: string; bytesRead: number; totalBytes: number; units: number };
    expect(progress).toMatchObject({ state: 'done', bytesRead: size, totalBytes: size, units: 10_000 });
    await page.close();
  });

  it('renders Chinese with a CJK font, not boxes', async () => {
    const page = await anonymous.newPage();
    await page.goto(url(`/terms/${ids[deepseek]}`));
    // A run of Han characters is as wide as that many em squares in a CJK face; a missing glyph's box is narrower.
    const width = await page.evaluate<number>(`(() => {
      const span = document.querySelector('h1 span[lang="zh-TW"]');
      return span.getBoundingClientRect().width / parseFloat(getComputedStyle(span).fontSize);
    })()`);
    expect(width).toBeCloseTo(4, 0);
    // The style sheet's face for Traditional Chinese is the one in use (not a fallback of the system's).
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('h1 span[lang="zh-TW"]')).fontFamily`)).toMatch(/^system-ui, "Noto Sans CJK TC"/);
    expect(await page.evaluate<boolean>(`document.fonts.check('16px "Noto Sans CJK TC"', '深度求索')`)).toBe(true);
    await page.close();
  });
});
