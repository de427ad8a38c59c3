/**
 * report.html in a real browser: Debian's chromium, driven by playwright-core (never a
 * downloaded browser), opens the page from a file written by a real run that includes a broken
 * adapter, so there are failures and a security finding to find. It checks what a reader does:
 * the grids render, a filter hides what it should, a cell opens its drill-down (also from the
 * keyboard, and from a link to one case), and the page logs no error and asks nothing of the
 * network. A screenshot is left in the system temp directory for a human to look at.
 * A second page carries the optional sections: conformance against an imported Wycheproof file
 * (run by a real adapter and one that accepts any tag) and a throughput chart measured by
 * `measureThroughput` on real adapters. The helpers that open a page are in browser-page.ts;
 * browser-intents.test.ts checks the intent grids and the Ambiguities section.
 * The same reader's checks then run in Debian's firefox-esr, driven by puppeteer-core over
 * WebDriver BiDi (playwright cannot drive a stock Firefox).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser as PuppeteerBrowser, type ElementHandle, type Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExpectations } from '../src/core/expectations.js';
import { projectPath } from '../src/core/paths.js';
import type { Report } from '../src/core/report-model.js';
import { runSuite } from '../src/suite.js';
import { groupReport, gridCells } from '../src/report/grid.js';
import { fragment } from '../src/report/html-grids.js';
import { renderHtml } from '../src/report/html.js';
import { STANDARD_BY_ID } from '../src/standards/index.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../src/vectors/load.js';
import { measureThroughput } from '../src/throughput/throughput.js';
import { importWycheproofDir, withCorpora } from '../src/vectors/importers/index.js';
import { SHOTS, available, sharedPage, title } from './browser-page.js';
import { FAKES, real } from './fakes.js';
import { HOSTILE, fixture } from './report-fixture.js';
import { writeWycheproofFixture } from './wycheproof-fixture.js';

/** A real run with a broken adapter among real ones: failures and a security finding to find. */
function reportWithFindings(): Promise<Report> {
  return runSuite({
    standards: ['aes-gcm', 'x25519'].map((id) => STANDARD_BY_ID.get(id)!),
    adapters: [real('node-crypto'), real('webcrypto'), real('node-forge'), real('tweetnacl'), FAKES.acceptsAnyTag],
    cases: ['aes-gcm/k128-iv12-t16/*', 'aes-gcm/k128-iv12-t4/*', 'x25519/*'],
    vectors: loadVectorDir(DEFAULT_VECTORS_DIR).files,
    expectations: loadExpectations(projectPath('vectors', 'expectations.json')),
    seed: 'browser-test',
    isolation: 'none',
  });
}

describe.skipIf(!available)(title, () => {
  const view = sharedPage('bothends-browser-', reportWithFindings);

  it('renders every grid, with a link in every cell that has cases, and no script error', async () => {
    const cells = groupReport(view.report).flatMap((s) => s.paramSets.flatMap((p) => p.grids.flatMap(gridCells)));
    expect(await view.page.locator('figure.grid-block table.grid').count()).toBe(
      groupReport(view.report).flatMap((s) => s.paramSets.flatMap((p) => p.grids)).length,
    );
    expect(await view.page.locator('figure.grid-block a.cell').count()).toBe(cells.length);
    expect(await view.page.locator('.pair-grid table.grid').count()).toBe(2);
    await expect.poll(() => view.page.locator('#filters').isVisible()).toBe(true);
    expect(await view.page.locator('#filter-status').textContent()).toMatch(/^Showing all \d+ grids\.$/);
    mkdirSync(SHOTS, { recursive: true });
    await view.page.screenshot({ path: join(SHOTS, 'report-top.png') });
  });

  it('filters: "unexpected only" keeps the security finding and hides grids that only pass', async () => {
    const finding = view.page.locator(`a.cell[href="#aes-gcm/*/*/node-crypto~fake-accepts-any-tag"]`);
    const passOnly = view.page.locator('a.cell[href="#x25519/*/*/node-crypto~tweetnacl"]').locator('xpath=ancestor::div[contains(@class,"pair-card")]');
    await view.page.getByRole('button', { name: 'unexpected only' }).click();
    expect(await view.page.locator('#filter-status').textContent()).toMatch(/^Showing \d+ of \d+ grids\.$/);
    expect(await finding.isVisible()).toBe(true);
    expect(await passOnly.isVisible()).toBe(false);
    // An adapter unticked takes its row and column away.
    await view.page.getByRole('checkbox', { name: 'node-crypto', exact: true }).uncheck();
    expect(await finding.isVisible()).toBe(false);
    await view.page.getByRole('button', { name: 'show all' }).click();
    expect(await passOnly.isVisible()).toBe(true);
    expect(await view.page.locator('#filter-status').textContent()).toMatch(/^Showing all/);
  });

  it('answers "does A work with B, and if not, why" in two clicks', async () => {
    await view.page.locator(`a.cell[href="#aes-gcm/*/*/node-crypto~fake-accepts-any-tag"]`).click();
    const drill = view.page.locator('#pairs-aes-gcm .drill');
    await expect.poll(() => drill.isVisible()).toBe(true);
    const why = (await drill.locator('ul.why').textContent()) ?? '';
    expect(why).toMatch(/accepted-invalid/);
    expect(why).toMatch(/unexpected/);
    await view.page.screenshot({ path: join(SHOTS, 'report-pair.png') });
    // The second click: one case, with both sides, their bytes, the diagnosis and the replay command.
    await drill.locator('ul.why a').first().click();
    const open = view.page.locator('details.case[open]').first();
    await expect.poll(() => open.isVisible()).toBe(true);
    const story = (await open.textContent()) ?? '';
    for (const piece of ['diagnosis', 'expected', 'because', 'resolved, given to both sides', 'given (hex)', 'key=', 'npx bothends run'])
      expect(story).toContain(piece);
    expect(view.page.url()).toContain('#aes-gcm/k128-iv12-t');
    await view.page.screenshot({ path: join(SHOTS, 'report-case.png') });
  });

  it('works from the keyboard: Enter opens a cell, focus moves into it, Escape closes it and returns', async () => {
    const cell = view.page.locator('a.cell[href="#aes-gcm/k128-iv12-t4/matrix/node-forge~node-crypto"]');
    await cell.focus();
    await view.page.keyboard.press('Enter');
    const heading = view.page.locator('[id="aes-gcm/k128-iv12-t4"] .drill h4');
    await expect.poll(() => heading.evaluate((h) => h === h.ownerDocument.activeElement)).toBe(true);
    expect(await heading.textContent()).toContain('node-forge → node-crypto');
    await view.page.keyboard.press('Escape');
    expect(await view.page.locator('[id="aes-gcm/k128-iv12-t4"] .drill').isHidden()).toBe(true);
    expect(await cell.evaluate((c) => c === c.ownerDocument.activeElement)).toBe(true);
    // A filter box toggles with Space.
    const pass = view.page.getByRole('checkbox', { name: /pass/ });
    await pass.focus();
    await view.page.keyboard.press('Space');
    expect(await view.page.locator('#filter-status').textContent()).toMatch(/^Showing \d+ of/);
    await view.page.keyboard.press('Space');
  });

  it('opens the drill-down of a case linked by its id', async () => {
    // A negative case: its cell holds several, and only the linked one opens.
    const linked = view.report.results.find((r) => r.kind === 'negative' && r.outcome === 'fail');
    expect(linked).toBeDefined();
    await view.page.goto(`${view.url}${fragment(linked!.id)}`);
    const open = view.page.locator(`[id="${linked!.standard}/${linked!.paramsId}"] .drill details.case[open]`);
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.getAttribute('data-id')).toBe(linked!.id);
    expect(await open.textContent()).toContain(linked!.message);
    expect(await open.locator('summary').evaluate((s) => s === s.ownerDocument.activeElement)).toBe(true);
  });

  it('shows hostile adapter text as text, in the drill-down too', async () => {
    const file = join(view.dir, 'hostile.html');
    writeFileSync(file, renderHtml(fixture()));
    const hostileUrl = pathToFileURL(file).href;
    const dialogs: string[] = [];
    view.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await view.context.unroute('**/*');
    await view.context.route('**/*', (route) =>
      route.request().url() === hostileUrl ? route.continue() : (view.requests.push(route.request().url()), route.abort()),
    );
    await view.page.goto(`${hostileUrl}#aes-gcm/k128-iv12-t16/matrix/alpha~beta`);
    const drill = view.page.locator('[id="aes-gcm/k128-iv12-t16"] .drill');
    await expect.poll(() => drill.isVisible()).toBe(true);
    expect(await drill.textContent()).toContain(HOSTILE.replace('\u0001', '\\u0001'));
    expect(await drill.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('logged no error and made no request beyond the page itself', () => {
    expect(view.problems).toEqual([]);
    expect(view.requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
    expect(view.requests.filter((r) => r !== view.url && !r.endsWith('/hostile.html'))).toEqual([]);
    expect(view.requests.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!available)(`${title}: published vectors and throughput`, () => {
  const view = sharedPage('bothends-browser-extras-', async (dir) => {
    const corpus = importWycheproofDir(writeWycheproofFixture(dir));
    const gcm = STANDARD_BY_ID.get('aes-gcm')!;
    const suite = await runSuite({
      standards: [gcm],
      adapters: [real('node-crypto'), FAKES.acceptsAnyTag],
      kinds: ['import'],
      vectors: [],
      imports: corpus.files,
      procedures: corpus.procedures,
      expectations: loadExpectations(projectPath('vectors', 'expectations.json')),
      seed: 'browser-test',
      isolation: 'none',
    });
    const throughput = await measureThroughput({
      adapters: [real('node-crypto'), real('noble')],
      standards: [gcm],
      sizes: [64, 1024],
      timeBoxMs: 30,
      seed: 'browser-test',
      referenceSeconds: 0,
    });
    return { ...withCorpora(suite, corpus.inventory), throughput };
  });

  it('shows conformance per adapter and file, with the accepted invalid vector as a security finding', async () => {
    expect(view.report.corpora?.conformance.map((a) => a.adapter)).toEqual(['node-crypto', 'fake-accepts-any-tag']);
    await view.page.getByRole('link', { name: 'Conformance against published vectors' }).click();
    const section = view.page.locator('#corpora');
    expect(await section.locator('h2').isVisible()).toBe(true);
    const matrix = section.locator('table.conformance');
    expect(await matrix.locator('thead th[data-a]').allTextContents()).toEqual(['node-crypto', 'fake-accepts-any-tag']);
    const row = matrix.locator('[id="corpora/conformance/aes-gcm/wycheproof/aes_gcm_test.json"]');
    expect(await row.locator('td[data-a="node-crypto"]').getAttribute('class')).toContain('v-pass');
    const bad = row.locator('td[data-a="fake-accepts-any-tag"]');
    expect(await bad.getAttribute('class')).toContain('v-accepted-invalid');
    expect(await bad.textContent()).toMatch(/accepted invalid/);
    // The finding names the test and links to its case, whose drill-down opens.
    const finding = section.locator('table.findings tbody tr');
    expect(await finding.count()).toBeGreaterThan(0);
    expect(await finding.first().textContent()).toMatch(/fake-accepts-any-tag.*aes_gcm_test\.json.*2.*modified tag.*ModifiedTag.*AUTH_BYPASS/);
    await finding.first().locator('a[href^="#aes-gcm/"]').click();
    await expect.poll(() => view.page.locator('.drill details.case[open]').count()).toBe(1);
    // Unticking the adapter takes its column away.
    await view.page.getByRole('checkbox', { name: 'fake-accepts-any-tag', exact: true }).uncheck();
    expect(await bad.isVisible()).toBe(false);
    await view.page.getByRole('button', { name: 'show all' }).click();
    expect(await bad.isVisible()).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await section.screenshot({ path: join(SHOTS, 'report-corpora.png') });
  });

  it('keeps the inventory collapsed, and opens it for a link to one file', async () => {
    const inventory = view.page.locator('#corpora details:has(#corpora-inventory)');
    expect(await inventory.getAttribute('open')).toBeNull();
    const mldsa = view.page.locator('[id="corpora/file/wycheproof/mldsa_44_verify_test.json"]');
    expect(await mldsa.isVisible()).toBe(false);
    await view.page.goto(`${view.url}#corpora/file/wycheproof/mldsa_44_verify_test.json`);
    await expect.poll(() => mldsa.isVisible()).toBe(true);
    expect(await mldsa.textContent()).toMatch(/0 of 1.*unknown-schema/);
  });

  it('draws the throughput chart inline, with a table', async () => {
    await view.page.getByRole('link', { name: 'Throughput', exact: true }).click();
    const chart = view.page.locator('#throughput figure svg');
    expect(await chart.isVisible()).toBe(true);
    const measured = view.report.throughput!.cells.filter((c) => c.status === 'measured' && (c.mbPerSec ?? 0) > 0).length;
    expect(measured).toBe(4);
    expect(await chart.locator('rect').count()).toBe(measured);
    expect((await chart.boundingBox())!.height).toBeGreaterThan(100);
    expect(await view.page.locator('#throughput table.throughput tbody tr').count()).toBe(2);
    await view.page.locator('#throughput').screenshot({ path: join(SHOTS, 'report-throughput.png') });
  });

  it('logged no error and made no request beyond the page itself', () => {
    expect(view.problems).toEqual([]);
    expect(view.requests.filter((r) => r !== view.url)).toEqual([]);
    expect(view.requests.length).toBeGreaterThan(0);
  });
});

const FIREFOX = '/usr/bin/firefox-esr';
const firefoxAvailable = existsSync(FIREFOX);
const firefoxTitle = firefoxAvailable
  ? 'report.html in firefox'
  : `report.html in firefox (skipped: ${FIREFOX} not found; install it with: apt-get install firefox-esr)`;

/**
 * The same page in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi
 * (playwright cannot drive a stock Firefox): the grids, the filters, the two clicks to a case,
 * the keyboard, a link to one case, and no error and no request beyond the page.
 */
describe.skipIf(!firefoxAvailable)(firefoxTitle, () => {
  let dir: string;
  let report: Report;
  let url: string;
  let browser: PuppeteerBrowser;
  let page: PuppeteerPage;
  const problems: string[] = [];
  const requests: string[] = [];

  /** Clicks, as a user does (the driver's input events), the `tag` element whose text is `text`. */
  async function clickText(tag: string, text: string): Promise<void> {
    const handle = await page.evaluateHandle((t: string, x: string) => [...document.querySelectorAll(t)].find((e) => e.textContent?.trim() === x), tag, text);
    const el = handle.asElement();
    if (!el) throw new Error(`no ${tag} "${text}"`);
    await (el as ElementHandle<Element>).click();
  }
  const visible = (selector: string): Promise<boolean> => page.evaluate((s: string) => document.querySelector(s)?.checkVisibility() ?? false, selector);
  const text = (selector: string): Promise<string> => page.evaluate((s: string) => document.querySelector(s)?.textContent ?? '', selector);
  const isActive = (selector: string): Promise<boolean> => page.evaluate((s: string) => document.querySelector(s) === document.activeElement, selector);
  const poll = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 50 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await check()).toBe(true);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bothends-browser-firefox-'));
    report = await reportWithFindings();
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report));
    url = pathToFileURL(file).href;
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: join(dir, 'profile'),
      defaultViewport: { width: 1280, height: 900 },
    });
    page = await browser.newPage();
    page.setDefaultTimeout(5000);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      requests.push(r.url());
      // The page's embedded font is a data: URL: inline content, which Firefox reports as a request too.
      void (r.url().split('#')[0] === url || r.url().startsWith('data:') ? r.continue() : r.abort());
    });
    await page.goto(url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders every grid, with a link in every cell that has cases', async () => {
    const cells = groupReport(report).flatMap((s) => s.paramSets.flatMap((p) => p.grids.flatMap(gridCells)));
    const grids = groupReport(report).flatMap((s) => s.paramSets.flatMap((p) => p.grids)).length;
    expect(await page.$$eval('figure.grid-block table.grid', (l) => l.length)).toBe(grids);
    expect(await page.$$eval('figure.grid-block a.cell', (l) => l.length)).toBe(cells.length);
    expect(await page.$$eval('.pair-grid table.grid', (l) => l.length)).toBe(2);
    await poll(() => visible('#filters'));
    expect(await text('#filter-status')).toMatch(/^Showing all \d+ grids\.$/);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'report-top-firefox.png') });
  });

  it('filters: "unexpected only" keeps the security finding and hides grids that only pass', async () => {
    const finding = 'a.cell[href="#aes-gcm/*/*/node-crypto~fake-accepts-any-tag"]';
    await clickText('button', 'unexpected only');
    expect(await text('#filter-status')).toMatch(/^Showing \d+ of \d+ grids\.$/);
    expect(await visible(finding)).toBe(true);
    expect(
      await page.evaluate(() => document.querySelector('a.cell[href="#x25519/*/*/node-crypto~tweetnacl"]')?.closest('.pair-card')?.checkVisibility()),
    ).toBe(false);
    await clickText('button', 'show all');
    expect(await text('#filter-status')).toMatch(/^Showing all/);
  });

  it('answers "does A work with B, and if not, why" in two clicks', async () => {
    await page.click('a.cell[href="#aes-gcm/*/*/node-crypto~fake-accepts-any-tag"]');
    await poll(() => visible('#pairs-aes-gcm .drill'));
    expect(await text('#pairs-aes-gcm .drill ul.why')).toMatch(/accepted-invalid/);
    await page.click('#pairs-aes-gcm .drill ul.why a');
    await poll(() => visible('details.case[open]'));
    const story = await text('details.case[open]');
    for (const piece of ['diagnosis', 'expected', 'because', 'resolved, given to both sides', 'given (hex)', 'key=', 'npx bothends run'])
      expect(story).toContain(piece);
    expect(page.url()).toContain('#aes-gcm/k128-iv12-t');
  });

  it('works from the keyboard: Enter opens a cell, focus moves into it, Escape closes it and returns', async () => {
    const cell = 'a.cell[href="#aes-gcm/k128-iv12-t4/matrix/node-forge~node-crypto"]';
    await page.focus(cell);
    await page.keyboard.press('Enter');
    await poll(() => isActive('[id="aes-gcm/k128-iv12-t4"] .drill h4'));
    expect(await text('[id="aes-gcm/k128-iv12-t4"] .drill h4')).toContain('node-forge → node-crypto');
    await page.keyboard.press('Escape');
    expect(await visible('[id="aes-gcm/k128-iv12-t4"] .drill')).toBe(false);
    expect(await isActive(cell)).toBe(true);
  });

  it('opens the drill-down of a case linked by its id', async () => {
    const linked = report.results.find((r) => r.kind === 'negative' && r.outcome === 'fail')!;
    await page.goto(`${url}${fragment(linked.id)}`);
    const open = `[id="${linked.standard}/${linked.paramsId}"] .drill details.case[open]`;
    await poll(async () => (await page.$$eval(open, (l) => l.length)) === 1);
    expect(await page.$eval(open, (e) => e.getAttribute('data-id'))).toBe(linked.id);
    expect(await text(open)).toContain(linked.message);
  });

  it('logged no error and made no request beyond the page itself', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((r) => r.split('#')[0] !== url && !r.startsWith('data:'))).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
  });
});
