/**
 * The two browsers and how each is driven: Debian's chromium through playwright-core over the
 * Chrome DevTools Protocol, Debian's firefox-esr through puppeteer-core over WebDriver BiDi
 * (playwright cannot launch a stock Firefox). Never a downloaded browser: each uses the system
 * executable and, when it is absent, the adapter is skipped with the apt command.
 *
 * Both run headless, without a sandbox (root has no user namespaces for it), in a fresh
 * profile directory the caller owns, with background networking off (flags for Chromium,
 * preferences for Firefox) and every request but the page's own sent to `proxy`, which
 * refuses it (page-server.ts).
 *
 * The drivers are imported when a browser is launched, not with this module: the adapter
 * registry is loaded by every worker thread of a run, which never launches a browser.
 */
import { spawn } from 'node:child_process';

/** One running browser with one page, as the session needs it. */
export interface Driver {
  /** The browser's process id (the leader of its own process group). */
  readonly pid: number | undefined;
  /** The browser's version string, e.g. `156.0.8078.114`. */
  readonly version: string;
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (serialized: `fn` must not close over anything) and returns its JSON-able result. */
  evaluate(fn: (arg: never) => unknown, arg: unknown): Promise<unknown>;
  /** Calls `listener` when the browser or its page is gone (crash, kill, disconnect). */
  onGone(listener: (why: string) => void): void;
  /** Uncaught errors and console errors of the page, for a load failure's message. */
  readonly pageErrors: string[];
  /** Closes the driver's connection and the browser, politely; the caller kills what is left. */
  close(): Promise<void>;
}

/** One browser engine. */
export interface Engine {
  /** `chromium` or `firefox`: the adapter is `webcrypto-<name>`. */
  readonly name: string;
  readonly title: string;
  /** What WebCrypto runs on in this browser. */
  readonly library: string;
  readonly executable: string;
  /** The command that installs the browser. */
  readonly install: string;
  launch(profile: string, proxy: string, timeoutMs: number): Promise<Driver>;
}

/**
 * Chromium flags that keep it from calling home: test/browser.test.ts's, and what
 * playwright-core passes when it launches (its switches list names the request each feature
 * would make: network time, optimization hints, search preconnects, account lists).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-component-extensions-with-background-pages',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-field-trial-config',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-updater-scheduler',
  '--no-service-autorun',
  '--metrics-recording-only',
  '--no-pings',
  '--dns-prefetch-disable',
  '--disable-search-engine-choice-screen',
  '--disable-features=NetworkTimeServiceQuerying,OptimizationHints,AimEnabled,PreconnectToSearch,Translate,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
  '--enable-features=SkipListAccountsWithoutGaiaCookies',
];

/** Firefox preferences to the same effect, beyond those puppeteer-core already sets (its "dummy.test" endpoints). */
export function firefoxPrefs(proxy: string): Record<string, string | number | boolean> {
  const [host, port] = proxy.split(':') as [string, string];
  return {
    'network.proxy.type': 1,
    'network.proxy.http': host,
    'network.proxy.http_port': Number(port),
    'network.proxy.ssl': host,
    'network.proxy.ssl_port': Number(port),
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.connectivity-service.enabled': false,
    'network.captive-portal-service.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'extensions.update.enabled': false,
    'app.update.auto': false,
    'browser.search.update': false,
    'services.settings.server': 'http://dummy.test/',
    'browser.region.network.url': '',
  };
}

/** Waits for `pattern` on a child's stderr; rejects with what it printed when it exits first. */
function endpoint(child: ReturnType<typeof spawn>, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint within ${timeoutMs} ms: ${text.trim().slice(-300)}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal ?? `code ${code}`}) before it listened: ${text.trim().slice(-300)}`));
    });
  });
}

/** Debian's chromium: started here (so its process and profile are ours), driven by playwright-core over CDP. */
export const CHROMIUM: Engine = {
  name: 'chromium',
  title: 'Chromium',
  library: "Chromium's WebCrypto (BoringSSL)",
  executable: '/usr/bin/chromium',
  install: 'sudo apt-get install -y --no-install-recommends chromium',
  async launch(profile, proxy, timeoutMs) {
    const args = [
      ...CHROMIUM_ARGS,
      `--user-data-dir=${profile}`,
      `--proxy-server=http://${proxy}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ];
    const child = spawn(this.executable, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const ws = await endpoint(child, /DevTools listening on (ws:\/\/\S+)/, timeoutMs);
      child.stderr?.resume();
      const { chromium } = await import('playwright-core');
      const browser = await chromium.connectOverCDP(ws, { timeout: timeoutMs });
      const page = await (browser.contexts()[0] ?? (await browser.newContext())).newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      return {
        pid: child.pid,
        version: browser.version(),
        pageErrors,
        goto: async (url) => void (await page.goto(url, { timeout: timeoutMs })),
        evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg),
        onGone(listener) {
          browser.on('disconnected', () => listener('the browser disconnected'));
          page.on('crash', () => listener('the page crashed'));
          child.once('exit', (code, signal) => listener(`the browser process exited (${signal ?? `code ${code}`})`));
        },
        close: () => browser.close(),
      };
    } catch (err) {
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
      throw err;
    }
  },
};

/** Debian's firefox-esr, launched and driven by puppeteer-core over WebDriver BiDi. */
export const FIREFOX: Engine = {
  name: 'firefox',
  title: 'Firefox',
  library: "Firefox's WebCrypto (NSS)",
  executable: '/usr/bin/firefox-esr',
  install: 'sudo apt-get install -y --no-install-recommends firefox-esr',
  async launch(profile, proxy, timeoutMs) {
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: this.executable,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: firefoxPrefs(proxy),
      // Release builds honour services.settings.server (remote settings, polled at start) only with this set.
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      timeout: timeoutMs,
      protocolTimeout: timeoutMs * 10,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e instanceof Error ? e.message : String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      const version = (await browser.version()).replace(/^firefox\//i, '');
      return {
        pid: browser.process()?.pid,
        version,
        pageErrors,
        goto: async (url) => void (await page.goto(url, { timeout: timeoutMs })),
        evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as Promise<unknown>,
        onGone(listener) {
          browser.on('disconnected', () => listener('the browser disconnected'));
          browser.process()?.once('exit', (code, signal) => listener(`the browser process exited (${signal ?? `code ${code}`})`));
        },
        close: () => browser.close(),
      };
    } catch (err) {
      browser.process()?.kill('SIGKILL');
      throw err;
    }
  },
};
