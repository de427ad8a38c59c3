/**
 * Opening report.html in Debian's chromium for the browser tests: playwright-core drives the
 * installed browser (never a downloaded one), every request but the page itself is aborted and
 * recorded, and console errors, warnings and page errors are collected.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Report } from '../src/core/report-model.js';
import { renderHtml } from '../src/report/html.js';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL = 'apt-get install chromium';
/** Where the screenshots go: outside the repository, overwritten by each run. */
export const SHOTS = join(tmpdir(), 'bothends-browser');

/** Root has no user namespaces for the sandbox; the rest keeps chromium from calling home. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const available = existsSync(CHROMIUM);
export const title = available ? 'report.html in chromium' : `report.html in chromium (skipped: ${CHROMIUM} not found; install it with: ${INSTALL})`;

/**
 * Writes `report` as report.html into `dir` and opens it in Debian's chromium: console errors
 * and warnings and page errors go to `problems`, every request to `requests` (all but the page
 * itself are aborted, so a request to the network fails the no-network checks).
 */
export async function openReport(
  dir: string,
  report: Report,
  problems: string[],
  requests: string[],
): Promise<{ url: string; context: BrowserContext; page: Page }> {
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(report));
  const url = pathToFileURL(file).href;
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(5000);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  await page.goto(url);
  return { url, context, page };
}

/** The page a describe block's tests share, with what it logged and asked for. */
export interface SharedPage {
  readonly problems: string[];
  readonly requests: string[];
  dir: string;
  report: Report;
  url: string;
  context: BrowserContext;
  page: Page;
}

/**
 * In the calling describe block: before its tests, the report `make` builds (in a fresh temp
 * directory named from `prefix`) opened as by `openReport`; after them, the browser closed and
 * the directory removed. The fields are there once the tests run.
 */
export function sharedPage(prefix: string, make: (dir: string) => Report | Promise<Report>): SharedPage {
  const shared = { problems: [], requests: [] } as unknown as SharedPage;
  beforeAll(async () => {
    shared.dir = mkdtempSync(join(tmpdir(), prefix));
    shared.report = await make(shared.dir);
    Object.assign(shared, await openReport(shared.dir, shared.report, shared.problems, shared.requests));
  }, 60_000);
  afterAll(async () => {
    await shared.context?.close();
    if (shared.dir) rmSync(shared.dir, { recursive: true, force: true });
  });
  return shared;
}
